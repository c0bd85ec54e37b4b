/** `gyre labels`: the labeling sessions of a project, and a session's labels written into a new dataset version. */
import type { Command } from 'commander';
import { GyreError } from '../contract/errors';
import type { LabelExportResult, LabelSession } from '../contract/labels';
import { callProcedure, printJson, printTable, shortDate } from './context';
import { projectFor } from './datasets';
import { succeeded } from './train';

/** The session of DATASET[@VERSION] and a column, or a sentence saying there is none. */
async function sessionOf(cmd: Command, projectId: string, dataset: string, target: string): Promise<LabelSession> {
  const version = (await callProcedure(cmd, 'datasets.get', { projectId, dataset })).versions[0];
  if (!version) throw new GyreError('NOT_FOUND', `Dataset "${dataset}" has no version.`, { field: 'dataset' });
  const sessions = await callProcedure(cmd, 'labels.sessions', { projectId });
  const found = sessions.find((s) => s.versionId === version.id && s.target === target);
  if (!found) {
    const others = sessions.filter((s) => s.versionId === version.id).map((s) => s.target);
    const hint = others.length ? ` (its labeled columns: ${others.join(', ')})` : '';
    throw new GyreError('NOT_FOUND', `No one has labeled "${target}" of ${dataset.split('@')[0]} v${version.version}${hint}; label it on the Prepare stage first.`, { field: '--target' });
  }
  return found;
}

export function registerLabelCommands(program: Command): void {
  const labels = program.command('labels').description('labeling sessions (Prepare stage) and their export as a dataset version');

  labels
    .command('list')
    .description("the project's labeling sessions with their progress")
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print as JSON')
    .action(async (o: { project?: string; json?: boolean }, cmd: Command) => {
      const projectId = await projectFor(cmd, o.project);
      const sessions = await callProcedure(cmd, 'labels.sessions', { projectId });
      const progress = await Promise.all(sessions.map((s) => callProcedure(cmd, 'labels.progress', { sessionId: s.id })));
      if (o.json) return printJson(sessions.map((s, i) => ({ ...s, progress: progress[i] })));
      printTable(
        ['dataset', 'column', 'labeled', 'by people', 'labelers', 'started'],
        sessions.map((s, i) => [`${s.datasetName}@${s.version}`, s.target, `${progress[i]!.labeled} of ${progress[i]!.total}`, String(progress[i]!.byPeople), progress[i]!.labelers.map((l) => l.labeler).join(', '), shortDate(s.createdAt)]),
      );
    });

  labels
    .command('export')
    .description("write a column's labels into a new dataset version (people's labels over the data's; disagreements by majority, then the most recent)")
    .argument('<dataset>', 'dataset name or id, optionally @VERSION (latest when omitted)')
    .requiredOption('--target <column>', 'the labeled column')
    .option('--labeler <name>', "only this labeler's labels")
    .option('--name <name>', 'the new dataset (default: <dataset>-labeled)')
    .option('--only-labeled', 'keep only rows that have a label')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print the result as JSON')
    .action(async (dataset: string, o: { target: string; labeler?: string; name?: string; onlyLabeled?: boolean; project?: string; json?: boolean }, cmd: Command) => {
      const projectId = await projectFor(cmd, o.project);
      const session = await sessionOf(cmd, projectId, dataset, o.target);
      const input = { sessionId: session.id, onlyLabeled: o.onlyLabeled ?? false, ...(o.labeler ? { labeler: o.labeler } : {}), ...(o.name ? { name: o.name } : {}) };
      const done = await succeeded(cmd, !o.json, () => callProcedure(cmd, 'labels.export', input));
      const r = done.result as LabelExportResult;
      if (o.json) return printJson(r);
      process.stdout.write(`${r.datasetName}@${r.version}: ${r.rows} rows; ${r.labeledByPeople} labeled by ${r.labelers.join(', ') || 'no one'}${r.relabeled ? ` (${r.relabeled} relabeled)` : ''}${r.conflicts ? `; ${r.conflicts} settled by majority, then the most recent` : ''}\n`);
      for (const w of r.warnings) process.stdout.write(`warning: ${w}\n`);
    });
}
