/**
 * A fitted linear model (logistic or ridge regression) as plain data, and its TypeScript scoring: the reference
 * the ONNX export (`linear/onnx.ts`) must match in onnxruntime.
 */
import { GyreError } from '../../contract/errors';
import type { Features, Task } from '../types';

/**
 * Raw score of output `k` for a row = `bias[k] + Σ_f x_f · weights[f * outputs + k]`, then:
 * - regression: outputs 1, the score is the prediction;
 * - binary: outputs 1, the score is the positive class's logit (probabilities [1 − σ, σ]);
 * - multiclass: outputs = classes, softmax of the scores.
 */
export interface LinearModel {
  kind: 'linear';
  task: Task;
  /** Number of classes (2 for binary); 1 for regression. */
  classes: number;
  /** Columns of `weights`: 1 for regression and binary, `classes` for multiclass. */
  outputs: number;
  /** F × outputs, row-major, in the scale of the features the model reads. */
  weights: Float64Array;
  /** One per output. Multiclass biases are centred (they sum to 0): softmax only sees their differences. */
  bias: Float64Array;
  /** Feature names in the order the weights index them. */
  featureNames: string[];
}

/** Raw scores, row-major: `scores[row * outputs + k]`. */
export function linearScores(model: LinearModel, features: Features): Float64Array {
  checkFeatures(model, features);
  const { outputs, weights, bias } = model;
  const { rows, data } = features;
  const scores = new Float64Array(rows * outputs);
  for (let r = 0; r < rows; r++) for (let k = 0; k < outputs; k++) scores[r * outputs + k] = bias[k]!;
  // Column-major features: one pass per feature keeps the reads sequential.
  for (let f = 0; f < model.featureNames.length; f++) {
    const column = f * rows;
    for (let k = 0; k < outputs; k++) {
      const w = weights[f * outputs + k]!;
      if (w === 0) continue;
      for (let r = 0; r < rows; r++) scores[r * outputs + k]! += data[column + r]! * w;
    }
  }
  return scores;
}

/**
 * Predictions, row-major. Regression: one value per row. Classification: one probability per class per row
 * ([1 − p, p] for binary).
 */
export function predictLinear(model: LinearModel, features: Features): Float64Array {
  return scoresToPredictions(model.task, linearScores(model, features), features.rows, model.outputs);
}

/**
 * Raw scores (row-major, `outputs` per row) to predictions: regression passes them through; binary turns the one
 * logit into [1 − p, p]; multiclass takes the softmax in place.
 */
export function scoresToPredictions(task: Task, scores: Float64Array, rows: number, outputs: number): Float64Array {
  if (task === 'regression') return scores;
  if (task === 'binary') {
    const out = new Float64Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      const p = sigmoid(scores[r]!);
      out[r * 2] = 1 - p;
      out[r * 2 + 1] = p;
    }
    return out;
  }
  const k = outputs;
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, scores[r * k + c]!);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += scores[r * k + c] = Math.exp(scores[r * k + c]! - max);
    for (let c = 0; c < k; c++) scores[r * k + c]! /= sum;
  }
  return scores;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function checkFeatures(model: LinearModel, features: Features): void {
  const width = model.featureNames.length;
  if (features.names.length !== width || features.data.length !== width * features.rows) {
    throw new GyreError('VALIDATION', `The linear model reads ${width} features; got ${features.names.length}.`, { field: 'features' });
  }
}

/** Rejects a model whose arrays disagree, before onnxruntime reports it less clearly. */
export function validateLinear(model: LinearModel): void {
  const { task, classes, outputs } = model;
  const expected = task === 'multiclass' ? classes : 1;
  const fail = (message: string, field: string) => new GyreError('VALIDATION', `Invalid linear model: ${message}`, { field });
  if (task === 'binary' && classes !== 2) throw fail(`a binary model has 2 classes, got ${classes}.`, 'classes');
  if (task === 'multiclass' && classes < 3) throw fail(`a multiclass model has 3 or more classes, got ${classes}.`, 'classes');
  if (outputs !== expected) throw fail(`a ${task} model with ${classes} classes has ${expected} outputs, got ${outputs}.`, 'outputs');
  if (model.weights.length !== model.featureNames.length * outputs) throw fail(`${model.weights.length} weights for ${model.featureNames.length} features × ${outputs} outputs.`, 'weights');
  if (model.bias.length !== outputs) throw fail(`${model.bias.length} biases for ${outputs} outputs.`, 'bias');
  if (![...model.weights, ...model.bias].every(Number.isFinite)) throw fail('a weight or bias is not a finite number.', 'weights');
}
