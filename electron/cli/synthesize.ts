/** `gyre synthesize`: new rows from a Gaussian copula fitted on a dataset version, kept as a version, with the quality summary. */
import type { Command } from 'commander';
import type { SyntheticRecord, SyntheticSummary } from '../contract/synthetic';
import { callProcedure, printJson, printTable } from './context';
import { projectFor } from './datasets';
import { succeeded } from './train';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const f3 = (x: number | null) => (x === null ? '—' : x.toFixed(3));

function printSynthetic(r: SyntheticRecord): void {
  const report = r.report;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`synthetic ${r.datasetName} v${r.version}: ${r.rows.toLocaleString('en')} rows from ${r.sourceLabel} (Gaussian copula, seed ${r.seed})`);
  out(`verdict: ${report.verdict.level} — ${report.verdict.headline}`);
  for (const finding of report.verdict.findings) out(`  - ${finding}`);
  printTable(
    ['column', 'measure', 'distance', 'missing real', 'missing synthetic'],
    report.quality.map((q) => [q.name, q.kind === 'numeric' ? 'KS' : 'total variation', f3(q.distance), pct(q.missing.real), pct(q.missing.synthetic)]),
  );
  for (const c of report.columns.filter((c) => c.treatment !== 'modeled')) out(`${c.name}: ${c.note ?? c.treatment}`);
  if (report.association) out(`correlations and associations: mean |synthetic − real| ${f3(report.association.meanAbsDifference)} over ${report.association.columns.length} columns`);
  out(`discriminator ROC AUC: ${f3(report.discriminator.auc)} (0.5: cannot tell real from synthetic)`);
  const { found, resampled, dropped } = report.privacy.exactCopies;
  out(`exact copies of real rows: 0 (found ${found}, drawn again ${resampled}, left out ${dropped})`);
  const nn = report.privacy.nearestNeighbour;
  if (nn) {
    const levels = nn.levels.map((l) => `p${Math.round(l * 100)}`).join('/');
    out(`distance to the closest real row ${levels}: synthetic ${nn.syntheticToReal.map((d) => d.toFixed(2)).join('/')}, real (held out) ${nn.realToReal.map((d) => d.toFixed(2)).join('/')}; ${pct(nn.closerThanRealP5)} of synthetic rows closer than the real p5`);
  }
}

export function registerSynthesizeCommand(program: Command): void {
  program
    .command('synthesize')
    .description('generate synthetic rows from a dataset version (Gaussian copula) as a new dataset version; prints the quality report')
    .argument('<dataset>', 'dataset name or id, optionally @VERSION (latest when omitted)')
    .requiredOption('--rows <n>', 'rows to generate', Number)
    .option('--name <name>', 'dataset to add the version to (default: <dataset>-synthetic)')
    .option('--seed <n>', 'random seed: the same seed, version and rows give the same rows (default 42)', Number)
    .option('--project <project>', 'project id or name (default: the last opened project)')
    .option('--json', 'print the synthetic version and its report as JSON')
    .action(async (ref: string, o: { rows: number; name?: string; seed?: number; project?: string; json?: boolean }, cmd: Command) => {
      const projectId = await projectFor(cmd, o.project);
      const version = (await callProcedure(cmd, 'datasets.get', { projectId, dataset: ref })).versions[0]!;
      const input = { projectId, versionId: version.id, rows: o.rows, ...(o.seed !== undefined ? { seed: o.seed } : {}), ...(o.name ? { name: o.name } : {}) };
      const done = await succeeded(cmd, !o.json, () => callProcedure(cmd, 'synthetic.generate', input));
      const record = await callProcedure(cmd, 'synthetic.report', { projectId, versionId: (done.result as SyntheticSummary).versionId });
      if (!record) throw new Error('The synthetic version was saved without its report.');
      if (o.json) return printJson(record);
      printSynthetic(record);
    });
}
