/** Which columns the generator models, and the quality report comparing the generated rows with the real ones. */
import type { ColumnSchema } from '../../contract/datasets';
import { GyreError } from '../../contract/errors';
import type { SyntheticColumn, SyntheticReport } from '../../contract/synthetic';
import { compareAssociations } from './association';
import { sampleRows, stream, takeRows, type CopulaColumn, type CopulaModel, type EncodedTable } from './copula';
import type { CopyRemoval } from './copies';
import { discriminate } from './discriminator';
import { nearestNeighbours } from './privacy';
import { compareColumn } from './quality';
import { verdict } from './verdict';

/** Identifiers get fresh values and free text is left out: neither is modeled, and neither may leak a real value. */
export function planColumns(schema: ColumnSchema[]): SyntheticColumn[] {
  return schema.map((c): SyntheticColumn => {
    const base = { name: c.name, semanticType: c.semanticType, rareCategories: 0 };
    if (c.semanticType === 'identifier') return { ...base, treatment: 'new-identifiers', note: 'An identifier: new values are generated, never the real ones.' };
    if (c.semanticType === 'text') return { ...base, treatment: 'dropped', note: 'Free text is not modeled (it can carry personal details): the column is left out.' };
    return { ...base, treatment: 'modeled', note: null };
  });
}

/** Fewest real rows to learn from: below it every generated value would be some one person's. */
export const LEAST_ROWS = 10;

/** Refuses a version with nothing to learn from: too few rows, or no column but identifiers and free text. */
export function assertModelable(plan: SyntheticColumn[], label: string, rows: number): void {
  if (rows < LEAST_ROWS) {
    throw new GyreError('VALIDATION', `${label} has ${rows} row${rows === 1 ? '' : 's'}: the generator needs at least ${LEAST_ROWS} to learn a distribution from, and with fewer every value would be one person's.`, { field: 'versionId' });
  }
  if (plan.some((c) => c.treatment === 'modeled')) return;
  const has = plan.map((c) => `${c.name} (${c.semanticType})`).join(', ');
  throw new GyreError('VALIDATION', `${label} has no column to learn from: identifiers and free text are never modeled, and it has only ${has || 'no columns'}.`, { field: 'versionId' });
}

/** Categories whose interval holds one real row's worth of the uniform. */
function singletons(c: CopulaColumn, rows: number): number {
  const m = c.marginal;
  if (m.kind !== 'categorical') return 0;
  const present = rows * (1 - m.missing);
  return Array.from(m.cumulative).filter((end, i) => Math.round((end - (i ? m.cumulative[i - 1]! : 0)) * present) === 1).length;
}

function howModeled(c: CopulaColumn, rare: number): string {
  const m = c.marginal;
  if (m.kind === 'missing') return 'Every real value is missing: generated as missing.';
  const missing = m.missing > 0 ? `; ${(100 * m.missing).toFixed(1)}% missing, as in the real rows` : '';
  if (c.semanticType === 'boolean' && m.kind === 'discrete') {
    const yes = m.values.length === 2 ? 1 - m.cumulative[0]! : m.values[0] === 1 ? 1 : 0;
    return `Yes/no, true in ${(100 * yes).toFixed(1)}% of rows as in the real ones${missing}.`;
  }
  if (m.kind === 'categorical') {
    const once = rare > 0 ? `; ${rare.toLocaleString('en')} of them occur in one real row only` : '';
    return `${m.levels.length.toLocaleString('en')} ${m.levels.length === 1 ? 'category' : 'categories'} at their real frequencies${missing}${once}.`;
  }
  if (m.kind === 'discrete') return `${m.values.length} distinct values at their real frequencies${missing}.`;
  const r = m.rounding;
  const rounding = r === null ? '' : r.kind === 'decimals' ? (r.digits === 0 ? ', whole numbers' : `, rounded to ${r.digits} decimal${r.digits === 1 ? '' : 's'}`) : `, to the ${{ 86400000: 'day', 3600000: 'hour', 60000: 'minute', 1000: 'second', 1: 'millisecond' }[r.of] ?? `${r.of} ms`}`;
  return `Distribution from ${m.knots.length.toLocaleString('en')} quantiles, within the real minimum and maximum${rounding}${missing}.`;
}

/** The plan with each modeled column's note saying how it was modeled, and its categories seen once among `rows`. */
export function describeColumns(plan: SyntheticColumn[], model: CopulaModel, rows: number): SyntheticColumn[] {
  return plan.map((c) => {
    const fitted = model.columns.find((m) => m.name === c.name);
    if (!fitted) return c;
    const rare = singletons(fitted, rows);
    return { ...c, note: howModeled(fitted, rare), rareCategories: rare };
  });
}

/** Columns are compared on at most this many rows per side (a seeded sample): KS then varies by ~0.005 at most. */
export const QUALITY_ROWS = 50_000;

function sampled(table: EncodedTable, seed: number, purpose: number): EncodedTable {
  return table.rows <= QUALITY_ROWS ? table : takeRows(table, sampleRows(table.rows, QUALITY_ROWS, stream(seed, purpose)));
}

export interface ReportInput {
  model: CopulaModel;
  columns: SyntheticColumn[];
  /** Real and generated rows in the model's terms (the generated ones as stored). */
  real: EncodedTable;
  synthetic: EncodedTable;
  seed: number;
  source: SyntheticReport['source'];
  rowsRequested: number;
  copies: Omit<CopyRemoval, 'table'>;
  timings: Record<string, number>;
  /** Told between steps (share 0 … 1 of the report's work); awaited, so a job can let its progress out. */
  progress?: (share: number, message: string) => Promise<void>;
}

export async function syntheticReport(input: ReportInput): Promise<SyntheticReport> {
  const { model, real, synthetic, seed } = input;
  const step = input.progress ?? (async () => undefined);
  const started = performance.now();
  const [realSample, synthSample] = [sampled(real, seed, 7), sampled(synthetic, seed, 8)];
  const quality = [];
  for (const [i, c] of model.columns.entries()) {
    if (i % 4 === 0) await step((0.5 * i) / model.columns.length, `Comparing ${c.name} (column ${i + 1} of ${model.columns.length})`);
    quality.push(compareColumn(c, realSample.columns[i]!, synthSample.columns[i]!, [realSample.rows, synthSample.rows]));
  }
  await step(0.5, 'Comparing how the columns relate to each other');
  const association = compareAssociations(model.columns, real, synthetic, stream(seed, 3));
  await step(0.65, 'Training a classifier to tell real rows from synthetic ones');
  const discriminator = await discriminate(real, synthetic, stream(seed, 4), seed);
  await step(0.85, 'Measuring each synthetic row’s distance to the closest real row');
  const privacy = {
    checkedColumns: model.columns.map((c) => c.name),
    exactCopies: { found: input.copies.found, resampled: input.copies.resampled, dropped: input.copies.dropped, remaining: 0 as const },
    nearestNeighbour: nearestNeighbours(model.columns, real, synthetic, stream(seed, 5)),
  };
  const judged = verdict({ quality, association, discriminator, privacy, columns: input.columns, realRows: real.rows });
  return {
    ...{ method: 'gaussian-copula' as const, seed, source: input.source, rowsRequested: input.rowsRequested, rowsGenerated: synthetic.rows },
    ...{ columns: input.columns, shrinkage: model.shrinkage, quality, qualityRows: { real: realSample.rows, synthetic: synthSample.rows } },
    ...{ association, discriminator, privacy, verdict: judged },
    timings: { ...input.timings, reportMs: Math.round(performance.now() - started) },
  };
}
