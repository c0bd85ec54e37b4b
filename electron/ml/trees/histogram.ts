/**
 * Gradient/weight histograms per feature per tree node, the one hot loop of histogram trees. A node is a segment
 * [start, end) of `index` (row ids, ascending within a node); per-row channel values stay in row order in `values`
 * (measured: reading them through the index costs no more than keeping a copy in node order, and partitioning then
 * moves 4 bytes a row instead of 12). Each feature's histogram is summed by one thread in row order, which keeps
 * every float sum identical whatever the thread count.
 */
import { kernelFor, type HistogramKernel, type KernelMemory } from './histogram-wasm';
import type { Criterion } from './split';

/** Histogram slots per feature: 255 value bins and the missing bin. */
export const SLOT_BINS = 256;

/** Memory the histogram loops read and write; all of it may live in SharedArrayBuffers shared with workers. */
export interface HistogramSpace {
  /** Binned features, column-major: bin of feature f in row r at `f * rows + r`. */
  bins: Uint8Array;
  rows: number;
  features: number;
  /** Values per row in `values`: 2 for boosting (gradient, hessian), more for forests. */
  channels: number;
  index: Uint32Array;
  /** `channels` values per row (`values[r * channels + c]`), float32 as XGBoost keeps gradient pairs; sums are float64. */
  values: Float32Array;
  /** `slots × features × SLOT_BINS × channels` sums. */
  hist: Float64Array;
  /** Room for partitioning: as long as `index`, and one count per partition chunk. */
  scratchIndex: Uint32Array;
  counts: Int32Array;
  /** Best split per slot per feature group (see `HistogramJob.scan`): `slots × groups × 4` (gain, feature, bin, missingLeft). */
  candidates: Float64Array;
  /** When `bins`, `index`, `values` and `hist` are views of this memory, boosting histograms use its kernel. */
  memory?: KernelMemory;
}

/**
 * One round of histogram work for a set of nodes. It is cut into units (a group of up to four features × one node)
 * that threads claim from a shared counter as they go free, so a slow or late thread does not hold the others up.
 * Which thread builds a unit never changes a sum: a feature's histogram is always summed in row order.
 */
export interface HistogramJob {
  /** Features to build (the same for every node of the job). */
  features: Int32Array;
  /** Where each feature group starts in `features`, and its end (see `featureGroups`). */
  groups: Int32Array;
  /**
   * Nodes to build from rows: quadruples (start, end, slot, sibling). When sibling ≥ 0, that slot holds the
   * parent's histograms and becomes the sibling's by subtraction: `hist[sibling] -= hist[slot]`.
   */
  build: Int32Array;
  /** The build slots hold zeros already (see `zeroTouched`): skip clearing them. */
  clean?: boolean;
  /** When present, each unit also finds the best split of its features in the node and its sibling. */
  scan?: SplitScan;
}

/** What finding splits in a job's units needs (see `scanUnit` in split.ts). */
export interface SplitScan {
  criterion: Criterion;
  minGain: number;
  /** Per build entry, channel sums of the node then of its sibling: `2 × channels` values. */
  sums: Float64Array;
  /** Per feature: its number of thresholds (value bins − 1), and 1 when a missing-only split is exact. */
  thresholdCounts: Int32Array;
  missingOnly: Uint8Array;
}

/** Most features per unit of a job. */
export const GROUP = 4;

/** Most feature groups of `features` features (the room `candidates` keeps per slot). */
export function maxGroups(features: number): number {
  return Math.ceil(features / 2);
}

/**
 * Feature groups of a job, as start offsets (and the end): four features each, except that when the groups do not
 * divide evenly among `threads`, some split in two so that threads share one big node evenly (20 features on 2
 * threads: 4 4 4 4 2 2, not 4 4 4 4 4, which leaves one thread idle for a fifth of the root). Grouping never
 * changes a result: splits are compared feature by feature in order either way.
 */
export function featureGroups(features: number, threads: number): Int32Array {
  const sizes: number[] = [];
  for (let f = 0; f < features; f += GROUP) sizes.push(Math.min(GROUP, features - f));
  let missing = (threads - (sizes.length % threads)) % threads;
  for (let g = sizes.length - 1; g >= 0 && missing > 0; g--) {
    if (sizes[g] !== GROUP) continue;
    sizes.splice(g, 1, GROUP / 2, GROUP / 2);
    missing--;
  }
  const starts = [0];
  for (const size of sizes) starts.push(starts.at(-1)! + size);
  return Int32Array.from(starts);
}

/** Offset of feature f's histogram within slot s. */
export function histOffset(space: Pick<HistogramSpace, 'features' | 'channels'>, slot: number, feature: number): number {
  return (slot * space.features + feature) * SLOT_BINS * space.channels;
}

/** Zeroes the histograms of `features` in a slot. */
export function clearHistograms(space: HistogramSpace, slot: number, features: Int32Array): void {
  const width = SLOT_BINS * space.channels;
  for (let j = 0; j < features.length; j++) {
    const at = histOffset(space, slot, features[j]!);
    space.hist.fill(0, at, at + width);
  }
}

/**
 * Gradient/hessian histograms of four features in one pass over the rows: each row's pair is loaded once, and the
 * four features' updates are independent, so they do not wait on one another (one feature at a time, a run of rows
 * in the same bin chains each add to the previous one). Per feature the rows are still summed in order.
 */
function buildFour(space: HistogramSpace, f: Int32Array, j: number, start: number, end: number, slot: number): void {
  const { bins, index, values, hist, rows } = space;
  const c0 = f[j]! * rows;
  const c1 = f[j + 1]! * rows;
  const c2 = f[j + 2]! * rows;
  const c3 = f[j + 3]! * rows;
  const a0 = histOffset(space, slot, f[j]!);
  const a1 = histOffset(space, slot, f[j + 1]!);
  const a2 = histOffset(space, slot, f[j + 2]!);
  const a3 = histOffset(space, slot, f[j + 3]!);
  // Rows are ascending and distinct within a node, so index[start] = start and index[end − 1] = end − 1 means
  // every row in between is its own position (the root of a tree on all rows): skip the index.
  if (index[start] === start && index[end - 1] === end - 1) {
    for (let r = start; r < end; r++) {
      const g = values[2 * r]!;
      const h = values[2 * r + 1]!;
      const b0 = a0 + (bins[c0 + r]! << 1);
      const b1 = a1 + (bins[c1 + r]! << 1);
      const b2 = a2 + (bins[c2 + r]! << 1);
      const b3 = a3 + (bins[c3 + r]! << 1);
      hist[b0]! += g;
      hist[b0 + 1]! += h;
      hist[b1]! += g;
      hist[b1 + 1]! += h;
      hist[b2]! += g;
      hist[b2 + 1]! += h;
      hist[b3]! += g;
      hist[b3 + 1]! += h;
    }
    return;
  }
  for (let i = start; i < end; i++) {
    const r = index[i]!;
    const g = values[2 * r]!;
    const h = values[2 * r + 1]!;
    const b0 = a0 + (bins[c0 + r]! << 1);
    const b1 = a1 + (bins[c1 + r]! << 1);
    const b2 = a2 + (bins[c2 + r]! << 1);
    const b3 = a3 + (bins[c3 + r]! << 1);
    hist[b0]! += g;
    hist[b0 + 1]! += h;
    hist[b1]! += g;
    hist[b1 + 1]! += h;
    hist[b2]! += g;
    hist[b2 + 1]! += h;
    hist[b3]! += g;
    hist[b3 + 1]! += h;
  }
}

function buildTwo(space: HistogramSpace, f: Int32Array, j: number, start: number, end: number, slot: number): void {
  const { bins, index, values, hist, rows } = space;
  const c0 = f[j]! * rows;
  const c1 = f[j + 1]! * rows;
  const a0 = histOffset(space, slot, f[j]!);
  const a1 = histOffset(space, slot, f[j + 1]!);
  for (let i = start; i < end; i++) {
    const r = index[i]!;
    const g = values[2 * r]!;
    const h = values[2 * r + 1]!;
    const b0 = a0 + (bins[c0 + r]! << 1);
    const b1 = a1 + (bins[c1 + r]! << 1);
    hist[b0]! += g;
    hist[b0 + 1]! += h;
    hist[b1]! += g;
    hist[b1 + 1]! += h;
  }
}

function buildOne(space: HistogramSpace, feature: number, start: number, end: number, slot: number): void {
  const { bins, index, values, hist, channels: C } = space;
  const col = feature * space.rows;
  const at = histOffset(space, slot, feature);
  if (C === 2) {
    for (let i = start; i < end; i++) {
      const r = index[i]!;
      const b = at + (bins[col + r]! << 1);
      hist[b]! += values[2 * r]!;
      hist[b + 1]! += values[2 * r + 1]!;
    }
    return;
  }
  if (C === 4) {
    // Binary forests: (w·[y=0], w·[y=1], w, repeats), unrolled.
    for (let i = start; i < end; i++) {
      const r = index[i]!;
      const b = at + (bins[col + r]! << 2);
      const v = r << 2;
      hist[b]! += values[v]!;
      hist[b + 1]! += values[v + 1]!;
      hist[b + 2]! += values[v + 2]!;
      hist[b + 3]! += values[v + 3]!;
    }
    return;
  }
  if (C === 3) {
    // Regression forests: (w·y, w, repeats), unrolled.
    for (let i = start; i < end; i++) {
      const r = index[i]!;
      const b = at + bins[col + r]! * 3;
      const v = r * 3;
      hist[b]! += values[v]!;
      hist[b + 1]! += values[v + 1]!;
      hist[b + 2]! += values[v + 2]!;
    }
    return;
  }
  for (let i = start; i < end; i++) {
    const r = index[i]!;
    const b = at + bins[col + r]! * C;
    const v = r * C;
    for (let c = 0; c < C; c++) hist[b + c]! += values[v + c]!;
  }
}

/** `buildFour`, `buildTwo` and `buildOne` by the WebAssembly kernel (`histogram-wasm.ts`): the same sums. */
function buildInKernel(space: HistogramSpace, kernel: HistogramKernel, f: Int32Array, start: number, end: number, slot: number): void {
  const { bins, index, values, hist, rows } = space;
  const v = values.byteOffset;
  const at = index.byteOffset + 4 * start;
  const stop = index.byteOffset + 4 * end;
  const column = (j: number) => bins.byteOffset + f[j]! * rows;
  const sums = (j: number) => hist.byteOffset + 8 * histOffset(space, slot, f[j]!);
  let j = 0;
  for (; j + 4 <= f.length; j += 4) kernel.sum4(v, at, stop, column(j), column(j + 1), column(j + 2), column(j + 3), sums(j), sums(j + 1), sums(j + 2), sums(j + 3));
  for (; j + 2 <= f.length; j += 2) kernel.sum2(v, at, stop, column(j), column(j + 1), sums(j), sums(j + 1));
  for (; j < f.length; j++) kernel.sum1(v, at, stop, column(j), sums(j));
}

/** Sums the rows of [start, end) into the histograms of `features` in one slot (cleared first unless `clean`). */
export function buildHistograms(space: HistogramSpace, features: Int32Array, start: number, end: number, slot: number, clean = false): void {
  if (!clean) clearHistograms(space, slot, features);
  if (space.memory && space.channels === 2) return buildInKernel(space, kernelFor(space.memory), features, start, end, slot);
  let j = 0;
  if (space.channels === 2) {
    for (; j + 4 <= features.length; j += 4) buildFour(space, features, j, start, end, slot);
    for (; j + 2 <= features.length; j += 2) buildTwo(space, features, j, start, end, slot);
  }
  for (; j < features.length; j++) buildOne(space, features[j]!, start, end, slot);
}

/**
 * Zeroes only the bins a small node's rows touched, leaving its slot all zeros for the next build: for a node of a
 * few rows that is far less work than clearing every bin of every feature (forests build many such nodes).
 */
export function zeroTouched(space: HistogramSpace, features: Int32Array, start: number, end: number, slot: number): void {
  const { bins, index, hist, channels: C, rows } = space;
  for (let j = 0; j < features.length; j++) {
    const at = histOffset(space, slot, features[j]!);
    const col = features[j]! * rows;
    for (let i = start; i < end; i++) hist.fill(0, at + bins[col + index[i]!]! * C, at + bins[col + index[i]!]! * C + C);
  }
}

/** Number of units in a job: feature groups × nodes. */
export function jobUnits(job: HistogramJob): number {
  return (job.groups.length - 1) * (job.build.length / 4);
}

/** Which build entry (k: offset in `job.build`), feature group and features a unit of a job covers. */
export function unitOf(job: HistogramJob, unit: number): { k: number; group: number; features: Int32Array } {
  const groups = job.groups.length - 1;
  const group = unit % groups;
  return { k: 4 * Math.floor(unit / groups), group, features: job.features.subarray(job.groups[group]!, job.groups[group + 1]!) };
}

/** Builds one unit: a group of features for one node, then its sibling by subtraction for those features. */
export function runUnit(space: HistogramSpace, job: HistogramJob, unit: number): void {
  const { k, features } = unitOf(job, unit);
  const slot = job.build[k + 2]!;
  buildHistograms(space, features, job.build[k]!, job.build[k + 1]!, slot, job.clean);
  const sibling = job.build[k + 3]!;
  if (sibling < 0) return;
  const width = SLOT_BINS * space.channels;
  const { hist } = space;
  for (let j = 0; j < features.length; j++) {
    const target = histOffset(space, sibling, features[j]!);
    const built = histOffset(space, slot, features[j]!);
    for (let b = 0; b < width; b++) hist[target + b]! -= hist[built + b]!;
  }
}

