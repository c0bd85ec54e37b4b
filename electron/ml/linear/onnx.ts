/**
 * Exports a LinearModel as plain ai.onnx ops whose outputs equal `predictLinear` in onnxruntime, with the output
 * contract of `onnx/trees.ts` (`onnx/head.ts`).
 *
 * The arithmetic runs in double (features widen exactly, weights are stored as doubles) and only the outputs are
 * cast to float, so the file agrees with predictLinear to rounding, not to float32 accumulation error.
 */
import { attr, type GraphBuilder } from '../onnx/graph';
import { addScoreHead } from '../onnx/head';
import type { EstimatorOutputs } from '../onnx/trees';
import { validateLinear, type LinearModel } from './model';

export interface LinearExportOptions {
  /** Class labels, in class-index order: integers (int64 labels) or strings. Default: 0 … k − 1. */
  classLabels?: readonly (number | string)[];
}

const DOUBLE = 11;

/** Adds the model reading float features `[N, F]` from `featuresName`, and declares its outputs. */
export function addLinear(graph: GraphBuilder, model: LinearModel, featuresName: string, options: LinearExportOptions = {}): EstimatorOutputs {
  validateLinear(model);
  const features = graph.op('Cast', [featuresName], [attr.int('to', DOUBLE)], 'linear_features');
  const weights = graph.initializer('linear_weights', { type: 'double', values: model.weights }, [model.featureNames.length, model.outputs]);
  const bias = graph.initializer('linear_bias', { type: 'double', values: model.bias }, [1, model.outputs]);
  const scores = graph.op('Add', [graph.op('MatMul', [features, weights], [], 'linear_product'), bias], [], 'linear_scores');

  return addScoreHead(graph, scores, model.task, model.classes, options.classLabels, 'linear model');
}
