/** `gyre registry …`: register runs as model versions, move them through stages, list and show them, write their model cards. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { GyreError } from '../contract/errors';
import { MODEL_STAGES, type ModelStage, type ModelVersion, type ModelVersionDetail } from '../contract/registry';
import { callProcedure, printJson, printTable, shortDate } from './context';
import { projectFor } from './datasets';

const gateText = (v: ModelVersion) => (v.gate === null ? 'not evaluated' : v.gate.passed === null ? 'no criteria' : v.gate.passed ? 'passes' : 'does not pass');

function printVersion(v: ModelVersionDetail): void {
  process.stdout.write(`${v.name}@${v.version}: ${v.stage} · ${v.model} predicting ${v.target} (run ${v.runId}, ${v.dataset.name} v${v.dataset.version})\n`);
  process.stdout.write(`success gate: ${gateText(v)}${v.gate ? ` (evaluation ${v.gate.evaluationId} on ${v.gate.rows})` : ''}; decision threshold ${v.threshold ?? '0.5 (default)'}\n`);
  if (v.description) process.stdout.write(`${v.description}\n`);
  process.stdout.write('\nhistory:\n');
  printTable(
    ['when', 'who', 'version', 'what', 'reason'],
    v.history.map((e) => [shortDate(e.at), e.actor, String(e.version), e.action === 'stage' ? `${e.from} → ${e.to}${e.override ? ' (OVERRIDE: gate not passed)' : ''}` : e.action === 'registered' ? 'registered' : `${e.action}: ${e.detail ?? ''}`, e.reason]),
  );
  process.stdout.write(`\nlineage: ${v.lineage.nodes.map((n) => n.label).join(' → ')}\n`);
}

/** NAME@VERSION (or NAME for the newest) resolved to its run: what `gyre evaluate` takes besides a run id. */
export async function runOfModel(cmd: Command, ref: string, project: string | undefined): Promise<string> {
  const version = await callProcedure(cmd, 'registry.get', { projectId: await projectFor(cmd, project), ref });
  return version.runId;
}

export function registerRegistryCommands(program: Command): void {
  const registry = program.command('registry').description('the model registry: named, numbered model versions and their stages');

  registry
    .command('register')
    .description('register a run as the next version of a model (a candidate)')
    .argument('<run>', 'run id (or a unique prefix)')
    .requiredOption('--name <name>', 'the model name (letters, digits, ".", "_", "-")')
    .option('--description <text>', 'what this version is for')
    .option('--json', 'print as JSON')
    .action(async (runId: string, o: { name: string; description?: string; json?: boolean }, cmd: Command) => {
      const v = await callProcedure(cmd, 'registry.register', { runId, name: o.name, ...(o.description ? { description: o.description } : {}) });
      if (o.json) return printJson(v);
      process.stdout.write(`Registered run ${v.runId} as ${v.name}@${v.version} (candidate).\n`);
    });

  registry
    .command('promote')
    .description('move a model version to another stage; production needs a passing success gate or --override with --reason')
    .argument('<model>', 'NAME@VERSION')
    .requiredOption('--stage <stage>', MODEL_STAGES.join(' | '))
    .option('--reason <text>', 'why (required with --override; kept in the history)')
    .option('--override', 'promote to production although the latest evaluation does not pass the gate')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print as JSON')
    .action(async (ref: string, o: { stage: string; reason?: string; override?: boolean; project?: string; json?: boolean }, cmd: Command) => {
      if (!(MODEL_STAGES as readonly string[]).includes(o.stage)) throw new GyreError('VALIDATION', `--stage ${o.stage}: choose ${MODEL_STAGES.join(', ')}.`, { field: '--stage' });
      const v = await callProcedure(cmd, 'registry.promote', { projectId: await projectFor(cmd, o.project), ref, stage: o.stage as ModelStage, reason: o.reason ?? '', override: o.override ?? false });
      if (o.json) return printJson(v);
      process.stdout.write(`${v.name}@${v.version} is now in ${v.stage}.\n`);
    });

  registry
    .command('list')
    .description("the project's models and their versions")
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print as JSON')
    .action(async (o: { project?: string; json?: boolean }, cmd: Command) => {
      const models = await callProcedure(cmd, 'registry.list', { projectId: await projectFor(cmd, o.project) });
      if (o.json) return printJson(models);
      if (models.length === 0) return void process.stdout.write('No models yet. Register a run: gyre registry register RUN --name NAME\n');
      printTable(['version', 'stage', 'model', 'run', 'gate', 'registered'], models.flatMap((m) => m.versions.map((v) => [`${v.name}@${v.version}`, v.stage, v.model, v.runId, gateText(v), shortDate(v.createdAt)])));
    });

  registry
    .command('show')
    .description('a model version with its history and lineage')
    .argument('<model>', 'NAME@VERSION, or NAME for its newest version')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print as JSON')
    .action(async (ref: string, o: { project?: string; json?: boolean }, cmd: Command) => {
      const v = await callProcedure(cmd, 'registry.get', { projectId: await projectFor(cmd, o.project), ref });
      if (o.json) return printJson(v);
      printVersion(v);
    });

  registry
    .command('card')
    .description("a model version's model card: intended use, data, metrics with intervals, fairness, limitations, lineage, checksums")
    .argument('<model>', 'NAME@VERSION, or NAME for its newest version')
    .option('--format <format>', 'md | html', 'md')
    .option('--out <file>', 'write the card to this file instead of printing it')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .action(async (ref: string, o: { format: string; out?: string; project?: string }, cmd: Command) => {
      if (o.format !== 'md' && o.format !== 'html') throw new GyreError('VALIDATION', `--format ${o.format}: choose md or html.`, { field: '--format' });
      const card = await callProcedure(cmd, 'registry.card', { projectId: await projectFor(cmd, o.project), ref });
      const text = o.format === 'html' ? card.html : card.markdown;
      if (!o.out) return void process.stdout.write(text);
      const target = resolve(o.out);
      try {
        writeFileSync(target, text);
      } catch (e) {
        throw new GyreError('FORBIDDEN', `Cannot write ${target}: ${(e as Error).message}`, { file: target });
      }
      process.stdout.write(`Wrote the model card of ${card.ref} to ${target}.\n`);
    });
}
