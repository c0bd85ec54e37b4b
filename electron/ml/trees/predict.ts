/**
 * Scores a TreeEnsemble in TypeScript, with exactly the semantics its ONNX export has in onnxruntime
 * (float32 features and thresholds, `x < threshold` goes left, NaN follows `missingLeft`).
 */
import type { Features, Tree, TreeEnsemble } from '../types';

/** The leaf a row reaches in one tree. */
export function leafOf(tree: Tree, features: Features, row: number): number {
  let node = 0;
  const { rows, data } = features;
  while (tree.feature[node]! !== -1) {
    const x = data[tree.feature[node]! * rows + row]!;
    const goLeft = Number.isNaN(x) ? tree.missingLeft[node] === 1 : x < tree.threshold[node]!;
    node = goLeft ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}

/** Raw scores before `postTransform`, row-major: `scores[row * outputs + k]`. */
export function rawScores(model: TreeEnsemble, features: Features): Float64Array {
  const { outputs } = model;
  const scores = new Float64Array(features.rows * outputs);
  for (const tree of model.trees) {
    for (let r = 0; r < features.rows; r++) {
      const leaf = leafOf(tree, features, r);
      for (let k = 0; k < outputs; k++) scores[r * outputs + k]! += tree.value[leaf * outputs + k]!;
    }
  }
  const n = model.aggregate === 'average' ? Math.max(1, model.trees.length) : 1;
  for (let r = 0; r < features.rows; r++) for (let k = 0; k < outputs; k++) scores[r * outputs + k] = scores[r * outputs + k]! / n + model.baseScore[k]!;
  return scores;
}

/**
 * Predictions, row-major. Regression: one value per row. Classification: one probability per class per row
 * (a single-output binary model gives [1 − p, p]).
 */
export function predict(model: TreeEnsemble, features: Features): Float64Array {
  const raw = rawScores(model, features);
  const { outputs, rows } = { outputs: model.outputs, rows: features.rows };
  if (model.task === 'regression') return raw;
  if (model.task === 'binary' && outputs === 1) {
    const out = new Float64Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      const p = model.postTransform === 'logistic' ? 1 / (1 + Math.exp(-raw[r]!)) : raw[r]!;
      out[r * 2] = 1 - p;
      out[r * 2 + 1] = p;
    }
    return out;
  }
  if (model.postTransform === 'softmax') {
    for (let r = 0; r < rows; r++) {
      let max = -Infinity;
      for (let k = 0; k < outputs; k++) max = Math.max(max, raw[r * outputs + k]!);
      let sum = 0;
      for (let k = 0; k < outputs; k++) sum += raw[r * outputs + k] = Math.exp(raw[r * outputs + k]! - max);
      for (let k = 0; k < outputs; k++) raw[r * outputs + k]! /= sum;
    }
  } else if (model.postTransform === 'logistic') {
    for (let i = 0; i < raw.length; i++) raw[i] = 1 / (1 + Math.exp(-raw[i]!));
  }
  return raw;
}
