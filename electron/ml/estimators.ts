/** Which estimator each model kind is, its preprocessing family, and how its params map onto the estimator's. */
import { GyreError } from '../contract/errors';
import type { ModelKind, TrainParams } from '../contract/runs';
import { fitBaseline } from './baseline';
import { fitLinear } from './linear/fit';
import { predictLinear, type LinearModel } from './linear/model';
import { fitMlp, mlpValidationRows } from './mlp/fit';
import { predictMlp, type MlpModel } from './mlp/model';
import type { ProviderChoice } from './onnx/runtime';
import { fitDecisionTree, fitForest } from './trees/forest';
import { fitGbdt } from './trees/gbdt';
import { predict } from './trees/predict';
import { holdOut, rowWeights } from './trees/prepare';
import type { EstimatorFamily } from './preprocess/plan';
import type { Features, Task, TrainingSet, TreeEnsemble } from './types';

export interface FitContext {
  task: Task;
  classes: number;
  params: TrainParams;
  seed: number;
  /** Checked between trees or epochs: true when the job was cancelled. */
  shouldStop?: () => boolean;
  /** Told as training advances: `done` of `total` rounds, trees or epochs (an upper bound where training may stop early). */
  onProgress?: (done: number, total: number, unit: 'rounds' | 'trees' | 'epochs') => void;
  /** Where models that train inside onnxruntime run: 'auto' = CUDA when installed, else CPU. */
  provider?: ProviderChoice;
  cudaInstalled?: () => boolean;
  /** Threads for tree training (0 or absent: as many as pay off). A tuning pool runs one-thread trials side by side. */
  threads?: number;
}

/** Learning curves: one value per round (boosting) or epoch (linear, MLP), by series name. */
export interface Curves {
  unit: 'round' | 'epoch';
  series: Record<string, number[]>;
}

export interface FittedEstimator {
  model: TreeEnsemble | LinearModel | MlpModel;
  /** The estimator's own settings as used (defaults filled in), recorded with the run. */
  params: Record<string, unknown>;
  /** Absent for models that do not train in rounds (baseline, tree, forest). */
  curves?: Curves;
}

/** Trees route missing values themselves and need no scaling; linear models and MLPs get imputed, standardized features. */
export function familyOf(kind: ModelKind): EstimatorFamily {
  return kind === 'linear' || kind === 'mlp' ? 'linear' : 'trees';
}

/** The share of training rows boosting holds out when asked to stop early. */
const GBDT_VALIDATION_FRACTION = 0.1;

/**
 * The training rows (positions among `rows`) that `kind` holds out to stop early — the same seeded draw it makes
 * itself — so that resampling can leave them as they are and hand them over as `TrainingSet.validation`.
 */
export function validationRows(kind: ModelKind, rows: number, ctx: Pick<FitContext, 'params' | 'seed'>): Uint32Array {
  if (kind === 'gbdt' && ctx.params.earlyStoppingRounds) return holdOut(rows, GBDT_VALIDATION_FRACTION, ctx.seed).valid;
  if (kind === 'mlp') return mlpValidationRows(rows, ctx.seed);
  return new Uint32Array(0);
}

/** Predictions of any fitted estimator: row-major n×k probabilities for classes, one value per row for regression. */
export function predictEstimator(model: FittedEstimator['model'], features: Features): Float64Array {
  return model.kind === 'linear' ? predictLinear(model, features) : model.kind === 'mlp' ? predictMlp(model, features) : predict(model, features);
}

/** Async: linear models and MLPs train by running ONNX step graphs in onnxruntime. */
export async function fitEstimator(kind: ModelKind, given: TrainingSet, ctx: FitContext): Promise<FittedEstimator> {
  // The baseline stays the plain majority class / mean, whatever the weights: it is what every model is compared with.
  const balanced = ctx.params.classWeight === 'balanced' && kind !== 'baseline';
  if (balanced && ctx.task === 'regression') throw new GyreError('VALIDATION', 'Class weights apply to classification; this target is a number (regression).', { field: 'classWeight' });
  const train = balanced ? { ...given, weights: rowWeights(given, ctx.task, ctx.classes, 'balanced') } : given;
  const weighting = balanced ? { classWeight: 'balanced' } : {};
  const fitted = await fitKind(kind, train, ctx);
  return { ...fitted, params: { ...fitted.params, ...weighting } };
}

async function fitKind(kind: ModelKind, train: TrainingSet, ctx: FitContext): Promise<FittedEstimator> {
  switch (kind) {
    case 'baseline':
      return { model: fitBaseline(train, ctx.task, ctx.classes), params: {} };
    case 'linear': {
      const { l2, epochs } = ctx.params;
      const fitted = await fitLinear(train, { task: ctx.task, classes: ctx.classes, params: { l2, epochs }, seed: ctx.seed, shouldStop: ctx.shouldStop, provider: ctx.provider, cudaInstalled: ctx.cudaInstalled });
      const curves: Curves = { unit: 'epoch', series: { 'training loss': fitted.history.loss } };
      return { model: fitted.model, params: { ...fitted.params, trainingProvider: fitted.provider, ...(fitted.note ? { trainingNote: fitted.note } : {}), epochsRun: fitted.history.loss.length }, curves };
    }
    case 'mlp': {
      const { hidden, batchSize, alpha, epochs, mlpLearningRate: learningRate } = ctx.params;
      const onEpoch = (done: number, total: number) => ctx.onProgress?.(done, total, 'epochs');
      const fitted = await fitMlp(train, { task: ctx.task, classes: ctx.classes, params: { hidden, batchSize, alpha, epochs, learningRate }, seed: ctx.seed, shouldStop: ctx.shouldStop, onEpoch, provider: ctx.provider, cudaInstalled: ctx.cudaInstalled });
      const { loss, validLoss } = fitted.history;
      const curves: Curves = { unit: 'epoch', series: { 'training loss': loss, ...(validLoss ? { 'validation loss': validLoss } : {}) } };
      return { model: fitted.model, params: { ...fitted.params, trainingProvider: fitted.provider, ...(fitted.note ? { trainingNote: fitted.note } : {}) }, curves };
    }
    case 'gbdt': {
      // --min-leaf is the least hessian weight of a leaf: rows for squared error, fewer "effective rows" for log loss.
      const early = ctx.params.earlyStoppingRounds ? { earlyStoppingRounds: ctx.params.earlyStoppingRounds, validationFraction: GBDT_VALIDATION_FRACTION } : {};
      const params = { nTrees: ctx.params.trees ?? 100, maxDepth: ctx.params.depth ?? 6, learningRate: ctx.params.learningRate ?? 0.1, minChildWeight: ctx.params.minLeaf ?? 1, ...early, seed: ctx.seed };
      const onRound = (done: number, total: number) => ctx.onProgress?.(done, total, 'rounds');
      const fit = await fitGbdt(train, ctx.task, ctx.classes, { ...params, threads: ctx.threads ?? 0, shouldStop: ctx.shouldStop, onRound });
      const { trainLoss, validLoss } = fit.history;
      const curves: Curves = { unit: 'round', series: { 'training loss': trainLoss, ...(validLoss ? { 'validation loss': validLoss } : {}) } };
      return { model: fit.model, params: { ...params, maxBins: 255, lambda: 1, roundsRun: trainLoss.length, treesKept: fit.history.bestIteration + 1 }, curves };
    }
    case 'rf': {
      const params = { nTrees: ctx.params.trees ?? 100, ...(ctx.params.depth ? { maxDepth: ctx.params.depth } : {}), minSamplesLeaf: ctx.params.minLeaf ?? 1, seed: ctx.seed };
      const onTree = (done: number, total: number) => ctx.onProgress?.(done, total, 'trees');
      const fit = await fitForest(train, ctx.task, ctx.classes, { ...params, threads: ctx.threads ?? 0, shouldStop: ctx.shouldStop, onTree });
      return { model: fit.model, params: { ...params, maxFeatures: 'sqrt', bootstrap: true } };
    }
    case 'tree': {
      // One tree grown to purity memorises its training rows (test ROC AUC 0.56 where a forest gets 0.85): a
      // depth of 6 keeps it readable and general; --depth and --min-leaf change it.
      const params = { maxDepth: ctx.params.depth ?? 6, minSamplesLeaf: ctx.params.minLeaf ?? 1, seed: ctx.seed };
      const fit = await fitDecisionTree(train, ctx.task, ctx.classes, { ...params, threads: ctx.threads ?? 0, shouldStop: ctx.shouldStop });
      return { model: fit.model, params };
    }
    case 'imported':
      throw new GyreError('VALIDATION', 'An imported model was trained elsewhere; Gyre cannot train it. Import its ONNX file again instead.', { field: 'models' });
    default: {
      const unknown: never = kind;
      throw new GyreError('VALIDATION', `Unknown model ${String(unknown)}.`, { field: 'models' });
    }
  }
}
