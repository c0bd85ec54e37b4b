/**
 * Growing a forest's trees, one tree per unit: every thread claims tree numbers from a shared counter and grows
 * each on its own rows and histograms, seeded by the tree's number, so a tree is the same whichever thread grows
 * it. Inputs (bins, target, weights) are shared read-only.
 */
import { seeded } from '../random';
import type { Task, Tree } from '../types';
import type { BinnedMatrix } from './binning';
import { allocate, localEngine } from './engine';
import { growTree, type GrowLimits } from './grow';
import { maxGroups, SLOT_BINS } from './histogram';
import { sampleFeatures } from './prepare';
import type { Criterion } from './split';

export interface ForestJob {
  task: Task;
  /** Outputs: classes, or 1 for regression. */
  targets: number;
  /** Features drawn at each split. */
  mtry: number;
  limits: GrowLimits;
  minSamplesLeaf: number;
  bootstrap: boolean;
  seed: number;
  nTrees: number;
  binned: BinnedMatrix;
  target: Float64Array;
  weight: Float64Array;
}

/** A tree grown by some thread: its number and the tree. */
export interface NumberedTree {
  t: number;
  tree: Tree;
}

/** Each tree's own stream, so a tree is the same whichever order or thread grows it. */
function treeSeed(seed: number, tree: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(tree + 1, 0xc2b2ae35)) >>> 0;
}

/**
 * Claims tree numbers from `counter[0]` and grows them until none is left, counting finished trees in
 * `counter[1]`. `shouldStop` (asked before each claim) ends the claims of every thread.
 */
export async function growForestTrees(job: ForestJob, counter: Int32Array, shouldStop?: () => boolean, onTree?: (finished: number) => void): Promise<NumberedTree[]> {
  const { binned, targets, mtry } = job;
  const { rows, features: F } = binned;
  const C = targets + 2;
  // With every feature at every split, children can inherit histograms (subtraction trick); else one node at a time.
  const slots = mtry === F ? Math.max(2, Math.min(1024, Math.floor((64 << 20) / (F * SLOT_BINS * C * 8)))) : 1;
  const alloc = allocate(false);
  const space = {
    ...{ bins: binned.bins, rows, features: F, channels: C, index: alloc.u32(rows), values: alloc.f32(rows * C), hist: alloc.f64(slots * F * SLOT_BINS * C) },
    ...{ scratchIndex: alloc.u32(rows), counts: alloc.i32(1), candidates: alloc.f64(slots * maxGroups(F) * 4) },
  };
  const engine = localEngine(space, slots);
  const criterion: Criterion = { kind: 'impurity', targets, minSamplesLeaf: job.minSamplesLeaf };
  const leafValue = (s: Float64Array, out: Float64Array) => {
    for (let k = 0; k < targets; k++) out[k] = s[targets]! > 0 ? s[k]! / s[targets]! : 0;
  };
  const everyFeature = Int32Array.from({ length: F }, (_, f) => f);
  const repeats = new Uint32Array(rows);
  const grown: NumberedTree[] = [];
  for (;;) {
    if (shouldStop?.()) Atomics.store(counter, 0, job.nTrees);
    const t = Atomics.add(counter, 0, 1);
    if (t >= job.nTrees) return grown;
    const random = seeded(treeSeed(job.seed, t));
    if (job.bootstrap) {
      repeats.fill(0);
      for (let i = 0; i < rows; i++) repeats[random.int(rows)]!++;
    } else repeats.fill(1);
    const n = fillRows(space, repeats, job);
    const features = mtry === F ? everyFeature : () => sampleFeatures(F, mtry, random);
    const { tree } = await growTree({ binned, engine, criterion, limits: job.limits, features, leafValue, outputs: targets }, n);
    grown.push({ t, tree });
    onTree?.(Atomics.add(counter, 1, 1) + 1);
  }
}

/** Rows drawn for a tree into the space: their ids, and per row weight × repeats × one-hot target (or target), weight × repeats, repeats. */
function fillRows(space: { index: Uint32Array; values: Float32Array; channels: number }, repeats: Uint32Array, job: ForestJob): number {
  const { index, values, channels: C } = space;
  const { targets, target, weight } = job;
  let n = 0;
  for (let r = 0; r < repeats.length; r++) {
    const m = repeats[r]!;
    if (m === 0) continue;
    const w = weight[r]! * m;
    index[n++] = r;
    const at = r * C;
    values.fill(0, at, at + targets);
    if (job.task === 'regression') values[at] = w * target[r]!;
    else values[at + target[r]!] = w;
    values[at + targets] = w;
    values[at + targets + 1] = m;
  }
  return n;
}
