/**
 * Evaluation metrics equal to scikit-learn's (1.2) to 1e-9, and the reports the Evaluate stage shows: every
 * metric that applies to a task, computed from the true classes and the model's probabilities (or values).
 */
import {
  accuracy,
  argmaxLabels,
  balancedAccuracy,
  brierScore,
  checkLabels,
  checkProba,
  confusionMatrix,
  logLoss,
  positiveColumn,
  precisionRecallF1,
  type Labels,
} from './classification';
import { averagePrecision, rocAuc, rocAucOvr } from './ranking';
import { meanAbsoluteError, meanAbsolutePercentageError, r2Score, rootMeanSquaredError, type Targets } from './regression';

export * from './classification';
export * from './ranking';
export * from './regression';

/** Two classes; class 1 is positive and the predicted class is the argmax (class 0 on a 0.5 tie). */
export interface BinaryClassificationReport {
  task: 'binary';
  rows: number;
  accuracy: number;
  balancedAccuracy: number;
  precision: number;
  recall: number;
  f1: number;
  logLoss: number;
  brier: number;
  rocAuc: number;
  /** Average precision (sklearn `average_precision_score`), not the trapezoid area under the PR curve. */
  prAuc: number;
  /** k×k counts, rows = true class, columns = predicted class. */
  confusionMatrix: number[][];
}

/** Three or more classes: precision, recall and F1 averaged two ways, ROC AUC one-vs-rest. */
export interface MulticlassClassificationReport {
  task: 'multiclass';
  rows: number;
  accuracy: number;
  balancedAccuracy: number;
  precisionMacro: number;
  recallMacro: number;
  f1Macro: number;
  precisionWeighted: number;
  recallWeighted: number;
  f1Weighted: number;
  logLoss: number;
  rocAucOvr: number;
  confusionMatrix: number[][];
}

export type ClassificationReport = BinaryClassificationReport | MulticlassClassificationReport;

export interface RegressionReport {
  task: 'regression';
  rows: number;
  mae: number;
  rmse: number;
  /** Null for a single row, where R² is undefined. */
  r2: number | null;
  mape: number;
}

/**
 * Every classification metric for k classes, from true class indices and row-major n×k probabilities.
 * Throws (as sklearn does) where a metric is undefined for this data, e.g. ROC AUC when y_true lacks a class.
 */
export function classificationReport(yTrue: Labels, proba: Float64Array, k: number): ClassificationReport {
  checkProba(proba, yTrue.length, k);
  checkLabels('y_true', yTrue, k);
  const yPred = argmaxLabels(proba, k);
  const common = {
    rows: yTrue.length,
    accuracy: accuracy(yTrue, yPred),
    balancedAccuracy: balancedAccuracy(yTrue, yPred),
    logLoss: logLoss(yTrue, proba, k),
    confusionMatrix: confusionMatrix(yTrue, yPred, k),
  };
  return k === 2 ? binaryReport(yTrue, yPred, proba, common) : multiclassReport(yTrue, yPred, proba, k, common);
}

type CommonMetrics = Omit<BinaryClassificationReport, 'task' | 'precision' | 'recall' | 'f1' | 'brier' | 'rocAuc' | 'prAuc'>;

function binaryReport(yTrue: Labels, yPred: Int32Array, proba: Float64Array, common: CommonMetrics): BinaryClassificationReport {
  const positive = positiveColumn(proba, 2);
  return {
    task: 'binary',
    ...common,
    ...precisionRecallF1(yTrue, yPred, 'binary'),
    brier: brierScore(yTrue, positive),
    rocAuc: rocAuc(yTrue, positive),
    prAuc: averagePrecision(yTrue, positive),
  };
}

function multiclassReport(yTrue: Labels, yPred: Int32Array, proba: Float64Array, k: number, common: CommonMetrics): MulticlassClassificationReport {
  const macro = precisionRecallF1(yTrue, yPred, 'macro');
  const weighted = precisionRecallF1(yTrue, yPred, 'weighted');
  return {
    task: 'multiclass',
    ...common,
    precisionMacro: macro.precision,
    recallMacro: macro.recall,
    f1Macro: macro.f1,
    precisionWeighted: weighted.precision,
    recallWeighted: weighted.recall,
    f1Weighted: weighted.f1,
    rocAucOvr: rocAucOvr(yTrue, proba, k),
  };
}

/** Every regression metric, from targets and predictions. */
export function regressionReport(yTrue: Targets, yPred: Targets): RegressionReport {
  return {
    task: 'regression',
    rows: yTrue.length,
    mae: meanAbsoluteError(yTrue, yPred),
    rmse: rootMeanSquaredError(yTrue, yPred),
    r2: r2Score(yTrue, yPred),
    mape: meanAbsolutePercentageError(yTrue, yPred),
  };
}
