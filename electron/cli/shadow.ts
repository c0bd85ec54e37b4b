/** `gyre shadow`: a candidate model version compared with production on a dataset version or a server's prediction log. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { GyreError } from '../contract/errors';
import type { ShadowRecord, ShadowSource, ShadowSummary } from '../contract/shadow';
import { callProcedure, printJson, printTable } from './context';
import { projectFor } from './datasets';
import { succeeded } from './train';

const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? '—' : x.toPrecision(4));

function printShadow(r: ShadowRecord): void {
  const report = r.report;
  process.stdout.write(`shadow report ${r.id}: ${r.candidate} beside ${r.production} on ${r.sourceLabel} (${report.mode === 'shadow' ? 'shadow' : 'A/B'}, ${report.rows} rows)\n`);
  for (const note of r.notes) process.stdout.write(`note: ${note}\n`);
  if (report.shadow) process.stdout.write(`agreement: ${pct(report.shadow.agreementRate)} (${report.shadow.agreed} of ${report.shadow.compared}: ${report.shadow.agreementRule}); candidate errors: ${report.shadow.candidateErrors}\n`);
  else process.stdout.write(`answered: production ${report.arms.production}, candidate ${report.arms.candidate}\n`);
  if (report.distance.labelTotalVariation !== null) process.stdout.write(`predicted-label shares differ by ${pct(report.distance.labelTotalVariation)} (total variation)\n`);
  process.stdout.write(`PSI of the candidate's outputs against production's: ${Object.entries(report.distance.psi).map(([k, v]) => `${k} ${num(v)}`).join(', ')}\n`);
  if (report.metrics) {
    const m = report.metrics;
    const names = report.task === 'classification' ? (['accuracy', 'rocAuc'] as const) : (['mae', 'rmse'] as const);
    printTable(['metric', r.production, r.candidate], [['rows with an outcome', String(m.production.rows), String(m.candidate.rows)], ...names.map((k) => [k, num(m.production[k]), num(m.candidate[k])])]);
  } else process.stdout.write('no outcomes: metrics need the true values (a dataset version with the target column, or --outcomes)\n');
}

export function registerShadowCommand(program: Command): void {
  program
    .command('shadow')
    .description('compare a candidate model version with production: agreement, prediction distributions and, where outcomes are known, both models\u2019 metrics')
    .argument('<production>', 'NAME@VERSION answering today')
    .argument('<candidate>', 'NAME@VERSION on trial')
    .option('--dataset <dataset>', 'score this dataset version with both (NAME[@VERSION]); its target column gives the outcomes')
    .option('--log <file>', "a prediction log written by a bundle's serve.mjs run with --candidate")
    .option('--outcomes <dataset>', 'with --log: a dataset version holding the true outcomes (NAME[@VERSION])')
    .option('--id <column>', 'with --outcomes: its request-id column', 'request_id')
    .option('--outcome <column>', 'with --outcomes: its outcome column')
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print the report as JSON')
    .action(async (production: string, candidate: string, o: { dataset?: string; log?: string; outcomes?: string; id: string; outcome?: string; project?: string; json?: boolean }, cmd: Command) => {
      if (Boolean(o.dataset) === Boolean(o.log)) throw new GyreError('VALIDATION', 'Say what to compare on: --dataset NAME[@VERSION] or --log FILE (one of the two).', { field: 'dataset' });
      const projectId = await projectFor(cmd, o.project);
      const versionOf = async (ref: string) => (await callProcedure(cmd, 'datasets.get', { projectId, dataset: ref })).versions[0]!.id;
      let source: ShadowSource;
      if (o.dataset) source = { kind: 'dataset', versionId: await versionOf(o.dataset) };
      else {
        if (o.outcomes && !o.outcome) throw new GyreError('VALIDATION', 'With --outcomes, name its outcome column: --outcome COLUMN.', { field: 'outcome' });
        source = { kind: 'log', path: resolve(o.log!), ...(o.outcomes ? { outcomes: { versionId: await versionOf(o.outcomes), idColumn: o.id, outcomeColumn: o.outcome! } } : {}) };
      }
      const done = await succeeded(cmd, !o.json, () => callProcedure(cmd, 'shadow.start', { projectId, production, candidate, source }));
      const record = await callProcedure(cmd, 'shadow.get', { id: (done.result as ShadowSummary).id });
      if (o.json) return printJson(record);
      printShadow(record);
    });
}
