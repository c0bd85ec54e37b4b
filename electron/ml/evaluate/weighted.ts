/**
 * A task's metrics on one bootstrap resample, computed from how many times each row was drawn (its count) instead of
 * from the gathered rows: the same numbers as the metrics/ functions would give on those rows (to float rounding),
 * in one pass over the rows. Ranking metrics sweep an order sorted once up front; rows with equal scores form one
 * threshold step, as in scikit-learn, so a resample's AUC never needs a sort.
 */
import { argmaxLabels, positiveColumn, type Labels } from '../metrics/classification';

/** One task's metrics over counted rows. */
export interface WeightedMetrics {
  /** Metric names, in the order `evaluate` writes them. */
  keys: readonly string[];
  /** Every metric on the resample with these counts per row (they sum to the row count) into `out`; NaN where undefined. */
  evaluate(counts: Uint32Array, out: Float64Array): void;
}

export const BINARY_KEYS = ['accuracy', 'balancedAccuracy', 'logLoss', 'precision', 'recall', 'f1', 'rocAuc', 'prAuc', 'brier'] as const;
export const MULTICLASS_KEYS = ['accuracy', 'balancedAccuracy', 'logLoss', 'f1Macro', 'precisionMacro', 'recallMacro', 'f1Weighted', 'rocAucOvr'] as const;
export const REGRESSION_KEYS = ['mae', 'rmse', 'r2', 'mape'] as const;

/** Rows by descending score, and 1 at each sorted position that ends a run of equal scores (one threshold). */
interface Ranked {
  order: Uint32Array;
  last: Uint8Array;
}

function rankDescending(score: Float64Array): Ranked {
  const order = Uint32Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[b]! - score[a]!);
  const last = new Uint8Array(order.length);
  for (let j = 0; j < order.length; j++) last[j] = j + 1 === order.length || score[order[j + 1]!] !== score[order[j]!] ? 1 : 0;
  return { order, last };
}

/** Each row's log-loss term, as classification.ts's logLoss: clipped to [ε, 1 − ε], renormalised per row. */
function logLossTerms(labels: Labels, proba: Float64Array, k: number): Float64Array {
  const clip = (p: number) => Math.min(Math.max(p, Number.EPSILON), 1 - Number.EPSILON);
  const terms = new Float64Array(labels.length);
  for (let r = 0; r < labels.length; r++) {
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += clip(proba[r * k + c]!);
    terms[r] = -Math.log(clip(proba[r * k + labels[r]!]!) / rowSum);
  }
  return terms;
}

/** sklearn's zero_division=0. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * Binary: every per-row term is laid out in descending order of the positive score, so one pass in that order gives
 * the confusion counts, the loss sums and both ranking areas. Every count is an integer sum, exact in float64.
 */
export function binaryMetrics(labels: Labels, proba: Float64Array): WeightedMetrics {
  const n = labels.length;
  const score = positiveColumn(proba, 2);
  const predicted = argmaxLabels(proba, 2);
  const loss = logLossTerms(labels, proba, 2);
  const { order, last } = rankDescending(score);
  const positive = new Float64Array(n);
  const predictedPositive = new Float64Array(n);
  const truePositive = new Float64Array(n);
  const lossTerm = new Float64Array(n);
  const brierTerm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const r = order[j]!;
    positive[j] = labels[r]!;
    predictedPositive[j] = predicted[r]!;
    truePositive[j] = labels[r]! * predicted[r]!;
    lossTerm[j] = loss[r]!;
    brierTerm[j] = (labels[r]! - score[r]!) ** 2;
  }
  const evaluate = (counts: Uint32Array, out: Float64Array): void => {
    let all = 0, pos = 0, predPos = 0, tp = 0, logLoss = 0, brier = 0;
    let fpBefore = 0, tpBefore = 0, twiceArea = 0, precisionSum = 0;
    for (let j = 0; j < n; j++) {
      const c = counts[order[j]!]!;
      all += c;
      pos += c * positive[j]!;
      predPos += c * predictedPositive[j]!;
      tp += c * truePositive[j]!;
      logLoss += c * lossTerm[j]!;
      brier += c * brierTerm[j]!;
      if (last[j] === 1) {
        // One threshold: the ROC trapezoid from the previous one, and AP's step Δrecall × precision.
        const fp = all - pos;
        twiceArea += (fp - fpBefore) * (pos + tpBefore);
        if (pos > tpBefore) precisionSum += ((pos - tpBefore) * pos) / all;
        fpBefore = fp;
        tpBefore = pos;
      }
    }
    const neg = all - pos;
    const tn = neg - (predPos - tp);
    let recalls = 0, present = 0;
    if (neg > 0) {
      recalls += tn / neg;
      present++;
    }
    if (pos > 0) {
      recalls += tp / pos;
      present++;
    }
    const precision = ratio(tp, predPos);
    const recall = ratio(tp, pos);
    out[0] = (tp + tn) / all;
    out[1] = recalls / present;
    out[2] = logLoss / all;
    out[3] = precision;
    out[4] = recall;
    out[5] = ratio(2 * precision * recall, precision + recall);
    out[6] = pos === 0 || neg === 0 ? NaN : twiceArea / (2 * pos * neg);
    out[7] = pos === 0 ? 0 : precisionSum / pos;
    out[8] = brier / all;
  };
  return { keys: BINARY_KEYS, evaluate };
}

/** One class's ROC AUC against the rest, from counts in row order; the rows of class `c` are `positive`. */
function rocAucOf(ranked: Ranked, positive: Uint8Array, counts: Uint32Array): number {
  const { order, last } = ranked;
  let all = 0, pos = 0, fpBefore = 0, tpBefore = 0, twiceArea = 0;
  for (let j = 0; j < order.length; j++) {
    const c = counts[order[j]!]!;
    all += c;
    pos += c * positive[j]!;
    if (last[j] === 1) {
      const fp = all - pos;
      twiceArea += (fp - fpBefore) * (pos + tpBefore);
      fpBefore = fp;
      tpBefore = pos;
    }
  }
  return twiceArea / (2 * pos * (all - pos));
}

/** Multiclass: per-class counts for the averaged scores, and one presorted order per class for one-vs-rest AUC. */
export function multiclassMetrics(labels: Labels, proba: Float64Array, k: number): WeightedMetrics {
  const n = labels.length;
  const truth = Int32Array.from(labels);
  const predicted = argmaxLabels(proba, k);
  const loss = logLossTerms(labels, proba, k);
  const hit = Uint8Array.from(truth, (t, r) => (t === predicted[r] ? 1 : 0));
  const perClass = Array.from({ length: k }, (_, c) => {
    const ranked = rankDescending(Float64Array.from({ length: n }, (_, r) => proba[r * k + c]!));
    return { ranked, positive: Uint8Array.from(ranked.order, (r) => (truth[r] === c ? 1 : 0)) };
  });
  const tp = new Float64Array(k);
  const predictedCount = new Float64Array(k);
  const support = new Float64Array(k);
  const evaluate = (counts: Uint32Array, out: Float64Array): void => {
    tp.fill(0);
    predictedCount.fill(0);
    support.fill(0);
    let all = 0, logLoss = 0;
    // No branch on undrawn rows (a third of them, in no pattern): adding their count of 0 is cheaper.
    for (let r = 0; r < n; r++) {
      const c = counts[r]!;
      const t = truth[r]!;
      all += c;
      support[t]! += c;
      predictedCount[predicted[r]!]! += c;
      tp[t]! += c * hit[r]!;
      logLoss += c * loss[r]!;
    }
    // The same operations, in the same class order, as classification.ts's balancedAccuracy and averaged().
    let hits = 0, recalls = 0, present = 0, used = 0, weights = 0;
    const macro = { precision: 0, recall: 0, f1: 0 };
    let f1Weighted = 0;
    for (let c = 0; c < k; c++) {
      hits += tp[c]!;
      if (support[c]! > 0) {
        recalls += tp[c]! / support[c]!;
        present++;
      }
      if (support[c] === 0 && predictedCount[c] === 0) continue;
      const precision = ratio(tp[c]!, predictedCount[c]!);
      const recall = ratio(tp[c]!, support[c]!);
      const f1 = ratio(2 * precision * recall, precision + recall);
      macro.precision += precision;
      macro.recall += recall;
      macro.f1 += f1;
      f1Weighted += support[c]! * f1;
      weights += support[c]!;
      used++;
    }
    out[0] = hits / all;
    out[1] = recalls / present;
    out[2] = logLoss / all;
    out[3] = macro.f1 / used;
    out[4] = macro.precision / used;
    out[5] = macro.recall / used;
    out[6] = f1Weighted / weights;
    if (present < k) {
      out[7] = NaN;
      return;
    }
    let aucs = 0;
    for (let c = 0; c < k; c++) aucs += rocAucOf(perClass[c]!.ranked, perClass[c]!.positive, counts);
    out[7] = aucs / k;
  };
  return { keys: MULTICLASS_KEYS, evaluate };
}

/**
 * Regression: weighted error sums in one pass, and r2's total sum of squares around the resample's own mean in a
 * second. Whether the resample's target is constant (SST exactly 0, as regression.ts decides it, where a float mean
 * could miss by an ulp) is read from the lowest and highest drawn targets, found from both ends of a sorted order.
 */
export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): WeightedMetrics {
  const n = yTrue.length;
  const y = Float64Array.from(yTrue);
  const absolute = Float64Array.from({ length: n }, (_, i) => Math.abs(yPred[i]! - yTrue[i]!));
  const squared = Float64Array.from({ length: n }, (_, i) => (yTrue[i]! - yPred[i]!) ** 2);
  const percentage = Float64Array.from({ length: n }, (_, i) => absolute[i]! / Math.max(Math.abs(yTrue[i]!), Number.EPSILON));
  const byTarget = rankDescending(y).order;
  const evaluate = (counts: Uint32Array, out: Float64Array): void => {
    let all = 0, mae = 0, sse = 0, mape = 0, sum = 0;
    for (let i = 0; i < n; i++) {
      const c = counts[i]!;
      all += c;
      mae += c * absolute[i]!;
      sse += c * squared[i]!;
      mape += c * percentage[i]!;
      sum += c * y[i]!;
    }
    let top = 0;
    while (counts[byTarget[top]!] === 0) top++;
    let bottom = n - 1;
    while (counts[byTarget[bottom]!] === 0) bottom--;
    let sst = 0;
    if (y[byTarget[top]!] !== y[byTarget[bottom]!]) {
      const mean = sum / all;
      for (let i = 0; i < n; i++) sst += counts[i]! * (y[i]! - mean) ** 2;
    }
    out[0] = mae / all;
    out[1] = Math.sqrt(sse / all);
    out[2] = all < 2 ? NaN : sse === 0 ? 1 : sst === 0 ? 0 : 1 - sse / sst;
    out[3] = mape / all;
  };
  return { keys: REGRESSION_KEYS, evaluate };
}
