/**
 * Boosting objectives: gradients and hessians of the loss at the current raw scores, the loss itself, and the
 * prior each model starts from. Raw scores are row-major (`score[r * outputs + k]`), exactly as `rawScores` gives.
 */
import type { Task } from '../types';

/** Hessians below this are raised to it, so a confident row still carries a little weight (as XGBoost does). */
const MIN_HESSIAN = 1e-16;

/** 2^(−j/64) for j = 0…63, and 2^−k for k = 0…1087: the scale factors of `expNegative`. */
const FRACTIONS = Float64Array.from({ length: 64 }, (_, j) => 2 ** (-j / 64));
const POWERS = Float64Array.from({ length: 1088 }, (_, k) => 2 ** -k);
/** ln2/64 as a float32 part (its multiples by any j < 2^29 are exact) and the rest, to beyond double precision. */
const STEP_HI = Math.fround(Math.LN2) / 64;
const STEP_LO = (Math.LN2 - Math.fround(Math.LN2) + 2.3190468138462996e-17) / 64;

/**
 * e^−a for a ≥ 0, within 3e-15 relative while e^−a is a normal number (a < 708; below, within 1e-308): with
 * a = (j + ρ)·ln2/64 for a whole j,
 * e^−a = 2^−⌊j/64⌋ · 2^−(j mod 64)/64 · e^−r with r = ρ·ln2/64 < 0.011, where a degree-5 polynomial suffices.
 * Math.exp is a call into C++; this is 1.6× faster in the gradient pass, whose cost it dominates.
 */
export function expNegative(a: number): number {
  if (!(a < 745)) return a === a ? 0 : NaN;
  const j = (a * (64 / Math.LN2)) | 0;
  const r = a - j * STEP_HI - j * STEP_LO;
  const poly = 1 - r * (1 - r * (1 / 2 - r * (1 / 6 - r * (1 / 24 - r * (1 / 120)))));
  return POWERS[j >> 6]! * FRACTIONS[j & 63]! * poly;
}

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export interface Objective {
  outputs: number;
  postTransform: 'none' | 'logistic' | 'softmax';
  /**
   * Writes gradients and hessians of the rows in `rows` into `grad`/`hess` (row-major like the scores), and returns
   * the weighted loss summed over those rows.
   */
  gradients(score: Float64Array, target: Float64Array, weight: Float64Array, rows: Uint32Array, grad: Float64Array, hess: Float64Array): number;
  /**
   * Single-output objectives' fast path for a round on every row: from tree sums and the prior, writes each row's
   * (gradient, hessian) as float32 pairs `pairs[2r]`, `pairs[2r + 1]`, their sums over `rows` (in order, as
   * float64) to `totals[0]`, `totals[1]`, and returns the weighted loss of `rows`.
   */
  pairs?(sum: Float64Array, base: number, target: Float64Array, weight: Float64Array, rows: Uint32Array, pairs: Float32Array, totals: Float64Array): number;
  /** Weighted loss summed over `rows`. */
  loss(score: Float64Array, target: Float64Array, weight: Float64Array, rows: Uint32Array): number;
  /** The starting raw score per output: what the model predicts before any tree. */
  prior(target: Float64Array, weight: Float64Array, rows: Uint32Array): number[];
}

const binary: Objective = {
  outputs: 1,
  postTransform: 'logistic',
  gradients(score, target, weight, rows, grad, hess) {
    let loss = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const m = score[r]!;
      const y = target[r]!;
      const w = weight[r]!;
      const e = Math.exp(-Math.abs(m));
      // p = σ(m), computed from e^−|m| so neither branch overflows.
      const p = m >= 0 ? 1 / (1 + e) : e / (1 + e);
      grad[r] = (p - y) * w;
      hess[r] = Math.max(p * (1 - p), MIN_HESSIAN) * w;
      loss += w * (Math.max(m, 0) - m * y + Math.log1p(e));
    }
    return loss;
  },
  pairs(sum, base, target, weight, rows, pairs, totals) {
    let loss = 0;
    let sumG = 0;
    let sumH = 0;
    // The loss's log(1 + e) terms of unit-weight rows are summed as the log of their product, one log per 64 rows
    // instead of one per row (a third of this loop's time); each factor lies in (1, 2], so the product stays finite.
    let product = 1;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const m = sum[r]! + base;
      const y = target[r]!;
      const w = weight[r]!;
      const e = expNegative(Math.abs(m));
      const q = 1 + e;
      const p = m >= 0 ? 1 / q : e / q;
      const g = Math.fround((p - y) * w);
      const h = Math.fround(Math.max(p * (1 - p), MIN_HESSIAN) * w);
      pairs[2 * r] = g;
      pairs[2 * r + 1] = h;
      sumG += g;
      sumH += h;
      loss += w * (Math.max(m, 0) - m * y);
      if (w === 1) product *= q;
      else loss += w * Math.log1p(e);
      if ((i & 63) === 63) {
        loss += Math.log(product);
        product = 1;
      }
    }
    totals[0] = sumG;
    totals[1] = sumH;
    return loss + Math.log(product);
  },
  loss(score, target, weight, rows) {
    let loss = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      loss += weight[r]! * softplus(target[r] === 1 ? -score[r]! : score[r]!);
    }
    return loss;
  },
  prior(target, weight, rows) {
    let pos = 0;
    let all = 0;
    for (let i = 0; i < rows.length; i++) {
      pos += weight[rows[i]!]! * target[rows[i]!]!;
      all += weight[rows[i]!]!;
    }
    const p = Math.min(Math.max(pos / all, 1e-6), 1 - 1e-6);
    return [Math.log(p / (1 - p))];
  },
};

const regression: Objective = {
  outputs: 1,
  postTransform: 'none',
  gradients(score, target, weight, rows, grad, hess) {
    let loss = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const d = score[r]! - target[r]!;
      grad[r] = d * weight[r]!;
      hess[r] = weight[r]!;
      loss += weight[r]! * d * d;
    }
    return loss;
  },
  pairs(sum, base, target, weight, rows, pairs, totals) {
    let loss = 0;
    let sumG = 0;
    let sumH = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const d = sum[r]! + base - target[r]!;
      const g = Math.fround(d * weight[r]!);
      const h = Math.fround(weight[r]!);
      pairs[2 * r] = g;
      pairs[2 * r + 1] = h;
      sumG += g;
      sumH += h;
      loss += weight[r]! * d * d;
    }
    totals[0] = sumG;
    totals[1] = sumH;
    return loss;
  },
  loss(score, target, weight, rows) {
    let loss = 0;
    for (let i = 0; i < rows.length; i++) {
      const d = score[rows[i]!]! - target[rows[i]!]!;
      loss += weight[rows[i]!]! * d * d;
    }
    return loss;
  },
  prior(target, weight, rows) {
    let sum = 0;
    let all = 0;
    for (let i = 0; i < rows.length; i++) {
      sum += weight[rows[i]!]! * target[rows[i]!]!;
      all += weight[rows[i]!]!;
    }
    return [sum / all];
  },
};

function multiclass(k: number): Objective {
  const p = new Float64Array(k);
  /** Softmax of row r's scores into p; returns −log p[y]. */
  const softmax = (score: Float64Array, r: number, y: number) => {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, score[r * k + c]!);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += p[c] = Math.exp(score[r * k + c]! - max);
    for (let c = 0; c < k; c++) p[c]! /= sum;
    return Math.log(sum) - (score[r * k + y]! - max);
  };
  return {
    outputs: k,
    postTransform: 'softmax',
    gradients(score, target, weight, rows, grad, hess) {
      let loss = 0;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        const y = target[r]!;
        const w = weight[r]!;
        loss += w * softmax(score, r, y);
        for (let c = 0; c < k; c++) {
          grad[r * k + c] = (p[c]! - (c === y ? 1 : 0)) * w;
          hess[r * k + c] = Math.max(p[c]! * (1 - p[c]!), MIN_HESSIAN) * w;
        }
      }
      return loss;
    },
    loss(score, target, weight, rows) {
      let loss = 0;
      for (let i = 0; i < rows.length; i++) loss += weight[rows[i]!]! * softmax(score, rows[i]!, target[rows[i]!]!);
      return loss;
    },
    prior(target, weight, rows) {
      const w = new Float64Array(k);
      for (let i = 0; i < rows.length; i++) w[target[rows[i]!]!]! += weight[rows[i]!]!;
      let all = 0;
      for (let c = 0; c < k; c++) all += w[c]!;
      return Array.from(w, (wc) => Math.log(Math.max(wc / all, 1e-12)));
    },
  };
}

export function objectiveFor(task: Task, classes: number): Objective {
  if (task === 'binary') return binary;
  if (task === 'regression') return regression;
  return multiclass(classes);
}

