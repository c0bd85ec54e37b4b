/** `gyre tune` and `gyre studies`: hyperparameter tuning from the terminal, through the same job queue. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { GyreError } from '../contract/errors';
import { MODEL_TASKS, TRAINED_MODEL_KINDS, type ModelTask, type TrainedModelKind } from '../contract/runs';
import { SearchSpace, TUNING_METRICS, TUNING_STRATEGIES, type StudyDetail, type Trial, type TuneResult, type TuningMetric, type TuningStrategy } from '../contract/studies';
import { callProcedure, printJson, printTable, shortDate } from './context';
import { projectFor } from './datasets';
import { parseDuration } from './duration';
import { parseProvider, parseSplit, positiveNumber, printRuns, succeeded } from './train';

function oneOf<T extends string>(flag: string, choices: readonly T[], text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) throw new GyreError('VALIDATION', `${flag} ${text}: choose ${choices.join(', ')}.`, { field: flag });
  return text as T;
}

/** --space takes JSON or @FILE holding JSON, checked against the contract's schema. */
function parseSpace(text: string): SearchSpace {
  const raw = text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new GyreError('VALIDATION', '--space is not JSON; write it like {"depth": {"type": "int", "low": 2, "high": 8}} or give @file.json.', { field: '--space' });
  }
  const parsed = SearchSpace.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GyreError('VALIDATION', `--space at ${issue.path.join('.') || 'the top'}: ${issue.message}`, { field: '--space' });
  }
  return parsed.data;
}

const show = (v: number | null) => (v === null ? '—' : v.toPrecision(4));
const paramsText = (p: Record<string, unknown>) => Object.entries(p).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');

function printStudy(detail: StudyDetail): void {
  const { study, trials, best } = detail;
  const counts = (['completed', 'pruned', 'failed'] as const).map((s) => `${trials.filter((t) => t.status === s).length} ${s}`).join(', ');
  process.stdout.write(`study ${study.id}: ${study.model} (${study.strategy}), ${study.metric} (${study.direction} is better), seed ${study.seed}; ${trials.length} trials: ${counts}\n`);
  const ranked = trials.filter((t) => t.value !== null).sort((a, b) => (study.direction === 'lower' ? a.value! - b.value! : b.value! - a.value!) || b.budget - a.budget);
  const top = [...new Map(ranked.filter((t) => t.budget === Math.max(...ranked.map((r) => r.budget))).map((t) => [t.config, t])).values()].slice(0, 5);
  const row = (t: Trial) => [String(t.number), String(t.rung), String(t.rows), show(t.value), t.seconds.toFixed(2), t.status, paramsText(t.params)];
  printTable(['trial', 'rung', 'rows', study.metric, 's', 'status', 'params'], top.map(row));
  if (best) process.stdout.write(`best: trial ${best.number}, validation ${study.metric} ${show(best.value)}: ${paramsText(best.params)}\n`);
}

interface TuneOptions {
  project?: string;
  target: string;
  task?: string;
  model: string;
  strategy?: string;
  budget?: string;
  trials?: number;
  metric?: string;
  seed?: number;
  split?: string;
  space?: string;
  provider?: string;
  json?: boolean;
}

export function registerTuneCommands(program: Command): void {
  program
    .command('tune')
    .description("search a model's hyperparameters on a validation slice of the training rows, then train the best into a run")
    .argument('<dataset>', 'dataset name or id, optionally @VERSION (latest when omitted)')
    .requiredOption('--target <column>', 'the column to predict')
    .requiredOption('--model <model>', `one of ${TRAINED_MODEL_KINDS.filter((m) => m !== 'baseline').join(', ')}`)
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--task <task>', `${MODEL_TASKS.join(' | ')} (default: inferred from the target)`)
    .option('--strategy <s>', `${TUNING_STRATEGIES.join(' | ')} (default: halving)`)
    .option('--budget <time>', 'stop starting trials after this long: 90s, 5m, 1h (not reproducible: depends on the machine)')
    .option('--trials <n>', 'random: trials; halving: configurations to start from (default 30 / 27 without --budget)', positiveNumber('--trials', true))
    .option('--metric <m>', `${TUNING_METRICS.join(' | ')} (default: log_loss, f1 macro, rmse)`)
    .option('--seed <n>', 'the same seed, data, space and --trials give the same trials and best configuration', positiveNumber('--seed', true))
    .option('--split <spec>', 'stratified:0.2 | random:0.2 | group:COLUMN:0.2 | time:COLUMN:0.2 | time:COLUMN:YYYY-MM-DD')
    .option('--space <json>', 'search space over the defaults: JSON or @file.json, e.g. {"depth": {"type": "int", "low": 2, "high": 8}}')
    .option('--provider <p>', 'where onnxruntime trains and scores (default: the workspace setting)')
    .option('--json', 'print the study and its run as JSON')
    .action(async (ref: string, o: TuneOptions, cmd: Command) => {
      const projectId = await projectFor(cmd, o.project);
      const dataset = await callProcedure(cmd, 'datasets.get', { projectId, dataset: ref });
      const version = dataset.versions[0];
      if (!version) throw new GyreError('NOT_FOUND', `Dataset "${dataset.name}" has no versions yet.`);
      const model = oneOf<TrainedModelKind>('--model', TRAINED_MODEL_KINDS, o.model)!;
      const task = oneOf<ModelTask>('--task', MODEL_TASKS, o.task);
      const strategy = oneOf<TuningStrategy>('--strategy', TUNING_STRATEGIES, o.strategy);
      const metric = oneOf<TuningMetric>('--metric', TUNING_METRICS, o.metric);
      const input = {
        projectId,
        versionId: version.id,
        target: o.target,
        model,
        ...(task ? { task } : {}),
        ...(strategy ? { strategy } : {}),
        ...(metric ? { metric } : {}),
        ...(o.budget ? { budgetSeconds: parseDuration(o.budget) } : {}),
        ...(o.trials !== undefined ? { trials: o.trials } : {}),
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
        ...(o.split ? { split: parseSplit(o.split) } : {}),
        ...(o.space ? { space: parseSpace(o.space) } : {}),
        ...(o.provider ? { provider: parseProvider(o.provider) } : {}),
      };
      const done = await succeeded(cmd, !o.json, () => callProcedure(cmd, 'studies.start', input));
      const result = done.result as TuneResult;
      const detail = await callProcedure(cmd, 'studies.get', { id: result.studyId });
      const run = await callProcedure(cmd, 'runs.get', { id: result.runId });
      if (o.json) return printJson({ ...detail, run });
      printStudy(detail);
      process.stdout.write(`\nthe best configuration trained on all ${run.split.trainRows} training rows, judged on ${run.split.testRows} test rows:\n`);
      printRuns([run]);
    });

  program
    .command('studies')
    .description("list a project's tuning studies, newest first")
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print as JSON')
    .action(async (o: { project?: string; json?: boolean }, cmd: Command) => {
      const studies = await callProcedure(cmd, 'studies.list', { projectId: await projectFor(cmd, o.project) });
      if (o.json) return printJson(studies);
      if (studies.length === 0) return void process.stdout.write('No studies yet. Tune a model: gyre tune DATASET --target COLUMN --model gbdt\n');
      printTable(['study', 'model', 'strategy', 'metric', 'trials', 'status', 'run', 'created'], studies.map((s) => [s.id, s.model, s.strategy, s.metric, String(s.trialsRun), s.status, s.runId ?? '—', shortDate(s.createdAt)]));
    });
}
