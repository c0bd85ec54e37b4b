/**
 * Classification metrics with scikit-learn's semantics (checked against sklearn 1.2 to 1e-9): class indices
 * 0…k−1 in, numbers out. Probabilities are row-major n×k: `proba[row * k + c]`.
 */
import { GyreError } from '../../contract/errors';

/** Class index per row, 0…k−1 (integers, possibly stored as float64). */
export type Labels = Int32Array | Float64Array;

/** How per-class precision/recall/F1 become one number; 'binary' scores class 1 alone. */
export type Average = 'binary' | 'macro' | 'weighted';

export interface PrecisionRecallF1 {
  precision: number;
  recall: number;
  f1: number;
}

function invalid(message: string, details: Record<string, unknown>): GyreError {
  return new GyreError('VALIDATION', message, details);
}

/** Rows of two inputs must line up, and a metric of nothing is undefined (sklearn refuses 0 samples). */
export function checkRows(field: string, rows: number, otherField: string, otherRows: number): void {
  if (rows === 0) throw invalid(`${field} is empty; a metric needs at least one row.`, { field });
  if (rows !== otherRows) throw invalid(`${field} has ${rows} rows but ${otherField} has ${otherRows}.`, { field: otherField });
}

/** Every label must be a class index below `k` (pass Infinity when any index is allowed). */
export function checkLabels(field: string, labels: Labels, k: number): void {
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= k) {
      const range = Number.isFinite(k) ? `0…${k - 1}` : 'non-negative integers';
      throw invalid(`${field} must hold class indices (${range}); row ${i} holds ${c}.`, { field, row: i });
    }
  }
}

/** Probabilities must be finite numbers, one row of k per row of y_true. */
export function checkProba(proba: Float64Array, rows: number, k: number): void {
  if (!Number.isInteger(k) || k < 2) throw invalid(`Classification needs at least 2 classes; got k = ${k}.`, { field: 'k' });
  if (rows === 0) throw invalid('y_true is empty; a metric needs at least one row.', { field: 'y_true' });
  if (proba.length !== rows * k) {
    throw invalid(`proba must hold ${rows} rows × ${k} classes = ${rows * k} values, one row per row of y_true; it holds ${proba.length}.`, { field: 'proba' });
  }
  for (let i = 0; i < proba.length; i++) {
    if (!Number.isFinite(proba[i]!)) throw invalid(`proba must be finite; row ${Math.floor(i / k)}, class ${i % k} holds ${proba[i]}.`, { field: 'proba', row: Math.floor(i / k) });
  }
}

/** The number of classes the labels can index: one past the largest. */
function classCount(...labelSets: Labels[]): number {
  let max = -1;
  for (const labels of labelSets) for (let i = 0; i < labels.length; i++) max = Math.max(max, labels[i]!);
  return max + 1;
}

/** The predicted class per row: the most probable, and the lowest index on a tie (numpy argmax). */
export function argmaxLabels(proba: Float64Array, k: number): Int32Array {
  const rows = Math.floor(proba.length / k);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[r * k + c]! > proba[r * k + best]!) best = c;
    labels[r] = best;
  }
  return labels;
}

/** The positive class's probability per row (column 1 of a binary n×2 matrix). */
export function positiveColumn(proba: Float64Array, k: number): Float64Array {
  if (k !== 2) throw invalid(`A positive-class probability needs exactly 2 classes; got k = ${k}.`, { field: 'k' });
  const p = new Float64Array(proba.length / 2);
  for (let r = 0; r < p.length; r++) p[r] = proba[r * 2 + 1]!;
  return p;
}

/** Counts, k×k: rows are the true class, columns the predicted class (sklearn `confusion_matrix`). */
export function confusionMatrix(yTrue: Labels, yPred: Labels, k: number): number[][] {
  checkRows('y_true', yTrue.length, 'y_pred', yPred.length);
  checkLabels('y_true', yTrue, k);
  checkLabels('y_pred', yPred, k);
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) counts[yTrue[i]!]![yPred[i]!]! += 1;
  return counts;
}

/** Share of rows whose predicted class is the true class. */
export function accuracy(yTrue: Labels, yPred: Labels): number {
  checkRows('y_true', yTrue.length, 'y_pred', yPred.length);
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}

/**
 * Mean recall over the classes present in y_true. A class only ever predicted has no recall and is left
 * out, as sklearn does (it warns "y_pred contains classes not in y_true").
 */
export function balancedAccuracy(yTrue: Labels, yPred: Labels): number {
  checkRows('y_true', yTrue.length, 'y_pred', yPred.length);
  checkLabels('y_true', yTrue, Infinity);
  checkLabels('y_pred', yPred, Infinity);
  const { tp, support } = perClassCounts(yTrue, yPred, classCount(yTrue, yPred));
  let sum = 0;
  let classes = 0;
  for (let c = 0; c < support.length; c++) {
    if (support[c] === 0) continue;
    sum += tp[c]! / support[c]!;
    classes++;
  }
  return sum / classes;
}

interface ClassCounts {
  /** Rows of class c predicted as c. */
  tp: Float64Array;
  /** Rows predicted as c. */
  predicted: Float64Array;
  /** Rows whose true class is c. */
  support: Float64Array;
}

function perClassCounts(yTrue: Labels, yPred: Labels, k: number): ClassCounts {
  const counts = { tp: new Float64Array(k), predicted: new Float64Array(k), support: new Float64Array(k) };
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    counts.support[t]! += 1;
    counts.predicted[p]! += 1;
    if (t === p) counts.tp[t]! += 1;
  }
  return counts;
}

/** sklearn's `zero_division=0`: a ratio whose denominator is 0 counts as 0. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function scoresOf(counts: ClassCounts, c: number): PrecisionRecallF1 {
  const precision = ratio(counts.tp[c]!, counts.predicted[c]!);
  const recall = ratio(counts.tp[c]!, counts.support[c]!);
  // sklearn forms F1 from precision and recall (not from counts), with 0 when both are 0.
  const f1 = ratio(2 * precision * recall, precision + recall);
  return { precision, recall, f1 };
}

/**
 * Precision, recall and F1 as sklearn's `precision_recall_fscore_support` with `zero_division=0`: a class
 * never predicted has precision 0, a class absent from y_true has recall 0 (sklearn's default "warn" gives
 * the same numbers, plus a warning).
 * - 'binary': class 1 is positive; y_true and y_pred must hold only 0 and 1.
 * - 'macro': unweighted mean over the classes present in y_true or y_pred (sklearn's default labels), so a
 *   class that appears in neither does not drag the mean down.
 * - 'weighted': mean over the same classes weighted by support (rows of that class in y_true).
 */
export function precisionRecallF1(yTrue: Labels, yPred: Labels, average: Average): PrecisionRecallF1 {
  checkRows('y_true', yTrue.length, 'y_pred', yPred.length);
  checkLabels('y_true', yTrue, Infinity);
  checkLabels('y_pred', yPred, Infinity);
  const k = classCount(yTrue, yPred);
  if (average === 'binary' && k > 2) {
    throw invalid(`Binary precision, recall and F1 need labels 0 and 1 only; found class ${k - 1}. Use a macro or weighted average for ${k} classes.`, { field: 'average' });
  }
  const counts = perClassCounts(yTrue, yPred, Math.max(k, 2));
  if (average === 'binary') return scoresOf(counts, 1);
  return averaged(counts, average);
}

function averaged(counts: ClassCounts, average: 'macro' | 'weighted'): PrecisionRecallF1 {
  const sum = { precision: 0, recall: 0, f1: 0 };
  let weights = 0;
  for (let c = 0; c < counts.support.length; c++) {
    if (counts.support[c] === 0 && counts.predicted[c] === 0) continue;
    const w = average === 'weighted' ? counts.support[c]! : 1;
    const s = scoresOf(counts, c);
    sum.precision += w * s.precision;
    sum.recall += w * s.recall;
    sum.f1 += w * s.f1;
    weights += w;
  }
  return { precision: sum.precision / weights, recall: sum.recall / weights, f1: sum.f1 / weights };
}

/**
 * Mean negative log-likelihood of the true class, as sklearn's `log_loss(labels=range(k))`: probabilities
 * are clipped to [ε, 1 − ε] with ε the float64 machine epsilon, then each row is renormalised to sum to 1
 * (so a model that is certain and wrong costs about 36, not infinity).
 */
export function logLoss(yTrue: Labels, proba: Float64Array, k: number): number {
  checkProba(proba, yTrue.length, k);
  checkLabels('y_true', yTrue, k);
  const eps = Number.EPSILON;
  const clip = (p: number) => Math.min(Math.max(p, eps), 1 - eps);
  let total = 0;
  for (let r = 0; r < yTrue.length; r++) {
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += clip(proba[r * k + c]!);
    total -= Math.log(clip(proba[r * k + yTrue[r]!]!) / rowSum);
  }
  return total / yTrue.length;
}

/**
 * Mean squared difference between the positive-class probability and the outcome (1 for class 1), as
 * sklearn's `brier_score_loss(pos_label=1)`; binary only, like sklearn.
 */
export function brierScore(yTrue: Labels, positiveProba: Float64Array): number {
  checkRows('y_true', yTrue.length, 'probabilities', positiveProba.length);
  checkLabels('y_true', yTrue, 2);
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p = positiveProba[i]!;
    if (!(p >= 0 && p <= 1)) throw invalid(`The Brier score needs probabilities between 0 and 1; row ${i} holds ${p}.`, { field: 'proba', row: i });
    total += (yTrue[i]! - p) ** 2;
  }
  return total / yTrue.length;
}
