/**
 * The per-row passes of a boosting round, in blocks that threads claim: scores and gradients of every training row
 * (with the loss summed per block, then over blocks in order, so it is the same on any thread count), gathering one
 * output's gradients into tree order, and adding a tree's leaf values to its rows' sums.
 */
import type { Task } from '../types';
import type { HistogramSpace } from './histogram';
import { objectiveFor } from './objective';

/** Rows per block of a row pass; fixed, so block sums do not depend on the thread count. */
export const ROW_BLOCK = 1 << 16;

/** Boosting state shared by the threads (all in shared memory when there are several). */
export interface BoostRows {
  task: Task;
  classes: number;
  outputs: number;
  base: number[];
  /** Per row × output: sums of tree values, raw scores (sum + base), gradients, hessians. */
  sum: Float64Array;
  score: Float64Array;
  grad: Float64Array;
  hess: Float64Array;
  target: Float64Array;
  weight: Float64Array;
  /** Rows trained on (the rest are held out), ascending. */
  fit: Uint32Array;
  /** One loss sum per block of `fit`. */
  partials: Float64Array;
  /** Per block of the rows laid out for a tree: their gradient and hessian sums (the tree's root sums, in blocks). */
  blockSums: Float64Array;
}

export type RowsJob =
  /** Scores and gradients of the fit rows, loss per block; with `direct`, also index = fit, values = output 0's. */
  | { kind: 'gradients'; direct: boolean }
  /** index = `rows`, values = output k's gradients of those rows. */
  | { kind: 'gather'; rows: Uint32Array; k: number }
  /** Adds each leaf's value to output k of its rows: leaves as (start, end) positions in `index`, and values. */
  | { kind: 'leaves'; k: number; leaves: Int32Array; leafValues: Float64Array };

export function rowsUnits(boost: BoostRows, job: RowsJob): number {
  switch (job.kind) {
    case 'gradients':
      return Math.ceil(boost.fit.length / ROW_BLOCK);
    case 'gather':
      return Math.ceil(job.rows.length / ROW_BLOCK);
    case 'leaves':
      return job.leaves.length / 2;
    default:
      throw new Error(`unknown rows job ${JSON.stringify(job)}`);
  }
}

const objectives = new Map<string, ReturnType<typeof objectiveFor>>();

function gradientsBlock(space: HistogramSpace, b: BoostRows, u: number, direct: boolean): void {
  const key = `${b.task}/${b.classes}`;
  const objective = objectives.get(key) ?? objectiveFor(b.task, b.classes);
  objectives.set(key, objective);
  const from = u * ROW_BLOCK;
  const rows = b.fit.subarray(from, Math.min(b.fit.length, from + ROW_BLOCK));
  if (direct && objective.pairs) {
    // One output, every row: gradients go straight into the tree's values, with no score/gradient arrays between.
    b.partials[u] = objective.pairs(b.sum, b.base[0]!, b.target, b.weight, rows, space.values, b.blockSums.subarray(2 * u, 2 * u + 2));
    space.index.set(rows, from);
    return;
  }
  const K = b.outputs;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    for (let k = 0; k < K; k++) b.score[r * K + k] = b.sum[r * K + k]! + b.base[k]!;
  }
  b.partials[u] = objective.gradients(b.score, b.target, b.weight, rows, b.grad, b.hess);
  if (direct) gatherRange(space, b, rows, from, 0);
}

function gatherRange(space: HistogramSpace, b: BoostRows, rows: Uint32Array, at: number, k: number): void {
  const { index, values } = space;
  const K = b.outputs;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    index[at + i] = r;
    values[2 * r] = b.grad[r * K + k]!;
    values[2 * r + 1] = b.hess[r * K + k]!;
  }
  sumBlock(space, b, rows, at / ROW_BLOCK);
}

function sumBlock(space: HistogramSpace, b: BoostRows, rows: Uint32Array, block: number): void {
  const { values } = space;
  let g = 0;
  let h = 0;
  for (let i = 0; i < rows.length; i++) {
    g += values[2 * rows[i]!]!;
    h += values[2 * rows[i]! + 1]!;
  }
  b.blockSums[2 * block] = g;
  b.blockSums[2 * block + 1] = h;
}

/** The channel sums of the first `n` laid-out rows (a tree's root), from the blocks, in block order. */
export function rootSums(b: BoostRows, n: number): Float64Array {
  const sums = new Float64Array(2);
  for (let u = 0; u < Math.ceil(n / ROW_BLOCK); u++) {
    sums[0]! += b.blockSums[2 * u]!;
    sums[1]! += b.blockSums[2 * u + 1]!;
  }
  return sums;
}

function leafUnit(space: HistogramSpace, b: BoostRows, job: Extract<RowsJob, { kind: 'leaves' }>, u: number): void {
  const { index } = space;
  const { sum } = b;
  const K = b.outputs;
  const v = job.leafValues[u]!;
  const end = job.leaves[2 * u + 1]!;
  for (let i = job.leaves[2 * u]!; i < end; i++) sum[index[i]! * K + job.k]! += v;
}

/** Claims and runs units of a row pass until none is left (`counter[0]`: next unclaimed unit). */
export function runRowsJob(space: HistogramSpace, boost: BoostRows, job: RowsJob, counter: Int32Array): void {
  const units = rowsUnits(boost, job);
  for (let u = Atomics.add(counter, 0, 1); u < units; u = Atomics.add(counter, 0, 1)) {
    if (job.kind === 'gradients') gradientsBlock(space, boost, u, job.direct);
    else if (job.kind === 'gather') {
      const from = u * ROW_BLOCK;
      gatherRange(space, boost, job.rows.subarray(from, Math.min(job.rows.length, from + ROW_BLOCK)), from, job.k);
    } else leafUnit(space, boost, job, u);
  }
}
