/** Gradient-boosted trees: they learn, learn where missing values go, agree with predict.ts, and repeat exactly. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GyreError } from '../../../electron/contract/errors';
import { seeded } from '../../../electron/ml/random';
import { fitGbdt } from '../../../electron/ml/trees/gbdt';
import { growTree } from '../../../electron/ml/trees/grow';
import { binTrainingSet } from '../../../electron/ml/trees/prepare';
import { openEngine } from '../../../electron/ml/trees/threads';
import { leafOf, predict, rawScores } from '../../../electron/ml/trees/predict';
import type { Features, TrainingSet, TreeEnsemble } from '../../../electron/ml/types';

/** Column-major features from per-feature generators. */
function table(rows: number, names: string[], value: (f: number, r: number) => number): Features {
  const data = new Float32Array(rows * names.length);
  for (let f = 0; f < names.length; f++) for (let r = 0; r < rows; r++) data[f * rows + r] = value(f, r);
  return { rows, names, data };
}

function gaussian(random: { next(): number }): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

/**
 * Churn-like binary data: `tenure` is missing for 30% of rows and those rows churn far more often, `usage` and
 * `tickets` matter non-linearly, `noise` does not, and `plan` is the same for everyone.
 */
function churn(rows: number, seed: number): TrainingSet {
  const random = seeded(seed);
  const names = ['tenure', 'usage', 'tickets', 'noise', 'plan'];
  const cols = [
    Array.from({ length: rows }, () => (random.next() < 0.3 ? NaN : random.next() * 60)),
    Array.from({ length: rows }, () => gaussian(random)),
    Array.from({ length: rows }, () => Math.floor(random.next() * 6)),
    Array.from({ length: rows }, () => random.next()),
    Array.from({ length: rows }, () => 3),
  ];
  const features = table(rows, names, (f, r) => cols[f]![r]!);
  const target = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const tenure = cols[0]![r]!;
    const z = (Number.isNaN(tenure) ? 2 : -tenure / 20) + 1.5 * Math.abs(cols[1]![r]!) - 1 + (cols[2]![r]! >= 4 ? 1.5 : 0);
    target[r] = random.next() < 1 / (1 + Math.exp(-2 * z)) ? 1 : 0;
  }
  return { features, target };
}

/** Three classes from two informative features (one with missing values) and one noise feature. */
function threeClasses(rows: number, seed: number): TrainingSet {
  const random = seeded(seed);
  const a = Array.from({ length: rows }, () => random.next() * 10);
  const b = Array.from({ length: rows }, () => (random.next() < 0.1 ? NaN : gaussian(random)));
  const noise = Array.from({ length: rows }, () => random.next());
  const target = Float64Array.from({ length: rows }, (_, r) => {
    const flip = random.next() < 0.1;
    const y = a[r]! < 3 ? 0 : Number.isNaN(b[r]!) || b[r]! > 0 ? 1 : 2;
    return flip ? (y + 1) % 3 : y;
  });
  return { features: table(rows, ['a', 'b', 'noise'], (f, r) => [a, b, noise][f]![r]!), target };
}

function regressionSet(rows: number, seed: number): TrainingSet {
  const random = seeded(seed);
  const x = Array.from({ length: rows }, () => random.next() * 6 - 3);
  const z = Array.from({ length: rows }, () => random.next());
  const target = Float64Array.from({ length: rows }, (_, r) => Math.sin(x[r]!) * 3 + (z[r]! > 0.5 ? 2 : 0) + 0.3 * gaussian(random));
  return { features: table(rows, ['x', 'z'], (f, r) => [x, z][f]![r]!), target };
}

/** Rows [from, to) of a training set. */
function rowsOf(set: TrainingSet, from: number, to: number): TrainingSet {
  const { rows, names, data } = set.features;
  const n = to - from;
  const out = new Float32Array(n * names.length);
  for (let f = 0; f < names.length; f++) out.set(data.subarray(f * rows + from, f * rows + to), f * n);
  return { features: { rows: n, names, data: out }, target: set.target.slice(from, to) };
}

/** ROC AUC by the rank-sum formula, ties sharing ranks. */
function auc(score: ArrayLike<number>, y: ArrayLike<number>): number {
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i + 1;
    while (j < order.length && score[order[j]!] === score[order[i]!]) j++;
    for (let k = i; k < j; k++) {
      if (y[order[k]!] !== 1) continue;
      pos++;
      rankSum += (i + j + 1) / 2;
    }
    i = j;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * (y.length - pos));
}

const root = fileURLToPath(new URL('../../../', import.meta.url));
const positive = (model: TreeEnsemble, features: Features) => predict(model, features).filter((_, i) => i % 2 === 1);
const data = churn(4000, 11);
const train = rowsOf(data, 0, 3000);
const test = rowsOf(data, 3000, 4000);

describe('fitGbdt, binary', () => {
  it('lowers the training loss round after round and ranks unseen rows well (AUC > 0.8)', async () => {
    const { model, history } = await fitGbdt(train, 'binary', 2, { nTrees: 60, maxDepth: 3, seed: 1 });
    expect(history.trainLoss).toHaveLength(60);
    for (let i = 1; i < 60; i++) expect(history.trainLoss[i]!).toBeLessThanOrEqual(history.trainLoss[i - 1]! + 1e-12);
    expect(history.trainLoss[59]!).toBeLessThan(history.trainLoss[0]! * 0.8);
    expect(model).toMatchObject({ kind: 'trees', task: 'binary', outputs: 1, aggregate: 'sum', postTransform: 'logistic', featureNames: train.features.names });
    expect(model.trees).toHaveLength(60);
    expect(auc(positive(model, test.features), test.target)).toBeGreaterThan(0.8);
  });

  it('learns where missing values go: flipping the learned directions costs AUC', async () => {
    const { model } = await fitGbdt(train, 'binary', 2, { nTrees: 40, maxDepth: 3, seed: 1 });
    const flipped: TreeEnsemble = {
      ...model,
      trees: model.trees.map((t) => ({ ...t, missingLeft: t.missingLeft.map((m, i) => (t.feature[i] === 0 ? 1 - m : m)) })),
    };
    const learned = auc(positive(model, test.features), test.target);
    expect(learned - auc(positive(flipped, test.features), test.target)).toBeGreaterThan(0.05);
  });

  it('sends a NaN at predict time the way the split learned: to the side where missing rows churn', async () => {
    const { model } = await fitGbdt(train, 'binary', 2, { nTrees: 1, maxDepth: 1, learningRate: 1, seed: 1 });
    const [stump] = model.trees;
    expect(stump!.feature[0]).toBe(0);
    const nan = table(1, train.features.names, (f) => (f === 0 ? NaN : 0));
    const side = stump!.missingLeft[0] === 1 ? stump!.left[0]! : stump!.right[0]!;
    expect(leafOf(stump!, nan, 0)).toBe(side);
    // Missing tenure churns more than any observed tenure: its leaf has the larger value.
    const other = side === stump!.left[0] ? stump!.right[0]! : stump!.left[0]!;
    expect(stump!.value[side]!).toBeGreaterThan(stump!.value[other]!);
  });

  it('never splits on a constant feature', async () => {
    const { model } = await fitGbdt(train, 'binary', 2, { nTrees: 30, maxDepth: 4, seed: 2 });
    expect(model.trees.every((t) => !t.feature.includes(4))).toBe(true);
  });

  it('scores its training rows exactly as predict.ts scores the returned model', async () => {
    const fit = await fitGbdt(train, 'binary', 2, { nTrees: 25, subsample: 0.7, colsampleBytree: 0.8, seed: 3 });
    expect(rawScores(fit.model, train.features)).toEqual(fit.trainScores);
  });

  it('is deterministic: the same seed gives the same model bit for bit, on one thread or two', async () => {
    const params = { nTrees: 15, maxDepth: 4, subsample: 0.8, colsampleBytree: 0.8, seed: 5 };
    const one = await fitGbdt(train, 'binary', 2, { ...params, threads: 1 });
    const again = await fitGbdt(train, 'binary', 2, { ...params, threads: 1 });
    const two = await fitGbdt(train, 'binary', 2, { ...params, threads: 2 });
    expect(again.model).toEqual(one.model);
    expect(two.model).toEqual(one.model);
    expect(two.history).toEqual(one.history);
    const other = await fitGbdt(train, 'binary', 2, { ...params, seed: 6 });
    expect(other.model).not.toEqual(one.model);
  });

  it('is the same on two threads when nodes are big enough to be partitioned in parallel chunks', async () => {
    const big = churn(80_000, 12);
    const params = { nTrees: 4, maxDepth: 5, seed: 5 };
    const one = await fitGbdt(big, 'binary', 2, { ...params, threads: 1 });
    const two = await fitGbdt(big, 'binary', 2, { ...params, threads: 2 });
    expect(two.model).toEqual(one.model);
    expect(two.trainScores).toEqual(one.trainScores);
  });

  it('runs its worker threads under tsx too (as the app does) and ends them: a process that fits on two threads exits', () => {
    const script = [
      "import { fitGbdt } from './electron/ml/trees/gbdt.ts';",
      'const rows = 3000;',
      'const data = Float32Array.from({ length: rows * 2 }, (_, i) => (i * 7919) % 1000);',
      'const target = Float64Array.from({ length: rows }, (_, r) => (data[r] > 500 ? 1 : 0));',
      "const { model } = await fitGbdt({ features: { rows, names: ['a', 'b'], data }, target }, 'binary', 2, { nTrees: 3, threads: 2 });",
      "console.log('trees', model.trees.length);",
    ].join('\n');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    expect(out.trim()).toBe('trees 3');
  });

  it('stops early on a target that is pure noise, keeping the best round', async () => {
    const noisy = { ...train, target: Float64Array.from(train.target, (_, r) => (seeded(r + 1).next() < 0.5 ? 1 : 0)) };
    const { model, history } = await fitGbdt(noisy, 'binary', 2, { nTrees: 200, earlyStoppingRounds: 5, validationFraction: 0.2, seed: 1 });
    expect(history.validLoss!.length).toBeLessThan(200);
    expect(history.bestIteration).toBe(history.validLoss!.indexOf(Math.min(...history.validLoss!)));
    expect(model.trees).toHaveLength(history.bestIteration + 1);
  });

  it('is cancelled between trees when shouldStop says so, on one thread or two', async () => {
    for (const threads of [1, 2]) {
      let asked = 0;
      const run = fitGbdt(train, 'binary', 2, { nTrees: 100, threads, shouldStop: () => ++asked > 3 });
      await expect(run).rejects.toThrow(GyreError);
      await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(asked).toBe(4);
    }
  });

  it('weights classes: balanced weights raise the predicted share of a rare class', async () => {
    const rare = { ...train, target: Float64Array.from(train.target, (y, r) => (y === 1 && r % 4 === 0 ? 1 : 0)) };
    const plain = await fitGbdt(rare, 'binary', 2, { nTrees: 20, seed: 1 });
    const balanced = await fitGbdt(rare, 'binary', 2, { nTrees: 20, seed: 1, classWeight: 'balanced' });
    const mean = (m: TreeEnsemble) => positive(m, test.features).reduce((a, b) => a + b, 0) / test.features.rows;
    expect(mean(balanced.model)).toBeGreaterThan(mean(plain.model) + 0.1);
  });

  it('rejects bad input with a VALIDATION error naming the field', async () => {
    await expect(fitGbdt(train, 'binary', 2, { maxBins: 300 })).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'maxBins' } });
    const bad = { ...train, target: Float64Array.from(train.target, (y, r) => (r === 7 ? 2 : y)) };
    await expect(fitGbdt(bad, 'binary', 2)).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'train.target', row: 7 } });
  });
});

describe('fitGbdt, multiclass and regression', () => {
  it('multiclass: one tree per class per round, softmax probabilities, accuracy well above the majority class', async () => {
    const set = threeClasses(3000, 4);
    const tr = rowsOf(set, 0, 2400);
    const te = rowsOf(set, 2400, 3000);
    const { model, history, trainScores } = await fitGbdt(tr, 'multiclass', 3, { nTrees: 30, maxDepth: 4, seed: 1 });
    expect(model).toMatchObject({ outputs: 3, postTransform: 'softmax' });
    expect(model.trees).toHaveLength(90);
    expect(history.trainLoss[29]!).toBeLessThan(history.trainLoss[0]!);
    expect(rawScores(model, tr.features)).toEqual(trainScores);
    const p = predict(model, te.features);
    let right = 0;
    const counts = [0, 0, 0];
    for (let r = 0; r < te.features.rows; r++) {
      const row = [p[3 * r]!, p[3 * r + 1]!, p[3 * r + 2]!];
      expect(row[0]! + row[1]! + row[2]!).toBeCloseTo(1, 12);
      if (row.indexOf(Math.max(...row)) === te.target[r]) right++;
      counts[te.target[r]!]!++;
    }
    expect(right / te.features.rows).toBeGreaterThan(0.85);
    expect(right / te.features.rows).toBeGreaterThan(Math.max(...counts) / te.features.rows + 0.3);
  });

  it('regression: squared error falls and unseen rows are fitted far better than by the mean (R² > 0.9)', async () => {
    const set = regressionSet(3000, 9);
    const tr = rowsOf(set, 0, 2400);
    const te = rowsOf(set, 2400, 3000);
    const { model, history } = await fitGbdt(tr, 'regression', 0, { nTrees: 100, maxDepth: 3, seed: 1 });
    expect(model).toMatchObject({ outputs: 1, postTransform: 'none' });
    expect(history.trainLoss[99]!).toBeLessThan(history.trainLoss[0]! / 3);
    const mean = tr.target.reduce((a, b) => a + b, 0) / tr.target.length;
    expect(model.baseScore[0]).toBeCloseTo(mean, 10);
    const y = predict(model, te.features);
    let sse = 0;
    let sst = 0;
    for (let r = 0; r < te.features.rows; r++) {
      sse += (y[r]! - te.target[r]!) ** 2;
      sst += (mean - te.target[r]!) ** 2;
    }
    expect(1 - sse / sst).toBeGreaterThan(0.9);
  });

  it('grows the same splits when few histogram slots force it to rebuild instead of subtract', async () => {
    const { rows, names } = train.features;
    const binned = binTrainingSet(train, 255, 0);
    const values = new Float32Array(2 * rows);
    for (let r = 0; r < rows; r++) values.set([train.target[r]! - 0.3, 1], 2 * r);
    const grow = async (slots: number) => {
      const space = { bins: binned.bins, rows, features: names.length, channels: 2, index: Uint32Array.from({ length: rows }, (_, r) => r), values, hist: new Float64Array(slots * names.length * 512), scratchIndex: new Uint32Array(rows), counts: new Int32Array(1), candidates: new Float64Array(slots * 12) };
      const engine = await openEngine(space, slots, 1);
      const features = Int32Array.from(names, (_, f) => f);
      const leafValue = (s: Float64Array, out: Float64Array) => void (out[0] = -s[0]! / (s[1]! + 1));
      const criterion = { kind: 'newton' as const, lambda: 1, minChildWeight: 1 };
      return growTree({ binned, engine, criterion, limits: { maxDepth: 8, maxLeaves: 40, minSplitGain: 0, policy: 'lossguide' }, features, leafValue, outputs: 1 }, rows);
    };
    const roomy = await grow(64);
    const tight = await grow(2);
    expect(tight.tree.feature).toEqual(roomy.tree.feature);
    expect(tight.splitBin).toEqual(roomy.splitBin);
  });

  it('lossguide growth keeps to max leaves', async () => {
    const { model } = await fitGbdt(train, 'binary', 2, { nTrees: 10, maxDepth: 8, maxLeaves: 6, growPolicy: 'lossguide', seed: 1 });
    for (const t of model.trees) expect(t.feature.filter((f) => f === -1).length).toBeLessThanOrEqual(6);
    expect(auc(positive(model, test.features), test.target)).toBeGreaterThan(0.8);
  });
});
