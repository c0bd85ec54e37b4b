/** `gyre evaluate` and `gyre evaluations`: evaluation reports from the terminal, through the same job queue. */
import type { Command } from 'commander';
import type { EvaluationDetail, MetricEstimate } from '../contract/evaluations';
import { GyreError } from '../contract/errors';
import { callProcedure, printJson, printTable, shortDate } from './context';
import { projectFor } from './datasets';
import { runOfModel } from './registry';
import { positiveNumber, succeeded } from './train';

const num = (v: number | null) => (v === null ? '—' : Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(4));
const interval = (m: MetricEstimate) => (m.low === null || m.high === null ? (m.note ? `(${m.note})` : '') : `${num(m.low)} – ${num(m.high)}`);

function printReport(e: EvaluationDetail): void {
  const r = e.report;
  process.stdout.write(`evaluation ${e.id}: run ${e.runId} on ${r.rowsLabel}\n\n`);
  if (r.gate.criteria.length) {
    printTable(['criterion', 'value', '95% interval', 'acceptable', 'target', 'verdict'], r.gate.criteria.map((c) => [c.label, num(c.value), c.low === null ? '' : `${num(c.low)} – ${num(c.high)}`, String(c.acceptable), String(c.target), c.verdict]));
    process.stdout.write(`success gate: ${r.gate.passed ? 'PASSED' : 'NOT PASSED'}\n\n`);
  } else {
    process.stdout.write('success gate: the charter has no success criteria\n\n');
  }
  printTable(['metric', 'value', `95% interval (${r.resamples} resamples)`], Object.entries(r.metrics).map(([k, m]) => [k, num(m.value), interval(m)]));
  process.stdout.write(`\none-row latency p50 ${r.gate.latency.p50Ms.toFixed(2)} ms, p95 ${r.gate.latency.p95Ms.toFixed(2)} ms; file ${(r.gate.sizeBytes / 1e6).toFixed(2)} MB\n`);
  const top = r.explanations.importance.slice(0, 5).map((c) => `${c.column} ${num(c.mean)} ± ${num(c.std)}`).join(', ');
  process.stdout.write(`most important (drop in ${r.explanations.metric} when shuffled): ${top}\n`);
  const weakest = r.errors.weakest.slice(0, 3).map((s) => `${s.column} ${s.label}: ${num(s.error)} over ${s.rows} rows`).join('; ');
  if (weakest) process.stdout.write(`weakest slices (${r.errors.measure}, overall ${num(r.errors.overall)}): ${weakest}\n`);
  for (const f of r.fairness) {
    if (f.note && f.groups.length === 0) process.stdout.write(`fairness, ${f.attribute}: ${f.note}\n`);
    else process.stdout.write(`fairness, ${f.attribute}: demographic parity difference ${num(f.demographicParityDifference)}, equalized odds difference ${num(f.equalizedOddsDifference)}${f.maxDisparity === null ? '' : ` (allowed ${f.maxDisparity}: ${f.passed === null ? 'not judged' : f.passed ? 'within' : 'EXCEEDED'})`}\n`);
  }
}

export function registerEvaluateCommands(program: Command): void {
  program
    .command('evaluate')
    .description("score a run's exported file on a dataset version and report metrics with confidence intervals, the charter's gate, errors, fairness and explanations")
    .argument('<run>', 'run id (or a unique prefix), or a model version NAME@VERSION')
    .argument('[dataset]', "dataset name or id, optionally @VERSION (default: the run's own version, on its test rows)")
    .option('--project <project>', 'project id or name, for the dataset (default: the last opened project)')
    .option('--rows <rows>', "test (the run's held-out rows; its own version only) | all (every row with a target)")
    .option('--resamples <n>', 'bootstrap resamples for the intervals (default 1000)', positiveNumber('--resamples', true))
    .option('--repeats <n>', 'shuffles per column for permutation importance (default 5)', positiveNumber('--repeats', true))
    .option('--sensitive <columns>', "columns to check for fairness besides the charter's, comma-separated")
    .option('--seed <n>', 'the same seed gives the same intervals and explanations', positiveNumber('--seed', true))
    .option('--json', 'print the evaluation and its report as JSON')
    .action(async (runId: string, ref: string | undefined, o: { project?: string; rows?: string; resamples?: number; repeats?: number; sensitive?: string; seed?: number; json?: boolean }, cmd: Command) => {
      if (o.rows !== undefined && o.rows !== 'test' && o.rows !== 'all') throw new GyreError('VALIDATION', `--rows ${o.rows}: choose test or all.`, { field: '--rows' });
      const run = await callProcedure(cmd, 'runs.get', { id: runId.includes('@') ? await runOfModel(cmd, runId, o.project) : runId });
      let versionId: string | undefined;
      if (ref) {
        const dataset = await callProcedure(cmd, 'datasets.get', { projectId: o.project ? await projectFor(cmd, o.project) : run.projectId, dataset: ref });
        versionId = dataset.versions[0]?.id;
        if (!versionId) throw new GyreError('NOT_FOUND', `Dataset "${dataset.name}" has no versions yet.`);
      }
      const input = {
        runId: run.id,
        ...(versionId ? { versionId } : {}),
        ...(o.rows ? { rows: o.rows as 'test' | 'all' } : {}),
        ...(o.resamples !== undefined ? { resamples: o.resamples } : {}),
        ...(o.repeats !== undefined ? { repeats: o.repeats } : {}),
        ...(o.sensitive ? { sensitive: o.sensitive.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
      };
      const done = await succeeded(cmd, !o.json, () => callProcedure(cmd, 'evaluations.start', input));
      const evaluation = await callProcedure(cmd, 'evaluations.get', { id: (done.result as { evaluationId: string }).evaluationId });
      if (o.json) return printJson(evaluation);
      printReport(evaluation);
    });

  program
    .command('evaluations')
    .description("list a project's evaluation reports, newest first")
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--run <run>', "only this run's")
    .option('--json', 'print as JSON')
    .action(async (o: { project?: string; run?: string; json?: boolean }, cmd: Command) => {
      const list = await callProcedure(cmd, 'evaluations.list', { projectId: await projectFor(cmd, o.project), ...(o.run ? { runId: o.run } : {}) });
      if (o.json) return printJson(list);
      if (list.length === 0) return void process.stdout.write('No evaluations yet. Evaluate a run: gyre evaluate RUN [DATASET[@VERSION]]\n');
      printTable(['evaluation', 'run', 'dataset', 'rows', 'gate', 'created'], list.map((e) => [e.id, e.runId, `${e.dataset.name} v${e.dataset.version}`, e.rows, e.passed === null ? '—' : e.passed ? 'passed' : 'not passed', shortDate(e.createdAt)]));
    });
}
