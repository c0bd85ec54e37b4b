/**
 * One model, start to finish and still pure: preprocessing fitted on the training rows, the estimator fitted on
 * their features, and the whole pipeline exported as one ONNX file taking the raw columns.
 */
import { GyreError } from '../contract/errors';
import type { ModelKind, TrainParams } from '../contract/runs';
import { familyOf, fitEstimator, predictEstimator, type Curves, type FitContext } from './estimators';
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
import type { TreeEnsemble } from './types';

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
  const fitted = await fitEstimator(p.model, { features, target }, { task: p.encoded.task, classes, params: p.params, seed: p.seed, shouldStop: p.shouldStop, onProgress: p.onProgress, provider: p.provider, cudaInstalled: p.cudaInstalled });
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
  return { preprocessor, estimator: fitted.model, estimatorParams: fitted.params, ...(fitted.curves ? { curves: fitted.curves } : {}), inputs: rawInputs(preprocessor), onnx, testPredictions, trainSeconds };
}
