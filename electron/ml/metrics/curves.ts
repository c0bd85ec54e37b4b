/**
 * What a run's evaluation charts draw, kept small enough to store with the run: the ROC and precision-recall
 * curves thinned to a few hundred points, a reliability diagram (calibration) and a sample of regression residuals.
 */
import type { Labels } from './classification';
import { precisionRecallCurve, rocCurve } from './ranking';

/** At most `max` points of a curve: evenly spaced by index, the first and last always kept. */
export function thin(xs: ArrayLike<number>, ys: ArrayLike<number>, max: number): { x: number[]; y: number[] } {
  const n = xs.length;
  if (n <= max) return { x: Array.from(xs), y: Array.from(ys) };
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < max; i++) {
    const at = Math.round((i * (n - 1)) / (max - 1));
    x.push(xs[at]!);
    y.push(ys[at]!);
  }
  return { x, y };
}

export const CURVE_POINTS = 200;

/** False-positive rate (x) against true-positive rate (y); null when the test rows hold one class. */
export function rocPoints(yTrue: Labels, score: Float64Array): { x: number[]; y: number[] } | null {
  const curve = rocCurve(yTrue, score);
  return curve ? thin(curve.fpr, curve.tpr, CURVE_POINTS) : null;
}

/** Recall (x) against precision (y), from high recall to low. */
export function prPoints(yTrue: Labels, score: Float64Array): { x: number[]; y: number[] } {
  const curve = precisionRecallCurve(yTrue, score);
  return thin(curve.recall, curve.precision, CURVE_POINTS);
}

export interface Calibration {
  /** Mean predicted probability of each non-empty bin (x)… */
  predicted: number[];
  /** …the share of positives in it (y)… */
  observed: number[];
  /** …and how many rows it holds. */
  count: number[];
}

/**
 * The reliability diagram of scikit-learn's `calibration_curve(strategy="uniform")`: `bins` equal-width bins of
 * the predicted probability on [0, 1], empty bins left out. As there, a value on an inner edge belongs to the bin
 * below it (`np.searchsorted(edges[1:-1], p)`), with the edges computed as numpy's `linspace` computes them.
 */
export function calibration(yTrue: Labels, positive: Float64Array, bins = 10): Calibration {
  const step = 1 / bins;
  const inner = Array.from({ length: bins - 1 }, (_, i) => (i + 1) * step);
  const sum = new Float64Array(bins);
  const hits = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < positive.length; i++) {
    const p = positive[i]!;
    let b = 0;
    while (b < inner.length && inner[b]! < p) b++;
    sum[b]! += p;
    hits[b]! += yTrue[i] === 1 ? 1 : 0;
    count[b]!++;
  }
  const out: Calibration = { predicted: [], observed: [], count: [] };
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    out.predicted.push(sum[b]! / count[b]!);
    out.observed.push(hits[b]! / count[b]!);
    out.count.push(count[b]!);
  }
  return out;
}

/** Up to `max` (predicted, actual) pairs, evenly spaced over the test rows, for a residual plot. */
export function residualSample(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, max = 500): { predicted: number[]; actual: number[] } {
  const { x, y } = thin(yPred, yTrue, max);
  return { predicted: x, actual: y };
}
