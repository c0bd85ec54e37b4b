/**
 * Linear models (logistic and ridge regression): they find scikit-learn's optimum on committed problems
 * (test/fixtures/ml/linear-expected.json, written by make-linear-expected.py), export to ONNX files that score
 * exactly as predictLinear does, train deterministically, and refuse bad input with a sentence.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GyreError } from '../../../electron/contract/errors';
import { fitLinear, type LinearFitContext } from '../../../electron/ml/linear/fit';
import { predictLinear, type LinearModel } from '../../../electron/ml/linear/model';
import { addLinear } from '../../../electron/ml/linear/onnx';
import { accuracy, argmaxLabels, r2Score } from '../../../electron/ml/metrics/index';
import { encodeModel, GraphBuilder } from '../../../electron/ml/onnx/graph';
import { createSession, scoreColumns, type OutputColumn } from '../../../electron/ml/onnx/runtime';
import { seeded, type Random } from '../../../electron/ml/random';
import type { Features, Task, TrainingSet } from '../../../electron/ml/types';
import { rowMajor } from '../../helpers/features';

interface FixtureCase {
  name: string;
  task: Task;
  classes: number;
  l2: number;
  features: string[];
  train: { x: number[][]; y: number[]; weights?: number[] };
  test: { x: number[][]; y: number[] };
  expected: { coef: number[][]; intercept: number[]; accuracy?: number; r2?: number };
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/ml/linear-expected.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] };

/** Rows (as the fixture holds them) to Gyre's column-major float32 features. */
function columns(rows: number[][], names: string[]): Features {
  const data = new Float32Array(rows.length * names.length);
  rows.forEach((row, r) => row.forEach((v, f) => (data[f * rows.length + r] = v)));
  return { rows: rows.length, names, data };
}

function trainingSet(c: FixtureCase): TrainingSet {
  const set: TrainingSet = { features: columns(c.train.x, c.features), target: Float64Array.from(c.train.y) };
  if (c.train.weights) set.weights = Float64Array.from(c.train.weights);
  return set;
}

function context(task: Task, classes: number, params: LinearFitContext['params'] = {}): LinearFitContext {
  return { task, classes, params, seed: 42, provider: 'cpu' };
}

/** Accuracy or R² on the fixture's test rows, from predictLinear. */
function testMetric(model: LinearModel, c: FixtureCase): number {
  const predictions = predictLinear(model, columns(c.test.x, c.features));
  const truth = Float64Array.from(c.test.y);
  if (c.task === 'regression') return r2Score(truth, predictions)!;
  return accuracy(truth, argmaxLabels(predictions, c.classes));
}

async function score(bytes: Uint8Array, features: Features): Promise<Record<string, OutputColumn>> {
  const { session } = await createSession(bytes, { provider: 'cpu', threads: 1 });
  try {
    return await scoreColumns(session, { features: rowMajor(features) }, features.rows);
  } finally {
    await session.release();
  }
}

function exportModel(model: LinearModel, classLabels?: (number | string)[]): Uint8Array {
  const g = new GraphBuilder();
  const x = g.input('features', 'float', ['N', model.featureNames.length]);
  addLinear(g, model, x, classLabels ? { classLabels } : {});
  return encodeModel(g.toModel({ metadata: {}, producer: 'gyre-test' }));
}

function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

function randomModel(random: Random, task: Task, classes: number, features: number, spread: number): LinearModel {
  const outputs = task === 'multiclass' ? classes : 1;
  return {
    kind: 'linear', task, classes, outputs,
    weights: Float64Array.from({ length: features * outputs }, () => normal(random) * spread),
    bias: Float64Array.from({ length: outputs }, () => normal(random) * spread),
    featureNames: Array.from({ length: features }, (_, f) => `f${f}`),
  };
}

function randomFeatures(random: Random, rows: number, names: string[]): Features {
  return { rows, names, data: Float32Array.from({ length: rows * names.length }, () => normal(random) * 2) };
}

describe('linear models match scikit-learn', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s: the coefficients and test metric of sklearn’s optimum', async (_name, c) => {
    const fitted = await fitLinear(trainingSet(c), context(c.task, c.classes, { l2: c.l2 }));
    expect(fitted.params.stopped).toBe('converged');
    const { weights, bias, outputs } = fitted.model;
    // Coefficients of unscaled features run into the thousands: hold those to 1e-3 of their size.
    const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(expected)));
    c.expected.coef.forEach((row, f) => row.forEach((v, k) => close(weights[f * outputs + k]!, v)));
    c.expected.intercept.forEach((v, k) => close(bias[k]!, v));
    const sklearnMetric = c.task === 'regression' ? c.expected.r2! : c.expected.accuracy!;
    expect(Math.abs(testMetric(fitted.model, c) - sklearnMetric)).toBeLessThanOrEqual(0.01);
  });

  it('reports how training went: the loss falls, and the provider and settings are recorded', async () => {
    const c = fixture.cases.find((x) => x.task === 'binary')!;
    const fitted = await fitLinear(trainingSet(c), context('binary', 2));
    const loss = fitted.history.loss;
    expect(loss.length).toBe(fitted.params.epochsRun);
    expect(loss[0]).toBeGreaterThan(loss.at(-1)!);
    expect(fitted.provider).toBe('cpu');
    expect(fitted.note).toMatch(/converged after \d+ epochs/);
    // The default l2 is sklearn's default C = 1 for this many rows.
    expect(fitted.params).toMatchObject({ l2: 1 / c.train.y.length, optimizer: 'adam', batch: 'full' });
  });
});

describe('linear model export to ONNX', () => {
  const cases: { name: string; task: Task; classes: number; labels?: (number | string)[]; spread: number }[] = [
    { name: 'binary', task: 'binary', classes: 2, spread: 1 },
    { name: 'binary with string labels and saturated probabilities', task: 'binary', classes: 2, labels: ['stays', 'churns'], spread: 8 },
    { name: 'multiclass (k = 4) with string labels', task: 'multiclass', classes: 4, labels: ['a', 'b', 'c', 'd'], spread: 1 },
    { name: 'multiclass (k = 3) with integer labels', task: 'multiclass', classes: 3, labels: [10, 20, 30], spread: 3 },
    { name: 'regression', task: 'regression', classes: 1, spread: 50 },
  ];

  it.each(cases.map((c, i) => [c.name, c, i] as const))('%s: onnxruntime equals predictLinear', async (_name, c, i) => {
    const random = seeded(500 + i);
    const model = randomModel(random, c.task, c.classes, 7, c.spread);
    const features = randomFeatures(random, 3000, model.featureNames);
    const out = await score(exportModel(model, c.labels), features);
    const expected = predictLinear(model, features);
    const rows = features.rows;
    if (c.task === 'regression') {
      expect(out.prediction!.dims).toEqual([rows, 1]);
      const got = out.prediction!.data as Float32Array;
      for (let r = 0; r < rows; r++) expect(Math.abs(got[r]! - expected[r]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[r]!)));
      return;
    }
    const k = c.classes;
    expect(out.probabilities!.dims).toEqual([rows, k]);
    const probabilities = out.probabilities!.data as Float32Array;
    let worst = 0;
    for (let j = 0; j < rows * k; j++) worst = Math.max(worst, Math.abs(probabilities[j]! - expected[j]!));
    expect(worst).toBeLessThanOrEqual(1e-5);
    const labels = c.labels ?? Array.from({ length: k }, (_, j) => j);
    const predicted = argmaxLabels(expected, k);
    const label = out.label!.data;
    for (let r = 0; r < rows; r++) expect(typeof label[r] === 'bigint' ? Number(label[r]) : label[r]).toBe(labels[predicted[r]!]);
  });

  it('exports a fitted model that scores its test rows as predictLinear does', async () => {
    const c = fixture.cases.find((x) => x.task === 'multiclass')!;
    const { model } = await fitLinear(trainingSet(c), context(c.task, c.classes, { l2: c.l2 }));
    const test = columns(c.test.x, c.features);
    const out = await score(exportModel(model), test);
    const expected = predictLinear(model, test);
    const got = out.probabilities!.data as Float32Array;
    for (let j = 0; j < expected.length; j++) expect(Math.abs(got[j]! - expected[j]!)).toBeLessThanOrEqual(1e-5);
  });
});

describe('linear training', () => {
  const binary = fixture.cases.find((x) => x.name === 'binary weighted')!;

  it('is deterministic: the same data and params give identical weights and losses', async () => {
    const a = await fitLinear(trainingSet(binary), context('binary', 2, { l2: binary.l2 }));
    const b = await fitLinear(trainingSet(binary), context('binary', 2, { l2: binary.l2 }));
    expect(Array.from(b.model.weights)).toEqual(Array.from(a.model.weights));
    expect(Array.from(b.model.bias)).toEqual(Array.from(a.model.bias));
    expect(b.history.loss).toEqual(a.history.loss);
  });

  it('stops between runs when asked, and returns the model trained so far', async () => {
    let asked = 0;
    const fitted = await fitLinear(trainingSet(binary), { ...context('binary', 2, { tolerance: 0, epochs: 5000 }), shouldStop: () => ++asked >= 2 });
    expect(fitted.params.stopped).toBe('requested');
    expect(fitted.history.loss.length).toBeLessThan(5000);
    expect(fitted.note).toMatch(/stopped on request after \d+ epochs/);
    expect(predictLinear(fitted.model, columns(binary.test.x, binary.features)).every(Number.isFinite)).toBe(true);
  });

  it('runs every epoch when the tolerance is 0', async () => {
    const fitted = await fitLinear(trainingSet(binary), context('binary', 2, { tolerance: 0, epochs: 150 }));
    expect(fitted.history.loss).toHaveLength(150);
    expect(fitted.params.stopped).toBe('epochs');
  });

  it('refuses a missing value in the features, naming the feature', async () => {
    const set = trainingSet(binary);
    set.features.data[2 * set.features.rows + 7] = NaN;
    const error = await fitLinear(set, context('binary', 2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GyreError);
    expect((error as GyreError).code).toBe('VALIDATION');
    expect((error as GyreError).message).toMatch(/Feature "x2" has a missing value in training row 7/);
    expect((error as GyreError).details).toMatchObject({ column: 'x2', row: 7 });
  });

  it('refuses a target of a single class with a sentence', async () => {
    const set = trainingSet(binary);
    set.target.fill(1);
    await expect(fitLinear(set, context('binary', 2))).rejects.toThrow('Every training row (with a weight above 0) is of class 1: a classifier needs at least two classes to tell apart.');
  });

  it('refuses class indexes and params outside their range', async () => {
    const set = trainingSet(binary);
    set.target[3] = 2;
    await expect(fitLinear(set, context('binary', 2))).rejects.toThrow(/row 3 is 2, not a class index from 0 to 1/);
    await expect(fitLinear(trainingSet(binary), context('binary', 2, { l2: -1 }))).rejects.toThrow(/l2 must be a finite number ≥ 0/);
    await expect(fitLinear(trainingSet(binary), context('binary', 2, { epochs: 0 }))).rejects.toThrow(/epochs must be a whole number ≥ 1/);
  });

  it('keeps a constant feature at weight 0 and learns the others', async () => {
    const c = fixture.cases.find((x) => x.name === 'regression')!;
    const set = trainingSet(c);
    set.features.data.fill(3.5, 0, set.features.rows); // x0 is now constant
    const { model } = await fitLinear(set, context('regression', 1, { l2: c.l2 }));
    expect(model.weights[0]).toBe(0);
    expect(testMetric(model, c)).toBeGreaterThan(0.8);
  });
});
