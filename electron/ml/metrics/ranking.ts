/**
 * Ranking metrics and curves with scikit-learn's semantics (checked against sklearn 1.2 to 1e-9): how well
 * scores order the positive class above the negative one, whatever threshold is later chosen.
 */
import { GyreError } from '../../contract/errors';
import { checkLabels, checkProba, checkRows, type Labels } from './classification';

/** sklearn `roc_curve` with `drop_intermediate=True`; `thresholds` descend. */
export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  thresholds: Float64Array;
}

/** sklearn `precision_recall_curve`: recall descends to 0 and the last point is (recall 0, precision 1); `thresholds` ascend and have one value fewer. */
export interface PrecisionRecallCurve {
  precision: Float64Array;
  recall: Float64Array;
  thresholds: Float64Array;
}

/** Counts at each distinct score, highest first: rows scored at or above `thresholds[i]`. */
export interface ThresholdCounts {
  fps: number[];
  tps: number[];
  thresholds: number[];
}

function checkBinary(yTrue: Labels, score: Float64Array): void {
  checkRows('y_true', yTrue.length, 'scores', score.length);
  checkLabels('y_true', yTrue, 2);
  for (let i = 0; i < score.length; i++) {
    if (!Number.isFinite(score[i]!)) throw new GyreError('VALIDATION', `Scores must be finite; row ${i} holds ${score[i]}.`, { field: 'scores', row: i });
  }
}

/** sklearn `_binary_clf_curve`: tied scores form one threshold, so their order never matters. */
export function thresholdCounts(yTrue: Labels, score: Float64Array): ThresholdCounts {
  const order = Uint32Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[b]! - score[a]!);
  const counts: ThresholdCounts = { fps: [], tps: [], thresholds: [] };
  let tp = 0;
  for (let i = 0; i < order.length; i++) {
    const row = order[i]!;
    tp += yTrue[row]!;
    const next = order[i + 1];
    if (next !== undefined && score[next] === score[row]) continue;
    counts.tps.push(tp);
    counts.fps.push(i + 1 - tp);
    counts.thresholds.push(score[row]!);
  }
  return counts;
}

/** Keeps the corners of the curve: a point collinear with both neighbours adds nothing to the plot or the area. */
function dropCollinear(counts: ThresholdCounts): ThresholdCounts {
  const { fps, tps, thresholds } = counts;
  if (fps.length <= 2) return counts;
  const kept: ThresholdCounts = { fps: [], tps: [], thresholds: [] };
  for (let i = 0; i < fps.length; i++) {
    const corner = i === 0 || i === fps.length - 1
      || fps[i - 1]! - 2 * fps[i]! + fps[i + 1]! !== 0 || tps[i - 1]! - 2 * tps[i]! + tps[i + 1]! !== 0;
    if (!corner) continue;
    kept.fps.push(fps[i]!);
    kept.tps.push(tps[i]!);
    kept.thresholds.push(thresholds[i]!);
  }
  return kept;
}

/**
 * The ROC curve from (0, 0) to (1, 1), as sklearn 1.2's `roc_curve`. The first threshold is the highest score
 * plus 1 (sklearn ≥ 1.3 writes +∞ there instead; the rates are the same). Null when y_true holds only one
 * class: sklearn then answers nan rates with a warning.
 */
export function rocCurve(yTrue: Labels, score: Float64Array): RocCurve | null {
  checkBinary(yTrue, score);
  const { fps, tps, thresholds } = dropCollinear(thresholdCounts(yTrue, score));
  const negatives = fps[fps.length - 1]!;
  const positives = tps[tps.length - 1]!;
  if (negatives === 0 || positives === 0) return null;
  return {
    fpr: Float64Array.from([0, ...fps], (f) => f / negatives),
    tpr: Float64Array.from([0, ...tps], (t) => t / positives),
    thresholds: Float64Array.from([thresholds[0]! + 1, ...thresholds]),
  };
}

/** Area under the ROC curve by the trapezoid rule over `rocCurve`'s points, so tied scores count as half-right. */
export function rocAuc(yTrue: Labels, score: Float64Array): number {
  const curve = rocCurve(yTrue, score);
  if (curve === null) {
    throw new GyreError('VALIDATION', `ROC AUC needs both classes in y_true; only class ${yTrue[0]} is present.`, { field: 'y_true' });
  }
  const { fpr, tpr } = curve;
  let area = 0;
  for (let i = 1; i < fpr.length; i++) area += ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
  return area;
}

/**
 * Precision and recall at every distinct score, as sklearn 1.2's `precision_recall_curve`. With no positive
 * row, recall is 1 at every threshold (sklearn does the same, with a warning).
 */
export function precisionRecallCurve(yTrue: Labels, score: Float64Array): PrecisionRecallCurve {
  checkBinary(yTrue, score);
  const { fps, tps, thresholds } = thresholdCounts(yTrue, score);
  const n = tps.length;
  const positives = tps[n - 1]!;
  const curve = { precision: new Float64Array(n + 1), recall: new Float64Array(n + 1), thresholds: new Float64Array(n) };
  // Lowest threshold first, so recall falls as the threshold rises.
  for (let i = 0; i < n; i++) {
    const from = n - 1 - i;
    curve.precision[i] = tps[from]! / (tps[from]! + fps[from]!);
    curve.recall[i] = positives === 0 ? 1 : tps[from]! / positives;
    curve.thresholds[i] = thresholds[from]!;
  }
  curve.precision[n] = 1;
  curve.recall[n] = 0;
  return curve;
}

/**
 * PR AUC, computed as average precision (sklearn `average_precision_score`): Σ (Rₙ − Rₙ₋₁) Pₙ, a step
 * function over the precision-recall curve with no interpolation, so it is not the trapezoid area. With no
 * positive row it is 0, as in sklearn (which warns).
 */
export function averagePrecision(yTrue: Labels, score: Float64Array): number {
  const { precision, recall } = precisionRecallCurve(yTrue, score);
  let area = 0;
  for (let i = 0; i + 1 < recall.length; i++) area += (recall[i]! - recall[i + 1]!) * precision[i]!;
  return area;
}

/** sklearn refuses multiclass ROC AUC unless every row's scores sum to 1 within `np.allclose`'s tolerance. */
function checkRowsSumToOne(proba: Float64Array, k: number): void {
  for (let r = 0; r * k < proba.length; r++) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += proba[r * k + c]!;
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw new GyreError('VALIDATION', `Multiclass ROC AUC needs probabilities that sum to 1 in every row; row ${r} sums to ${sum}.`, { field: 'proba', row: r });
    }
  }
}

/** Whether class c is the true class, per row: the one-vs-rest view of a multiclass target. */
function isClass(yTrue: Labels, c: number): Int32Array {
  return Int32Array.from(yTrue, (t) => (t === c ? 1 : 0));
}

function classColumn(proba: Float64Array, k: number, c: number): Float64Array {
  return Float64Array.from({ length: proba.length / k }, (_, r) => proba[r * k + c]!);
}

/**
 * One-vs-rest ROC AUC, macro-averaged, as sklearn `roc_auc_score(multi_class='ovr', average='macro')`: each
 * class's probability ranks that class against all others, and the k areas are averaged unweighted.
 * For 3 or more classes; every class must appear in y_true (sklearn refuses otherwise).
 */
export function rocAucOvr(yTrue: Labels, proba: Float64Array, k: number): number {
  checkProba(proba, yTrue.length, k);
  if (k < 3) throw new GyreError('VALIDATION', `One-vs-rest ROC AUC is for 3 or more classes; for 2, use rocAuc on the positive class's probability.`, { field: 'k' });
  checkLabels('y_true', yTrue, k);
  checkRowsSumToOne(proba, k);
  const present = new Set(yTrue);
  for (let c = 0; c < k; c++) {
    if (!present.has(c)) throw new GyreError('VALIDATION', `One-vs-rest ROC AUC needs every class in y_true; class ${c} of ${k} is absent.`, { field: 'y_true', class: c });
  }
  let sum = 0;
  for (let c = 0; c < k; c++) sum += rocAuc(isClass(yTrue, c), classColumn(proba, k, c));
  return sum / k;
}
