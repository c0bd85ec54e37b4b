/** `gyre train`, `gyre runs` and `gyre export-onnx`: training from the terminal, through the same job queue. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { GyreError } from '../contract/errors';
import type { Job } from '../contract/jobs';
import { RESAMPLE_METHODS, resampleLabel, type ResampleInput, type ResampleMethod } from '../contract/resample';
import { MODEL_TASKS, PROVIDER_CHOICES, TRAINED_MODEL_KINDS, type ModelTask, type ProviderChoice, type TrainedModelKind, type Run, type SplitInput, type TrainParams, type TrainResult } from '../contract/runs';
import { parseDuration } from './duration';
import { callProcedure, coreFor, onEvent, printJson, printTable, shortDate } from './context';
import { projectFor } from './datasets';

/** stratified:0.2 | random:0.2 | group:COLUMN:0.2 | time:COLUMN:0.2 | time:COLUMN:2024-01-01 */
export function parseSplit(text: string): SplitInput {
  const [kind, ...rest] = text.split(':');
  const fraction = (s: string | undefined) => {
    const f = Number(s ?? '0.2');
    if (!(f > 0 && f < 1)) throw new GyreError('VALIDATION', `--split ${text}: the test share must be a number between 0 and 1, like 0.2.`, { field: '--split' });
    return f;
  };
  if (kind === 'random' || kind === 'stratified') {
    if (rest.length > 1) throw new GyreError('VALIDATION', `--split ${text}: write ${kind}:0.2.`, { field: '--split' });
    return { kind, testFraction: fraction(rest[0]) };
  }
  if ((kind === 'group' || kind === 'time') && rest[0]) {
    const last = rest.length > 1 ? rest.at(-1)! : undefined;
    const column = rest.length > 1 ? rest.slice(0, -1).join(':') : rest[0];
    if (kind === 'time' && last && /^\d{4}-\d{2}-\d{2}/.test(last)) return { kind, column, cutoff: last };
    return { kind, column, testFraction: fraction(last) };
  }
  throw new GyreError('VALIDATION', `--split "${text}" is not one of stratified:0.2, random:0.2, group:COLUMN:0.2, time:COLUMN:0.2 or time:COLUMN:YYYY-MM-DD.`, { field: '--split' });
}

/** smote | smote:0.5 | smote:1:7 | oversample:0.5 | undersample — the method, the minority:majority ratio, SMOTE's k. */
export function parseResample(text: string): ResampleInput {
  const [method, ratio, k, ...extra] = text.split(':');
  const fail = () => new GyreError('VALIDATION', `--resample ${text}: write ${RESAMPLE_METHODS.join(', ')}, optionally :RATIO (minority:majority, above 0 and at most 1), and for smote :K neighbours, like smote:1:5.`, { field: '--resample' });
  if (!(RESAMPLE_METHODS as readonly string[]).includes(method!) || extra.length || (k !== undefined && method !== 'smote')) throw fail();
  const r = ratio === undefined ? undefined : Number(ratio);
  const n = k === undefined ? undefined : Number(k);
  if ((r !== undefined && !(r > 0 && r <= 1)) || (n !== undefined && !(Number.isInteger(n) && n >= 1))) throw fail();
  return { method: method as ResampleMethod, ...(r !== undefined ? { ratio: r } : {}), ...(n !== undefined ? { k: n } : {}) };
}

function parseModels(text: string): TrainedModelKind[] {
  const models = text.split(',').map((m) => m.trim()).filter(Boolean);
  const unknown = models.filter((m) => !(TRAINED_MODEL_KINDS as readonly string[]).includes(m));
  if (unknown.length || models.length === 0) throw new GyreError('VALIDATION', `--models: ${unknown.length ? `unknown ${unknown.join(', ')}` : 'none given'}; choose from ${TRAINED_MODEL_KINDS.join(', ')}.`, { field: '--models' });
  return models as TrainedModelKind[];
}

export function positiveNumber(flag: string, integer: boolean) {
  return (v: string) => {
    const n = Number(v);
    if (!(n > 0) || (integer && !Number.isInteger(n))) throw new GyreError('VALIDATION', `${flag} ${v}: give a ${integer ? 'whole ' : ''}number above 0.`, { field: flag });
    return n;
  };
}

/** The headline metrics of a task, in the order a data scientist scans them. */
const HEADLINE: Record<ModelTask, string[]> = {
  binary: ['rocAuc', 'prAuc', 'accuracy', 'f1', 'logLoss'],
  multiclass: ['accuracy', 'balancedAccuracy', 'f1Macro', 'rocAucOvr', 'logLoss'],
  regression: ['rmse', 'mae', 'r2', 'mape'],
};

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : Math.abs(v) >= 1000 ? v.toFixed(1) : v.toFixed(4));

export function printRuns(runs: Run[]): void {
  const task = runs[0]!.task;
  const metrics = HEADLINE[task];
  printTable(['run', 'model', ...metrics, 'train s'], runs.map((r) => [r.id, r.model, ...metrics.map((m) => fmt(r.metrics[m])), r.trainSeconds.toFixed(2)]));
}

interface TrainOptions {
  project?: string;
  target: string;
  task?: ModelTask;
  models?: string;
  split?: string;
  seed?: number;
  trees?: number;
  depth?: number;
  lr?: number;
  minLeaf?: number;
  l2?: number;
  epochs?: number;
  hidden?: number[];
  batch?: number;
  alpha?: number;
  mlpLr?: number;
  classWeight?: string;
  earlyStopping?: number;
  provider?: string;
  budget?: string;
  resample?: string;
  json?: boolean;
}

export function parseProvider(text: string): ProviderChoice {
  if (!(PROVIDER_CHOICES as readonly string[]).includes(text)) throw new GyreError('VALIDATION', `--provider ${text}: choose ${PROVIDER_CHOICES.join(', ')}.`, { field: '--provider' });
  return text as ProviderChoice;
}

/** "100,50" → [100, 50]: units per hidden layer. */
function parseHidden(text: string): number[] {
  const units = text.split(',').map((u) => Number(u.trim()));
  if (units.length === 0 || units.length > 8 || !units.every((u) => Number.isInteger(u) && u >= 1 && u <= 4096)) {
    throw new GyreError('VALIDATION', `--hidden ${text}: give 1 to 8 comma-separated layer sizes from 1 to 4096, like 100 or 128,64.`, { field: '--hidden' });
  }
  return units;
}

function nonNegative(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (!(n >= 0 && Number.isFinite(n))) throw new GyreError('VALIDATION', `${flag} ${v}: give a number of 0 or more.`, { field: flag });
    return n;
  };
}

/** The flags given, as TrainParams (flags left out keep each model's defaults). */
function trainParams(o: TrainOptions): TrainParams {
  if (o.classWeight !== undefined && o.classWeight !== 'balanced') throw new GyreError('VALIDATION', `--class-weight ${o.classWeight}: the one choice is balanced.`, { field: '--class-weight' });
  const given = { trees: o.trees, depth: o.depth, learningRate: o.lr, minLeaf: o.minLeaf, l2: o.l2, epochs: o.epochs, hidden: o.hidden, batchSize: o.batch, alpha: o.alpha, mlpLearningRate: o.mlpLr, classWeight: o.classWeight, earlyStoppingRounds: o.earlyStopping };
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as TrainParams;
}

/** Starts a job and waits for it, its progress on one terminal line (when asked and stderr is a terminal); throws its error. */
export async function succeeded(cmd: Command, showProgress: boolean, start: () => Promise<Job>): Promise<Job> {
  const show = showProgress && process.stderr.isTTY;
  const stop = onEvent((event, payload) => {
    if (event === 'job' && show) process.stderr.write(`\r${Math.round((payload as Job).progress * 100)}% ${(payload as Job).message}`.padEnd(90).slice(0, 90));
  });
  const done = await start().then((job) => coreFor(cmd).core.queue.wait(job.id)).finally(stop);
  if (show) process.stderr.write('\r'.padEnd(91) + '\r');
  if (done.status !== 'succeeded') throw new GyreError(done.error?.code ?? 'JOB_FAILED', done.error?.message ?? done.message, done.error?.details);
  return done;
}

export function registerTrainCommands(program: Command): void {
  program
    .command('train')
    .description('train models on a dataset version; prints each run with its test metrics')
    .argument('<dataset>', 'dataset name or id, optionally @VERSION (latest when omitted)')
    .requiredOption('--target <column>', 'the column to predict')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--task <task>', `${MODEL_TASKS.join(' | ')} (default: inferred from the target)`)
    .option('--models <list>', `comma-separated, from ${TRAINED_MODEL_KINDS.join(', ')}`, 'baseline,gbdt')
    .option('--split <spec>', 'stratified:0.2 | random:0.2 | group:COLUMN:0.2 | time:COLUMN:0.2 | time:COLUMN:YYYY-MM-DD (default: stratified for classes, random for numbers)')
    .option('--seed <n>', 'random seed: the same seed, data and settings give the same models', positiveNumber('--seed', true))
    .option('--trees <n>', 'trees (forest, boosting)', positiveNumber('--trees', true))
    .option('--depth <n>', 'maximum tree depth', positiveNumber('--depth', true))
    .option('--lr <x>', 'learning rate (boosting)', positiveNumber('--lr', false))
    .option('--min-leaf <n>', 'fewest rows in a leaf', positiveNumber('--min-leaf', true))
    .option('--l2 <x>', 'L2 penalty of linear models, on the mean loss (default: scikit-learn\'s C = 1 / alpha = 1)', positiveNumber('--l2', false))
    .option('--epochs <n>', 'most epochs: full-batch steps of linear models (default 3000), passes of the MLP (default 200)', positiveNumber('--epochs', true))
    .option('--hidden <sizes>', 'MLP hidden layers, comma-separated units (default 100)', parseHidden)
    .option('--batch <n>', 'MLP mini-batch rows (default 200)', positiveNumber('--batch', true))
    .option('--alpha <x>', "MLP L2 penalty, scikit-learn's alpha (default 0.0001)", nonNegative('--alpha'))
    .option('--mlp-lr <x>', 'MLP Adam step size (default 0.001)', positiveNumber('--mlp-lr', false))
    .option('--early-stopping <rounds>', 'boosting: hold out 10% and stop after this many rounds without improvement', positiveNumber('--early-stopping', true))
    .option('--class-weight <balanced>', 'weigh classes by n / (classes × count) for every model but the baseline')
    .option('--resample <spec>', 'classification: resample the training rows (never the test rows) of every model but the baseline: smote[:RATIO[:K]] | oversample[:RATIO] | undersample[:RATIO], RATIO minority:majority (default 1), K SMOTE neighbours (default 5)')
    .option('--budget <time>', 'no model starts after this long (90s, 5m, 1h); models run in the order given, the first always')
    .option('--provider <p>', `where onnxruntime trains and scores: ${PROVIDER_CHOICES.join(' | ')} (default: the workspace setting, see gyre compute)`)
    .option('--json', 'print the runs as JSON')
    .action(async (ref: string, o: TrainOptions, cmd: Command) => {
      if (o.task && !(MODEL_TASKS as readonly string[]).includes(o.task)) throw new GyreError('VALIDATION', `--task ${o.task}: choose ${MODEL_TASKS.join(', ')}.`, { field: '--task' });
      const projectId = await projectFor(cmd, o.project);
      const dataset = await callProcedure(cmd, 'datasets.get', { projectId, dataset: ref });
      const version = dataset.versions[0];
      if (!version) throw new GyreError('NOT_FOUND', `Dataset "${dataset.name}" has no versions yet.`);
      const params = trainParams(o);
      const input = {
        projectId,
        versionId: version.id,
        target: o.target,
        models: parseModels(o.models ?? 'baseline,gbdt'),
        params,
        ...(o.task ? { task: o.task } : {}),
        ...(o.split ? { split: parseSplit(o.split) } : {}),
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
        ...(o.provider ? { provider: parseProvider(o.provider) } : {}),
        ...(o.budget ? { budgetSeconds: parseDuration(o.budget) } : {}),
        ...(o.resample ? { resample: parseResample(o.resample) } : {}),
      };
      const done = await succeeded(cmd, !o.json, () => callProcedure(cmd, 'runs.train', input));
      const runs = await Promise.all((done.result as TrainResult).runIds.map((id) => callProcedure(cmd, 'runs.get', { id })));
      if (o.json) return printJson(runs);
      const s = runs[0]!.split;
      process.stdout.write(`${dataset.name} v${version.version} → ${o.target} (${runs[0]!.task}); split ${String(s.spec.kind)}: ${s.trainRows} train / ${s.testRows} test rows${s.excluded ? `, ${s.excluded.reason} left out` : ''}\n`);
      printRuns(runs);
      const resampled = runs.find((r) => r.details.resample)?.details.resample;
      if (resampled) process.stdout.write(`Training rows resampled (not the baseline's), ${resampleLabel(resampled)}: ${resampled.classes.map((c) => `${c.label} ${c.before} → ${c.after}`).join(', ')}\n`);
      const skipped = (done.result as TrainResult).skipped;
      if (skipped?.length) process.stdout.write(`Not trained, the time budget was spent first: ${skipped.join(', ')}\n`);
    });

  program
    .command('compute')
    .description('show or set where onnxruntime trains linear models and MLPs and scores exported files (this workspace)')
    .option('--provider <p>', `save a choice: ${PROVIDER_CHOICES.join(' | ')}`)
    .option('--json', 'print as JSON')
    .action(async (o: { provider?: string; json?: boolean }, cmd: Command) => {
      const settings = o.provider ? await callProcedure(cmd, 'runs.configureCompute', { provider: parseProvider(o.provider) }) : await callProcedure(cmd, 'runs.computeSettings', {});
      if (o.json) return printJson(settings);
      process.stdout.write(`provider: ${settings.provider}${settings.source === 'default' ? ' (default: CUDA when installed, else CPU)' : ''}\n`);
      printTable(['provider', 'present', 'note'], settings.providers.map((p) => [p.name, p.present ? 'yes' : 'no', p.note]));
    });

  program
    .command('runs')
    .description("list a project's training runs, newest first")
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print as JSON')
    .action(async (o: { project?: string; json?: boolean }, cmd: Command) => {
      const runs = await callProcedure(cmd, 'runs.list', { projectId: await projectFor(cmd, o.project) });
      if (o.json) return printJson(runs);
      if (runs.length === 0) return void process.stdout.write('No runs yet. Train some: gyre train DATASET --target COLUMN\n');
      printTable(['run', 'model', 'task', 'target', 'created'], runs.map((r) => [r.id, r.model, r.task, r.target, shortDate(r.createdAt)]));
    });

  program
    .command('export-onnx')
    .description("write a run's model as one ONNX file (raw columns in, label and probabilities or prediction out)")
    .argument('<run>', 'run id (or a unique prefix)')
    .requiredOption('--out <file>', 'where to write the .onnx file')
    .action(async (runId: string, o: { out: string }, cmd: Command) => {
      const run = await callProcedure(cmd, 'runs.get', { id: runId });
      const { ws } = coreFor(cmd);
      const target = resolve(o.out);
      writeFileSync(target, ws.objects.read(run.onnx.sha256));
      process.stdout.write(`Wrote ${target} (${run.onnx.size.toLocaleString('en')} bytes): ${run.model} predicting ${run.target}, run ${run.id}.\n`);
    });
}
