/**
 * One column's distribution as the copula keeps it, and the map between its values and the uniform (0, 1):
 * numbers as stored quantiles (an interpolated inverse CDF), few-valued numbers and categories as intervals of the
 * uniform in proportion to their frequencies, plus the share of missing values.
 */
import type { RawColumn } from '../preprocess/frame';
import type { Random } from '../random';
import { normalQuantile, openUniform } from './normal';

/** How generated numbers are rounded so they look like the real ones — and compare exactly with them. */
export type Rounding = { kind: 'decimals'; digits: number } | { kind: 'multiple'; of: number } | null;

export type Marginal =
  /** Every value missing: generated as missing. */
  | { kind: 'missing' }
  /** `knots[k]` is the quantile at k / (K − 1); between knots the inverse CDF is linear, so min and max are kept. */
  | { kind: 'continuous'; missing: number; knots: Float64Array; rounding: Rounding; float32: boolean }
  /** Few distinct values, ascending; `cumulative[i]` is the share of present values ≤ values[i] (the last is 1). */
  | { kind: 'discrete'; missing: number; values: Float64Array; cumulative: Float64Array }
  /** Categories, most frequent first (the usual order for a copula's category intervals). */
  | { kind: 'categorical'; missing: number; levels: string[]; cumulative: Float64Array };

export interface FittedColumn {
  marginal: Marginal;
  /** Uniform scores of the fit rows (NaN where missing): ties spread at random over their interval. */
  u: Float64Array;
  /**
   * Share of a latent normal's variance its values keep, Σ p_k·E[Z | interval k]²: 1 for distinct numbers, less for
   * few values (0.64 for a 50/50 boolean). A correlation measured on spread-out scores is this much too weak.
   */
  retained: number;
}

const density = (t: number) => (Number.isFinite(t) ? Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI) : 0);

/** Σ p_k·E[Z | Z in interval k]² for intervals of the uniform ending at `ends` (ascending, the last 1). */
export function retainedVariance(ends: ArrayLike<number>): number {
  let sum = 0;
  let start = 0;
  let before = 0;
  for (let k = 0; k < ends.length; k++) {
    const p = ends[k]! - start;
    const after = density(normalQuantile(ends[k]!));
    if (p > 0) sum += (before - after) ** 2 / p;
    before = after;
    start = ends[k]!;
  }
  return Math.min(1, sum);
}

/** Quantile knots kept per number column: a KS error of at most ~1/1000 from the interpolation. */
export const KNOTS = 1001;
/** A number column with at most this many distinct values, each seen 5 times on average, is treated as discrete. */
const DISCRETE_VALUES = 64;
const DATE_UNITS = [86_400_000, 3_600_000, 60_000, 1_000, 1];

/** Smallest i with cumulative[i] > u. */
export function intervalOf(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Numpy's default (linear) quantiles of sorted values at K evenly spaced levels; every value when there are fewer. */
function quantileKnots(sorted: Float64Array): Float64Array {
  const n = sorted.length;
  if (n <= KNOTS) return sorted.slice();
  const knots = new Float64Array(KNOTS);
  for (let k = 0; k < KNOTS; k++) {
    const pos = (k / (KNOTS - 1)) * (n - 1);
    const i = Math.min(Math.floor(pos), n - 2);
    knots[k] = sorted[i]! + (pos - i) * (sorted[i + 1]! - sorted[i]!);
  }
  return knots;
}

/** The rounding the real values already have: whole units (integers, dates to the day…) or a number of decimals. */
function roundingOf(sorted: Float64Array, semanticType: RawColumn['semanticType'], storageType: string): Rounding {
  const sample = sorted.length <= 10_000 ? sorted : sorted.filter((_, i) => i % Math.ceil(sorted.length / 10_000) === 0);
  if (semanticType === 'datetime') {
    const unit = DATE_UNITS.find((u) => sample.every((v) => v % u === 0));
    return unit === undefined ? null : { kind: 'multiple', of: unit };
  }
  if (semanticType === 'integer' || /INT/i.test(storageType)) return { kind: 'decimals', digits: 0 };
  for (let digits = 0; digits <= 6; digits++) {
    const scale = 10 ** digits;
    if (sample.every((v) => Math.abs(v * scale - Math.round(v * scale)) <= 1e-6 + 1e-12 * Math.abs(v * scale))) return { kind: 'decimals', digits };
  }
  return null;
}

export function applyRounding(v: number, rounding: Rounding): number {
  if (rounding === null) return v;
  if (rounding.kind === 'multiple') return Math.round(v / rounding.of) * rounding.of;
  const scale = 10 ** rounding.digits;
  return Math.round(v * scale) / scale;
}

function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: Float64Array, v: number, from: number): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function numberColumn(values: Float64Array, semanticType: RawColumn['semanticType'], storageType: string, fitRows: Uint32Array, random: Random): FittedColumn {
  const sorted = values.filter(Number.isFinite).sort();
  const n = sorted.length;
  const u = new Float64Array(fitRows.length).fill(NaN);
  if (n === 0) return { marginal: { kind: 'missing' }, u, retained: 1 };
  // Each run of equal values is one interval of the uniform; its rows are spread over it at random.
  fitRows.forEach((row, i) => {
    const v = values[row]!;
    if (!Number.isFinite(v)) return;
    const lo = lowerBound(sorted, v);
    u[i] = (lo + openUniform(random) * (upperBound(sorted, v, lo) - lo)) / n;
  });
  const ends: number[] = [];
  for (let i = 0; i < n; i++) if (i + 1 === n || sorted[i + 1] !== sorted[i]) ends.push((i + 1) / n);
  const missing = 1 - n / values.length;
  const retained = retainedVariance(ends);
  const distinct = ends.length;
  const discrete = semanticType === 'boolean' || (distinct <= DISCRETE_VALUES && n >= 5 * distinct);
  if (!discrete) {
    const marginal: Marginal = { kind: 'continuous', missing, knots: quantileKnots(sorted), rounding: roundingOf(sorted, semanticType, storageType), float32: /^(FLOAT|FLOAT4|REAL)$/i.test(storageType) };
    return { marginal, u, retained };
  }
  const levels = new Float64Array(distinct);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && sorted[i] !== sorted[i - 1]) k++;
    levels[k] = sorted[i]!;
  }
  const cumulative = Float64Array.from(ends);
  cumulative[distinct - 1] = 1;
  return { marginal: { kind: 'discrete', missing, values: levels, cumulative }, u, retained };
}

function categoryColumn(values: (string | null)[], fitRows: Uint32Array, random: Random, order?: string[]): FittedColumn {
  const counts = new Map<string, number>();
  let present = 0;
  for (const v of values) {
    if (v === null) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    present++;
  }
  const u = new Float64Array(fitRows.length).fill(NaN);
  if (present === 0) return { marginal: { kind: 'missing' }, u, retained: 1 };
  const levels = order ?? [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  const cumulative = new Float64Array(levels.length);
  const start = new Map<string, { from: number; width: number }>();
  let running = 0;
  levels.forEach((level, i) => {
    const width = counts.get(level)! / present;
    start.set(level, { from: running, width });
    running += width;
    cumulative[i] = running;
  });
  cumulative[levels.length - 1] = 1;
  fitRows.forEach((row, i) => {
    const v = values[row];
    if (v === null || v === undefined) return;
    const { from, width } = start.get(v)!;
    u[i] = from + openUniform(random) * width;
  });
  return { marginal: { kind: 'categorical', missing: 1 - present / values.length, levels, cumulative }, u, retained: retainedVariance(cumulative) };
}

/**
 * Fits one column's marginal on every row and scores the fit rows on the uniform scale. Categories lie on the uniform
 * most frequent first, or in `order` (every level of the column, once).
 */
export function fitColumn(column: RawColumn, storageType: string, fitRows: Uint32Array, random: Random, order?: string[]): FittedColumn {
  return column.kind === 'number' ? numberColumn(column.values, column.semanticType, storageType, fitRows, random) : categoryColumn(column.values, fitRows, random, order);
}

/** The value (a number, or a category's index) at uniform `u` of the present values. */
export function valueAt(m: Exclude<Marginal, { kind: 'missing' }>, u: number): number {
  if (m.kind === 'discrete') return m.values[intervalOf(m.cumulative, u)]!;
  if (m.kind === 'categorical') return intervalOf(m.cumulative, u);
  const { knots } = m;
  if (knots.length === 1) return knots[0]!;
  const pos = u * (knots.length - 1);
  const i = Math.min(Math.floor(pos), knots.length - 2);
  const raw = knots[i]! + (pos - i) * (knots[i + 1]! - knots[i]!);
  const rounded = Math.min(knots[knots.length - 1]!, Math.max(knots[0]!, applyRounding(raw, m.rounding)));
  return m.float32 ? Math.fround(rounded) : rounded;
}

export function missingShare(m: Marginal): number {
  return m.kind === 'missing' ? 1 : m.missing;
}
