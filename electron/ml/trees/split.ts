/**
 * Finding the best split of a node from its histograms, and partitioning its rows by it. A split sends bins
 * 0…bin left and the missing bin left or right (learned); `bin = valueBins − 1` is the split "every value left,
 * missing right", exported as `x < +Infinity`.
 */
import { MISSING_BIN } from './binning';
import { kernelFor } from './histogram-wasm';
import { SLOT_BINS, histOffset, maxGroups, unitOf, type HistogramJob, type HistogramSpace, type SplitScan } from './histogram';

/**
 * How a split is scored. Gain = score(left) + score(right) − score(parent).
 * - newton (boosting): channels (gradient, hessian); score = G² / (H + λ); a child needs H ≥ minChildWeight.
 * - impurity (forests): channels (Σ w·y for each output…, Σ w, row count); score = Σ_k S_k² / W (variance
 *   reduction; on one-hot class targets, Gini); a child needs at least minSamplesLeaf rows.
 */
export type Criterion =
  | { kind: 'newton'; lambda: number; minChildWeight: number }
  | { kind: 'impurity'; targets: number; minSamplesLeaf: number };

export interface Split {
  feature: number;
  bin: number;
  missingLeft: boolean;
  gain: number;
}

function impurityScore(s: Float64Array, at: number, targets: number): number {
  const w = s[at + targets]!;
  if (w <= 0) return 0;
  let sum = 0;
  for (let k = 0; k < targets; k++) sum += s[at + k]! * s[at + k]!;
  return sum / w;
}

/** Best newton split of one feature; updates `best` when a strictly larger gain is found. */
function newtonFeature(hist: Float64Array, at: number, m: number, g: number, h: number, c: { lambda: number; minChildWeight: number }, missingOnly: boolean, f: number, best: Split): void {
  const { lambda, minChildWeight: mcw } = c;
  const parent = (g * g) / (h + lambda);
  const mg = hist[at + 2 * MISSING_BIN]!;
  const mh = hist[at + 2 * MISSING_BIN + 1]!;
  const hasMissing = mh > 0;
  let lg = 0;
  let lh = 0;
  for (let b = 0; b < m; b++) {
    // An empty bin moves no row: its split ties with the previous bin's, and ties keep the first (bin 0 stays:
    // with an empty left side, it is the "missing left, everything else right" candidate).
    if (b > 0 && hist[at + 2 * b + 1] === 0) continue;
    lg += hist[at + 2 * b]!;
    lh += hist[at + 2 * b + 1]!;
    const rg = g - lg - mg;
    const rh = h - lh - mh;
    if (hasMissing) {
      if (lh >= mcw && rh + mh >= mcw) {
        const gain = (lg * lg) / (lh + lambda) + ((rg + mg) * (rg + mg)) / (rh + mh + lambda) - parent;
        if (gain > best.gain) set(best, f, b, false, gain);
      }
      if (lh + mh >= mcw && rh >= mcw) {
        const gain = ((lg + mg) * (lg + mg)) / (lh + mh + lambda) + (rg * rg) / (rh + lambda) - parent;
        if (gain > best.gain) set(best, f, b, true, gain);
      }
    } else if (lh >= mcw && rh >= mcw) {
      const gain = (lg * lg) / (lh + lambda) + (rg * rg) / (rh + lambda) - parent;
      if (gain > best.gain) set(best, f, b, lh >= rh, gain);
    }
  }
  if (hasMissing && missingOnly && h - mh >= mcw && mh >= mcw) {
    const gain = ((g - mg) * (g - mg)) / (h - mh + lambda) + (mg * mg) / (mh + lambda) - parent;
    if (gain > best.gain) set(best, f, m, false, gain);
  }
}

/** Best impurity split of one feature (generic channels; forests look at few features per node). */
function impurityFeature(hist: Float64Array, at: number, m: number, parent: Float64Array, c: { targets: number; minSamplesLeaf: number }, missingOnly: boolean, f: number, best: Split, scratch: Float64Array): void {
  const C = c.targets + 2;
  const n = C - 1;
  const w = C - 2;
  const left = scratch.subarray(0, C).fill(0);
  const right = scratch.subarray(C, 2 * C);
  const miss = hist.subarray(at + C * MISSING_BIN, at + C * MISSING_BIN + C);
  const both = scratch.subarray(2 * C, 3 * C);
  const parentScore = impurityScore(parent, 0, c.targets);
  const min = c.minSamplesLeaf;
  const hasMissing = miss[n]! > 0;
  const consider = (l: Float64Array, r: Float64Array, bin: number, missingLeft: boolean) => {
    if (l[n]! < min || r[n]! < min) return;
    const gain = impurityScore(l, 0, c.targets) + impurityScore(r, 0, c.targets) - parentScore;
    if (gain > best.gain) set(best, f, bin, missingLeft, gain);
  };
  for (let b = 0; b < m; b++) {
    if (b > 0 && hist[at + b * C + n] === 0) continue;
    for (let k = 0; k < C; k++) {
      left[k]! += hist[at + b * C + k]!;
      right[k] = parent[k]! - left[k]! - miss[k]!;
    }
    if (hasMissing) {
      for (let k = 0; k < C; k++) both[k] = right[k]! + miss[k]!;
      consider(left, both, b, false);
      for (let k = 0; k < C; k++) both[k] = left[k]! + miss[k]!;
      consider(both, right, b, true);
    } else consider(left, right, b, left[w]! >= right[w]!);
  }
  if (hasMissing && missingOnly) {
    for (let k = 0; k < C; k++) both[k] = parent[k]! - miss[k]!;
    consider(both, miss, m, false);
  }
}

function set(best: Split, feature: number, bin: number, missingLeft: boolean, gain: number): void {
  best.feature = feature;
  best.bin = bin;
  best.missingLeft = missingLeft;
  best.gain = gain;
}

/** The best split over `features` (feature −1 when none gains enough). */
function scanFeatures(space: HistogramSpace, thresholdCounts: Int32Array, missingOnly: Uint8Array, criterion: Criterion, slot: number, sums: Float64Array, features: Int32Array, minGain: number): Split {
  // Gains below a rounding-noise floor are no gain (a pure node's children would otherwise "gain" 1e-13).
  const floor = criterion.kind === 'newton' ? 1e-6 : 1e-9 * sums[criterion.targets]!;
  const best: Split = { feature: -1, bin: 0, missingLeft: false, gain: Math.max(minGain, floor) };
  const scratch = new Float64Array(3 * space.channels);
  for (let i = 0; i < features.length; i++) {
    const f = features[i]!;
    const at = histOffset(space, slot, f);
    if (criterion.kind === 'newton') newtonFeature(space.hist, at, thresholdCounts[f]!, sums[0]!, sums[1]!, criterion, missingOnly[f] === 1, f, best);
    else impurityFeature(space.hist, at, thresholdCounts[f]!, sums, criterion, missingOnly[f] === 1, f, best, scratch);
  }
  return best;
}

/** Slots per feature group in `space.candidates`. */
function candidateAt(space: HistogramSpace, slot: number, group: number): number {
  return (slot * maxGroups(space.features) + group) * 4;
}

/** A unit's share of split finding: the best split of its features in its node (and sibling), into `candidates`. */
export function scanUnit(space: HistogramSpace, job: HistogramJob & { scan: SplitScan }, unit: number): void {
  const { k, group, features } = unitOf(job, unit);
  const { scan } = job;
  const C = space.channels;
  const entry = k / 4;
  for (const [slot, sums] of [
    [job.build[k + 2]!, scan.sums.subarray(2 * C * entry, 2 * C * entry + C)],
    [job.build[k + 3]!, scan.sums.subarray(2 * C * entry + C, 2 * C * entry + 2 * C)],
  ] as const) {
    if (slot < 0) continue;
    const best = scanFeatures(space, scan.thresholdCounts, scan.missingOnly, scan.criterion, slot, sums, features, scan.minGain);
    const at = candidateAt(space, slot, group);
    space.candidates.set([best.gain, best.feature, best.bin, best.missingLeft ? 1 : 0], at);
  }
}

/** The best split of the node in `slot` from its groups' candidates (`groups` of them): the first of the largest gains. */
export function bestCandidate(space: HistogramSpace, slot: number, groups: number): Split | null {
  let best: Split | null = null;
  for (let g = 0; g < groups; g++) {
    const at = candidateAt(space, slot, g);
    const c = space.candidates;
    if (c[at + 1]! >= 0 && (best === null || c[at]! > best.gain)) best = { gain: c[at]!, feature: c[at + 1]!, bin: c[at + 2]!, missingLeft: c[at + 3] === 1 };
  }
  return best;
}

/** Channel sums of the rows a split sends left, from the histogram of its feature. */
export function leftSums(space: HistogramSpace, slot: number, split: Split): Float64Array {
  const C = space.channels;
  const at = histOffset(space, slot, split.feature);
  const sums = new Float64Array(C);
  for (let b = 0; b <= split.bin; b++) for (let c = 0; c < C; c++) sums[c]! += space.hist[at + b * C + c]!;
  if (split.missingLeft) for (let c = 0; c < C; c++) sums[c]! += space.hist[at + MISSING_BIN * C + c]!;
  return sums;
}

/** Rows of a split node that go left, as a lookup by bin. */
export function leftByBin(split: Split): Uint8Array {
  const lut = new Uint8Array(SLOT_BINS);
  for (let b = 0; b <= split.bin && b < MISSING_BIN; b++) lut[b] = 1;
  lut[MISSING_BIN] = split.missingLeft ? 1 : 0;
  return lut;
}

/**
 * Stable in-place partition of [start, end) of `index` by a split: left rows first, in their order, then right
 * rows. Returns the number of left rows; `scratch` holds the right rows meanwhile.
 */
export function partition(space: HistogramSpace, start: number, end: number, split: Split, scratch: Uint32Array): number {
  const { bins, index } = space;
  const col = split.feature * space.rows;
  if (space.memory && scratch.buffer === index.buffer) {
    const at = (a: Uint32Array, i: number) => a.byteOffset + 4 * i;
    const nLeft = kernelFor(space.memory).split(bins.byteOffset + col, split.bin, split.missingLeft ? 1 : 0, at(index, start), at(index, end), at(index, start), at(scratch, 0), 4);
    index.set(scratch.subarray(0, end - start - nLeft), start + nLeft);
    return nLeft;
  }
  const lut = leftByBin(split);
  let l = start;
  let r = 0;
  // Branch-free (a row's side is a coin flip to the branch predictor): each row is written to both sides and only
  // its own side's cursor moves. Writing at l ≤ i never clobbers a row not yet read.
  for (let i = start; i < end; i++) {
    const row = index[i]!;
    const goLeft = lut[bins[col + row]!]!;
    index[l] = row;
    scratch[r] = row;
    l += goLeft;
    r += 1 - goLeft;
  }
  index.set(scratch.subarray(0, r), l);
  return l - start;
}
