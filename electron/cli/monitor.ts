/**
 * `gyre monitor`: a batch of production inputs (a file, or a bundle server's prediction log) checked against a model
 * version's training rows — drift, data quality, and the charter's metrics when outcomes are given. Exits 3 when the
 * batch raised an alert, so cron or CI can act on it (1, as every gyre command, when it could not be checked).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { GyreError } from '../contract/errors';
import type { BatchRecord, BatchSummary, FeatureDrift, MonitorAlert } from '../contract/monitor';
import { METRIC_INFO } from '../contract/charter-vocabulary';
import { callProcedure, printJson, printTable } from './context';
import { projectFor } from './datasets';
import { succeeded } from './train';

/** Distinct from 1 (the batch could not be checked), so a cron job tells "look at the model" from "fix the job". */
export const ALERT_EXIT_CODE = 3;

const num = (x: number | null | undefined) => (x === null || x === undefined ? '—' : Number(x.toPrecision(3)).toString());
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function statsOf(f: FeatureDrift): string[] {
  return [f.name, f.kind, num(f.psi), f.ks ? `${num(f.ks.statistic)} (p ${num(f.ks.pValue)})` : '—', f.chi2 ? `${num(f.chi2.statistic)} (p ${num(f.chi2.pValue)})` : '—', num(f.js), num(f.wassersteinSd), f.drifted ? 'DRIFT' : f.note ? f.note : 'ok'];
}

function printBatch(r: BatchRecord, alerts: MonitorAlert[]): void {
  const d = r.drift;
  process.stdout.write(`batch ${r.id} "${r.name}": ${r.rows.toLocaleString('en')} rows checked against ${d.referenceLabel} (${r.model})\n`);
  const verdict = d.verdict === 'drift' ? 'DRIFT' : d.verdict === 'some_drift' ? 'some drift' : 'stable';
  process.stdout.write(`verdict: ${verdict}: ${d.drifted} drifted (${pct(d.shareDrifted)}; the batch drifts at ${pct(d.settings.driftShare)}); decided by ${d.settings.numericMethod.toUpperCase()} (numeric), ${d.settings.categoricalMethod.toUpperCase()} (categorical)\n`);
  printTable(['feature', 'kind', 'PSI', 'KS', 'chi²', 'JS', 'Wasserstein (sd)', 'verdict'], d.features.map(statsOf));
  const p = d.prediction;
  process.stdout.write(`predictions: ${p.scoreOf} PSI ${num(p.score.psi)}${p.score.drifted ? ' DRIFT' : ''}${p.classes ? `; predicted classes PSI ${num(p.classes.psi)}${p.classes.drifted ? ' DRIFT' : ''}` : ''}\n`);
  const q = d.quality;
  const issues = [
    ...q.missingColumns.map((c) => `missing column "${c}"`),
    ...q.columns.flatMap((c) => [
      ...(c.unreadable ? [`${c.unreadable} unreadable values in "${c.name}"`] : []),
      ...(c.unseen && c.unseen.rows ? [`${c.unseen.rows} rows of "${c.name}" with categories never seen in training (${c.unseen.examples.join(', ')})`] : []),
      ...(c.outOfRange && c.outOfRange.below + c.outOfRange.above ? [`${c.outOfRange.below + c.outOfRange.above} values of "${c.name}" outside the training range [${num(c.outOfRange.min)}, ${num(c.outOfRange.max)}]`] : []),
      ...(c.missingBatch > c.missingReference + 0.05 ? [`"${c.name}" missing in ${pct(c.missingBatch)} of rows (training: ${pct(c.missingReference)})`] : []),
    ]),
  ];
  process.stdout.write(issues.length ? `data quality:\n${issues.map((i) => `  - ${i}`).join('\n')}\n` : 'data quality: no issues\n');
  if (r.performance) {
    const perf = r.performance;
    process.stdout.write(`outcomes: ${perf.rows.toLocaleString('en')} rows with an outcome${perf.unmatchedOutcomes ? ` (${perf.unmatchedOutcomes} outcomes matched no row)` : ''}\n`);
    printTable(['charter metric', 'value', 'acceptable', 'target', 'verdict'], perf.criteria.map((c) => [METRIC_INFO[c.metric].label, num(c.value), num(c.acceptable), num(c.target), c.verdict]));
  }
  if (alerts.length) {
    process.stdout.write(`ALERTS (${alerts.length}):\n`);
    for (const a of alerts) process.stdout.write(`  [${a.severity}] ${a.title}\n`);
  } else process.stdout.write('no alerts\n');
}

export function registerMonitorCommand(program: Command): void {
  program
    .command('monitor')
    .description('check a batch of production inputs against a model version\u2019s training rows: drift, data quality and, with outcomes, the charter\u2019s metrics; exits 3 when an alert fires')
    .argument('<model>', 'NAME@VERSION (NAME alone: its production version)')
    .argument('<file>', "a CSV, JSON, JSONL or Parquet file of inputs, or a bundle server's prediction log (with --log)")
    .option('--log', "the file is a prediction log written by a bundle's serve.mjs")
    .option('--outcomes <file>', 'a file of the true outcomes that arrived later')
    .option('--id <column>', 'with --outcomes: the id column both files share (a log: the outcomes file\u2019s request-id column)')
    .option('--outcome <column>', 'with --outcomes: its outcome column (default: the model\u2019s target name)')
    .option('--name <name>', 'what to call the batch (default: the file\u2019s name)')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print the batch report and its alerts as JSON')
    .action(async (model: string, file: string, o: { log?: boolean; outcomes?: string; id?: string; outcome?: string; name?: string; project?: string; json?: boolean }, cmd: Command) => {
      const projectId = await projectFor(cmd, o.project);
      if (o.outcomes && !o.id) {
        throw new GyreError('VALIDATION', 'With --outcomes, name the id column that joins them to the batch: --id COLUMN.', { field: 'id' });
      }
      const source = { kind: o.log ? ('log' as const) : ('file' as const), path: resolve(file) };
      const outcomes = o.outcomes ? { path: resolve(o.outcomes), idColumn: o.id!, ...(o.outcome ? { outcomeColumn: o.outcome } : {}) } : undefined;
      const done = await succeeded(cmd, !o.json, () => callProcedure(cmd, 'monitor.addBatch', { projectId, model, source, ...(outcomes ? { outcomes } : {}), ...(o.name ? { name: o.name } : {}) }));
      const id = (done.result as BatchSummary).id;
      const record = await callProcedure(cmd, 'monitor.batch', { projectId, id });
      const alerts = (await callProcedure(cmd, 'monitor.alerts', { projectId })).filter((a) => a.batchId === id);
      if (o.json) printJson({ ...record, raised: alerts });
      else printBatch(record, alerts);
      if (alerts.length) process.exitCode = ALERT_EXIT_CODE;
    });
}
