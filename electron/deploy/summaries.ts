/**
 * One column of reference rows summarized as monitoring will compare new data against it: numbers by moments,
 * 99 quantiles and a 20-bin quantile histogram (PSI and KS read these), text by category counts.
 */
import { quantileSorted } from '../ml/metrics/bootstrap';

/** 0.01, 0.02, … 0.99. */
export const QUANTILE_LEVELS: readonly number[] = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
export const HISTOGRAM_BINS = 20;
export const MAX_CATEGORIES = 1000;

export interface NumberHistogram {
  /**
   * [min, cut₁, …, cutₖ, max]: the cuts are the 5%, 10%, … 95% quantiles with repeats dropped, so there are at
   * most 20 bins. Bin i holds values v with edges[i] ≤ v < edges[i+1]; the outer bins are open-ended (a value below
   * the minimum counts in the first, at or above the last cut in the last), so every new value has a bin: `binOf`.
   */
  edges: number[];
  counts: number[];
  /** Rows with no value: a bin of their own. */
  missing: number;
}

export interface NumberSummary {
  kind: 'number';
  /** Rows with a value, and without. */
  count: number;
  missing: number;
  mean: number | null;
  /** Sample standard deviation (n − 1). */
  std: number | null;
  min: number | null;
  max: number | null;
  /** At QUANTILE_LEVELS, interpolated linearly (numpy's default); empty when there are no values. */
  quantiles: number[];
  histogram: NumberHistogram;
}

export interface CategorySummary {
  kind: 'category';
  count: number;
  missing: number;
  distinct: number;
  /** The most frequent values (at most MAX_CATEGORIES), most frequent first, ties by value. */
  categories: { value: string; count: number }[];
  /** Rows holding any other value. */
  other: number;
}

export type ColumnSummary = NumberSummary | CategorySummary;

/** The bin of a histogram that a value falls in (see NumberHistogram.edges); -1 for a missing value or no bins. */
export function binOf(edges: readonly number[], value: number): number {
  if (Number.isNaN(value) || edges.length < 2) return -1;
  // Bin = how many cuts (edges[1] … edges[n-2]) are ≤ value.
  let lo = 1;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Numbers of `values` at `rows` (NaN = missing). */
export function summarizeNumbers(values: Float64Array, rows: ArrayLike<number>): NumberSummary {
  const present = new Float64Array(rows.length);
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]!]!;
    if (!Number.isNaN(v)) present[count++] = v;
  }
  const sorted = present.subarray(0, count).sort();
  const missing = rows.length - count;
  if (count === 0) return { kind: 'number', count, missing, mean: null, std: null, min: null, max: null, quantiles: [], histogram: { edges: [], counts: [], missing } };
  let sum = 0;
  for (let i = 0; i < count; i++) sum += sorted[i]!;
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (sorted[i]! - mean) ** 2;
  const std = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
  const cuts: number[] = [];
  for (let k = 1; k < HISTOGRAM_BINS; k++) {
    const cut = quantileSorted(sorted, k / HISTOGRAM_BINS);
    if (cuts.length === 0 || cut > cuts[cuts.length - 1]!) cuts.push(cut);
  }
  const edges = [sorted[0]!, ...cuts, sorted[count - 1]!];
  const counts = new Array<number>(cuts.length + 1).fill(0);
  for (let i = 0; i < count; i++) counts[binOf(edges, sorted[i]!)]!++;
  return {
    kind: 'number',
    count,
    missing,
    mean,
    std,
    min: sorted[0]!,
    max: sorted[count - 1]!,
    quantiles: QUANTILE_LEVELS.map((q) => quantileSorted(sorted, q)),
    histogram: { edges, counts, missing },
  };
}

/** Text of `values` at `rows` (null or "" = missing). */
export function summarizeCategories(values: readonly (string | null)[], rows: ArrayLike<number>): CategorySummary {
  const counts = new Map<string, number>();
  let missing = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]!];
    if (v === null || v === undefined || v === '') missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return { kind: 'category', count: rows.length - missing, missing, distinct: counts.size, ...topCategories(counts) };
}

/** The most frequent values and the count of all others. */
export function topCategories(counts: Map<string, number>, limit = MAX_CATEGORIES): { categories: { value: string; count: number }[]; other: number } {
  const all = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const categories = all.slice(0, limit);
  return { categories, other: all.slice(limit).reduce((s, c) => s + c.count, 0) };
}
