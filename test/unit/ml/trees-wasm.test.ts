/** The WebAssembly histogram kernel: the same histograms, partitions and trees as the TypeScript loops, bit for bit. */
import { describe, expect, it } from 'vitest';
import { seeded } from '../../../electron/ml/random';
import { localEngine } from '../../../electron/ml/trees/engine';
import { growTree } from '../../../electron/ml/trees/grow';
import { buildHistograms, SLOT_BINS, type HistogramSpace } from '../../../electron/ml/trees/histogram';
import { kernelArrays } from '../../../electron/ml/trees/histogram-wasm';
import { chunksOf, partitionNode, runPartitionJob } from '../../../electron/ml/trees/partition';
import { binTrainingSet } from '../../../electron/ml/trees/prepare';
import { sleb, uleb } from '../../../electron/ml/trees/wasm-encode';

const rows = 5000;
const features = 7;
const slots = 3;

/** A boosting space in kernel memory (shared or not) and a plain copy of it, filled with the same random rows. */
function spaces(shared: boolean, seed: number): { kernel: HistogramSpace; plain: HistogramSpace } {
  const random = seeded(seed);
  const arrays = kernelArrays({ bins: rows * features, index: rows, values: 2 * rows, hist: slots * features * SLOT_BINS * 2 }, shared)!;
  expect(arrays).not.toBeNull();
  // Bins of every kind: many values, few values, and missing (255) in a tenth of the rows.
  for (let i = 0; i < rows * features; i++) arrays.bins[i] = random.next() < 0.1 ? 255 : Math.floor(random.next() * (i % 2 ? 254 : 3));
  for (let i = 0; i < 2 * rows; i++) arrays.values[i] = Math.fround(random.next() * 2 - 1);
  // The rows of a node: an ascending random subset.
  let n = 0;
  for (let r = 0; r < rows; r++) if (random.next() < 0.6) arrays.index[n++] = r;
  const common = { rows, features, channels: 2, counts: new Int32Array(64), candidates: new Float64Array(slots * features * 4) };
  const kernel: HistogramSpace = { ...common, ...arrays };
  const plain: HistogramSpace = {
    ...common,
    ...{ bins: arrays.bins.slice(), index: arrays.index.slice(), values: arrays.values.slice(), hist: new Float64Array(arrays.hist.length), scratchIndex: new Uint32Array(rows) },
  };
  return { kernel, plain };
}

describe('the WebAssembly histogram kernel', () => {
  it('writes LEB128 numbers as the binary format wants them', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
  });

  for (const shared of [false, true]) {
    it(`sums exactly what the TypeScript loop sums, for any number of features (${shared ? 'shared' : 'plain'} memory)`, () => {
      const { kernel, plain } = spaces(shared, 3);
      const span = [17, 2900] as const;
      for (const set of [[0], [2, 5], [1, 3, 6], [0, 1, 2, 3], [0, 1, 2, 3, 4, 5, 6]]) {
        const f = Int32Array.from(set);
        buildHistograms(kernel, f, span[0], span[1], 1);
        buildHistograms(plain, f, span[0], span[1], 1);
        expect(kernel.hist).toEqual(plain.hist);
      }
      expect(kernel.hist.some((x) => x !== 0)).toBe(true);
    });
  }

  it('partitions nodes as the TypeScript loop does: whole nodes in place, and chunks in two phases', () => {
    const { kernel, plain } = spaces(true, 4);
    const nodes = Int32Array.from([0, 1200, 1, 100, 1, 1200, 2900, 2, 1, 0]);
    for (const s of [kernel, plain]) for (let k = 0; k < 2; k++) s.counts[k] = partitionNode(s, nodes, k);
    expect(kernel.index).toEqual(plain.index);
    expect(kernel.counts).toEqual(plain.counts);
    const chunks = chunksOf(Int32Array.from([0, 2900, 3, 50, 0]), 64)!;
    for (const s of [kernel, plain]) {
      for (const phase of [1, 2] as const) runPartitionJob(s, { phase, nodes: Int32Array.from([0, 2900, 3, 50, 0]), chunks }, new Int32Array(1));
    }
    expect(kernel.index).toEqual(plain.index);
  });

  it('grows the same tree as the TypeScript loops', async () => {
    const { kernel, plain } = spaces(false, 5);
    const random = seeded(6);
    const data = new Float32Array(rows * features);
    for (let i = 0; i < data.length; i++) data[i] = random.next() < 0.05 ? NaN : random.next();
    const train = { features: { rows, names: Array.from({ length: features }, (_, f) => `x${f}`), data }, target: new Float64Array(rows) };
    const grow = async (space: HistogramSpace) => {
      const binned = binTrainingSet(train, 255, 0, space.bins);
      for (let r = 0; r < rows; r++) space.index[r] = r;
      for (let r = 0; r < rows; r++) space.values.set([data[r]! + data[rows + r]! > 1 ? 0.5 : -0.5, 0.25], 2 * r);
      const engine = localEngine(space, slots);
      const ctx = { binned, engine, criterion: { kind: 'newton' as const, lambda: 1, minChildWeight: 1 }, outputs: 1 };
      const limits = { maxDepth: 5, maxLeaves: Infinity, minSplitGain: 0, policy: 'depthwise' as const };
      return growTree({ ...ctx, limits, features: Int32Array.from({ length: features }, (_, f) => f), leafValue: (s, out) => void (out[0] = -s[0]! / (s[1]! + 1)) }, rows);
    };
    const fromKernel = await grow(kernel);
    const fromPlain = await grow(plain);
    expect(fromKernel.tree).toEqual(fromPlain.tree);
    expect(fromKernel.leaves).toEqual(fromPlain.leaves);
    expect(fromKernel.tree.feature.filter((f) => f >= 0).length).toBeGreaterThan(3);
  });

  it('leaves arrays past 2 GiB to plain memory', () => {
    expect(kernelArrays({ bins: 2 ** 31, index: 1, values: 2, hist: 2 }, false)).toBeNull();
  });
});
