/**
 * Judges an exported model on the test rows: its onnxruntime outputs must equal the in-memory model's (parity),
 * then every metric is computed from what onnxruntime gave — the file that ships is the one judged.
 */
import { GyreError } from '../../contract/errors';
import type { ModelTask as Task } from '../../contract/runs';
import type { RunEvaluation } from '../../contract/runs';
import * as m from '../../ml/metrics';
import { calibration, prPoints, residualSample, rocPoints } from '../../ml/metrics/curves';

/** Probabilities may differ by float32 rounding of the exported graph; anything more is a bug worth failing on. */
const PARITY_PROBABILITY = 1e-5;
const PARITY_RELATIVE = 1e-4;

export interface Verdict {
  metrics: Record<string, number | null>;
  details: { parityMaxDiff: number; confusionMatrix?: number[][] };
  /** What the run's evaluation charts draw. */
  evaluation: RunEvaluation;
}

function parity(task: Task, onnx: Float64Array, reference: Float64Array): number {
  if (onnx.length !== reference.length) throw new GyreError('INTERNAL', `The exported model gave ${onnx.length} values where the trained model gave ${reference.length}.`);
  let worst = 0;
  for (let i = 0; i < onnx.length; i++) {
    const diff = Math.abs(onnx[i]! - reference[i]!);
    const allowed = task === 'regression' ? PARITY_RELATIVE * Math.max(1, Math.abs(reference[i]!)) : PARITY_PROBABILITY;
    if (!(diff <= allowed)) throw new GyreError('INTERNAL', `The exported ONNX file disagrees with the trained model (value ${i}: ${onnx[i]} vs ${reference[i]}); the run was not saved.`);
    worst = Math.max(worst, diff);
  }
  return worst;
}

/** A metric sklearn leaves undefined for this test set (one class present, one row) is recorded as null. */
function attempt<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

function tryMetric(f: () => number | null): number | null {
  const v = attempt(f);
  return v === null || Number.isFinite(v) ? v : null;
}

export function judge(task: Task, classes: number, yTrue: Float64Array, onnx: Float64Array, reference: Float64Array): Verdict {
  const parityMaxDiff = parity(task, onnx, reference);
  const scored = taskMetrics(task, classes, yTrue, onnx);
  return { metrics: scored.metrics, details: { parityMaxDiff, ...(scored.confusionMatrix ? { confusionMatrix: scored.confusionMatrix } : {}) }, evaluation: scored.evaluation };
}

/** Every metric of the task computed from a model's output (probabilities [n × k], or values), and the charts. */
export function taskMetrics(task: Task, classes: number, yTrue: Float64Array, onnx: Float64Array): { metrics: Verdict['metrics']; confusionMatrix?: number[][]; evaluation: RunEvaluation } {
  if (task === 'regression') {
    return {
      metrics: { mae: tryMetric(() => m.meanAbsoluteError(yTrue, onnx)), rmse: tryMetric(() => m.rootMeanSquaredError(yTrue, onnx)), r2: tryMetric(() => m.r2Score(yTrue, onnx)), mape: tryMetric(() => m.meanAbsolutePercentageError(yTrue, onnx)) },
      evaluation: { residuals: residualSample(yTrue, onnx) },
    };
  }
  const labels = Int32Array.from(yTrue);
  const predicted = m.argmaxLabels(onnx, classes);
  const confusionMatrix = m.confusionMatrix(labels, predicted, classes);
  const common = { accuracy: tryMetric(() => m.accuracy(labels, predicted)), balancedAccuracy: tryMetric(() => m.balancedAccuracy(labels, predicted)), logLoss: tryMetric(() => m.logLoss(labels, onnx, classes)) };
  if (task === 'binary') {
    const positive = m.positiveColumn(onnx, classes);
    const prf = attempt(() => m.precisionRecallF1(labels, predicted, 'binary'));
    return {
      metrics: { ...common, precision: prf?.precision ?? null, recall: prf?.recall ?? null, f1: prf?.f1 ?? null, rocAuc: tryMetric(() => m.rocAuc(labels, positive)), prAuc: tryMetric(() => m.averagePrecision(labels, positive)), brier: tryMetric(() => m.brierScore(labels, positive)) },
      confusionMatrix,
      evaluation: { roc: attempt(() => rocPoints(labels, positive)), pr: attempt(() => prPoints(labels, positive)) ?? undefined, calibration: calibration(labels, positive), confusion: confusionMatrix },
    };
  }
  const macro = attempt(() => m.precisionRecallF1(labels, predicted, 'macro'));
  const weighted = attempt(() => m.precisionRecallF1(labels, predicted, 'weighted'));
  return {
    metrics: { ...common, f1Macro: macro?.f1 ?? null, precisionMacro: macro?.precision ?? null, recallMacro: macro?.recall ?? null, f1Weighted: weighted?.f1 ?? null, rocAucOvr: tryMetric(() => m.rocAucOvr(labels, onnx, classes)) },
    confusionMatrix,
    evaluation: { confusion: confusionMatrix },
  };
}
