/**
 * Metric intervals from resample counts: equal to bootstrapInterval with the metrics/ functions on the gathered rows
 * (same seed), values equal to the judge's, seeded, and undefined metrics reported without sinking the others.
 */
import { describe, expect, it } from 'vitest';
import { GyreError } from '../../../electron/contract/errors';
import { drawCounts, isInterval, metricIntervals, type MetricInterval } from '../../../electron/ml/evaluate/intervals';
import { judge } from '../../../electron/jobs/tasks/judge';
import { bootstrapInterval, type Interval } from '../../../electron/ml/metrics/bootstrap';
import * as m from '../../../electron/ml/metrics/index';
import { seeded } from '../../../electron/ml/random';

const RESAMPLES = 200;

/** Scores on a grid of 0.05, so many rows tie; outcomes follow the score loosely. */
function binaryData(n: number, seed: number): { y: Float64Array; proba: Float64Array } {
  const r = seeded(seed);
  const y = new Float64Array(n);
  const proba = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const p = Math.round(r.next() * 20) / 20;
    proba[i * 2] = 1 - p;
    proba[i * 2 + 1] = p;
    y[i] = r.next() < 0.1 + 0.8 * p ? 1 : 0;
  }
  return { y, proba };
}

/** Probabilities from small integer weights, so equal rows (and tied scores) are common. */
function multiclassData(n: number, k: number, seed: number): { y: Float64Array; proba: Float64Array } {
  const r = seeded(seed);
  const y = new Float64Array(n);
  const proba = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const w = Array.from({ length: k }, () => 1 + r.int(4));
    const sum = w.reduce((a, b) => a + b, 0);
    let best = 0;
    for (let c = 0; c < k; c++) {
      proba[i * k + c] = w[c]! / sum;
      if (w[c]! > w[best]!) best = c;
    }
    y[i] = i < k ? i : r.next() < 0.6 ? best : r.int(k);
  }
  return { y, proba };
}

/** Targets on a half-unit grid (ties, never 0) and noisy predictions. */
function regressionData(n: number, seed: number): { y: Float64Array; pred: Float64Array } {
  const r = seeded(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
  const y = Float64Array.from({ length: n }, () => 10 + Math.round(normal() * 4) / 2);
  const pred = Float64Array.from(y, (v) => v + normal());
  return { y, pred };
}

const gatherLabels = (y: Float64Array, rows: Uint32Array) => Int32Array.from(rows, (i) => y[i]!);
const gatherRows = (x: Float64Array, k: number, rows: Uint32Array) => {
  const out = new Float64Array(rows.length * k);
  rows.forEach((r, i) => out.set(x.subarray(r * k, r * k + k), i * k));
  return out;
};

type Statistic = (rows: Uint32Array) => number;

/** Each metric as the judge computes it, on the gathered rows. */
function referenceStatistics(task: 'binary' | 'multiclass' | 'regression', y: Float64Array, predictions: Float64Array, k: number): Record<string, Statistic> {
  if (task === 'regression') {
    const on = (f: (t: Float64Array, p: Float64Array) => number | null) => (rows: Uint32Array) => f(gatherRows(y, 1, rows), gatherRows(predictions, 1, rows)) ?? NaN;
    return { mae: on(m.meanAbsoluteError), rmse: on(m.rootMeanSquaredError), r2: on(m.r2Score), mape: on(m.meanAbsolutePercentageError) };
  }
  const on = (f: (labels: Int32Array, proba: Float64Array, predicted: Int32Array) => number) => (rows: Uint32Array) => {
    const proba = gatherRows(predictions, k, rows);
    return f(gatherLabels(y, rows), proba, m.argmaxLabels(proba, k));
  };
  const common = {
    accuracy: on((t, _, p) => m.accuracy(t, p)),
    balancedAccuracy: on((t, _, p) => m.balancedAccuracy(t, p)),
    logLoss: on((t, proba) => m.logLoss(t, proba, k)),
  };
  if (task === 'binary') {
    return {
      ...common,
      precision: on((t, _, p) => m.precisionRecallF1(t, p, 'binary').precision),
      recall: on((t, _, p) => m.precisionRecallF1(t, p, 'binary').recall),
      f1: on((t, _, p) => m.precisionRecallF1(t, p, 'binary').f1),
      rocAuc: on((t, proba) => m.rocAuc(t, m.positiveColumn(proba, 2))),
      prAuc: on((t, proba) => m.averagePrecision(t, m.positiveColumn(proba, 2))),
      brier: on((t, proba) => m.brierScore(t, m.positiveColumn(proba, 2))),
    };
  }
  return {
    ...common,
    f1Macro: on((t, _, p) => m.precisionRecallF1(t, p, 'macro').f1),
    precisionMacro: on((t, _, p) => m.precisionRecallF1(t, p, 'macro').precision),
    recallMacro: on((t, _, p) => m.precisionRecallF1(t, p, 'macro').recall),
    f1Weighted: on((t, _, p) => m.precisionRecallF1(t, p, 'weighted').f1),
    rocAucOvr: on((t, proba) => m.rocAucOvr(t, proba, k)),
  };
}

function expectSameInterval(actual: MetricInterval | undefined, expected: Interval, key: string): void {
  expect(actual && isInterval(actual), key).toBe(true);
  const a = actual as Interval;
  expect({ key, resamples: a.resamples, skipped: a.skipped }).toEqual({ key, resamples: expected.resamples, skipped: expected.skipped });
  for (const field of ['value', 'low', 'high'] as const) expect(Math.abs(a[field] - expected[field]), `${key}.${field}`).toBeLessThanOrEqual(1e-9);
}

const binary = binaryData(300, 1);
const multiclass = multiclassData(300, 4, 2);
const regression = regressionData(300, 3);
const cases = [
  { task: 'binary' as const, k: 2, y: binary.y, predictions: binary.proba },
  { task: 'multiclass' as const, k: 4, y: multiclass.y, predictions: multiclass.proba },
  { task: 'regression' as const, k: 1, y: regression.y, predictions: regression.pred },
];

describe('metric intervals', () => {
  it('draws the rows bootstrapInterval draws, resample after resample', () => {
    const random = seeded(42);
    const counts = new Uint32Array(1000);
    let state = 42;
    for (let b = 0; b < 3; b++) {
      const expected = new Uint32Array(1000);
      for (let i = 0; i < 1000; i++) expected[random.int(1000)]!++;
      state = drawCounts(state, counts);
      expect(counts).toEqual(expected);
    }
  });

  for (const { task, k, y, predictions } of cases) {
    it(`${task}: every metric's interval equals bootstrapInterval's on the gathered rows`, () => {
      const result = metricIntervals(task, y, predictions, { classes: k, resamples: RESAMPLES, seed: 5 });
      const statistics = referenceStatistics(task, y, predictions, k);
      expect(Object.keys(result)).toEqual(Object.keys(statistics));
      for (const [key, statistic] of Object.entries(statistics)) {
        expectSameInterval(result[key], bootstrapInterval(y.length, statistic, { resamples: RESAMPLES, seed: 5 }), key);
      }
    });

    it(`${task}: the values are the judge's metrics, and each interval covers its value`, () => {
      const result = metricIntervals(task, y, predictions, { classes: k, resamples: RESAMPLES, seed: 1 });
      const { metrics } = judge(task, k, y, predictions, predictions);
      expect(Object.keys(result).sort()).toEqual(Object.keys(metrics).sort());
      for (const [key, interval] of Object.entries(result)) {
        expect(interval.value, key).toBe(metrics[key]);
        if (!isInterval(interval)) throw new Error(`${key}: ${interval.undefined}`);
        expect(interval.low, key).toBeLessThanOrEqual(interval.value);
        expect(interval.high, key).toBeGreaterThanOrEqual(interval.value);
        expect(interval.high, key).toBeGreaterThan(interval.low);
      }
    });
  }

  it('skips the resamples a metric is undefined on as bootstrapInterval does (one positive in 12 rows)', () => {
    const { proba } = binaryData(12, 4);
    const y = Float64Array.from({ length: 12 }, (_, i) => (i === 5 ? 1 : 0));
    const result = metricIntervals('binary', y, proba, { resamples: RESAMPLES, seed: 8 });
    expect((result.rocAuc as Interval).skipped).toBeGreaterThan(20);
    for (const [key, statistic] of Object.entries(referenceStatistics('binary', y, proba, 2))) {
      expectSameInterval(result[key], bootstrapInterval(12, statistic, { resamples: RESAMPLES, seed: 8 }), key);
    }
  });

  it('regression: a resample whose target is constant has r2 0 (SST exactly 0), as r2Score decides it', () => {
    // 0.1 repeated has a float mean that misses 0.1, so only an exact test for a constant target gives SST = 0.
    const y = Float64Array.from({ length: 10 }, (_, i) => (i === 9 ? 0.3 : 0.1));
    const pred = Float64Array.from(y, (v, i) => v + (i % 3) * 0.05);
    const result = metricIntervals('regression', y, pred, { resamples: RESAMPLES, seed: 6 });
    for (const [key, statistic] of Object.entries(referenceStatistics('regression', y, pred, 1))) {
      expectSameInterval(result[key], bootstrapInterval(10, statistic, { resamples: RESAMPLES, seed: 6 }), key);
    }
    expect((result.r2 as Interval).low).toBeLessThanOrEqual(0);
  });

  it('is deterministic for a seed, and another seed draws other resamples', () => {
    const { y, proba } = binaryData(200, 9);
    const a = metricIntervals('binary', y, proba, { resamples: 100, seed: 3 });
    expect(metricIntervals('binary', y, proba, { resamples: 100, seed: 3 })).toEqual(a);
    expect(metricIntervals('binary', y, proba, { resamples: 100, seed: 4 })).not.toEqual(a);
  });

  it('reports a metric undefined on most resamples with the reason, and still computes the others', () => {
    // One row per class: a resample holds all four classes (so one-vs-rest AUC is defined) only 24 times in 256.
    const { y, proba } = multiclassData(4, 4, 7);
    const result = metricIntervals('multiclass', y, proba, { classes: 4, resamples: RESAMPLES, seed: 2 });
    const auc = result.rocAucOvr!;
    expect(isInterval(auc)).toBe(false);
    if (isInterval(auc)) return;
    expect(auc.value).toBe(m.rocAucOvr(Int32Array.from(y), proba, 4));
    expect(auc.undefined).toMatch(/undefined on \d+ of 200 resamples/);
    const statistics = referenceStatistics('multiclass', y, proba, 4);
    expect(() => bootstrapInterval(4, statistics.rocAucOvr!, { resamples: RESAMPLES, seed: 2 })).toThrow(GyreError);
    for (const key of ['accuracy', 'balancedAccuracy', 'logLoss', 'f1Macro', 'f1Weighted']) {
      expectSameInterval(result[key], bootstrapInterval(4, statistics[key]!, { resamples: RESAMPLES, seed: 2 }), key);
    }
  });

  it('reports a metric undefined on the full data as null with the reason', () => {
    const single = metricIntervals('regression', Float64Array.of(3), Float64Array.of(2.5), { resamples: 20 });
    expect(single.r2).toEqual({ value: null, undefined: expect.any(String) });
    expect(isInterval(single.mae!)).toBe(true);
    const oneClass = metricIntervals('binary', Float64Array.of(0, 0, 0), Float64Array.of(0.9, 0.1, 0.6, 0.4, 0.2, 0.8), { resamples: 20 });
    expect(oneClass.rocAuc).toEqual({ value: null, undefined: expect.stringMatching(/both classes/) });
    expect(isInterval(oneClass.accuracy!)).toBe(true);
  });

  it('refuses bad input as a whole', () => {
    const { y, proba } = binaryData(20, 1);
    expect(() => metricIntervals('binary', y, proba.subarray(2), {})).toThrow(GyreError);
    expect(() => metricIntervals('binary', Float64Array.from(y, (v) => v * 2), proba, {})).toThrow(GyreError);
    expect(() => metricIntervals('multiclass', y, proba, {})).toThrow(/classes/);
    expect(() => metricIntervals('regression', y, proba, {})).toThrow(GyreError);
    expect(() => metricIntervals('binary', y, proba, { resamples: 5 })).toThrow(/resamples/);
  });
});
