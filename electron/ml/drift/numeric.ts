/**
 * Drift statistics of one numeric feature, a batch against the reference profile: the two-sample Kolmogorov–Smirnov
 * test, the Wasserstein distance and PSI on the reference's quantile bins, each matching scipy 1.10 / numpy 1.24.
 */
import type { GyreErrorShape } from '../../contract/errors';
import { kolmogorovSf } from './special';

/** A statistic, or why it could not be computed (an empty side), as a value rather than a throw. */
export type DriftOutcome<T> = { ok: true; value: T } | { ok: false; error: GyreErrorShape };

/** One side's non-missing values, sorted ascending once and shared by every statistic; NaN rows are counted apart. */
export interface SortedSample {
  values: Float64Array;
  missing: number;
}

/** Drops NaN (missing) values, counting them, and sorts the rest; the only O(n log n) step of a drift report. */
export function sortedSample(raw: ArrayLike<number>): SortedSample {
  let missing = 0;
  for (let i = 0; i < raw.length; i++) if (Number.isNaN(raw[i]!)) missing++;
  const values = new Float64Array(raw.length - missing);
  let k = 0;
  for (let i = 0; i < raw.length; i++) if (!Number.isNaN(raw[i]!)) values[k++] = raw[i]!;
  return { values: values.sort(), missing };
}

/** The error value when a side has no non-missing rows; undefined when both sides can be compared. */
export function emptySideError(referenceSize: number, batchSize: number): GyreErrorShape | undefined {
  const side = referenceSize === 0 ? 'reference' : batchSize === 0 ? 'batch' : undefined;
  if (side === undefined) return undefined;
  return { code: 'VALIDATION', message: `The ${side} has no non-missing values, so drift cannot be measured.`, details: { field: side } };
}

/** Largest |F_ref - F_batch| over the pooled values, as ks_2samp computes it from searchsorted(side='right'). */
function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = -Infinity;
  let minDiff = Infinity;
  while (i < n1 || j < n2) {
    const v = Math.min(i < n1 ? a[i]! : Infinity, j < n2 ? b[j]! : Infinity);
    while (i < n1 && a[i]! <= v) i++;
    while (j < n2 && b[j]! <= v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    if (diff < minDiff) minDiff = diff;
  }
  const minS = Math.min(1, Math.max(0, -minDiff));
  return minS > maxS ? minS : maxS;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** P(D ≥ h/n) for equal sample sizes n: scipy's `_compute_prob_outside_square` (a Horner-like alternating sum). */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * P(D ≥ h/lcm) for unequal sizes: scipy's `_compute_outer_prob_inside_method`, the lattice-path recursion of Hodges
 * carried as 1 - p (Viehmann 2021) over a sliding window of one column, so it neither overflows nor cancels.
 */
function probOutsideInside(n1: number, n2: number, g: number, h: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const A = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj]! * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, curlen, curlen + (lastlen - curlen));
  }
  return A[maxj - minj - 1]!;
}

/** scipy's method='auto' switches to the asymptotic distribution above this many rows on the larger side. */
export const KS_MAX_EXACT_N = 10_000;

export interface KsResult {
  statistic: number;
  pValue: number;
  /** 'exact': scipy's exact null distribution; 'asymp': the limiting Kolmogorov distribution (see ksTwoSample). */
  method: 'exact' | 'asymp';
  referenceSize: number;
  batchSize: number;
  referenceMissing: number;
  batchMissing: number;
}

/**
 * Two-sided two-sample Kolmogorov–Smirnov test, as `scipy.stats.ks_2samp(ref, batch)` (method='auto', scipy 1.10).
 * When both sides have ≤ 10,000 rows it is scipy's exact method, reproduced step for step: the statistic is snapped
 * to h / lcm(n1, n2) and the p-value comes from the same recursions, so both agree with scipy to rounding. Above
 * that, scipy uses `kstwo.sf(D, round(n1·n2/(n1+n2)))`, the finite-n one-sample distribution; this uses its limit,
 * `kolmogorov(√n_e · D)` with n_e = round(n1·n2/(n1+n2)), larger than scipy by a relative O(1/√n_e): under 2% at
 * n_e ≥ 5,000, 4% at 2,400, under 4e-3 absolute (measured in the fixture and test); the statistic is exact either way.
 */
export function ksTwoSample(reference: SortedSample, batch: SortedSample): DriftOutcome<KsResult> {
  const n1 = reference.values.length;
  const n2 = batch.values.length;
  const error = emptySideError(n1, n2);
  if (error) return { ok: false, error };
  const sizes = { referenceSize: n1, batchSize: n2, referenceMissing: reference.missing, batchMissing: batch.missing };
  let d = ksStatistic(reference.values, batch.values);
  if (Math.max(n1, n2) <= KS_MAX_EXACT_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    d = h / lcm;
    let p = 1;
    if (h !== 0) p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideInside(n1, n2, g, h);
    if (p >= 0 && p <= 1) return { ok: true, value: { statistic: d, pValue: p, method: 'exact', ...sizes } };
  }
  const en = Math.round((n1 * n2) / (n1 + n2));
  const p = Math.min(1, Math.max(0, kolmogorovSf(Math.sqrt(en) * d)));
  return { ok: true, value: { statistic: d, pValue: p, method: 'asymp', ...sizes } };
}

/**
 * First Wasserstein distance between the two empirical distributions, as `scipy.stats.wasserstein_distance(u, v)`:
 * the area between the two step CDFs, Σ |F_u(x_k) - F_v(x_k)| · (x_{k+1} - x_k) over the pooled sorted values.
 */
export function wassersteinDistance(reference: SortedSample, batch: SortedSample): DriftOutcome<number> {
  const a = reference.values;
  const b = batch.values;
  const error = emptySideError(a.length, b.length);
  if (error) return { ok: false, error };
  let i = 0;
  let j = 0;
  let sum = 0;
  let previous = Math.min(a[0]!, b[0]!);
  while (i < a.length || j < b.length) {
    const v = Math.min(i < a.length ? a[i]! : Infinity, j < b.length ? b[j]! : Infinity);
    if (v > previous) sum += Math.abs(i / a.length - j / b.length) * (v - previous);
    while (i < a.length && a[i]! <= v) i++;
    while (j < b.length && b[j]! <= v) j++;
    previous = v;
  }
  return { ok: true, value: sum };
}

/** numpy.quantile(sorted, q) with the default 'linear' method, including numpy's two-sided lerp. */
function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = pos - lo;
  const a = sorted[lo]!;
  const diff = sorted[hi]! - a;
  return t >= 0.5 ? sorted[hi]! - diff * (1 - t) : a + diff * t;
}

/**
 * Interior edges of `bins` quantile bins of the reference: numpy.quantile at k/bins for k = 1…bins-1, duplicates
 * dropped (a constant or lumpy column yields fewer bins). Bin i holds edges[i-1] ≤ x < edges[i]; the outer bins are
 * open, so batch values beyond the reference's range still land somewhere.
 */
export function quantileEdges(reference: SortedSample, bins = 10): Float64Array {
  const edges: number[] = [];
  if (reference.values.length === 0) return new Float64Array(0);
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(reference.values, k / bins);
    if (edges.length === 0 || e !== edges[edges.length - 1]) edges.push(e);
  }
  return Float64Array.from(edges);
}

/** Index of the first value ≥ x in a sorted array (numpy's searchsorted side='left'). */
export function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rows of a sorted sample in each bin of `edges` (edges.length + 1 bins), by binary search: O(bins · log n). */
export function binCounts(sample: SortedSample, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  let below = 0;
  for (let k = 0; k < edges.length; k++) {
    const upTo = lowerBound(sample.values, edges[k]!);
    counts[k] = upTo - below;
    below = upTo;
  }
  counts[edges.length] = sample.values.length - below;
  return counts;
}

/**
 * Share given to an empty bin so PSI stays finite: 1e-4, the common practice (one row in ten thousand). Both shares
 * are floored at it, which caps one empty bin's contribution near 0.1 · |ln share|.
 */
export const PSI_EPSILON = 1e-4;

/** Population stability index Σ (b_i - r_i) · ln(b_i / r_i) over shares of two aligned count vectors. */
export function psiFromCounts(referenceCounts: ArrayLike<number>, batchCounts: ArrayLike<number>, epsilon = PSI_EPSILON): number {
  let refTotal = 0;
  let batchTotal = 0;
  for (let k = 0; k < referenceCounts.length; k++) refTotal += referenceCounts[k]!;
  for (let k = 0; k < batchCounts.length; k++) batchTotal += batchCounts[k]!;
  let psi = 0;
  for (let k = 0; k < referenceCounts.length; k++) {
    const r = Math.max(referenceCounts[k]! / refTotal, epsilon);
    const b = Math.max(batchCounts[k]! / batchTotal, epsilon);
    psi += (b - r) * Math.log(b / r);
  }
  return psi;
}

export interface NumericPsi {
  psi: number;
  edges: Float64Array;
  referenceCounts: Float64Array;
  batchCounts: Float64Array;
}

/** PSI of a numeric feature on the reference's quantile bins (10 by default), with PSI_EPSILON for empty bins. */
export function numericPsi(reference: SortedSample, batch: SortedSample, bins = 10, epsilon = PSI_EPSILON): DriftOutcome<NumericPsi> {
  const error = emptySideError(reference.values.length, batch.values.length);
  if (error) return { ok: false, error };
  const edges = quantileEdges(reference, bins);
  const referenceCounts = binCounts(reference, edges);
  const batchCounts = binCounts(batch, edges);
  return { ok: true, value: { psi: psiFromCounts(referenceCounts, batchCounts, epsilon), edges, referenceCounts, batchCounts } };
}
