/**
 * How strongly each pair of columns goes together, on real and on synthetic rows, in one matrix of mixed measures
 * (as dython's `associations`): Pearson's r for two numbers, the correlation ratio η for a category and a number,
 * Cramér's V (no bias correction) for two categories.
 */
import type { AssociationComparison } from '../../contract/synthetic';
import type { Random } from '../random';
import { sampleRows, type CopulaColumn, type EncodedColumn, type EncodedTable } from './copula';
import { pairCorrelation } from './linalg';

/** Rows per side the matrices are computed on. */
export const ASSOCIATION_ROWS = 20_000;
/** Categories beyond the most frequent 50 are pooled, so a contingency table stays small. */
const MAX_LEVELS = 50;

type Prepared = { kind: 'number'; values: Float64Array } | { kind: 'category'; codes: Int32Array; levels: number };

function prepare(column: EncodedColumn, c: CopulaColumn, rows: Uint32Array): Prepared {
  if (column.kind === 'number') return { kind: 'number', values: Float64Array.from(rows, (r) => column.values[r]!) };
  const levels = c.marginal.kind === 'categorical' ? Math.min(c.marginal.levels.length, MAX_LEVELS + 1) : 1;
  return { kind: 'category', codes: Int32Array.from(rows, (r) => Math.min(column.codes[r]!, MAX_LEVELS)), levels };
}

export function correlationRatio(codes: Int32Array, levels: number, values: Float64Array): number | null {
  const sums = new Float64Array(levels);
  const counts = new Float64Array(levels);
  let n = 0;
  let total = 0;
  for (let r = 0; r < codes.length; r++) {
    const g = codes[r]!;
    const v = values[r]!;
    if (g < 0 || Number.isNaN(v)) continue;
    sums[g]! += v;
    counts[g]!++;
    total += v;
    n++;
  }
  if (n < 2) return null;
  const mean = total / n;
  let between = 0;
  for (let g = 0; g < levels; g++) if (counts[g]! > 0) between += counts[g]! * (sums[g]! / counts[g]! - mean) ** 2;
  let all = 0;
  for (let r = 0; r < codes.length; r++) if (codes[r]! >= 0 && !Number.isNaN(values[r]!)) all += (values[r]! - mean) ** 2;
  return all > 0 ? Math.min(1, Math.sqrt(between / all)) : null;
}

export function cramersV(a: Int32Array, ka: number, b: Int32Array, kb: number): number | null {
  const table = new Float64Array(ka * kb);
  const rowTotals = new Float64Array(ka);
  const colTotals = new Float64Array(kb);
  let n = 0;
  for (let r = 0; r < a.length; r++) {
    const x = a[r]!;
    const y = b[r]!;
    if (x < 0 || y < 0) continue;
    table[x * kb + y]!++;
    rowTotals[x]!++;
    colTotals[y]!++;
    n++;
  }
  const usedRows = rowTotals.filter((v) => v > 0).length;
  const usedCols = colTotals.filter((v) => v > 0).length;
  const k = Math.min(usedRows, usedCols);
  if (n === 0 || k < 2) return null;
  let chi2 = 0;
  for (let x = 0; x < ka; x++) {
    if (rowTotals[x] === 0) continue;
    for (let y = 0; y < kb; y++) {
      if (colTotals[y] === 0) continue;
      const expected = (rowTotals[x]! * colTotals[y]!) / n;
      chi2 += (table[x * kb + y]! - expected) ** 2 / expected;
    }
  }
  return Math.min(1, Math.sqrt(chi2 / (n * (k - 1))));
}

function association(a: Prepared, b: Prepared): number | null {
  if (a.kind === 'number' && b.kind === 'number') return pairCorrelation(a.values, b.values);
  if (a.kind === 'category' && b.kind === 'category') return cramersV(a.codes, a.levels, b.codes, b.levels);
  if (a.kind === 'category' && b.kind === 'number') return correlationRatio(a.codes, a.levels, b.values);
  if (a.kind === 'number' && b.kind === 'category') return correlationRatio(b.codes, b.levels, a.values);
  return null;
}

function fill(columns: Prepared[]): (number | null)[][] {
  const out = columns.map((_, i) => columns.map((__, j): number | null => (i === j ? 1 : null)));
  for (let i = 0; i < columns.length; i++) {
    for (let j = 0; j < i; j++) {
      const v = association(columns[i]!, columns[j]!);
      out[i]![j] = v;
      out[j]![i] = v;
    }
  }
  return out;
}

/** Both sides' matrices over the columns that have values, and how far apart they are. Null with fewer than two such columns. */
export function compareAssociations(columns: CopulaColumn[], real: EncodedTable, synthetic: EncodedTable, random: Random): AssociationComparison | null {
  const used = columns.map((c, i) => ({ c, i })).filter(({ c }) => c.marginal.kind !== 'missing');
  if (used.length < 2) return null;
  const realRows = sampleRows(real.rows, ASSOCIATION_ROWS, random);
  const synthRows = sampleRows(synthetic.rows, ASSOCIATION_ROWS, random);
  const r = fill(used.map(({ c, i }) => prepare(real.columns[i]!, c, realRows)));
  const s = fill(used.map(({ c, i }) => prepare(synthetic.columns[i]!, c, synthRows)));
  let sum = 0;
  let pairs = 0;
  let largest: AssociationComparison['largest'] = null;
  for (let i = 0; i < used.length; i++) {
    for (let j = 0; j < i; j++) {
      const [x, y] = [r[i]![j], s[i]![j]];
      if (x === null || x === undefined || y === null || y === undefined) continue;
      const d = Math.abs(x - y);
      sum += d;
      pairs++;
      if (!largest || d > Math.abs(largest.real - largest.synthetic)) largest = { a: used[i]!.c.name, b: used[j]!.c.name, real: x, synthetic: y };
    }
  }
  return { columns: used.map(({ c }) => c.name), real: r, synthetic: s, meanAbsDifference: pairs ? sum / pairs : 0, largest, rows: { real: realRows.length, synthetic: synthRows.length } };
}
