/** Bins that split exactly where the float32 thresholds say, and forests / decision trees that learn from them. */
import { describe, expect, it } from 'vitest';
import { seeded } from '../../../electron/ml/random';
import { binFeature, featureEdges, MISSING_BIN } from '../../../electron/ml/trees/binning';
import { fitDecisionTree, fitForest } from '../../../electron/ml/trees/forest';
import { predict } from '../../../electron/ml/trees/predict';
import type { Features, TrainingSet } from '../../../electron/ml/types';

function table(rows: number, names: string[], value: (f: number, r: number) => number): Features {
  const data = new Float32Array(rows * names.length);
  for (let f = 0; f < names.length; f++) for (let r = 0; r < rows; r++) data[f * rows + r] = value(f, r);
  return { rows, names, data };
}

/** Two noisy interleaved moons' worth of structure: class 1 inside a ring band, with a missing-value signal. */
function ring(rows: number, seed: number, classes = 2): TrainingSet {
  const random = seeded(seed);
  const x = Array.from({ length: rows }, () => random.next() * 4 - 2);
  const y = Array.from({ length: rows }, () => random.next() * 4 - 2);
  const m = Array.from({ length: rows }, () => (random.next() < 0.2 ? NaN : random.next()));
  const target = Float64Array.from({ length: rows }, (_, r) => {
    const d = Math.hypot(x[r]!, y[r]!);
    const c = classes === 2 ? (d > 0.8 && d < 1.6) || Number.isNaN(m[r]!) ? 1 : 0 : d < 0.9 ? 0 : d < 1.5 ? 1 : 2;
    return random.next() < 0.05 ? (c + 1) % classes : c;
  });
  return { features: table(rows, ['x', 'y', 'm', 'constant'], (f, r) => [x, y, m][f]?.[r] ?? 1), target };
}

function split(set: TrainingSet, at: number): [TrainingSet, TrainingSet] {
  const { rows, names, data } = set.features;
  const part = (from: number, to: number): TrainingSet => {
    const n = to - from;
    const out = new Float32Array(n * names.length);
    for (let f = 0; f < names.length; f++) out.set(data.subarray(f * rows + from, f * rows + to), f * n);
    return { features: { rows: n, names, data: out }, target: set.target.slice(from, to) };
  };
  return [part(0, at), part(at, rows)];
}

function accuracy(p: Float64Array, target: Float64Array, k: number): number {
  let right = 0;
  for (let r = 0; r < target.length; r++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[r * k + c]! > p[r * k + best]!) best = c;
    if (best === target[r]) right++;
  }
  return right / target.length;
}

describe('binning', () => {
  it('x < threshold on the raw float32 value reproduces every bin split, even between adjacent floats', () => {
    const random = seeded(3);
    const tiny = Math.fround(1 + 2 ** -23);
    const values = Float32Array.from({ length: 5000 }, (_, i) => (i % 50 === 0 ? NaN : i % 7 === 0 ? [1, tiny, -0, Infinity, -Infinity][i % 5]! : random.next() * 2000 - 1000));
    for (const maxBins of [4, 16, 255]) {
      const thresholds = featureEdges(values.slice(), maxBins);
      expect(thresholds.length).toBeLessThan(maxBins);
      const bins = new Uint8Array(values.length);
      binFeature(values, thresholds, bins);
      const wrong: string[] = [];
      for (let i = 0; i < values.length; i++) {
        if (Number.isNaN(values[i]!)) {
          if (bins[i] !== MISSING_BIN) wrong.push(`NaN in bin ${bins[i]}`);
          continue;
        }
        for (let b = 0; b < thresholds.length; b++) if (bins[i]! <= b !== values[i]! < thresholds[b]!) wrong.push(`${values[i]} in bin ${bins[i]} vs threshold ${b}`);
      }
      expect(wrong).toEqual([]);
    }
  });

  it('keeps each distinct value in a bin of its own when there are few, and places equal-count bins otherwise', () => {
    expect(Array.from(featureEdges(Float32Array.from([3, 1, 2, 2, NaN, 1]), 255))).toEqual([1.5, 2.5]);
    const many = Float32Array.from({ length: 10_000 }, (_, i) => i);
    const edges = featureEdges(many, 10);
    expect(edges).toHaveLength(9);
    expect(Array.from(edges)).toEqual([999.5, 1999.5, 2999.5, 3999.5, 4999.5, 5999.5, 6999.5, 7999.5, 8999.5]);
  });
});

describe('fitForest', () => {
  const [train, test] = split(ring(3000, 21), 2400);

  it('binary: averages class proportions (two outputs) and separates a ring far better than chance', async () => {
    const { model } = await fitForest(train, 'binary', 2, { nTrees: 30, seed: 1 });
    expect(model).toMatchObject({ outputs: 2, aggregate: 'average', postTransform: 'none', baseScore: [0, 0] });
    const p = predict(model, test.features);
    for (let r = 0; r < test.features.rows; r++) expect(p[2 * r]! + p[2 * r + 1]!).toBeCloseTo(1, 12);
    expect(accuracy(p, test.target, 2)).toBeGreaterThan(0.85);
    expect(model.trees.every((t) => !t.feature.includes(3))).toBe(true);
  });

  it('multiclass and regression', async () => {
    const [tr3, te3] = split(ring(3000, 5, 3), 2400);
    const forest = await fitForest(tr3, 'multiclass', 3, { nTrees: 30, seed: 1 });
    expect(accuracy(predict(forest.model, te3.features), te3.target, 3)).toBeGreaterThan(0.8);
    const reg = { ...tr3, target: Float64Array.from({ length: tr3.features.rows }, (_, r) => Math.hypot(tr3.features.data[r]!, tr3.features.data[tr3.features.rows + r]!)) };
    const { model } = await fitForest(reg, 'regression', 0, { nTrees: 20, maxFeatures: null, seed: 1 });
    const truth = Float64Array.from({ length: te3.features.rows }, (_, r) => Math.hypot(te3.features.data[r]!, te3.features.data[te3.features.rows + r]!));
    const y = predict(model, te3.features);
    const mean = truth.reduce((a, b) => a + b, 0) / truth.length;
    let sse = 0;
    let sst = 0;
    for (let r = 0; r < truth.length; r++) {
      sse += (y[r]! - truth[r]!) ** 2;
      sst += (truth[r]! - mean) ** 2;
    }
    expect(1 - sse / sst).toBeGreaterThan(0.9);
  });

  it('is deterministic for a seed, on one thread or two (trees grow in parallel), and cancellable between trees', async () => {
    const a = await fitForest(train, 'binary', 2, { nTrees: 6, seed: 9, threads: 1 });
    const b = await fitForest(train, 'binary', 2, { nTrees: 6, seed: 9, threads: 1 });
    const two = await fitForest(train, 'binary', 2, { nTrees: 6, seed: 9, threads: 2 });
    expect(b.model).toEqual(a.model);
    expect(two.model).toEqual(a.model);
    for (const threads of [1, 2]) {
      let asked = 0;
      await expect(fitForest(train, 'binary', 2, { nTrees: 50, threads, shouldStop: () => ++asked > 2 })).rejects.toMatchObject({ code: 'CANCELLED' });
    }
  });
});

describe('fitDecisionTree', () => {
  it('grows until leaves are pure: it fits its training rows, and max depth / min samples per leaf hold it back', async () => {
    const [train] = split(ring(1000, 2), 1000);
    const full = await fitDecisionTree(train, 'binary', 2);
    expect(full.model.trees).toHaveLength(1);
    expect(accuracy(predict(full.model, train.features), train.target, 2)).toBeGreaterThan(0.99);
    const stump = await fitDecisionTree(train, 'binary', 2, { maxDepth: 1 });
    expect(stump.model.trees[0]!.feature.length).toBe(3);
    const coarse = await fitDecisionTree(train, 'binary', 2, { minSamplesLeaf: 50 });
    const leaves = coarse.model.trees[0]!.feature.filter((f) => f === -1).length;
    expect(leaves).toBeLessThanOrEqual(20);
    expect(leaves).toBeGreaterThan(2);
  });
});
