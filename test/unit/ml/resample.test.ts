/**
 * Resampling for class imbalance (`electron/ml/augment/`): how many rows each method leaves per class, where every
 * row comes from, SMOTE's rows on segments between two rows of their class, and the same rows for the same seed.
 */
import { describe, expect, it } from 'vitest';
import { resampledCounts, type ResampleSetting } from '../../../electron/contract/resample';
import { fitEstimator, validationRows } from '../../../electron/ml/estimators';
import { continuousLayout, type FeatureLayout } from '../../../electron/ml/augment/layout';
import { findNeighbours, nearestNeighbours } from '../../../electron/ml/augment/neighbours';
import { fitResample, resampleTraining, type Resampled } from '../../../electron/ml/augment/resample';
import { groupScales, searchPoints } from '../../../electron/ml/augment/space';
import { seeded } from '../../../electron/ml/random';
import type { TrainingSet } from '../../../electron/ml/types';

/** `counts[c]` rows of class c, in shuffled order, with `width` numbers each (class c centred at c). */
function classes(counts: number[], width = 3, seed = 5): TrainingSet {
  const random = seeded(seed);
  const labels = counts.flatMap((n, c) => Array.from({ length: n }, () => c));
  for (let i = labels.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [labels[i], labels[j]] = [labels[j]!, labels[i]!];
  }
  const rows = labels.length;
  const data = new Float32Array(rows * width);
  for (let f = 0; f < width; f++) for (let r = 0; r < rows; r++) data[f * rows + r] = labels[r]! + (random.next() - 0.5) * (f + 1) * 10;
  return { features: { rows, names: Array.from({ length: width }, (_, f) => `x${f}`), data }, target: Float64Array.from(labels) };
}

const value = (t: TrainingSet, f: number, r: number) => t.features.data[f * t.features.rows + r]!;
const countsOf = (target: Float64Array, k: number) => Array.from({ length: k }, (_, c) => target.filter((y) => y === c).length);
const resample = (t: TrainingSet, setting: ResampleSetting, seed = 1, layout?: FeatureLayout) => fitResample(t, setting, { classes: countsOf(t.target, 10).filter((n) => n > 0).length, seed, ...(layout ? { layout } : {}) });

/** Every row of the set is its source row, feature for feature and class for class. */
function expectCopies(input: TrainingSet, out: Resampled, rows: number) {
  for (let i = 0; i < rows; i++) {
    expect(out.set.target[i]).toBe(input.target[out.source[i]!]);
    for (let f = 0; f < input.features.names.length; f++) expect(value(out.set, f, i)).toBe(value(input, f, out.source[i]!));
  }
}

describe('how many rows each class has after resampling', () => {
  it('oversampling and SMOTE raise every smaller class to ⌊ratio × largest⌋; undersampling cuts to ⌊smallest / ratio⌋', () => {
    expect(resampledCounts([900, 100], 'smote', 1)).toEqual([900, 900]);
    expect(resampledCounts([900, 100], 'oversample', 0.5)).toEqual([900, 450]);
    expect(resampledCounts([900, 100], 'oversample', 0.05)).toEqual([900, 100]);
    expect(resampledCounts([900, 100], 'undersample', 1)).toEqual([100, 100]);
    expect(resampledCounts([900, 100], 'undersample', 0.3)).toEqual([333, 100]);
    // Many classes: each below the target is raised, each above is cut; a class with no rows stays empty.
    expect(resampledCounts([500, 120, 30, 0], 'smote', 0.5)).toEqual([500, 250, 250, 0]);
    expect(resampledCounts([500, 120, 30], 'undersample', 0.5)).toEqual([60, 60, 30]);
    expect(resampledCounts([7], 'smote', 1)).toEqual([7]);
  });
});

describe('random oversampling', () => {
  it('keeps every row in order and adds copies of the smaller classes’ rows until they reach the target', async () => {
    const input = classes([200, 30, 12]);
    const out = await resample(input, { method: 'oversample', ratio: 1 });
    expect(out.before).toEqual([200, 30, 12]);
    expect(out.after).toEqual([200, 200, 200]);
    expect(countsOf(out.set.target, 3)).toEqual([200, 200, 200]);
    expect(out).toMatchObject({ synthetic: 0, duplicated: 358, dropped: 0, notes: [] });
    expect(Array.from(out.source.subarray(0, 242))).toEqual(Array.from({ length: 242 }, (_, i) => i));
    expectCopies(input, out, out.set.features.rows);
    expect(new Set(out.neighbour)).toEqual(new Set([-1]));
  });

  it('draws the same copies for the same seed, and others for another', async () => {
    const input = classes([200, 30]);
    const a = await resample(input, { method: 'oversample', ratio: 0.5 }, 7);
    const b = await resample(input, { method: 'oversample', ratio: 0.5 }, 7);
    const c = await resample(input, { method: 'oversample', ratio: 0.5 }, 8);
    expect(a.set.features.data).toEqual(b.set.features.data);
    expect(a.source).toEqual(b.source);
    expect(c.source).not.toEqual(a.source);
    expect(a.after).toEqual([200, 100]);
  });
});

describe('random undersampling', () => {
  it('keeps every row of the smallest class and a sample without repeats of the others, in their order', async () => {
    const input = classes([300, 80, 40]);
    const out = await resample(input, { method: 'undersample', ratio: 0.5 });
    expect(out.after).toEqual([80, 80, 40]);
    expect(out).toMatchObject({ synthetic: 0, duplicated: 0, dropped: 220 });
    const kept = Array.from(out.source);
    expect(kept).toEqual([...kept].sort((x, y) => x - y));
    expect(new Set(kept).size).toBe(kept.length);
    expect(kept.filter((r) => input.target[r] === 2)).toHaveLength(40);
    expectCopies(input, out, kept.length);
    expect((await resample(input, { method: 'undersample', ratio: 0.5 })).source).toEqual(out.source);
  });

  it('changes nothing, and says so, when the classes are already as balanced as asked', async () => {
    const out = await resample(classes([100, 60]), { method: 'undersample', ratio: 0.5 });
    expect(out.after).toEqual([100, 60]);
    expect(out.notes).toEqual(['The classes were already at least as balanced as 2 to 1: nothing was resampled.']);
  });
});

describe('SMOTE', () => {
  it('makes each new row a point on the segment between a row of its class and one of that row’s k nearest', async () => {
    const input = classes([400, 50, 20], 4);
    const out = await resample(input, { method: 'smote', ratio: 1, k: 5 });
    expect(out.after).toEqual([400, 400, 400]);
    expect(out).toMatchObject({ synthetic: 730, duplicated: 0, dropped: 0 });
    expectCopies(input, out, input.features.rows);
    const points = new Map<number, { rows: Uint32Array; neighbours: Uint32Array }>();
    for (const c of [1, 2]) {
      const rows = Uint32Array.from(Array.from(input.target).flatMap((y, r) => (y === c ? [r] : [])));
      const space = searchPoints(input.features, continuousLayout(4), groupScales(input.features, continuousLayout(4)), rows);
      points.set(c, { rows, neighbours: nearestNeighbours(space, Uint32Array.from(rows, (_, i) => i), 5) });
    }
    for (let s = input.features.rows; s < out.set.features.rows; s++) {
      const c = out.set.target[s]!;
      const [base, towards] = [out.source[s]!, out.neighbour[s]!];
      expect(input.target[base]).toBe(c);
      expect(input.target[towards]).toBe(c);
      const { rows, neighbours } = points.get(c)!;
      const at = rows.indexOf(base);
      expect(Array.from(neighbours.subarray(at * 5, at * 5 + 5), (i) => rows[i])).toContain(towards);
      // One gap for the whole row, in [0, 1]: every feature sits the same fraction of the way from base to neighbour
      // (to float32's precision).
      const [from, to] = [[0, 1, 2, 3].map((f) => value(input, f, base)), [0, 1, 2, 3].map((f) => value(input, f, towards))];
      const widest = [0, 1, 2, 3].reduce((a, f) => (Math.abs(to[f]! - from[f]!) > Math.abs(to[a]! - from[a]!) ? f : a), 0);
      const gap = (value(out.set, widest, s) - from[widest]!) / (to[widest]! - from[widest]!);
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThanOrEqual(1);
      for (let f = 0; f < 4; f++) {
        const x = value(out.set, f, s);
        expect(x >= Math.min(from[f]!, to[f]!) && x <= Math.max(from[f]!, to[f]!)).toBe(true);
        expect(Math.abs(x - (from[f]! + gap * (to[f]! - from[f]!)))).toBeLessThan(1e-6 * (Math.abs(from[f]!) + Math.abs(to[f]!) + 1));
      }
    }
  });

  it('makes the same rows for the same seed, and other rows for another seed', async () => {
    const input = classes([300, 40], 3);
    const a = await resample(input, { method: 'smote', ratio: 0.8, k: 3 }, 11);
    const b = await resample(input, { method: 'smote', ratio: 0.8, k: 3 }, 11);
    const c = await resample(input, { method: 'smote', ratio: 0.8, k: 3 }, 12);
    expect(a.after).toEqual([300, 240]);
    expect(a.set.features.data).toEqual(b.set.features.data);
    expect(c.set.features.data).not.toEqual(a.set.features.data);
  });

  it('takes as many neighbours as a small class has, and copies the row of a class that has one', async () => {
    const input = classes([60, 3, 1], 2);
    const out = await resample(input, { method: 'smote', ratio: 1, k: 5 });
    expect(out.after).toEqual([60, 60, 60]);
    expect(out.notes).toEqual(['Class "1" has 3 training rows: SMOTE drew towards its 2 nearest, not 5.', 'Class "2" has 1 training row: SMOTE cannot interpolate, so its 59 new rows copy it.']);
    expect(out).toMatchObject({ synthetic: 57, duplicated: 59 });
    const single = input.target.indexOf(2);
    const copies = Array.from(out.source).filter((_, i) => out.set.target[i] === 2);
    expect(new Set(copies)).toEqual(new Set([single]));
  });

  it('takes a category from the neighbours (their most frequent value) and copies a missing value from the nearer end', async () => {
    // Features: x (a number with missing values), then a one-hot group of three levels.
    const rows = 120;
    const random = seeded(3);
    const data = new Float32Array(rows * 4);
    const target = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      target[r] = r % 6 === 0 ? 1 : 0;
      data[r] = r % 7 === 0 ? NaN : random.next() * 10;
      data[(1 + (target[r] ? r % 3 : 0)) * rows + r] = 1;
    }
    const input: TrainingSet = { features: { rows, names: ['x', 'c=a', 'c=b', 'c=(other)'], data }, target };
    const layout: FeatureLayout = { groups: [{ kind: 'continuous', feature: 0, indicator: -1 }, { kind: 'discrete', features: [1, 2, 3] }] };
    const out = await resample(input, { method: 'smote', ratio: 1, k: 4 }, 2, layout);
    expect(out.after).toEqual([100, 100]);
    for (let s = rows; s < out.set.features.rows; s++) {
      const [b, n] = [out.source[s]!, out.neighbour[s]!];
      const hot = [1, 2, 3].filter((f) => value(out.set, f, s) === 1);
      expect(hot).toHaveLength(1);
      expect([1, 2, 3].map((f) => value(out.set, f, s)).reduce((x, y) => x + y)).toBe(1);
      const x = value(out.set, 0, s);
      const [xb, xn] = [value(input, 0, b), value(input, 0, n)];
      if (Number.isNaN(xb) || Number.isNaN(xn)) expect([xb, xn].some((v) => Object.is(v, x))).toBe(true);
      else expect(x >= Math.min(xb, xn) && x <= Math.max(xb, xn)).toBe(true);
    }
  });
});

describe('nearest neighbours', () => {
  it('are the brute-force answer when onnxruntime proposes the candidates, ties and duplicate rows included', async () => {
    const random = seeded(9);
    const n = 1500;
    const width = 12;
    const data = new Float32Array(n * (width + 1));
    for (let r = 0; r < n; r++) {
      // A fifth of the rows repeat another row; one feature takes three values only, so many distances tie.
      const twin = r % 5 === 4 ? r - 1 : -1;
      for (let f = 0; f < width; f++) data[f * n + r] = twin >= 0 ? data[f * n + twin]! : f === 0 ? random.int(3) : random.next() * 4 - 2;
      data[width * n + r] = twin >= 0 ? data[width * n + twin]! : random.int(4);
    }
    const features = { rows: n, names: Array.from({ length: width + 1 }, (_, f) => `f${f}`), data };
    const layout: FeatureLayout = { groups: [...continuousLayout(width).groups, { kind: 'discrete', features: [width] }] };
    const points = searchPoints(features, layout, groupScales(features, layout), Uint32Array.from({ length: n }, (_, i) => i));
    const queries = Uint32Array.from({ length: n }, (_, i) => i);
    const fast = await findNeighbours(points, queries, 5);
    expect(fast.bruteForced).toBeLessThan(n);
    expect(fast.neighbours).toEqual(nearestNeighbours(points, queries, 5));
  });
});

describe('resampling the rows a model fits on', () => {
  it('leaves the validation rows as they were, at the end, and never draws a synthetic row from or towards them', async () => {
    const input = classes([300, 30], 3);
    const validation = Uint32Array.from([2, 5, 40, 41, 99, 200, 250, 329]);
    const out = await resampleTraining(input, { method: 'smote', ratio: 1, k: 5 }, { classes: 2, classLabels: ['no', 'yes'], seed: 4, validation });
    const rows = out.set.features.rows;
    expect(Array.from(out.set.validation!)).toEqual(Array.from({ length: 8 }, (_, i) => rows - 8 + i));
    expect(Array.from(out.source.subarray(rows - 8))).toEqual(Array.from(validation));
    for (let i = rows - 8; i < rows; i++) for (let f = 0; f < 3; f++) expect(value(out.set, f, i)).toBe(value(input, f, out.source[i]!));
    const held = new Set(validation);
    for (let i = 0; i < rows - 8; i++) {
      expect(held.has(out.source[i]!)).toBe(false);
      expect(held.has(out.neighbour[i]!)).toBe(false);
    }
    const heldYes = Array.from(validation).filter((r) => input.target[r] === 1).length;
    expect(out.record).toMatchObject({ method: 'smote', ratio: 1, k: 5, validationRows: 8, classes: [{ label: 'no', before: 300 - (8 - heldYes) }, { label: 'yes', before: 30 - heldYes }] });
    expect(out.record.classes[1]!.after).toBe(out.record.classes[0]!.before);
  });

  it('hands boosting and the MLP the validation rows they would have drawn: without resampling, the same models', async () => {
    const input = classes([300, 60], 3);
    for (const kind of ['gbdt', 'mlp'] as const) {
      const ctx = { task: 'binary' as const, classes: 2, params: { trees: 15, earlyStoppingRounds: 3, epochs: 8, hidden: [4] }, seed: 6, provider: 'cpu' as const };
      const validation = validationRows(kind, input.features.rows, ctx);
      expect(validation.length).toBe(36);
      const own = await fitEstimator(kind, input, ctx);
      const given = await fitEstimator(kind, { ...input, validation }, ctx);
      expect(given.model).toEqual(own.model);
      expect(given.curves).toEqual(own.curves);
    }
    expect(validationRows('gbdt', 360, { params: {}, seed: 6 })).toHaveLength(0);
    expect(validationRows('rf', 360, { params: {}, seed: 6 })).toHaveLength(0);
  });

  it('refuses a ratio above 1 and a target without classes, naming the field', async () => {
    const input = classes([50, 10]);
    await expect(fitResample(input, { method: 'smote', ratio: 1.5 }, { classes: 2, seed: 1 })).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'resample.ratio' } });
    await expect(fitResample(input, { method: 'oversample', ratio: 1 }, { classes: 1, seed: 1 })).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'resample' } });
  });
});
