/**
 * The MLP end to end in electron/ml: it learns what a linear model cannot, for every task; its exported ONNX file
 * scores as predictMlp does; the same seed gives the same weights; early stopping keeps the best epoch; bad input
 * and a stop request are handled.
 */
import { describe, expect, it } from 'vitest';
import { GyreError } from '../../../electron/contract/errors';
import { fitLinear } from '../../../electron/ml/linear/fit';
import { predictLinear } from '../../../electron/ml/linear/model';
import { accuracy, argmaxLabels, r2Score } from '../../../electron/ml/metrics/index';
import { fitMlp, type MlpFitContext } from '../../../electron/ml/mlp/fit';
import { predictMlp, type MlpModel } from '../../../electron/ml/mlp/model';
import { addMlp } from '../../../electron/ml/mlp/onnx';
import { encodeModel, GraphBuilder } from '../../../electron/ml/onnx/graph';
import { createSession, scoreColumns, type OutputColumn } from '../../../electron/ml/onnx/runtime';
import { seeded } from '../../../electron/ml/random';
import type { Features, Task, TrainingSet } from '../../../electron/ml/types';
import { rowMajor } from '../../helpers/features';

const F = 4;

/** Two informative features on [−2, 2]² and two of noise; the target depends on the radius, which no line separates. */
function rings(rows: number, task: Task, seed: number): TrainingSet {
  const random = seeded(seed);
  const data = new Float32Array(rows * F);
  const target = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < F; f++) data[f * rows + r] = random.next() * 4 - 2;
    const radius = Math.hypot(data[r]!, data[rows + r]!);
    const noise = (random.next() - 0.5) * 0.2;
    if (task === 'regression') target[r] = 3 * Math.sin(2 * radius) + 10 + noise;
    else if (task === 'binary') target[r] = radius + noise > 1.4 ? 1 : 0;
    else target[r] = radius + noise < 1 ? 0 : radius + noise < 1.8 ? 1 : 2;
  }
  return { features: { rows, names: Array.from({ length: F }, (_, f) => `x${f}`), data }, target };
}

function context(task: Task, overrides: Partial<MlpFitContext> = {}): MlpFitContext {
  return { task, classes: task === 'binary' ? 2 : task === 'multiclass' ? 3 : 1, params: { hidden: [32] }, seed: 11, provider: 'cpu', ...overrides };
}

function score(task: Task, predictions: Float64Array, target: Float64Array): number {
  return task === 'regression' ? (r2Score(target, predictions) ?? NaN) : accuracy(target, argmaxLabels(predictions, task === 'binary' ? 2 : 3));
}

async function exported(model: MlpModel, features: Features, labels?: string[]): Promise<Record<string, OutputColumn>> {
  const g = new GraphBuilder();
  const input = g.input('features', 'float', ['N', features.names.length]);
  addMlp(g, model, input, labels ? { classLabels: labels } : {});
  const { session } = await createSession(encodeModel(g.toModel({ producer: 'gyre-test', metadata: {} })), { provider: 'cpu' });
  try {
    const outputs = model.task === 'regression' ? ['prediction'] : ['label', 'probabilities'];
    return await scoreColumns(session, { features: rowMajor(features) }, features.rows, { outputs });
  } finally {
    await session.release();
  }
}

describe('MLP', () => {
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    it(`learns a ${task} problem no linear model can, and its ONNX export scores the same`, async () => {
      const train = rings(3000, task, 1);
      const test = rings(1000, task, 2);
      const fitted = await fitMlp(train, context(task));
      const mlpScore = score(task, predictMlp(fitted.model, test.features), test.target);
      const linear = await fitLinear(train, { task, classes: context(task).classes, params: {}, seed: 1, provider: 'cpu' });
      const linearScore = score(task, predictLinear(linear.model, test.features), test.target);
      expect(mlpScore, `MLP ${fitted.note}`).toBeGreaterThan(task === 'regression' ? 0.8 : 0.85);
      expect(mlpScore - linearScore).toBeGreaterThan(0.15);
      expect(fitted.provider).toBe('cpu');
      expect(fitted.params).toMatchObject({ hidden: [32], batchSize: 200, validationRows: 300, optimizer: 'adam' });

      const labels = task === 'regression' ? undefined : ['low', 'mid', 'high'].slice(0, context(task).classes);
      const onnx = await exported(fitted.model, test.features, labels);
      const reference = predictMlp(fitted.model, test.features);
      if (task === 'regression') {
        const prediction = onnx.prediction!.data as Float32Array;
        for (let r = 0; r < test.features.rows; r++) expect(Math.abs(prediction[r]! - reference[r]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(reference[r]!)));
      } else {
        const k = context(task).classes;
        const probabilities = onnx.probabilities!.data as Float32Array;
        let largest = 0;
        for (let i = 0; i < reference.length; i++) largest = Math.max(largest, Math.abs(probabilities[i]! - reference[i]!));
        expect(largest).toBeLessThan(1e-6);
        const expectedLabels = Array.from(argmaxLabels(reference, k), (c) => labels![c]);
        expect(onnx.label!.data).toEqual(expectedLabels);
      }
    });
  }

  it('gives the same weights for the same seed, and other weights for another seed', async () => {
    const train = rings(800, 'binary', 3);
    const a = await fitMlp(train, context('binary', { params: { hidden: [16, 8], epochs: 15 } }));
    const b = await fitMlp(train, context('binary', { params: { hidden: [16, 8], epochs: 15 } }));
    const c = await fitMlp(train, context('binary', { params: { hidden: [16, 8], epochs: 15 }, seed: 12 }));
    expect(a.model.layers.map((l) => [...l.weights])).toEqual(b.model.layers.map((l) => [...l.weights]));
    expect(a.history).toEqual(b.history);
    expect(c.model.layers[0]!.weights).not.toEqual(a.model.layers[0]!.weights);
  });

  it('stops early when the validation loss stops improving, and keeps the best epoch', async () => {
    // Few rows, a wide network and no penalty: it overfits, and the validation loss turns up.
    const train = rings(120, 'binary', 4);
    const fitted = await fitMlp(train, context('binary', { params: { hidden: [256], alpha: 0, learningRate: 0.01, epochs: 400, patience: 15 } }));
    const valid = fitted.history.validLoss!;
    expect(fitted.params.stopped).toBe('early-stopping');
    expect(valid.length).toBeLessThan(400);
    expect(fitted.history.bestEpoch).toBe(valid.indexOf(Math.min(...valid)));
    expect(valid.length - 1 - fitted.history.bestEpoch).toBeGreaterThanOrEqual(15);
    expect(fitted.note).toContain(`kept epoch ${fitted.history.bestEpoch + 1}`);
  });

  it('trains on the training loss alone when there are too few rows to hold some out', async () => {
    const fitted = await fitMlp(rings(12, 'binary', 5), context('binary', { params: { hidden: [4], epochs: 30 } }));
    expect(fitted.history.validLoss).toBeUndefined();
    expect(fitted.params.validationRows).toBe(0);
    expect(fitted.history.loss.length).toBeGreaterThan(0);
  });

  it('stops between epochs when asked, returning the model so far', async () => {
    let epochs = 0;
    const fitted = await fitMlp(rings(500, 'binary', 6), context('binary', { onEpoch: () => epochs++, shouldStop: () => epochs >= 3 }));
    expect(fitted.params.stopped).toBe('requested');
    expect(fitted.history.loss).toHaveLength(3);
  });

  it('refuses a missing value, bad settings and a single class with a sentence', async () => {
    const train = rings(100, 'binary', 7);
    train.features.data[2 * 100 + 17] = NaN;
    await expect(fitMlp(train, context('binary'))).rejects.toThrow('Feature "x2" has a missing value in training row 17; the MLP needs every feature filled in (impute it first).');
    const clean = rings(100, 'binary', 7);
    await expect(fitMlp(clean, context('binary', { params: { hidden: [0] } }))).rejects.toThrow(GyreError);
    await expect(fitMlp(clean, context('binary', { params: { batchSize: 0 } }))).rejects.toThrow('batchSize must be a whole number ≥ 1, got 0.');
    await expect(fitMlp({ ...clean, target: new Float64Array(100) }, context('binary'))).rejects.toThrow('a classifier needs at least two classes');
  });
});
