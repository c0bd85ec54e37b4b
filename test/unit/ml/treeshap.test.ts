/** Interventional TreeSHAP: exact Shapley values of the raw score against a background, summing to the score's gap. */
import { describe, expect, it } from 'vitest';
import { GyreError } from '../../../electron/contract/errors';
import { TreeExplainer, treeShap } from '../../../electron/ml/explain/treeshap';
import { seeded, type Random } from '../../../electron/ml/random';
import { fitForest } from '../../../electron/ml/trees/forest';
import { fitGbdt } from '../../../electron/ml/trees/gbdt';
import { rawScores } from '../../../electron/ml/trees/predict';
import type { Features, TrainingSet, Tree, TreeEnsemble } from '../../../electron/ml/types';

type Spec = { f: number; t: number; miss?: 0 | 1; l: Spec; r: Spec } | { v: number[] };

/** A tree from a nested spec, nodes numbered in preorder (root 0). */
function tree(spec: Spec, outputs: number): Tree {
  const feature: number[] = [], threshold: number[] = [], left: number[] = [], right: number[] = [], miss: number[] = [], value: number[] = [];
  const add = (s: Spec): number => {
    const id = feature.length;
    for (const column of [threshold, left, right, miss]) column.push(0);
    feature.push(-1);
    value.push(...new Array<number>(outputs).fill(0));
    if ('v' in s) {
      s.v.forEach((v, k) => (value[id * outputs + k] = v));
      return id;
    }
    feature[id] = s.f;
    threshold[id] = Math.fround(s.t);
    miss[id] = s.miss ?? 0;
    left[id] = add(s.l);
    right[id] = add(s.r);
    return id;
  };
  add(spec);
  return { feature: Int32Array.from(feature), threshold: Float32Array.from(threshold), left: Int32Array.from(left), right: Int32Array.from(right), missingLeft: Uint8Array.from(miss), value: Float64Array.from(value) };
}

function ensemble(trees: Tree[], features: number, extra: Partial<TreeEnsemble> = {}): TreeEnsemble {
  const outputs = extra.outputs ?? 1;
  return { kind: 'trees', task: 'regression', outputs, baseScore: new Array<number>(outputs).fill(0.25), aggregate: 'sum', postTransform: 'none', trees, featureNames: Array.from({ length: features }, (_, f) => `f${f}`), ...extra };
}

/** Column-major features from row-major values. */
function features(rows: number[][]): Features {
  const width = rows[0]!.length;
  const data = new Float32Array(rows.length * width);
  rows.forEach((row, r) => row.forEach((x, f) => (data[f * rows.length + r] = x)));
  return { rows: rows.length, names: Array.from({ length: width }, (_, f) => `f${f}`), data };
}

function randomRows(random: Random, rows: number, width: number, missing = 0.15): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: width }, () => (random.next() < missing ? NaN : random.next() * 5 - 2)));
}

/** Shapley values by enumerating every coalition, with v(S) = mean over background of rawScore(x_S, b_notS). */
function bruteForce(model: TreeEnsemble, x: number[], background: number[][]): Float64Array {
  const F = x.length, K = model.outputs;
  const value: Float64Array[] = [];
  for (let S = 0; S < 1 << F; S++) {
    const raw = rawScores(model, features(background.map((b) => b.map((bf, f) => (S & (1 << f) ? x[f]! : bf)))));
    value.push(Float64Array.from({ length: K }, (_, k) => background.reduce((sum, _b, r) => sum + raw[r * K + k]!, 0) / background.length));
  }
  const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
  const phi = new Float64Array(F * K);
  for (let i = 0; i < F; i++) {
    for (let S = 0; S < 1 << F; S++) {
      if (S & (1 << i)) continue;
      const s = popcount(S);
      const w = (factorial(s) * factorial(F - s - 1)) / factorial(F);
      for (let k = 0; k < K; k++) phi[i * K + k]! += w * (value[S | (1 << i)]![k]! - value[S]![k]!);
    }
  }
  return phi;
}

function popcount(n: number): number {
  let c = 0;
  for (; n; n &= n - 1) c++;
  return c;
}

/** A random tree over `width` features: features repeat along paths, thresholds fall inside the data's range. */
function randomTree(random: Random, width: number, outputs: number, depth: number): Spec {
  if (depth === 0 || random.next() < 0.15) return { v: Array.from({ length: outputs }, () => random.next() * 10 - 5) };
  return { f: random.int(width), t: random.next() * 5 - 2, miss: random.int(2) as 0 | 1, l: randomTree(random, width, outputs, depth - 1), r: randomTree(random, width, outputs, depth - 1) };
}

/** Σ_f contributions of row r, output k, against rawScore − expectedValue computed independently by predict.ts. */
function worstGap(model: TreeEnsemble, background: Features, rows: Features): number {
  const shap = treeShap(model, background, rows);
  const raw = rawScores(model, rows), base = rawScores(model, background);
  const K = model.outputs, F = model.featureNames.length;
  let worst = 0;
  for (let k = 0; k < K; k++) {
    let expected = 0;
    for (let b = 0; b < background.rows; b++) expected += base[b * K + k]!;
    expected /= background.rows;
    expect(shap.expectedValue[k]).toBeCloseTo(expected, 12);
    for (let r = 0; r < rows.rows; r++) {
      let sum = 0;
      for (let f = 0; f < F; f++) sum += shap.contributions[(r * F + f) * K + k]!;
      worst = Math.max(worst, Math.abs(sum - (raw[r * K + k]! - expected)));
    }
  }
  return worst;
}

function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

/** Binary data: `tenure` is missing for 30 % of rows, `plan` is constant (no tree can split on it). */
function churn(rows: number, seed: number): TrainingSet {
  const random = seeded(seed);
  const names = ['tenure', 'usage', 'tickets', 'noise', 'plan', 'spend'];
  const cols = [
    () => (random.next() < 0.3 ? NaN : random.next() * 60),
    () => gaussian(random),
    () => Math.floor(random.next() * 6),
    () => random.next(),
    () => 3,
    () => random.next() * 100,
  ].map((draw) => Float32Array.from({ length: rows }, draw));
  const target = Float64Array.from({ length: rows }, (_, r) => {
    const tenure = cols[0]![r]!;
    const z = (Number.isNaN(tenure) ? 2 : -tenure / 20) + 1.5 * Math.abs(cols[1]![r]!) - 1 + (cols[2]![r]! >= 4 ? 1.5 : 0) + cols[5]![r]! / 100;
    return random.next() < 1 / (1 + Math.exp(-2 * z)) ? 1 : 0;
  });
  const data = new Float32Array(rows * names.length);
  cols.forEach((col, f) => data.set(col, f * rows));
  return { features: { rows, names, data }, target };
}

/** Rows [from, to) of a feature matrix. */
function slice(x: Features, from: number, to: number): Features {
  const n = to - from, out = new Float32Array(n * x.names.length);
  for (let f = 0; f < x.names.length; f++) out.set(x.data.subarray(f * x.rows + from, f * x.rows + to), f * n);
  return { rows: n, names: x.names, data: out };
}

const handBuilt = (outputs: number): Tree[] => {
  const v = (a: number) => Array.from({ length: outputs }, (_, k) => a * (k + 1) - k);
  return [
    tree({ f: 0, t: 0.5, miss: 1, l: { f: 1, t: 1, l: { v: v(1) }, r: { v: v(2) } }, r: { f: 0, t: 2, l: { f: 2, t: 0, l: { v: v(3) }, r: { v: v(-4) } }, r: { v: v(5) } } }, outputs),
    tree({ f: 3, t: 0, l: { f: 1, t: -1, miss: 1, l: { v: v(0.5) }, r: { f: 2, t: 1, l: { v: v(-1) }, r: { v: v(7) } } }, r: { v: v(2.5) } }, outputs),
  ];
};

describe('interventional TreeSHAP', () => {
  it.each([
    ['one output, summed trees', ensemble(handBuilt(1), 4)],
    ['two outputs, averaged trees', ensemble(handBuilt(2), 4, { outputs: 2, aggregate: 'average', task: 'binary', baseScore: [0, 0] })],
  ])('equals brute-force Shapley values on a hand-built ensemble (%s)', (_name, model) => {
    const random = seeded(7);
    const background = randomRows(random, 12, 4);
    const explainer = new TreeExplainer(model, features(background));
    for (const x of randomRows(random, 15, 4)) {
      const { contributions } = explainer.explainRow(features([x]), 0);
      const expected = bruteForce(model, x, background);
      for (let i = 0; i < expected.length; i++) expect(Math.abs(contributions[i]! - expected[i]!)).toBeLessThan(1e-12);
    }
  });

  it('equals brute-force Shapley values on random deep trees that split on a feature again and again', () => {
    const random = seeded(11);
    const model = ensemble(Array.from({ length: 6 }, () => tree(randomTree(random, 4, 3, 7), 3)), 4, { outputs: 3, task: 'multiclass', baseScore: [0.1, 0.2, 0.3] });
    const background = randomRows(random, 20, 4, 0.2);
    const explainer = new TreeExplainer(model, features(background));
    for (const x of randomRows(random, 10, 4, 0.2)) {
      const { contributions } = explainer.explainRow(features([x]), 0);
      const expected = bruteForce(model, x, background);
      for (let i = 0; i < expected.length; i++) expect(Math.abs(contributions[i]! - expected[i]!)).toBeLessThan(1e-12);
    }
  });

  it('sums to raw score − expected value on a fitted GBDT (binary logits, missing values included)', async () => {
    const train = churn(2000, 3);
    const { model } = await fitGbdt(train, 'binary', 2, { nTrees: 60, maxDepth: 5, seed: 1, threads: 1 });
    const gap = worstGap(model, slice(train.features, 0, 100), slice(train.features, 100, 160));
    expect(gap).toBeLessThan(1e-9);
  });

  it('sums to raw score − expected value on a random forest averaging two class probabilities', async () => {
    const train = churn(1000, 5);
    const { model } = await fitForest(train, 'binary', 2, { nTrees: 20, maxDepth: 10, seed: 2, threads: 1 });
    expect(model.outputs).toBe(2);
    expect(model.aggregate).toBe('average');
    const gap = worstGap(model, slice(train.features, 0, 80), slice(train.features, 900, 960));
    expect(gap).toBeLessThan(1e-9);
  });

  it('gives exactly 0 to a feature no tree splits on', async () => {
    const train = churn(1500, 8);
    const { model } = await fitGbdt(train, 'binary', 2, { nTrees: 30, maxDepth: 4, seed: 3, threads: 1 });
    const plan = train.features.names.indexOf('plan');
    expect(model.trees.every((t) => !t.feature.includes(plan))).toBe(true);
    const shap = treeShap(model, slice(train.features, 0, 50), slice(train.features, 50, 100));
    const F = train.features.names.length;
    for (let r = 0; r < shap.rows; r++) expect(shap.contributions[r * F + plan]).toBe(0);
  });

  it('routes a missing value by missingLeft, as prediction does', () => {
    const stump = (missingLeft: 0 | 1) => ensemble([tree({ f: 0, t: 1, miss: missingLeft, l: { v: [10] }, r: { v: [4] } }, 1)], 2);
    const background = features([[5, 0], [6, 1]]); // both go right
    const x = features([[NaN, 0]]);
    // NaN sent left: feature 0 moves the score from 4 to 10; sent right, it changes nothing.
    expect(Array.from(new TreeExplainer(stump(1), background).explainRow(x, 0).contributions)).toEqual([6, 0]);
    expect(Array.from(new TreeExplainer(stump(0), background).explainRow(x, 0).contributions)).toEqual([0, 0]);
    // A missing value in the background is routed the same way.
    const missingBackground = features([[NaN, 0], [NaN, 0]]);
    expect(Array.from(new TreeExplainer(stump(1), missingBackground).explainRow(features([[5, 0]]), 0).contributions)).toEqual([-6, 0]);
  });

  it('explains a row in well under 100 ms for 100 trees of depth 6 against 100 background rows', async () => {
    const train = churn(3000, 13);
    const { model } = await fitGbdt(train, 'binary', 2, { nTrees: 100, maxDepth: 6, seed: 4, threads: 1 });
    const explainer = new TreeExplainer(model, slice(train.features, 0, 100));
    const rows = slice(train.features, 100, 150);
    explainer.explainRow(rows, 0); // warm up the JIT
    const start = performance.now();
    for (let r = 0; r < rows.rows; r++) explainer.explainRow(rows, r);
    const perRow = (performance.now() - start) / rows.rows;
    console.log(`TreeSHAP: ${perRow.toFixed(2)} ms per row (${model.trees.length} trees, depth ≤ 6, 100 background rows)`);
    expect(perRow).toBeLessThan(100);
  });

  it('rejects a background or rows whose width differs from the model, and an empty background', () => {
    const model = ensemble(handBuilt(1), 4);
    expect(() => new TreeExplainer(model, features([[1, 2, 3]]))).toThrow(GyreError);
    expect(() => new TreeExplainer(model, { rows: 0, names: ['a', 'b', 'c', 'd'], data: new Float32Array(0) })).toThrow(/at least one row/);
    const explainer = new TreeExplainer(model, features([[1, 2, 3, 4]]));
    expect(() => explainer.explainRow(features([[1, 2, 3, 4]]), 1)).toThrow(/not one of the 1 rows/);
  });
});
