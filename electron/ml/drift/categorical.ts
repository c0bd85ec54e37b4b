/**
 * Drift statistics of one categorical feature from its category counts in the reference and in the batch: the
 * chi-squared test of homogeneity, the Jensen–Shannon distance and PSI, each matching scipy 1.10.
 */
import type { GyreErrorShape } from '../../contract/errors';
import { emptySideError, psiFromCounts, PSI_EPSILON, type DriftOutcome } from './numeric';
import { chi2Sf } from './special';

/** Both sides' counts over one list of categories (the union), plus rows with no category on each side. */
export interface CategoryCounts {
  categories: string[];
  reference: Float64Array;
  batch: Float64Array;
  referenceMissing: number;
  batchMissing: number;
}

/**
 * Counts each side's values over the union of categories, in first-seen order (reference first), so a category
 * absent from one side is an explicit 0 there. null / undefined are missing: counted apart, never a category.
 */
export function countCategories(reference: ArrayLike<string | null | undefined>, batch: ArrayLike<string | null | undefined>): CategoryCounts {
  const index = new Map<string, number>();
  const tally = (values: ArrayLike<string | null | undefined>, counts: number[][], side: 0 | 1): number => {
    let missing = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) {
        missing++;
        continue;
      }
      let k = index.get(v);
      if (k === undefined) {
        k = index.size;
        index.set(v, k);
        counts.push([0, 0]);
      }
      counts[k]![side]!++;
    }
    return missing;
  };
  const counts: number[][] = [];
  const referenceMissing = tally(reference, counts, 0);
  const batchMissing = tally(batch, counts, 1);
  return {
    categories: [...index.keys()],
    reference: Float64Array.from(counts, (c) => c[0]!),
    batch: Float64Array.from(counts, (c) => c[1]!),
    referenceMissing,
    batchMissing,
  };
}

/** Why two count vectors cannot be compared (an empty side, or categories not aligned); undefined when they can. */
function countsError(referenceCounts: ArrayLike<number>, batchCounts: ArrayLike<number>): GyreErrorShape | undefined {
  if (referenceCounts.length !== batchCounts.length) {
    const message = `The reference has ${referenceCounts.length} categories but the batch ${batchCounts.length}; counts must be aligned.`;
    return { code: 'VALIDATION', message, details: { field: 'batch' } };
  }
  return emptySideError(total(referenceCounts), total(batchCounts));
}

function total(counts: ArrayLike<number>): number {
  let sum = 0;
  for (let k = 0; k < counts.length; k++) sum += counts[k]!;
  return sum;
}

export interface ChiSquaredResult {
  statistic: number;
  pValue: number;
  /** Categories seen on either side, minus one; categories absent from both sides are dropped first. */
  dof: number;
}

/**
 * Chi-squared test of homogeneity on the 2×k table [reference counts; batch counts], as
 * `scipy.stats.chi2_contingency(table, correction=False)` with the p-value from chi2.sf(statistic, k-1).
 * Why this and not `chisquare(batch, f_exp=reference scaled)`: the reference is itself a sample, not the true
 * population, so its noise belongs in the test; and a category new in the batch (0 in the reference) would give
 * an expected count of 0 and an infinite statistic there, whereas the contingency table tests it like any other.
 * Categories that are 0 on both sides carry no information (scipy would refuse a zero expected count) and are dropped.
 */
export function chiSquaredTest(referenceCounts: ArrayLike<number>, batchCounts: ArrayLike<number>): DriftOutcome<ChiSquaredResult> {
  const error = countsError(referenceCounts, batchCounts);
  if (error) return { ok: false, error };
  const refTotal = total(referenceCounts);
  const batchTotal = total(batchCounts);
  const grand = refTotal + batchTotal;
  let statistic = 0;
  let present = 0;
  for (let k = 0; k < referenceCounts.length; k++) {
    const r = referenceCounts[k]!;
    const b = batchCounts[k]!;
    const column = r + b;
    if (column === 0) continue;
    present++;
    const expectedRef = (refTotal * column) / grand;
    const expectedBatch = (batchTotal * column) / grand;
    statistic += ((r - expectedRef) * (r - expectedRef)) / expectedRef + ((b - expectedBatch) * (b - expectedBatch)) / expectedBatch;
  }
  const dof = present - 1;
  // scipy answers a table with one category (dof 0) with statistic 0 and p-value 1.
  if (dof === 0) return { ok: true, value: { statistic: 0, pValue: 1, dof } };
  return { ok: true, value: { statistic, pValue: chi2Sf(statistic, dof), dof } };
}

/** x · ln(x / y) as scipy.special.rel_entr, for shares: 0 when x is 0. */
function relEntr(x: number, y: number): number {
  if (x === 0) return 0;
  return x * Math.log(x / y);
}

/**
 * Jensen–Shannon distance in bits between the two frequency vectors, as
 * `scipy.spatial.distance.jensenshannon(p, q, base=2)`: each normalised to sum 1, then √(JS divergence). It is
 * finite when a category is absent from one side (0 ≤ d ≤ 1), and applies as well to numeric histogram counts.
 */
export function jensenShannonDistance(referenceCounts: ArrayLike<number>, batchCounts: ArrayLike<number>): DriftOutcome<number> {
  const error = countsError(referenceCounts, batchCounts);
  if (error) return { ok: false, error };
  const refTotal = total(referenceCounts);
  const batchTotal = total(batchCounts);
  let left = 0;
  let right = 0;
  for (let k = 0; k < referenceCounts.length; k++) {
    const p = referenceCounts[k]! / refTotal;
    const q = batchCounts[k]! / batchTotal;
    const m = (p + q) / 2;
    left += relEntr(p, m);
    right += relEntr(q, m);
  }
  const divergence = (left + right) / Math.LN2;
  return { ok: true, value: Math.sqrt(divergence / 2) };
}

/** PSI over categories; a category absent from one side gets the share PSI_EPSILON there rather than an infinity. */
export function categoricalPsi(referenceCounts: ArrayLike<number>, batchCounts: ArrayLike<number>, epsilon = PSI_EPSILON): DriftOutcome<number> {
  const error = countsError(referenceCounts, batchCounts);
  if (error) return { ok: false, error };
  return { ok: true, value: psiFromCounts(referenceCounts, batchCounts, epsilon) };
}
