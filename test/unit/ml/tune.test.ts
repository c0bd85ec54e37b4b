/** The tuners: seeded, within their budgets, halving promotes the best third up to every row; spaces refused in sentences. */
import { describe, expect, it } from 'vitest';
import type { Trial } from '../../../electron/contract/studies';
import { seeded } from '../../../electron/ml/random';
import { studyMetric } from '../../../electron/ml/tune/metric';
import { shareOrder, type TrialData, type TrialRequest } from '../../../electron/ml/tune/objective';
import { openTrialRunner } from '../../../electron/ml/tune/pool';
import { resolveSpace, sampleConfig } from '../../../electron/ml/tune/space';
import { halvingRungs, runStudy, type StudyOptions } from '../../../electron/ml/tune/study';
import type { TrainingSet } from '../../../electron/ml/types';

const logLoss = studyMetric('binary', 'log_loss');
const space = resolveSpace('gbdt');

/**
 * A stand-in objective with a known best: the loss falls with the learning rate's distance to 0.1 and with more rows,
 * so a trial's value depends on its configuration and its share alone.
 */
function synthetic(delayMs = 0) {
  const seen: TrialRequest[] = [];
  const run = async (r: TrialRequest) => {
    seen.push(r);
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const lr = r.params.learningRate!;
    return { ok: true as const, value: Math.abs(Math.log(lr / 0.1)) + 0.3 / Math.sqrt(r.share) + (r.params.depth! % 3) * 0.01, rows: Math.round(r.share * 9000), seconds: delayMs / 1000 };
  };
  return { seen, run };
}

function options(over: Partial<StudyOptions>): StudyOptions {
  return { strategy: 'random', space, metric: logLoss, seed: 7, rows: 9000, slots: 2, run: synthetic().run, ...over };
}

/** Two informative features and noise; the positive share rises with both. */
function dataset(rows: number, seed: number): TrainingSet {
  const random = seeded(seed);
  const data = new Float32Array(rows * 3);
  const target = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < 3; f++) data[f * rows + r] = random.next() * 2 - 1;
    const logit = 2 * data[r]! - 1.5 * data[rows + r]! * data[rows + r]!;
    target[r] = random.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { features: { rows, names: ['a', 'b', 'noise'], data }, target };
}

describe('search spaces', () => {
  it('fills in the model defaults, lays a user dimension over them, and samples the same configurations for the same seed', () => {
    const custom = resolveSpace('gbdt', { trees: { type: 'choice', values: [30] } });
    expect(Object.keys(custom)).toEqual(['trees', 'depth', 'learningRate', 'minLeaf']);
    const draw = (seed: number) => Array.from({ length: 5 }, ((random) => () => sampleConfig(custom, random))(seeded(seed)));
    expect(draw(3)).toEqual(draw(3));
    for (const c of draw(3)) {
      expect(c.trees).toBe(30);
      expect(c.learningRate!).toBeGreaterThanOrEqual(0.01);
      expect(c.learningRate!).toBeLessThanOrEqual(0.3);
      expect(Number.isInteger(c.depth)).toBe(true);
    }
    expect(sampleConfig(resolveSpace('mlp'), seeded(1)).hidden).toEqual(expect.any(Array));
  });

  it('refuses a setting the model does not use, a reversed or non-positive log range and an out-of-range value, in sentences', () => {
    expect(() => resolveSpace('rf', { learningRate: { type: 'float', low: 0.01, high: 0.1, log: false } })).toThrow('Search space, "learningRate": Random forest does not use it; its space takes trees, depth, minLeaf.');
    expect(() => resolveSpace('gbdt', { depth: { type: 'int', low: 8, high: 2, log: false } })).toThrow('Search space, "depth": the low end (8) is above the high end (2).');
    expect(() => resolveSpace('linear', { l2: { type: 'float', low: 0, high: 1, log: true } })).toThrow('Search space, "l2": a log-scale range must start above 0; it starts at 0.');
    expect(() => resolveSpace('gbdt', { trees: { type: 'float', low: 10, high: 100, log: false } })).toThrow('Search space, "trees": it takes whole numbers, so its range is {"type": "int", …}, not "float".');
    expect(() => resolveSpace('gbdt', { trees: { type: 'int', low: 10, high: 9000, log: false } })).toThrow(/Search space, "trees": 9000 is not a value it takes \(.*5000.*\)\./);
    expect(() => resolveSpace('mlp', { hidden: { type: 'choice', values: [64] } })).toThrow('Search space, "hidden": each choice is a list of layer sizes, like [64] or [128, 64]; 64 is not.');
    expect(() => resolveSpace('baseline')).toThrow('Baseline (majority class / mean) has no hyperparameters to tune.');
  });
});

describe('random search', () => {
  it('runs exactly the trial count, numbers trials in order whatever finishes first, and picks the same best for the same seed', async () => {
    const a = await runStudy(options({ trials: 12, run: synthetic(3).run }));
    const b = await runStudy(options({ trials: 12, slots: 1 }));
    expect(a.trials).toHaveLength(12);
    expect(a.stoppedBy).toBe('trials');
    expect(a.trials.map((t) => t.number)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(a.trials.map((t) => t.params)).toEqual(b.trials.map((t) => t.params));
    expect(a.best!.number).toBe(b.best!.number);
    expect(a.best!.value).toBe(Math.min(...a.trials.map((t) => t.value!)));
    const other = await runStudy(options({ trials: 12, seed: 8 }));
    expect(other.trials.map((t) => t.params)).not.toEqual(a.trials.map((t) => t.params));
  });

  it('stops starting trials once the time budget is spent: it overruns by less than one trial', async () => {
    const started = performance.now();
    const outcome = await runStudy(options({ seconds: 0.3, slots: 1, run: synthetic(40).run }));
    const seconds = (performance.now() - started) / 1000;
    expect(outcome.stoppedBy).toBe('time');
    expect(seconds).toBeGreaterThanOrEqual(0.3);
    expect(seconds).toBeLessThan(0.3 + 0.04 + 0.15);
    expect(outcome.trials.length).toBeGreaterThanOrEqual(4);
    expect(outcome.trials.length).toBeLessThanOrEqual(9);
  });
});

describe('successive halving', () => {
  it('plans rungs of a third as many configurations on three times the rows, the last on every row', () => {
    expect(halvingRungs(27, 9000)).toEqual([
      { share: 1 / 27, configs: 27 },
      { share: 1 / 9, configs: 9 },
      { share: 1 / 3, configs: 3 },
      { share: 1, configs: 1 },
    ]);
    // Too few rows for a rung of 1/27: fewer rungs, the first still on at least 40 rows.
    expect(halvingRungs(27, 400).map((r) => r.share)).toEqual([1 / 9, 1 / 3, 1]);
  });

  it('promotes the best third of each rung, prunes the rest, and gives the top rung the full budget', async () => {
    const trials: Trial[] = [];
    const outcome = await runStudy(options({ strategy: 'halving', trials: 27, onTrial: (t) => void trials.push({ ...t }) }));
    expect(outcome.trials).toHaveLength(27 + 9 + 3 + 1);
    const rung = (k: number) => outcome.trials.filter((t) => t.rung === k);
    for (const k of [0, 1, 2]) {
      const ranked = [...rung(k)].sort((x, y) => x.value! - y.value! || x.config - y.config);
      const promoted = new Set(rung(k + 1).map((t) => t.config));
      expect(new Set(ranked.slice(0, promoted.size).map((t) => t.config))).toEqual(promoted);
      expect(ranked.slice(promoted.size).every((t) => t.status === 'pruned')).toBe(true);
    }
    expect(rung(3)).toHaveLength(1);
    expect(rung(3)[0]!.budget).toBe(1);
    expect(outcome.best).toEqual(rung(3)[0]);
    // The configurations halving starts from are random search's first 27, for the same seed: the best is among them.
    const random = await runStudy(options({ trials: 27 }));
    expect(rung(0).map((t) => t.params)).toEqual(random.trials.map((t) => t.params));
    expect(outcome.best!.params).toEqual(random.best!.params);
    // Trials are told as they finish, then again when pruned.
    expect(trials.filter((t) => t.status === 'pruned')).toHaveLength(18 + 6 + 2);
  });
});

describe('trials on real data', () => {
  it('fits boosted trees in a pool of one-thread trials: the same trials and best as one at a time, on validation rows', async () => {
    const train = dataset(1200, 1);
    const data: TrialData = { model: 'gbdt', task: 'binary', classes: 2, metric: logLoss, train, valid: dataset(400, 2), order: shareOrder(train.target, 'binary', 5) };
    const small = resolveSpace('gbdt', { trees: { type: 'int', low: 5, high: 30, log: true } });
    const study = async (threads: number) => {
      const runner = await openTrialRunner(data, { threads });
      try {
        return await runStudy({ strategy: 'halving', space: small, metric: logLoss, seed: 3, trials: 9, rows: 1200, slots: runner.slots, run: (r) => runner.run(r) });
      } finally {
        await runner.close();
      }
    };
    const pooled = await study(2);
    const alone = await study(1);
    expect(pooled.trials.map((t) => [t.params, t.rows, t.value])).toEqual(alone.trials.map((t) => [t.params, t.rows, t.value]));
    expect(pooled.trials.filter((t) => t.rung === 0).every((t) => t.rows === 133)).toBe(true);
    expect(pooled.best!.rows).toBe(1200);
    // Something was learnt: better than always predicting the base rate (log loss ≈ 0.69 here).
    expect(pooled.best!.value!).toBeLessThan(0.6);
  });
});
