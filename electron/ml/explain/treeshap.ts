/**
 * Exact interventional TreeSHAP for a TreeEnsemble (Lundberg et al. 2020, the "independent" algorithm): the Shapley
 * values of v(S) = mean over background rows z of rawScore(x_S, z_notS), in the raw score space (before
 * `postTransform`), per output. Rows are routed exactly as `trees/predict.ts` routes them (`x < threshold` goes
 * left, NaN follows `missingLeft`), so contributions sum to rawScore(x) − expectedValue up to rounding.
 *
 * For one pair (x, z) and one tree, the game is a sum over leaves of v_leaf · 1[A ⊆ S, B ∩ S = ∅], where A are the
 * features whose split sends x (not z) towards the leaf and B those that send z (not x). That indicator game has
 * closed-form Shapley values, so one walk over the nodes either row can reach gives the pair's exact values.
 */
import { GyreError } from '../../contract/errors';
import { rawScores } from '../trees/predict';
import type { Features, Tree, TreeEnsemble } from '../types';

/** The explanation of one row: `contributions[f * outputs + k]` for feature `f`, output `k`. */
export interface RowExplanation {
  contributions: Float64Array;
  /** The row's raw scores (as `rawScores` computes them): rawScore − expectedValue = Σ_f contributions, per output. */
  rawScore: Float64Array;
  expectedValue: Float64Array;
}

/** Many rows: `contributions[(row * features + f) * outputs + k]`, `rawScore[row * outputs + k]`. */
export interface BatchExplanation {
  rows: number;
  features: number;
  outputs: number;
  contributions: Float64Array;
  rawScore: Float64Array;
  expectedValue: Float64Array;
}

const UNSEEN = 0;
const X_SIDE = 1;
const Z_SIDE = 2;

/**
 * Explains rows of a TreeEnsemble against a fixed background sample (100–200 rows is the usual size: the cost of
 * one row grows linearly with it). Prepared once, then `explainRow` / `explainRows` as often as needed.
 */
export class TreeExplainer {
  /** Mean raw score of the background rows, per output. */
  readonly expectedValue: Float64Array;
  readonly featureCount: number;
  readonly outputs: number;
  private readonly background: Float32Array;
  private readonly backgroundRows: number;
  /** Shapley weight s!(n−s−1)!/n! of a coalition of size s among n players, at `n * stride + s`. */
  private readonly weights: Float64Array;
  private readonly stride: number;
  /** Scratch for one walk: per-feature side, the features on each side, the explained and background rows. */
  private readonly side: Uint8Array;
  private readonly xSide: Int32Array;
  private readonly zSide: Int32Array;
  private nx = 0;
  private nz = 0;
  private x: Float32Array;
  private z: Float32Array;
  private readonly pair: Float64Array;
  private scale = 1;

  constructor(
    readonly model: TreeEnsemble,
    background: Features,
  ) {
    const F = model.featureNames.length;
    checkFeatures(background, F, 'background');
    if (background.rows < 1) throw new GyreError('VALIDATION', 'The SHAP background needs at least one row.', { field: 'background' });
    this.featureCount = F;
    this.outputs = model.outputs;
    this.backgroundRows = background.rows;
    this.background = toRowMajor(background, F);
    const raw = rawScores(model, background);
    this.expectedValue = new Float64Array(model.outputs);
    for (let r = 0; r < background.rows; r++) for (let k = 0; k < model.outputs; k++) this.expectedValue[k]! += raw[r * model.outputs + k]!;
    for (let k = 0; k < model.outputs; k++) this.expectedValue[k]! /= background.rows;
    // A and B are disjoint sets of features on one root-to-leaf path: never more players than that.
    const players = Math.min(F, model.trees.reduce((deepest, tree) => Math.max(deepest, treeDepth(tree)), 0));
    this.stride = players + 1;
    this.weights = shapleyWeights(players);
    this.side = new Uint8Array(F);
    this.xSide = new Int32Array(players + 1);
    this.zSide = new Int32Array(players + 1);
    this.x = new Float32Array(F);
    this.z = this.x;
    this.pair = new Float64Array(F * model.outputs);
  }

  /** Contributions of each feature to one row's raw scores. */
  explainRow(features: Features, row: number): RowExplanation {
    checkFeatures(features, this.featureCount, 'features');
    if (!Number.isInteger(row) || row < 0 || row >= features.rows) throw new GyreError('VALIDATION', `Row ${row} is not one of the ${features.rows} rows.`, { field: 'row', row });
    const contributions = new Float64Array(this.featureCount * this.outputs);
    this.explainInto(features, row, contributions);
    const one: Features = { rows: 1, names: features.names, data: rowOf(features, row, this.featureCount) };
    const rawScore = rawScores(this.model, one);
    return { contributions, rawScore, expectedValue: this.expectedValue.slice() };
  }

  /** Contributions for every row of `features`; `onRow(done, total)` is told after each row. */
  explainRows(features: Features, onRow?: (done: number, total: number) => void): BatchExplanation {
    checkFeatures(features, this.featureCount, 'features');
    const { rows } = features;
    const width = this.featureCount * this.outputs;
    const contributions = new Float64Array(rows * width);
    for (let r = 0; r < rows; r++) {
      this.explainInto(features, r, contributions.subarray(r * width, (r + 1) * width));
      onRow?.(r + 1, rows);
    }
    const rawScore = rawScores(this.model, features);
    return { rows, features: this.featureCount, outputs: this.outputs, contributions, rawScore, expectedValue: this.expectedValue.slice() };
  }

  /** Adds the mean over background rows of each pair's Shapley values into `out` (zeroed by the caller). */
  private explainInto(features: Features, row: number, out: Float64Array): void {
    const F = this.featureCount;
    this.x = rowOf(features, row, F);
    const { model, pair } = this;
    this.scale = model.aggregate === 'average' ? 1 / Math.max(1, model.trees.length) : 1;
    for (let b = 0; b < this.backgroundRows; b++) {
      // One pair's values are summed on their own, then added: the total rounds like a sum of B terms, not B · trees.
      this.z = this.background.subarray(b * F, (b + 1) * F);
      pair.fill(0);
      for (const tree of model.trees) this.walk(tree, 0);
      for (let i = 0; i < out.length; i++) out[i]! += pair[i]!;
    }
    for (let i = 0; i < out.length; i++) out[i]! /= this.backgroundRows;
  }

  /** Follows x and z down from `node`; where they part, each side is taken with its feature pinned to it. */
  private walk(tree: Tree, node: number): void {
    for (;;) {
      const f = tree.feature[node]!;
      if (f === -1) return this.leaf(tree, node);
      const xLeft = goesLeft(tree, node, this.x[f]!);
      const zLeft = goesLeft(tree, node, this.z[f]!);
      const side = this.side[f]!;
      if (xLeft === zLeft || side !== UNSEEN) {
        const left = side === Z_SIDE ? zLeft : xLeft;
        node = left ? tree.left[node]! : tree.right[node]!;
        continue;
      }
      this.side[f] = X_SIDE;
      this.xSide[this.nx++] = f;
      this.walk(tree, xLeft ? tree.left[node]! : tree.right[node]!);
      this.nx--;
      this.side[f] = Z_SIDE;
      this.zSide[this.nz++] = f;
      this.walk(tree, zLeft ? tree.left[node]! : tree.right[node]!);
      this.nz--;
      this.side[f] = UNSEEN;
      return;
    }
  }

  /** The leaf's indicator game: +v·(a−1)!b!/n! to each feature of A, −v·a!(b−1)!/n! to each of B. */
  private leaf(tree: Tree, node: number): void {
    const a = this.nx, b = this.nz, n = a + b;
    if (n === 0) return; // both rows reach this leaf: it is in every coalition's value alike
    const K = this.outputs;
    const values = tree.value, base = node * K, pair = this.pair;
    if (a > 0) {
      const w = this.weights[n * this.stride + a - 1]! * this.scale;
      for (let i = 0; i < a; i++) for (let k = 0, at = this.xSide[i]! * K; k < K; k++) pair[at + k]! += w * values[base + k]!;
    }
    if (b > 0) {
      const w = this.weights[n * this.stride + a]! * this.scale;
      for (let j = 0; j < b; j++) for (let k = 0, at = this.zSide[j]! * K; k < K; k++) pair[at + k]! -= w * values[base + k]!;
    }
  }
}

/** Explains every row of `features` against `background` in one call. */
export function treeShap(model: TreeEnsemble, background: Features, features: Features): BatchExplanation {
  return new TreeExplainer(model, background).explainRows(features);
}

/** predict.ts's routing: float32 value against float32 threshold, NaN by `missingLeft`. */
function goesLeft(tree: Tree, node: number, x: number): boolean {
  return x !== x ? tree.missingLeft[node] === 1 : x < tree.threshold[node]!;
}

/** Shapley weights s!(n−s−1)!/n! for 1 ≤ n ≤ players, 0 ≤ s < n, by a ratio recurrence that never overflows. */
function shapleyWeights(players: number): Float64Array {
  const stride = players + 1;
  const w = new Float64Array(stride * stride);
  for (let n = 1; n <= players; n++) {
    w[n * stride] = 1 / n;
    for (let s = 0; s + 1 < n; s++) w[n * stride + s + 1] = (w[n * stride + s]! * (s + 1)) / (n - s - 1);
  }
  return w;
}

/** Inner nodes on the longest root-to-leaf path. */
function treeDepth(tree: Tree): number {
  let deepest = 0;
  const nodes = [0], depths = [0];
  while (nodes.length > 0) {
    const node = nodes.pop()!, depth = depths.pop()!;
    if (tree.feature[node] === -1) {
      deepest = Math.max(deepest, depth);
      continue;
    }
    nodes.push(tree.left[node]!, tree.right[node]!);
    depths.push(depth + 1, depth + 1);
  }
  return deepest;
}

function toRowMajor(features: Features, width: number): Float32Array {
  const { rows, data } = features;
  const out = new Float32Array(rows * width);
  for (let f = 0; f < width; f++) for (let r = 0; r < rows; r++) out[r * width + f] = data[f * rows + r]!;
  return out;
}

function rowOf(features: Features, row: number, width: number): Float32Array {
  const x = new Float32Array(width);
  for (let f = 0; f < width; f++) x[f] = features.data[f * features.rows + row]!;
  return x;
}

function checkFeatures(features: Features, width: number, field: string): void {
  if (features.names.length !== width) throw new GyreError('VALIDATION', `The model takes ${width} features; ${field} has ${features.names.length}.`, { field });
  if (features.data.length !== features.rows * width) throw new GyreError('VALIDATION', `${field} holds ${features.data.length} values, not ${features.rows} rows × ${width} features.`, { field });
}
