/** The charts of a drift report: each side's distribution of one feature as shares, on bins or categories both share. */
import type { DistributionChart } from '../../contract/monitor';
import type { CategoryCounts } from './categorical';
import { lowerBound, type SortedSample } from './numeric';

/** Equal-width bins over both sides' pooled range. */
export const CHART_BINS = 20;
/** Categories shown by name; the rest are summed as OTHER. */
export const CHART_CATEGORIES = 12;
export const OTHER = '(other)';

/**
 * CHART_BINS equal-width bins over [min, max] of both sides (one bin when every value is the same); bin k holds
 * edges[k] ≤ x < edges[k+1], the last one its upper edge too. Counted by binary search in the sorted sides.
 * null when neither side has a value, or the range is not a finite number.
 */
export function numericChart(reference: SortedSample, batch: SortedSample): DistributionChart | null {
  const a = reference.values;
  const b = batch.values;
  if (a.length + b.length === 0) return null;
  const lo = Math.min(a.length ? a[0]! : Infinity, b.length ? b[0]! : Infinity);
  const hi = Math.max(a.length ? a[a.length - 1]! : -Infinity, b.length ? b[b.length - 1]! : -Infinity);
  if (!Number.isFinite(hi - lo)) return null;
  const bins = hi === lo ? 1 : CHART_BINS;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? hi : lo + ((hi - lo) * k) / bins));
  return { kind: 'numeric', edges, reference: binShares(a, edges), batch: binShares(b, edges) };
}

function binShares(sorted: Float64Array, edges: number[]): number[] {
  const shares: number[] = [];
  let below = 0;
  for (let k = 1; k < edges.length; k++) {
    const upTo = k === edges.length - 1 ? sorted.length : lowerBound(sorted, edges[k]!);
    shares.push(sorted.length ? (upTo - below) / sorted.length : 0);
    below = upTo;
  }
  return shares;
}

/** Index of the first value > x in a sorted array. */
export function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The CHART_CATEGORIES categories with the largest combined share of both sides (ties by name), the rest as OTHER. */
export function categoricalChart(counts: CategoryCounts): DistributionChart | null {
  const refTotal = sum(counts.reference);
  const batchTotal = sum(counts.batch);
  if (refTotal + batchTotal === 0) return null;
  const share = (c: number, total: number) => (total ? c / total : 0);
  const order = counts.categories
    .map((name, k) => ({ name, k, combined: share(counts.reference[k]!, refTotal) + share(counts.batch[k]!, batchTotal) }))
    .sort((x, y) => y.combined - x.combined || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const shown = order.slice(0, CHART_CATEGORIES);
  const chart = {
    kind: 'categorical' as const,
    categories: shown.map((c) => c.name),
    reference: shown.map((c) => share(counts.reference[c.k]!, refTotal)),
    batch: shown.map((c) => share(counts.batch[c.k]!, batchTotal)),
  };
  if (order.length > CHART_CATEGORIES) {
    const rest = order.slice(CHART_CATEGORIES);
    chart.categories.push(OTHER);
    chart.reference.push(share(sum(rest.map((c) => counts.reference[c.k]!)), refTotal));
    chart.batch.push(share(sum(rest.map((c) => counts.batch[c.k]!)), batchTotal));
  }
  return chart;
}

export function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}
