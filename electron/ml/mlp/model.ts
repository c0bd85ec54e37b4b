/**
 * A fitted multi-layer perceptron as plain data, and its TypeScript scoring: the reference the ONNX export
 * (`mlp/onnx.ts`) must match in onnxruntime. Hidden layers are ReLU; the output layer is linear and its scores
 * become predictions as a linear model's do (`scoresToPredictions`).
 */
import { GyreError } from '../../contract/errors';
import { scoresToPredictions } from '../linear/model';
import type { Features, Task } from '../types';

export interface MlpLayer {
  inputs: number;
  outputs: number;
  /** inputs × outputs, row-major. */
  weights: Float64Array;
  /** One per output. */
  bias: Float64Array;
}

export interface MlpModel {
  kind: 'mlp';
  task: Task;
  /** Number of classes (2 for binary); 1 for regression. */
  classes: number;
  /** Units of the output layer: 1 for regression and binary, `classes` for multiclass. */
  outputs: number;
  /** Input side first; the first reads the features in their own scale, the last is the linear output layer. */
  layers: MlpLayer[];
  featureNames: string[];
}

/** Raw output-layer scores, row-major: `scores[row * outputs + k]`. */
export function mlpScores(model: MlpModel, features: Features): Float64Array {
  validateMlp(model);
  const { rows, data } = features;
  const width = model.featureNames.length;
  if (features.names.length !== width || data.length !== width * rows) {
    throw new GyreError('VALIDATION', `The MLP reads ${width} features; got ${features.names.length}.`, { field: 'features' });
  }
  // Column-major features become the first layer's row-major input once; each layer then reads one row at a time.
  let input = new Float64Array(rows * width);
  for (let f = 0; f < width; f++) for (let r = 0; r < rows; r++) input[r * width + f] = data[f * rows + r]!;
  model.layers.forEach((layer, l) => {
    const hidden = l < model.layers.length - 1;
    const { inputs: I, outputs: O, weights, bias } = layer;
    const out = new Float64Array(rows * O);
    for (let r = 0; r < rows; r++) {
      const row = r * I;
      const target = r * O;
      for (let o = 0; o < O; o++) out[target + o] = bias[o]!;
      for (let i = 0; i < I; i++) {
        const v = input[row + i]!;
        if (v === 0) continue;
        const w = i * O;
        for (let o = 0; o < O; o++) out[target + o]! += v * weights[w + o]!;
      }
      if (hidden) for (let o = 0; o < O; o++) if (out[target + o]! < 0) out[target + o] = 0;
    }
    input = out;
  });
  return input;
}

/** Predictions, row-major: one value per row (regression) or one probability per class per row. */
export function predictMlp(model: MlpModel, features: Features): Float64Array {
  return scoresToPredictions(model.task, mlpScores(model, features), features.rows, model.outputs);
}

/** Rejects a model whose arrays disagree, before onnxruntime reports it less clearly. */
export function validateMlp(model: MlpModel): void {
  const fail = (message: string, field: string) => new GyreError('VALIDATION', `Invalid MLP: ${message}`, { field });
  const { task, classes, outputs, layers } = model;
  const expected = task === 'multiclass' ? classes : 1;
  if (outputs !== expected) throw fail(`a ${task} model with ${classes} classes has ${expected} outputs, got ${outputs}.`, 'outputs');
  if (layers.length < 2) throw fail(`it needs a hidden layer and an output layer, got ${layers.length} layers.`, 'layers');
  let width = model.featureNames.length;
  layers.forEach((layer, l) => {
    if (layer.inputs !== width) throw fail(`layer ${l} reads ${layer.inputs} values, the layer before gives ${width}.`, 'layers');
    if (layer.weights.length !== layer.inputs * layer.outputs || layer.bias.length !== layer.outputs) throw fail(`layer ${l}'s arrays do not match ${layer.inputs} × ${layer.outputs}.`, 'layers');
    if (![...layer.weights, ...layer.bias].every(Number.isFinite)) throw fail(`layer ${l} has a weight that is not a finite number.`, 'layers');
    width = layer.outputs;
  });
  if (width !== outputs) throw fail(`the last layer gives ${width} values for ${outputs} outputs.`, 'layers');
}
