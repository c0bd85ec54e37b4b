/**
 * The threshold explorer's lookups: the table point nearest a threshold, where the slider starts, its marks, and
 * one point's numbers in words. The slider moves over the table's points by index, so every position is a
 * threshold the report measured and each arrow key press moves exactly one point.
 */
import type { ThresholdTable } from '@contract';

export interface ThresholdPoint {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** The index of the value nearest `target` in an ascending list (the lower one on a tie); -1 when empty. */
export function nearestIndex(values: readonly number[], target: number): number {
  if (values.length === 0) return -1;
  let lo = 0;
  let hi = values.length - 1;
  // The first index whose value is ≥ target, or the last index.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && target - values[lo - 1]! <= Math.abs(values[lo]! - target)) return lo - 1;
  return lo;
}

/** Where the explorer starts: the point nearest the default 0.5 threshold. */
export function startIndex(table: Pick<ThresholdTable, 'threshold'>): number {
  return Math.max(0, nearestIndex(table.threshold, 0.5));
}

export function bestF1Index(table: Pick<ThresholdTable, 'threshold' | 'bestF1'>): number {
  return Math.max(0, nearestIndex(table.threshold, table.bestF1));
}

/** The table's row at an index, clamped into range. */
export function pointAt(table: ThresholdTable, index: number): ThresholdPoint {
  const i = Math.min(Math.max(0, Math.round(index)), table.threshold.length - 1);
  return {
    threshold: table.threshold[i]!,
    precision: table.precision[i]!,
    recall: table.recall[i]!,
    f1: table.f1[i]!,
    accuracy: table.accuracy[i]!,
    tp: table.tp[i]!,
    fp: table.fp[i]!,
    tn: table.tn[i]!,
    fn: table.fn[i]!,
  };
}

/** A threshold to three decimals, more where the table's points are closer than that: "0.500", "0.0012". */
export function formatThreshold(t: number): string {
  if (t !== 0 && Math.abs(t) < 0.01) return t.toPrecision(2);
  return t.toFixed(3);
}

/** Slider marks at the points nearest the round thresholds, labelled with the threshold each really is. */
export function sliderMarks(thresholds: readonly number[], at: readonly number[] = [0.1, 0.3, 0.5, 0.7, 0.9]): { value: number; label: string }[] {
  const seen = new Set<number>();
  const marks: { value: number; label: string }[] = [];
  for (const t of at) {
    const i = nearestIndex(thresholds, t);
    if (i < 0 || seen.has(i)) continue;
    seen.add(i);
    marks.push({ value: i, label: formatThreshold(thresholds[i]!) });
  }
  return marks;
}

/** What choosing this threshold means for the rows, in one sentence. */
export function pointSummary(p: ThresholdPoint, positive: string): string {
  const positives = p.tp + p.fn;
  const flagged = p.tp + p.fp;
  const rows = positives + p.fp + p.tn;
  const found = `${p.tp.toLocaleString('en')} of ${positives.toLocaleString('en')} “${positive}” rows are caught`;
  const alarms = `${p.fp.toLocaleString('en')} ${p.fp === 1 ? 'row is' : 'rows are'} flagged wrongly`;
  return `At ${formatThreshold(p.threshold)}, ${flagged.toLocaleString('en')} of ${rows.toLocaleString('en')} rows are predicted “${positive}”: ${found} and ${alarms}.`;
}
