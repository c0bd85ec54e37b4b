/**
 * Choosing a binary classifier's threshold: precision, recall, F1, accuracy and the confusion counts over a grid of
 * thresholds (a row is predicted positive when its score ≥ the threshold), and cumulative gain and lift as
 * scikit-plot draws them. Rows are sorted by score once; tied scores always fall on the same side.
 */
import { GyreError } from '../../contract/errors';
import { checkLabels, checkRows, type Labels } from '../metrics/classification';
import { thresholdCounts } from '../metrics/ranking';

export const SWEEP_POINTS = 201;

export interface ThresholdPoint {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** tp / (tp + fp), 0 when nothing is predicted positive (scikit-learn's zero_division=0). */
  precision: number;
  /** tp / (tp + fn), 0 when y_true holds no positive. */
  recall: number;
  f1: number;
  accuracy: number;
}

export interface ThresholdSweep {
  rows: number;
  positives: number;
  /** Ascending thresholds: the distinct scores, thinned to at most maxPoints, always with 0.5. */
  points: ThresholdPoint[];
}

export interface GainDecile {
  /** 1…10: the top tenth of rows by score, the top two tenths, … */
  decile: number;
  /** Share of rows contacted: decile / 10. */
  share: number;
  /** Share of all positives among the rows contacted (cumulative gain). */
  gain: number;
  /** gain / share: how many times better than contacting rows at random. */
  lift: number;
  /** Share of positives within this tenth alone. */
  responseRate: number;
}

export interface GainLift {
  deciles: GainDecile[];
  /** Cumulative gain from (0, 0) to (1, 1), thinned. */
  gain: { share: number[]; gain: number[] };
  /** Lift from the first group of rows to (1, 1), thinned. */
  lift: { share: number[]; lift: number[] };
}

/** Rows at or above each distinct score, highest score first, and the positives among them. */
interface Ranked {
  scores: Float64Array;
  rows: Float64Array;
  positives: Float64Array;
}

function checkInputs(yTrue: Labels, score: Float64Array, maxPoints: number): void {
  checkRows('y_true', yTrue.length, 'scores', score.length);
  checkLabels('y_true', yTrue, 2);
  for (let i = 0; i < score.length; i++) {
    if (!Number.isFinite(score[i]!)) throw new GyreError('VALIDATION', `Scores must be finite; row ${i} holds ${score[i]}.`, { field: 'scores', row: i });
  }
  if (!Number.isInteger(maxPoints) || maxPoints < 3) throw new GyreError('VALIDATION', `maxPoints must be a whole number of at least 3; got ${maxPoints}.`, { field: 'maxPoints' });
}

/** The one sort (metrics/ranking.ts, as scikit-learn steps tied scores): O(n log n), then one pass. */
function rank(yTrue: Labels, score: Float64Array): Ranked {
  const counts = thresholdCounts(yTrue, score);
  return { scores: Float64Array.from(counts.thresholds), rows: Float64Array.from(counts.tps, (tp, i) => tp + counts.fps[i]!), positives: Float64Array.from(counts.tps) };
}

/** The index of the lowest distinct score still ≥ t (scores descend), or −1 when every score is below t. */
function lastAtOrAbove(scores: Float64Array, t: number): number {
  let lo = 0;
  let hi = scores.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (scores[mid]! >= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** At most `max` indices of 0…n−1, evenly spaced, the first and last kept. */
function thinIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return [...new Set(Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1))))];
}

function thresholdGrid(ranked: Ranked, maxPoints: number): number[] {
  const ascending = ranked.scores.slice().reverse();
  const hasHalf = ascending.includes(0.5);
  const room = hasHalf ? maxPoints : maxPoints - 1;
  const grid = thinIndices(ascending.length, ascending.length <= room ? room : maxPoints - 1).map((i) => ascending[i]!);
  if (!grid.includes(0.5)) grid.push(0.5);
  return grid.sort((a, b) => a - b);
}

function pointAt(ranked: Ranked, threshold: number, rows: number, positives: number): ThresholdPoint {
  const at = lastAtOrAbove(ranked.scores, threshold);
  const predicted = at < 0 ? 0 : ranked.rows[at]!;
  const tp = at < 0 ? 0 : ranked.positives[at]!;
  const fp = predicted - tp;
  const fn = positives - tp;
  const tn = rows - predicted - fn;
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = positives === 0 ? 0 : tp / positives;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { threshold, tp, fp, tn, fn, precision, recall, f1, accuracy: (tp + tn) / rows };
}

/** Confusion counts and scores at each threshold of the grid; `score` is the positive class's probability or any score. */
export function thresholdSweep(yTrue: Labels, score: Float64Array, maxPoints = SWEEP_POINTS): ThresholdSweep {
  checkInputs(yTrue, score, maxPoints);
  const ranked = rank(yTrue, score);
  const rows = yTrue.length;
  const positives = ranked.positives[ranked.positives.length - 1]!;
  const points = thresholdGrid(ranked, maxPoints).map((t) => pointAt(ranked, t, rows, positives));
  return { rows, positives, points };
}

/** The threshold with the highest F1 or accuracy; on a tie, the one nearest 0.5, then the lower. */
export function bestThreshold(sweep: ThresholdSweep, metric: 'f1' | 'accuracy'): ThresholdPoint {
  let best = sweep.points[0];
  if (best === undefined) throw new GyreError('VALIDATION', 'The threshold sweep has no points.', { field: 'sweep' });
  for (const p of sweep.points) {
    const better = p[metric] > best[metric]
      || (p[metric] === best[metric] && Math.abs(p.threshold - 0.5) < Math.abs(best.threshold - 0.5));
    if (better) best = p;
  }
  return best;
}

/**
 * Share of positives among the top `k` rows by score, k possibly fractional. Inside a group of tied scores the
 * gain grows linearly, as the expected gain over every order of the tied rows: no tie-break is invented.
 */
function gainAt(ranked: Ranked, k: number, positives: number): number {
  let lo = 0;
  let hi = ranked.rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranked.rows[mid]! >= k) hi = mid;
    else lo = mid + 1;
  }
  const rowsBefore = lo === 0 ? 0 : ranked.rows[lo - 1]!;
  const positivesBefore = lo === 0 ? 0 : ranked.positives[lo - 1]!;
  const within = (k - rowsBefore) / (ranked.rows[lo]! - rowsBefore);
  return (positivesBefore + within * (ranked.positives[lo]! - positivesBefore)) / positives;
}

function deciles(ranked: Ranked, rows: number, positives: number): GainDecile[] {
  const out: GainDecile[] = [];
  let previous = 0;
  for (let d = 1; d <= 10; d++) {
    const share = d / 10;
    const gain = d === 10 ? 1 : gainAt(ranked, (d * rows) / 10, positives);
    out.push({ decile: d, share, gain, lift: gain / share, responseRate: ((gain - previous) * positives) / (rows / 10) });
    previous = gain;
  }
  return out;
}

/**
 * Cumulative gain and lift (scikit-plot's `plot_cumulative_gain` and `plot_lift_curve`): rows contacted from the
 * highest score down, against the share of positives captured. Points fall between groups of tied scores; the
 * curves are thinned to at most `maxPoints`. Null when y_true holds no positive (the gain is then undefined).
 */
export function gainAndLift(yTrue: Labels, score: Float64Array, maxPoints = SWEEP_POINTS): GainLift | null {
  checkInputs(yTrue, score, maxPoints);
  const ranked = rank(yTrue, score);
  const rows = yTrue.length;
  const positives = ranked.positives[ranked.positives.length - 1]!;
  if (positives === 0) return null;
  const share = [0, ...Array.from(ranked.rows, (r) => r / rows)];
  const gain = [0, ...Array.from(ranked.positives, (p) => p / positives)];
  const gainPoints = thinIndices(share.length, maxPoints);
  const liftPoints = thinIndices(share.length - 1, maxPoints).map((i) => i + 1);
  return {
    deciles: deciles(ranked, rows, positives),
    gain: { share: gainPoints.map((i) => share[i]!), gain: gainPoints.map((i) => gain[i]!) },
    lift: { share: liftPoints.map((i) => share[i]!), lift: liftPoints.map((i) => gain[i]! / share[i]!) },
  };
}
