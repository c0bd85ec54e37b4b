/**
 * One model, start to finish and still pure: preprocessing fitted on the training rows, the estimator fitted on
 * their features, and the whole pipeline exported as one ONNX file taking the raw columns.
 */
import { GyreError } from '../contract/errors';
import { resampleParams, type ResampleRecord, type ResampleSetting } from '../contract/resample';
import type { ModelKind, TrainParams } from '../contract/runs';
import { layoutOf } from './augment/layout';
import { resampleTraining } from './augment/resample';
import { familyOf, fitEstimator, predictEstimator, validationRows, type Curves, type FitContext } from './estimators';
import { encodeModel, GraphBuilder } from './onnx/graph';
import { addTreeEnsemble } from './onnx/trees';
import { featureSources, fitPreprocessor, type FittedPreprocessor } from './preprocess/fit';
import type { Frame } from './preprocess/frame';
import { addPreprocessing, rawInputs, type RawInput } from './preprocess/onnx';
import { applyChanges, defaultPlan, type StepChange } from './preprocess/plan';
import { transform } from './preprocess/transform';
import type { EncodedTarget } from './target';
import type { LinearModel } from './linear/model';
import { addLinear } from './linear/onnx';
import type { MlpModel } from './mlp/model';
import { addMlp } from './mlp/onnx';
import type { ProviderChoice } from './onnx/runtime';
import type { Features, TrainingSet, TreeEnsemble } from './types';

/** The exported file's outputs are named by contract; an input of the same name would make the file ambiguous. */
const OUTPUT_NAMES = ['label', 'probabilities', 'prediction'];

export interface PipelineInput {
  frame: Frame;
  target: string;
  encoded: EncodedTarget;
  train: Uint32Array;
  test: Uint32Array;
  model: ModelKind;
  params: TrainParams;
  seed: number;
  /** Stored in the file's metadata_props. */
  metadata: Record<string, string>;
  shouldStop?: () => boolean;
  provider?: ProviderChoice;
  cudaInstalled?: () => boolean;
  onProgress?: FitContext['onProgress'];
  /** The user's per-column changes to the default preparation. */
  columns?: readonly StepChange[];
  /** Classification: resample the training rows the estimator fits on (not the baseline's, not validation rows). */
  resample?: ResampleSetting;
}

/** How the training rows were resampled, and where each row the estimator fitted on came from (frame row numbers). */
export interface PipelineResampling {
  record: ResampleRecord;
  /** Per row fitted on: the frame row it is, or a synthetic row's base row. */
  source: Uint32Array;
  /** Per row fitted on: −1 for a real row; the frame row a synthetic row was drawn towards. */
  neighbour: Int32Array;
  /** The rows the estimator fitted on, synthetic ones included, validation rows last. */
  set: TrainingSet;
}

export interface FittedPipeline {
  preprocessor: FittedPreprocessor;
  estimator: TreeEnsemble | LinearModel | MlpModel;
  estimatorParams: Record<string, unknown>;
  curves?: Curves;
  inputs: RawInput[];
  onnx: Uint8Array;
  /** The in-memory model's predictions on the test rows (probabilities n×k, or values): the parity reference. */
  testPredictions: Float64Array;
  trainSeconds: number;
  resampled?: PipelineResampling;
}

/** The raw columns the file takes, with their types: what a scoring file must provide (`feature_schema` metadata). */
export interface SchemaEntry {
  name: string;
  /** The column's semantic type in the training data (tells a boolean from a number among float inputs). */
  type: string;
  input: RawInput['elemType'];
}

function featureSchema(frame: Frame, preprocessor: FittedPreprocessor): SchemaEntry[] {
  return rawInputs(preprocessor).map((i) => ({ name: i.column, type: frame.columns.find((c) => c.name === i.column)!.semanticType, input: i.elemType }));
}

export async function fitPipeline(p: PipelineInput): Promise<FittedPipeline> {
  const started = performance.now();
  if (p.resample && !p.encoded.classLabels) throw new GyreError('VALIDATION', 'Resampling (resample) balances classes; this target is a number (regression).', { field: 'resample' });
  const plan = applyChanges(defaultPlan(p.frame, p.target, p.train, familyOf(p.model)), p.columns ?? [], p.target);
  const preprocessor = fitPreprocessor(p.frame, plan, p.train);
  if (preprocessor.featureNames.length === 0) {
    const reasons = plan.map((s) => (s.action === 'drop' ? `"${s.column}": ${s.reason}` : '')).filter(Boolean);
    throw new GyreError('VALIDATION', `Every feature was dropped, so there is nothing to learn from (${reasons.join('; ')}).`, { field: 'target' });
  }
  const clash = rawInputs(preprocessor).find((i) => OUTPUT_NAMES.includes(i.column));
  if (clash) {
    throw new GyreError('VALIDATION', `The column "${clash.column}" has the name of an output of the exported model (${OUTPUT_NAMES.join(', ')}); rename it, or leave it out as a feature.`, { column: clash.column });
  }
  const features = transform(preprocessor, p.frame, p.train);
  const target = Float64Array.from(p.train, (r) => p.encoded.values[r]!);
  const classes = p.encoded.classLabels?.length ?? 1;
  const resampled = await resampleRows(p, preprocessor, { features, target });
  const given = resampled?.set ?? { features, target };
  const fitted = await fitEstimator(p.model, given, { task: p.encoded.task, classes, params: p.params, seed: p.seed, shouldStop: p.shouldStop, onProgress: p.onProgress, provider: p.provider, cudaInstalled: p.cudaInstalled });
  const trainSeconds = (performance.now() - started) / 1000;

  const graph = new GraphBuilder();
  const featuresName = addPreprocessing(graph, preprocessor);
  const exportOptions = p.encoded.classLabels ? { classLabels: p.encoded.classLabels } : {};
  const model = fitted.model;
  if (model.kind === 'linear') addLinear(graph, model, featuresName, exportOptions);
  else if (model.kind === 'mlp') addMlp(graph, model, featuresName, exportOptions);
  else addTreeEnsemble(graph, model, featuresName, exportOptions);
  const metadata = {
    ...p.metadata,
    feature_schema: JSON.stringify(featureSchema(p.frame, preprocessor)),
    feature_names: JSON.stringify(preprocessor.featureNames),
    // Which raw column each feature comes from, so explanations of the features add up per column.
    feature_sources: JSON.stringify(featureSources(preprocessor)),
  };
  const onnx = encodeModel(graph.toModel({ producer: 'gyre', metadata }));
  const testFeatures = transform(preprocessor, p.frame, p.test);
  const testPredictions = predictEstimator(model, testFeatures);
  const estimatorParams = resampled ? { ...fitted.params, ...resampleParams(resampled.record) } : fitted.params;
  const resampling = resampled ? { record: resampled.record, source: Uint32Array.from(resampled.source, (i) => p.train[i]!), neighbour: Int32Array.from(resampled.neighbour, (i) => (i < 0 ? -1 : p.train[i]!)), set: resampled.set } : null;
  return { preprocessor, estimator: fitted.model, estimatorParams, ...(fitted.curves ? { curves: fitted.curves } : {}), inputs: rawInputs(preprocessor), onnx, testPredictions, trainSeconds, ...(resampling ? { resampled: resampling } : {}) };
}

/**
 * The training rows resampled, after preprocessing was fitted on the real ones (so imputation, scaling and category
 * levels describe real data, and the exported file is the same whatever was resampled). The rows the estimator stops
 * early on are set aside first. The baseline is never resampled: it is the plain reference every model is measured by.
 */
async function resampleRows(p: PipelineInput, preprocessor: FittedPreprocessor, train: { features: Features; target: Float64Array }) {
  if (!p.resample || p.model === 'baseline') return null;
  const classLabels = p.encoded.classLabels!;
  const validation = validationRows(p.model, p.train.length, { params: p.params, seed: p.seed });
  return resampleTraining(train, p.resample, { classes: classLabels.length, classLabels, seed: p.seed, layout: layoutOf(preprocessor), validation });
}

