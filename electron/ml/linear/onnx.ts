/**
 * Exports a LinearModel as plain ai.onnx ops whose outputs equal `predictLinear` in onnxruntime, with the output
 * contract of `onnx/trees.ts`: `prediction` [N, 1] for regression, `label` [N] + `probabilities` [N, k] otherwise.
 *
 * The arithmetic runs in double (features widen exactly, weights are stored as doubles) and only the outputs are
 * cast to float, so the file agrees with predictLinear to rounding, not to float32 accumulation error.
 */
import { GyreError } from '../../contract/errors';
import { attr, type GraphBuilder } from '../onnx/graph';
import type { EstimatorOutputs } from '../onnx/trees';
import { validateLinear, type LinearModel } from './model';

export interface LinearExportOptions {
  /** Class labels, in class-index order: integers (int64 labels) or strings. Default: 0 … k − 1. */
  classLabels?: readonly (number | string)[];
}

const FLOAT = 1;
const DOUBLE = 11;

/** Adds the model reading float features `[N, F]` from `featuresName`, and declares its outputs. */
export function addLinear(graph: GraphBuilder, model: LinearModel, featuresName: string, options: LinearExportOptions = {}): EstimatorOutputs {
  validateLinear(model);
  const labels = model.task === 'regression' ? null : classLabels(model.classes, options.classLabels);
  const features = graph.op('Cast', [featuresName], [attr.int('to', DOUBLE)], 'linear_features');
  const weights = graph.initializer('linear_weights', { type: 'double', values: model.weights }, [model.featureNames.length, model.outputs]);
  const bias = graph.initializer('linear_bias', { type: 'double', values: model.bias }, [1, model.outputs]);
  const scores = graph.op('Add', [graph.op('MatMul', [features, weights], [], 'linear_product'), bias], [], 'linear_scores');

  if (!labels) {
    const prediction = graph.node('Cast', [scores], ['prediction'], [attr.int('to', FLOAT)])[0]!;
    graph.output(prediction, 'float', ['N', 1]);
    return { task: 'regression', prediction };
  }
  let probabilities: string;
  if (model.task === 'binary') {
    const positive = graph.op('Sigmoid', [scores], [], 'positive');
    const negative = graph.op('Sub', [graph.initializer('one', { type: 'double', values: [1] }), positive], [], 'negative');
    probabilities = graph.op('Concat', [negative, positive], [attr.int('axis', 1)], 'probabilities_double');
  } else {
    probabilities = graph.op('Softmax', [scores], [attr.int('axis', 1)], 'probabilities_double');
  }
  // ArgMax keeps the first of equal maxima, as an argmax over predictLinear's rows does.
  const index = graph.op('ArgMax', [probabilities], [attr.int('axis', 1), attr.int('keepdims', 0)], 'class_index');
  const table = labels.type === 'string' ? graph.strings('class_labels', labels.values) : graph.int64s('class_labels', labels.values);
  const label = graph.node('Gather', [table, index], ['label'], [attr.int('axis', 0)])[0]!;
  const output = graph.node('Cast', [probabilities], ['probabilities'], [attr.int('to', FLOAT)])[0]!;
  graph.output(label, labels.type, ['N']);
  graph.output(output, 'float', ['N', labels.values.length]);
  return { task: model.task === 'binary' ? 'binary' : 'multiclass', label, probabilities: output, labelType: labels.type };
}

type Labels = { type: 'int64'; values: number[] } | { type: 'string'; values: string[] };

function classLabels(k: number, given: readonly (number | string)[] | undefined): Labels {
  if (!given) return { type: 'int64', values: Array.from({ length: k }, (_, i) => i) };
  const invalid = (message: string) => new GyreError('VALIDATION', `Cannot export the linear model: ${message}`, { field: 'classLabels' });
  if (given.length !== k) throw invalid(`expected ${k} class labels, got ${given.length}.`);
  if (new Set(given).size !== k) throw invalid('class labels must be distinct.');
  if (given.every((l) => typeof l === 'string')) return { type: 'string', values: [...given] as string[] };
  if (given.every((l) => typeof l === 'number' && Number.isSafeInteger(l))) return { type: 'int64', values: [...given] as number[] };
  throw invalid('class labels must be all integers or all strings.');
}
