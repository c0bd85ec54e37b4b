/**
 * Per-feature quantile bins for histogram trees. Each feature gets at most 255 value bins plus one missing bin
 * (NaN), so a binned value fits a byte. Bin edges are float32 thresholds chosen so that `x < threshold` on the raw
 * float32 value reproduces a bin split exactly: a split "bins 0…b go left" is the tree node `x < thresholds[b]`.
 */
import { seeded } from '../random';

/** The bin of a missing value; value bins are 0…valueBins − 1 ≤ 254. */
export const MISSING_BIN = 255;
export const MAX_VALUE_BINS = 255;
/** Rows sampled to place the edges of one feature (all rows below this). */
export const EDGE_SAMPLE_ROWS = 200_000;

/** Where the bins of each feature lie. Bin of x = the number of thresholds ≤ x; NaN → MISSING_BIN. */
export interface BinEdges {
  /** Per feature, ascending float32 thresholds; value bins = thresholds.length + 1. */
  thresholds: Float32Array[];
}

/** Training features as bin indices, column-major like `Features` (value of feature f in row r at `f * rows + r`). */
export interface BinnedMatrix {
  rows: number;
  features: number;
  bins: Uint8Array;
  edges: BinEdges;
  /** Per feature: 1 when a "missing vs. every value" split is exact (no +Infinity value in the column). */
  missingOnlySplit: Uint8Array;
}

/** The smallest float32 t with a < t ≤ b for float32 a < b: the midpoint where it lies strictly above a. */
function edgeBetween(a: number, b: number): number {
  const mid = Math.fround(a / 2 + b / 2);
  return mid > a && mid <= b ? mid : b;
}

/** Rows whose values place the edges: all of them, or a seeded sample when there are many. */
export function edgeSampleRows(rows: number, seed: number, limit = EDGE_SAMPLE_ROWS): Uint32Array | null {
  if (rows <= limit) return null;
  const random = seeded(seed ^ 0x5bd1e995);
  const picked = new Uint32Array(limit);
  // Selection sampling (Knuth's algorithm S): ascending rows, exactly `limit` of them.
  for (let r = 0, need = limit, i = 0; i < limit; r++) {
    if (random.next() * (rows - r) < need) {
      picked[i++] = r;
      need--;
    }
  }
  return picked;
}

/**
 * Ascending float32 values (no NaN), by an LSD radix sort on their bits mapped to unsigned order (negative values
 * flip every bit, others the sign bit): up to 4 byte passes, several times faster than a comparison sort here.
 */
export function sortFloats(values: Float32Array): Float32Array {
  const n = values.length;
  let keys = new Uint32Array(n);
  let swap = new Uint32Array(n);
  const bits = new Uint32Array(values.buffer, values.byteOffset, n);
  for (let i = 0; i < n; i++) keys[i] = bits[i]! & 0x80000000 ? ~bits[i]! >>> 0 : (bits[i]! | 0x80000000) >>> 0;
  const count = new Uint32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[i]! >>> shift) & 255]!++;
    // Every key has the same byte here (the low bytes of whole numbers, say): this pass would change nothing.
    if (n === 0 || count[(keys[0]! >>> shift) & 255] === n) continue;
    for (let b = 0, at = 0; b < 256; b++) {
      const c = count[b]!;
      count[b] = at;
      at += c;
    }
    for (let i = 0; i < n; i++) swap[count[(keys[i]! >>> shift) & 255]!++] = keys[i]!;
    [keys, swap] = [swap, keys];
  }
  const out = new Float32Array(n);
  const outBits = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) outBits[i] = keys[i]! & 0x80000000 ? keys[i]! & 0x7fffffff : ~keys[i]! >>> 0;
  return out;
}

/** Edges of one feature from its (sampled) values: distinct values when few, else greedy equal-count bins. */
export function featureEdges(values: Float32Array, maxBins: number): Float32Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) values[n++] = values[i]!;
  const sorted = sortFloats(values.subarray(0, n));
  // Runs of equal values: run k is sorted[starts[k], starts[k + 1]).
  const starts = new Uint32Array(n + 1);
  let runs = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) starts[runs++] = i;
  starts[runs] = n;
  const edges: number[] = [];
  if (runs <= maxBins) {
    for (let k = 1; k < runs; k++) edges.push(edgeBetween(sorted[starts[k - 1]!]!, sorted[starts[k]!]!));
    return Float32Array.from(edges);
  }
  let remaining = n;
  let binsLeft = maxBins;
  let inBin = 0;
  for (let k = 0; k < runs - 1 && binsLeft > 1; k++) {
    const count = starts[k + 1]! - starts[k]!;
    inBin += count;
    remaining -= count;
    // Close the bin once it holds its share of what is left, so heavy values do not starve later bins.
    if (inBin >= (inBin + remaining) / binsLeft) {
      edges.push(edgeBetween(sorted[starts[k]!]!, sorted[starts[k + 1]!]!));
      binsLeft--;
      inBin = 0;
    }
  }
  return Float32Array.from(edges);
}

/** Number of thresholds ≤ x, by binary search within [lo, hi). */
function upperBound(thresholds: Float32Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (thresholds[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Writes the bins of one feature (the number of thresholds ≤ x) and says whether it saw +Infinity. The thresholds'
 * range is cut into equal cells and `first[c]` counts the thresholds in cells before c; the cell of x is monotone
 * in x (float subtraction, multiplication and floor all are), so a threshold in an earlier cell is < x and one in a
 * later cell is > x: only the (usually zero or one) thresholds in x's own cell remain to compare.
 */
export function binFeature(column: Float32Array, thresholds: Float32Array, out: Uint8Array): boolean {
  const m = thresholds.length;
  const lo = thresholds[0] ?? 0;
  const hi = thresholds[m - 1] ?? 0;
  const cells = m >= 2 && Number.isFinite(lo) && Number.isFinite(hi) && hi > lo ? 4 * m : 0;
  const scale = cells / (hi - lo);
  const first = new Uint16Array(cells + 1);
  for (let j = 0; j < m && cells > 0; j++) first[Math.min(cells - 1, Math.max(0, Math.floor((thresholds[j]! - lo) * scale))) + 1]!++;
  for (let c = 0; c < cells; c++) first[c + 1]! += first[c]!;
  let sawInfinity = false;
  for (let r = 0; r < column.length; r++) {
    const x = column[r]!;
    if (x !== x) {
      out[r] = MISSING_BIN;
      continue;
    }
    if (x === Infinity) sawInfinity = true;
    if (cells === 0) {
      out[r] = upperBound(thresholds, x, 0, m);
      continue;
    }
    // Truncation is floor here: the cell is clamped to ≥ 0 first.
    const at = (x - lo) * scale;
    const c = at <= 0 ? 0 : at >= cells - 1 ? cells - 1 : at | 0;
    let b = first[c]!;
    const end = first[c + 1]!;
    if (end - b > 4) b = upperBound(thresholds, x, b, end);
    else while (b < end && thresholds[b]! <= x) b++;
    out[r] = b;
  }
  return sawInfinity;
}

/**
 * Binning work for every feature of a matrix, one feature at a time: inputs, and outputs (each feature's
 * thresholds at `thresholds[f * MAX_VALUE_BINS …]`, their count, an +Infinity flag, and its bins). Binning stays
 * on the calling thread: copying the features into shared memory for worker threads cost more than it saved.
 */
export interface BinningJob {
  data: Float32Array;
  rows: number;
  /** Rows that place the edges (null: all rows). */
  sample: Uint32Array | null;
  maxBins: number;
  thresholds: Float32Array;
  counts: Int32Array;
  infinity: Uint8Array;
  bins: Uint8Array;
}

/** column[rows[i]] for each i (a plain loop: `Float32Array.from` with a map function is ~100× slower). */
function gather(column: Float32Array, rows: Uint32Array): Float32Array {
  const out = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = column[rows[i]!]!;
  return out;
}

/** Places the edges of feature f and bins its column. */
export function binOneFeature(job: BinningJob, f: number): void {
  const { rows, sample } = job;
  const column = job.data.subarray(f * rows, (f + 1) * rows);
  const values = sample ? gather(column, sample) : column.slice();
  const thresholds = featureEdges(values, job.maxBins);
  job.thresholds.set(thresholds, f * MAX_VALUE_BINS);
  job.counts[f] = thresholds.length;
  job.infinity[f] = binFeature(column, thresholds, job.bins.subarray(f * rows, (f + 1) * rows)) ? 1 : 0;
}

/** The binned matrix a finished binning job describes. */
export function binnedMatrix(job: BinningJob): BinnedMatrix {
  const features = job.counts.length;
  const thresholds = Array.from({ length: features }, (_, f) => job.thresholds.slice(f * MAX_VALUE_BINS, f * MAX_VALUE_BINS + job.counts[f]!));
  const missingOnlySplit = Uint8Array.from(job.infinity, (inf) => 1 - inf);
  return { rows: job.rows, features, bins: job.bins, edges: { thresholds }, missingOnlySplit };
}
