/**
 * The training set as the step graph reads it, with its checks: features standardized again (so Adam sees a
 * well-conditioned problem whatever the preprocessing did) and laid out row-major, targets as [N, C], weights
 * normalized to a weighted mean. `toOriginalScale` maps the weights learned there back to the features' scale.
 */
import { GyreError } from '../../contract/errors';
import type { Task, TrainingSet } from '../types';

export interface StepData {
  rows: number;
  features: number;
  /** Columns of the weights: the number of classes for multiclass, else 1. */
  outputs: number;
  /** [N, F] row-major: `(value − center[f]) / scale[f]`. */
  x: Float32Array;
  /** [N, C]: one-hot (multiclass), 0/1 (binary), or `(target − targetCenter) / targetScale` (regression). */
  y: Float32Array;
  /** [N, 1], summing to 1. */
  sampleWeight: Float32Array;
  /** Σ of the given weights (the row count without weights): the n of scikit-learn's C = 1 / (l2 · n). */
  totalWeight: number;
  /** The L2 strength on the original features' weights. */
  l2: number;
  /** [F, 1]: `l2 / scale[f]²`, the same penalty on the standardized features' weights. */
  penalty: Float32Array;
  center: Float64Array;
  /** The standard deviation, or √l2 where that is larger (so no weight's penalty is stiffer than 1); 1 for a constant feature. */
  scale: Float64Array;
  targetCenter: number;
  targetScale: number;
  /** Weighted share of each class (classification); empty for regression. */
  priors: Float64Array;
}

/**
 * `l2` is relative to the weighted mean loss; default: scikit-learn's defaults (LogisticRegression C = 1, Ridge
 * alpha = 1) for this many rows, i.e. 1 / n for log loss and 2 / n for the mean squared error.
 */
export function prepareStepData(train: TrainingSet, task: Task, classes: number, l2Given?: number, what = 'linear model'): StepData {
  const { features, target } = train;
  const rows = features.rows;
  const width = features.names.length;
  if (rows === 0) throw new GyreError('VALIDATION', `The ${what} has no training rows to learn from.`, { field: 'rows' });
  if (width === 0) throw new GyreError('VALIDATION', `The ${what} has no features to learn from.`, { field: 'features' });
  if (target.length !== rows) throw new GyreError('VALIDATION', `The target has ${target.length} values for ${rows} rows.`, { field: 'target' });
  const outputs = task === 'multiclass' ? classes : 1;
  const { sampleWeight, totalWeight } = normalizedWeights(train.weights, rows);
  const l2 = l2Given ?? (task === 'regression' ? 2 : 1) / totalWeight;
  if (!(l2 >= 0 && Number.isFinite(l2))) throw new GyreError('VALIDATION', `l2 must be a finite number ≥ 0, got ${l2}.`, { field: 'l2' });
  const { center, scale } = featureScales(train, Math.sqrt(l2), what);
  const penalty = Float32Array.from(scale, (s) => l2 / (s * s));
  const x = new Float32Array(rows * width);
  for (let f = 0; f < width; f++) {
    const column = f * rows;
    for (let r = 0; r < rows; r++) x[r * width + f] = (features.data[column + r]! - center[f]!) / scale[f]!;
  }
  const base = { rows, features: width, outputs, x, sampleWeight, totalWeight, l2, penalty, center, scale };
  if (task === 'regression') return { ...base, ...regressionTarget(target, sampleWeight) };
  const { y, priors } = classTarget(target, task, classes, sampleWeight);
  return { ...base, y, priors, targetCenter: 0, targetScale: 1 };
}

function normalizedWeights(weights: Float64Array | undefined, rows: number): { sampleWeight: Float32Array; totalWeight: number } {
  if (!weights) return { sampleWeight: new Float32Array(rows).fill(1 / rows), totalWeight: rows };
  if (weights.length !== rows) throw new GyreError('VALIDATION', `There are ${weights.length} row weights for ${rows} rows.`, { field: 'weights' });
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const w = weights[r]!;
    if (!(w >= 0 && Number.isFinite(w))) throw new GyreError('VALIDATION', `Row weights must be finite and not negative; row ${r} has ${w}.`, { field: 'weights', row: r });
    total += w;
  }
  if (!(total > 0)) throw new GyreError('VALIDATION', 'Every row weight is 0: there is nothing to learn from.', { field: 'weights' });
  return { sampleWeight: Float32Array.from(weights, (w) => w / total), totalWeight: total };
}

/** Mean and standard deviation per feature, refusing a missing or infinite value with the feature's name. */
function featureScales(train: TrainingSet, minScale: number, what: string): { center: Float64Array; scale: Float64Array } {
  const { rows, names, data } = train.features;
  const center = new Float64Array(names.length);
  const scale = new Float64Array(names.length);
  for (let f = 0; f < names.length; f++) {
    const column = f * rows;
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const v = data[column + r]!;
      if (!Number.isFinite(v)) {
        const value = Number.isNaN(v) ? 'a missing value' : 'an infinite value';
        throw new GyreError('VALIDATION', `Feature "${names[f]}" has ${value} in training row ${r}; the ${what} needs every feature filled in (impute it first).`, { field: 'features', column: names[f], row: r });
      }
      sum += v;
    }
    const mean = sum / rows;
    let squares = 0;
    for (let r = 0; r < rows; r++) squares += (data[column + r]! - mean) ** 2;
    const sd = Math.sqrt(squares / rows);
    center[f] = mean;
    // A spread lost in float32 rounding of the mean is no spread: the feature is constant.
    scale[f] = sd > 1e-7 * Math.max(1, Math.abs(mean)) ? Math.max(sd, minScale) : 1;
  }
  return { center, scale };
}

function regressionTarget(target: Float64Array, weight: Float32Array): { y: Float32Array; priors: Float64Array; targetCenter: number; targetScale: number } {
  let mean = 0;
  for (let r = 0; r < target.length; r++) {
    const v = target[r]!;
    if (!Number.isFinite(v)) throw new GyreError('VALIDATION', `The target of training row ${r} is ${v}; regression needs a number in every row.`, { field: 'target', row: r });
    mean += weight[r]! * v;
  }
  let variance = 0;
  for (let r = 0; r < target.length; r++) variance += weight[r]! * (target[r]! - mean) ** 2;
  const sd = Math.sqrt(variance);
  const targetScale = sd > 0 ? sd : 1;
  return { y: Float32Array.from(target, (v) => (v - mean) / targetScale), priors: new Float64Array(0), targetCenter: mean, targetScale };
}

function classTarget(target: Float64Array, task: Task, classes: number, weight: Float32Array): { y: Float32Array; priors: Float64Array } {
  if (task === 'binary' && classes !== 2) throw new GyreError('VALIDATION', `A binary model has 2 classes, got ${classes}.`, { field: 'classes' });
  if (task === 'multiclass' && classes < 3) throw new GyreError('VALIDATION', `A multiclass model needs 3 or more classes, got ${classes}.`, { field: 'classes' });
  const rows = target.length;
  const priors = new Float64Array(classes);
  const seen = new Uint8Array(classes);
  const y = new Float32Array(task === 'binary' ? rows : rows * classes);
  for (let r = 0; r < rows; r++) {
    const c = target[r]!;
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new GyreError('VALIDATION', `The target of training row ${r} is ${c}, not a class index from 0 to ${classes - 1}.`, { field: 'target', row: r });
    priors[c]! += weight[r]!;
    if (weight[r]! > 0) seen[c] = 1;
    if (task === 'binary') y[r] = c;
    else y[r * classes + c] = 1;
  }
  const present = seen.reduce((n, s) => n + s, 0);
  if (present < 2) {
    const only = seen.indexOf(1);
    throw new GyreError('VALIDATION', `Every training row (with a weight above 0) is of class ${only}: a classifier needs at least two classes to tell apart.`, { field: 'target' });
  }
  return { y, priors };
}

/**
 * Weights and biases learned on the standardized data, in the features' own scale: with x' = (x − μ) / s and
 * y = σ·y' + m, a score σ·(b' + Σ w'·x') + m is b + Σ w·x for w = σ·w' / s and b = σ·b' + m − Σ w·μ.
 */
export function toOriginalScale(data: StepData, weights: ArrayLike<number>, bias: ArrayLike<number>): { weights: Float64Array; bias: Float64Array } {
  const { features: F, outputs: C, center, scale, targetScale: sigma, targetCenter } = data;
  const w = new Float64Array(F * C);
  const b = Float64Array.from({ length: C }, (_, k) => sigma * bias[k]! + targetCenter);
  for (let f = 0; f < F; f++) {
    for (let k = 0; k < C; k++) {
      const value = (sigma * weights[f * C + k]!) / scale[f]!;
      w[f * C + k] = value;
      b[k]! -= value * center[f]!;
    }
  }
  return { weights: w, bias: b };
}
