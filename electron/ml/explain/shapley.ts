/**
 * Shapley values of the raw columns for one prediction of any model, with the interventional value function
 * v(S) = mean over background rows b of f(x_S, b_rest). Exact enumeration of coalitions for few columns, otherwise
 * antithetic permutation sampling (Štrumbelj & Kononenko 2014; Mitchell et al. 2022): each permutation is paired
 * with its reverse. Every permutation telescopes, so contributions always sum to prediction − base value.
 */
import { GyreError } from '../../contract/errors';
import type { Frame, RawColumn } from '../preprocess/frame';
import { seeded, shuffle } from '../random';
import { sampleRows, scoreChecked, takeRows, type ScoreRows } from './frame-edit';

export interface ShapleyOptions {
  /** Default 0. */
  seed?: number;
  /** Sampled estimator: permutations evaluated, each antithetic pair counting two; rounded up to even; default 64. */
  permutations?: number;
  /** Enumerate all 2^M coalitions when there are at most this many columns; default 10. */
  exactUpTo?: number;
  /** Background rows, a seeded sample of the background frame; default 100. */
  maxBackground?: number;
  /** Most rows per model call; default 100,000. A permutation's rows always go in one call, even when they are more. */
  chunkRows?: number;
}

export interface ColumnContribution {
  column: string;
  /** The explained row's raw value in this column (NaN / null = missing). */
  value: number | string | null;
  contribution: number;
  /** Standard error of the contribution over antithetic pairs; 0 when enumerated exactly. */
  standardError: number;
}

export interface ShapleyExplanation {
  method: 'exact' | 'sampled';
  /** Permutations evaluated (0 for exact enumeration). */
  permutations: number;
  /** Mean model output over the background rows, v(∅). */
  baseValue: number;
  /** The model output for the explained row, v(all). */
  prediction: number;
  /** In the instance's column order; they sum to prediction − baseValue. */
  contributions: ColumnContribution[];
}

/** Explains the single row of `instance` against `background` (same column names and kinds). */
export async function shapleyValues(score: ScoreRows, instance: Frame, background: Frame, options: ShapleyOptions = {}): Promise<ShapleyExplanation> {
  const seed = options.seed ?? 0;
  const chunkRows = options.chunkRows ?? 100_000;
  const exactUpTo = options.exactUpTo ?? 10;
  if (!(Number.isInteger(exactUpTo) && exactUpTo >= 0 && exactUpTo <= 16)) throw new GyreError('VALIDATION', `exactUpTo must be a whole number from 0 to 16, got ${exactUpTo}.`, { field: 'exactUpTo' });
  if (instance.rows !== 1) throw new GyreError('VALIDATION', `Shapley values explain one row at a time, got ${instance.rows}.`, { field: 'instance' });
  if (instance.columns.length === 0) throw new GyreError('VALIDATION', 'The row to explain has no columns.', { field: 'instance' });
  if (background.rows === 0) throw new GyreError('VALIDATION', 'Shapley values need at least one background row.', { field: 'background' });
  if (!(Number.isInteger(chunkRows) && chunkRows >= 1)) throw new GyreError('VALIDATION', `chunkRows must be a whole number of at least 1, got ${chunkRows}.`, { field: 'chunkRows' });
  const bg = takeRows(alignBackground(instance, background), sampleRows(background.rows, options.maxBackground ?? 100, seed));
  const m = instance.columns.length;

  if (m <= exactUpTo) {
    const result = await exactExplanation(score, instance, bg, chunkRows);
    return explanation('exact', 0, instance, result);
  }
  const permutations = 2 * Math.ceil((options.permutations ?? 64) / 2);
  if (!(permutations >= 4)) throw new GyreError('VALIDATION', `permutations must be at least 4, got ${options.permutations}.`, { field: 'permutations' });
  return explanation('sampled', permutations, instance, await sampledExplanation(score, instance, bg, permutations, seed, chunkRows));
}

interface Estimate {
  base: number;
  prediction: number;
  mean: Float64Array;
  se: Float64Array;
}

function explanation(method: ShapleyExplanation['method'], permutations: number, instance: Frame, estimate: Estimate): ShapleyExplanation {
  const contributions = instance.columns.map((c, j) => ({ column: c.name, value: c.values[0] ?? null, contribution: estimate.mean[j]!, standardError: estimate.se[j]! }));
  return { method, permutations, baseValue: estimate.base, prediction: estimate.prediction, contributions };
}

/** Every coalition, coalition s = the columns whose bit is set in s. */
async function exactExplanation(score: ScoreRows, instance: Frame, bg: Frame, chunkRows: number): Promise<Estimate> {
  const m = instance.columns.length;
  const full = (1 << m) - 1;
  const masks = new Uint8Array((full + 1) * m);
  for (let s = 0; s <= full; s++) for (let j = 0; j < m; j++) masks[s * m + j] = (s >> j) & 1;
  const { values, fullScore } = await coalitionValues(score, instance, bg, masks, 1, full, chunkRows);
  values[full] = fullScore;
  return { base: values[0]!, prediction: fullScore, mean: exactShapley(values, m), se: new Float64Array(m) };
}

/** Coalition q·(M−1) + t − 1 = the first t columns of permutation q (0 < t < M); then ∅, then all columns. */
async function sampledExplanation(score: ScoreRows, instance: Frame, bg: Frame, permutations: number, seed: number, chunkRows: number): Promise<Estimate> {
  const m = instance.columns.length;
  const orders = antitheticOrders(m, permutations, seed);
  const inner = permutations * (m - 1);
  const masks = new Uint8Array((inner + 2) * m);
  for (let q = 0; q < permutations; q++) {
    for (let t = 1; t < m; t++) for (let k = 0; k < t; k++) masks[(q * (m - 1) + t - 1) * m + orders[q * m + k]!] = 1;
  }
  masks.fill(1, (inner + 1) * m);
  const { values, fullScore } = await coalitionValues(score, instance, bg, masks, Math.max(1, m - 1), inner + 1, chunkRows);
  const base = values[inner]!;
  return { base, prediction: fullScore, ...sampledShapley(values, orders, m, permutations, base, fullScore) };
}

/** Background columns in the instance's order, checked by name and kind. */
function alignBackground(instance: Frame, background: Frame): Frame {
  const columns = instance.columns.map((c) => {
    const match = background.columns.find((b) => b.name === c.name);
    if (!match) throw new GyreError('VALIDATION', `The background rows have no column "${c.name}".`, { column: c.name });
    if (match.kind !== c.kind) throw new GyreError('VALIDATION', `Column "${c.name}" is ${c.kind} in the row but ${match.kind} in the background.`, { column: c.name });
    return match;
  });
  return { rows: background.rows, columns };
}

/**
 * v(S) for each coalition mask (M bytes each, 1 = the instance's value, 0 = the background's), scored in as few
 * calls as `chunkRows` allows without splitting a group of `group` coalitions; `fullScore` is the model's output for
 * the instance, read from coalition `full`.
 */
async function coalitionValues(score: ScoreRows, instance: Frame, bg: Frame, masks: Uint8Array, group: number, full: number, chunkRows: number) {
  const m = instance.columns.length;
  const b = bg.rows;
  const count = masks.length / m;
  const perCall = Math.max(1, Math.floor(chunkRows / (b * group))) * group;
  const values = new Float64Array(count);
  let fullScore = NaN;
  for (let first = 0; first < count; first += perCall) {
    const last = Math.min(first + perCall, count);
    const scores = await scoreChecked(score, coalitionFrame(instance, bg, masks, first, last));
    for (let k = first; k < last; k++) {
      let sum = 0;
      for (let i = 0; i < b; i++) sum += scores[(k - first) * b + i]!;
      values[k] = sum / b;
      if (k === full) fullScore = scores[(k - first) * b]!;
    }
  }
  return { values, fullScore };
}

/** Coalitions [first, last) × background rows: block k holds the background with the coalition's columns set to the instance. */
function coalitionFrame(instance: Frame, bg: Frame, masks: Uint8Array, first: number, last: number): Frame {
  const m = instance.columns.length;
  const b = bg.rows;
  const rows = (last - first) * b;
  const columns = instance.columns.map((c, j): RawColumn => {
    const from = bg.columns[j]!;
    if (c.kind === 'number' && from.kind === 'number') {
      const values = new Float64Array(rows);
      for (let k = first; k < last; k++) {
        if (masks[k * m + j]) values.fill(c.values[0]!, (k - first) * b, (k - first + 1) * b);
        else values.set(from.values, (k - first) * b);
      }
      return { ...c, values };
    }
    if (c.kind === 'string' && from.kind === 'string') {
      const values = new Array<string | null>(rows);
      for (let k = first; k < last; k++) {
        const offset = (k - first) * b;
        if (masks[k * m + j]) values.fill(c.values[0] ?? null, offset, offset + b);
        else for (let i = 0; i < b; i++) values[offset + i] = from.values[i] ?? null;
      }
      return { ...c, values };
    }
    throw new GyreError('INTERNAL', `Column "${c.name}" differs in kind between the row and the background.`);
  });
  return { rows, columns };
}

/** φ_j = Σ_{S ∌ j} |S|!(M−|S|−1)!/M! · (v(S ∪ {j}) − v(S)), with v indexed by coalition bitmask. */
function exactShapley(v: Float64Array, m: number): Float64Array {
  const weight = new Float64Array(m);
  for (let s = 0; s < m; s++) weight[s] = 1 / (m * binomial(m - 1, s));
  const phi = new Float64Array(m);
  for (let s = 0; s < 1 << m; s++) {
    const size = popcount(s);
    for (let j = 0; j < m; j++) if (!(s & (1 << j))) phi[j]! += weight[size]! * (v[s | (1 << j)]! - v[s]!);
  }
  return phi;
}

/** Permutations 2p (seeded shuffle) and 2p+1 (its reverse), M entries each. */
function antitheticOrders(m: number, permutations: number, seed: number): Uint32Array {
  const random = seeded(seed);
  const orders = new Uint32Array(permutations * m);
  const order = Uint32Array.from({ length: m }, (_, i) => i);
  for (let p = 0; p < permutations / 2; p++) {
    shuffle(order, random);
    orders.set(order, 2 * p * m);
    orders.set(order.slice().reverse(), (2 * p + 1) * m);
  }
  return orders;
}

/** Mean marginal contributions over permutations; the standard error treats each antithetic pair as one sample. */
function sampledShapley(v: Float64Array, orders: Uint32Array, m: number, permutations: number, base: number, prediction: number) {
  const pairs = permutations / 2;
  const perPair = new Float64Array(pairs * m);
  for (let q = 0; q < permutations; q++) {
    const row = Math.floor(q / 2) * m;
    let previous = base;
    for (let t = 1; t <= m; t++) {
      const current = t === m ? prediction : v[q * (m - 1) + t - 1]!;
      perPair[row + orders[q * m + t - 1]!]! += (current - previous) / 2;
      previous = current;
    }
  }
  const mean = new Float64Array(m);
  const se = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let sum = 0;
    for (let p = 0; p < pairs; p++) sum += perPair[p * m + j]!;
    mean[j] = sum / pairs;
    let squares = 0;
    for (let p = 0; p < pairs; p++) squares += (perPair[p * m + j]! - mean[j]!) ** 2;
    se[j] = Math.sqrt(squares / (pairs - 1) / pairs);
  }
  return { mean, se };
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

function popcount(s: number): number {
  let count = 0;
  for (let x = s; x; x &= x - 1) count++;
  return count;
}
