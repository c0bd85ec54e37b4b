/** The metric a study optimises: the charter's name, which way is better, and its value on validation predictions. */
import { METRIC_INFO } from '../../contract/charter-vocabulary';
import { GyreError } from '../../contract/errors';
import type { TuningMetric } from '../../contract/studies';
import * as m from '../metrics';
import type { Task } from '../types';

export interface StudyMetric {
  name: TuningMetric;
  direction: 'higher' | 'lower';
  /** Its key among a run's test metrics (judge.ts), so a study's validation value and its run's test value line up. */
  runKey: string;
  /** Words for progress messages: "log loss". */
  label: string;
}

/** Log loss for two classes (it tells close configurations apart even on few rows), macro F1 for more, RMSE for numbers. */
export const DEFAULT_METRIC: Record<Task, TuningMetric> = { binary: 'log_loss', multiclass: 'f1', regression: 'rmse' };

const RUN_KEY: Record<Task, Partial<Record<TuningMetric, string>>> = {
  binary: { log_loss: 'logLoss', roc_auc: 'rocAuc', pr_auc: 'prAuc', accuracy: 'accuracy', balanced_accuracy: 'balancedAccuracy', f1: 'f1' },
  multiclass: { log_loss: 'logLoss', roc_auc: 'rocAucOvr', accuracy: 'accuracy', balanced_accuracy: 'balancedAccuracy', f1: 'f1Macro' },
  regression: { rmse: 'rmse', mae: 'mae', r2: 'r2' },
};

export function studyMetric(task: Task, asked?: TuningMetric): StudyMetric {
  const name = asked ?? DEFAULT_METRIC[task];
  const runKey = RUN_KEY[task][name];
  if (!runKey) {
    const fits = Object.keys(RUN_KEY[task]).join(', ');
    throw new GyreError('VALIDATION', `A study cannot optimise ${name} for ${task === 'regression' ? 'a numeric target (regression)' : `${task} classification`}; choose one of ${fits}.`, { field: 'metric' });
  }
  const label = task === 'multiclass' && name === 'f1' ? 'macro F1' : METRIC_INFO[name].label.replace(/^Log loss$/, 'log loss');
  return { name, direction: METRIC_INFO[name].direction === 'higher' ? 'higher' : 'lower', runKey, label };
}

/**
 * The metric of validation predictions: row-major n×k probabilities for classes, values for regression. A value
 * the metric leaves undefined (one class in the validation rows) is NaN, which never wins.
 */
export function scorePredictions(metric: StudyMetric, task: Task, classes: number, yTrue: Float64Array, predictions: Float64Array): number {
  try {
    if (task === 'regression') return metric.name === 'rmse' ? m.rootMeanSquaredError(yTrue, predictions) : metric.name === 'mae' ? m.meanAbsoluteError(yTrue, predictions) : (m.r2Score(yTrue, predictions) ?? NaN);
    const labels = Int32Array.from(yTrue);
    const predicted = () => m.argmaxLabels(predictions, classes);
    switch (metric.name) {
      case 'log_loss':
        return m.logLoss(labels, predictions, classes);
      case 'roc_auc':
        return task === 'binary' ? m.rocAuc(labels, m.positiveColumn(predictions, classes)) : m.rocAucOvr(labels, predictions, classes);
      case 'pr_auc':
        return m.averagePrecision(labels, m.positiveColumn(predictions, classes));
      case 'accuracy':
        return m.accuracy(labels, predicted());
      case 'balanced_accuracy':
        return m.balancedAccuracy(labels, predicted());
      case 'f1':
        return m.precisionRecallF1(labels, predicted(), task === 'binary' ? 'binary' : 'macro').f1;
      default:
        return NaN;
    }
  } catch (e) {
    if (e instanceof GyreError) return NaN;
    throw e;
  }
}

/** True when `a` is better than `b` (NaN is never better; anything beats NaN). */
export function better(direction: StudyMetric['direction'], a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return direction === 'higher' ? a > b : a < b;
}
