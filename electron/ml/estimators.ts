/** Which estimator each model kind is, its preprocessing family, and how its params map onto the estimator's. */
import { GyreError } from '../contract/errors';
import type { ModelKind, TrainParams } from '../contract/runs';
import { fitBaseline } from './baseline';
import type { EstimatorFamily } from './preprocess/plan';
import type { Task, TrainingSet, TreeEnsemble } from './types';

export interface FitContext {
  task: Task;
  classes: number;
  params: TrainParams;
  seed: number;
  /** Checked between trees or epochs: true when the job was cancelled. */
  shouldStop?: () => boolean;
}

export interface FittedEstimator {
  model: TreeEnsemble;
  /** The estimator's own settings as used (defaults filled in), recorded with the run. */
  params: Record<string, unknown>;
}

/** Every model today is tree-shaped (trees route missing values and need no scaling); linear models will take 'linear'. */
export function familyOf(kind: ModelKind): EstimatorFamily {
  return kind === 'baseline' ? 'trees' : 'linear';
}

/** Async: linear models and MLPs train by running ONNX step graphs in onnxruntime. */
export async function fitEstimator(kind: ModelKind, train: TrainingSet, ctx: FitContext): Promise<FittedEstimator> {
  switch (kind) {
    case 'baseline':
      return { model: fitBaseline(train, ctx.task, ctx.classes), params: {} };
    default:
      throw new GyreError('VALIDATION', `The ${kind} model is not available in this version of Gyre yet.`, { field: 'models' });
  }
}
