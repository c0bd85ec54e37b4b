/** `gyre charter …`: set (from flags or a JSON file), show, history, diff. */
import type { Command } from 'commander';
import { ROLE_LABELS, TASK_LABELS, type CharterContentInput, type CharterVersion } from '../contract/index';
import { callProcedure, printJson, printTable, shortDate } from './context';
import { describeCriterion, parseCriterion, parseRisk, parseSensitive, parseStakeholder, parseYesNo, readCharterFile } from './charter-flags';

interface SetOptions {
  project: string;
  file?: string;
  problem?: string;
  objective?: string;
  task?: string;
  target?: string;
  unit?: string;
  usage?: string;
  criterion?: string[];
  stakeholder?: string[];
  interpretability?: string;
  sensitive?: string[];
  privacy?: string;
  risk?: string[];
  retrain?: string;
  note?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Starts from the latest version (or the file), then applies each flag given; list flags replace their list. */
export function applyFlags(base: CharterContentInput | undefined, o: SetOptions): CharterContentInput {
  const c = structuredClone(base ?? ({} as CharterContentInput));
  const constraints = { ...(c.constraints ?? {}) };
  if (o.problem !== undefined) c.problem = o.problem;
  if (o.objective !== undefined) c.objective = o.objective;
  if (o.task !== undefined) c.task = o.task as CharterContentInput['task'];
  if (o.target !== undefined) c.target = o.target;
  if (o.unit !== undefined) c.predictionUnit = o.unit;
  if (o.usage !== undefined) c.usage = o.usage as CharterContentInput['usage'];
  if (o.criterion) c.successCriteria = o.criterion.map(parseCriterion);
  if (o.stakeholder) c.stakeholders = o.stakeholder.map(parseStakeholder);
  if (o.interpretability !== undefined) constraints.interpretabilityRequired = parseYesNo('--interpretability', o.interpretability);
  if (o.sensitive) constraints.sensitiveAttributes = o.sensitive.map(parseSensitive);
  if (o.privacy !== undefined) constraints.privacyNotes = o.privacy;
  if (o.risk) constraints.risks = o.risk.map(parseRisk);
  if (o.retrain !== undefined) constraints.retrainingTrigger = o.retrain;
  c.constraints = constraints;
  return c;
}

function printCharter(v: CharterVersion): void {
  const c = v.content;
  const k = c.constraints;
  const lines = [
    `Charter version ${v.version} · saved ${shortDate(v.createdAt)}${v.note ? ` · ${v.note}` : ''}`,
    '',
    `Problem:     ${c.problem}`,
    `Objective:   ${c.objective || '—'}`,
    `People:      ${c.stakeholders.map((s) => `${s.name} (${ROLE_LABELS[s.role]})`).join(', ') || '—'}`,
    `Task:        ${TASK_LABELS[c.task]}`,
    `Target:      ${c.target || '—'}`,
    `Unit:        ${c.predictionUnit || '—'}`,
    `Used:        ${c.usage}`,
    'Success criteria:',
    ...c.successCriteria.map((s) => `  - ${describeCriterion(s)}`),
    `Interpretability required: ${k.interpretabilityRequired ? 'yes' : 'no'}`,
    `Sensitive attributes: ${k.sensitiveAttributes.map((s) => `${s.name} (max disparity ${s.maxDisparity})`).join(', ') || '—'}`,
    `Privacy / compliance: ${k.privacyNotes || '—'}`,
    'Risks:',
    ...(k.risks.length ? k.risks.map((r) => `  - ${r.risk}${r.mitigation ? ` → ${r.mitigation}` : ''}`) : ['  —']),
    `Retraining trigger: ${k.retrainingTrigger || '—'}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

export function registerCharterCommands(program: Command): void {
  const charter = program.command('charter').description("set and read a project's charter (every set makes a new version)");

  charter
    .command('set')
    .description('save a new charter version from flags and/or a JSON file; unspecified fields keep their latest values')
    .requiredOption('--project <project>', 'project id or name')
    .option('--file <charter.json>', 'the whole charter as JSON (as printed by `charter show --json`, field "content")')
    .option('--problem <text>', 'problem statement')
    .option('--objective <text>', 'business objective')
    .option('--task <task>', 'binary_classification | multiclass_classification | regression')
    .option('--target <text>', 'what is predicted')
    .option('--unit <text>', 'unit of prediction (one row is …)')
    .option('--usage <usage>', 'online | batch')
    .option('--criterion <spec>', 'success criterion METRIC>=ACCEPTABLE:TARGET or METRIC<=…; repeat for several', collect)
    .option('--stakeholder <name:role>', 'person and role; repeat for several', collect)
    .option('--interpretability <yes|no>', 'is an interpretable model required')
    .option('--sensitive <name:max>', 'sensitive attribute and largest allowed disparity; repeat', collect)
    .option('--privacy <text>', 'data privacy / compliance notes')
    .option('--risk <"risk => mitigation">', 'a risk and its mitigation; repeat', collect)
    .option('--retrain <text>', 'retraining trigger')
    .option('--note <text>', 'one line on what changed')
    .option('--json', 'print the saved version as JSON')
    .action(async (o: SetOptions, cmd: Command) => {
      const latest = await callProcedure(cmd, 'charters.get', { projectId: o.project });
      const base = o.file ? readCharterFile(o.file) : latest?.content;
      const saved = await callProcedure(cmd, 'charters.save', {
        projectId: o.project,
        content: applyFlags(base, o) as never,
        basedOnVersion: latest?.version ?? null,
        note: o.note ?? '',
      });
      if (o.json) return printJson(saved);
      process.stdout.write(saved.version === latest?.version ? `Nothing changed; the charter stays at version ${saved.version}.\n` : `Saved charter version ${saved.version}.\n`);
    });

  charter
    .command('show')
    .description('show the latest charter version, or --version N')
    .requiredOption('--project <project>', 'project id or name')
    .option('--version <n>', 'a specific version', (v) => Number(v))
    .option('--json', 'print as JSON')
    .action(async (o: { project: string; version?: number; json?: boolean }, cmd: Command) => {
      const v = await callProcedure(cmd, 'charters.get', { projectId: o.project, version: o.version });
      if (o.json) return printJson(v);
      if (!v) return void process.stdout.write('This project has no charter yet. Write one: gyre charter set --project … --problem … --task … --criterion …\n');
      printCharter(v);
    });

  charter
    .command('history')
    .description('list charter versions, newest first')
    .requiredOption('--project <project>', 'project id or name')
    .option('--json', 'print as JSON')
    .action(async (o: { project: string; json?: boolean }, cmd: Command) => {
      const versions = await callProcedure(cmd, 'charters.history', { projectId: o.project });
      if (o.json) return printJson(versions);
      printTable(['version', 'saved', 'note'], versions.map((v) => [String(v.version), shortDate(v.createdAt), v.note]));
    });

  charter
    .command('diff')
    .description('what changed between two charter versions')
    .requiredOption('--project <project>', 'project id or name')
    .requiredOption('--from <n>', 'older version', (v) => Number(v))
    .requiredOption('--to <n>', 'newer version', (v) => Number(v))
    .option('--json', 'print as JSON')
    .action(async (o: { project: string; from: number; to: number; json?: boolean }, cmd: Command) => {
      const diff = await callProcedure(cmd, 'charters.diff', { projectId: o.project, from: o.from, to: o.to });
      if (o.json) return printJson(diff);
      if (diff.changes.length === 0) return void process.stdout.write(`Versions ${o.from} and ${o.to} are identical.\n`);
      const show = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));
      printTable(['field', 'change', 'before', 'after'], diff.changes.map((ch) => [ch.path, ch.kind, show(ch.before), show(ch.after)]));
    });
}
