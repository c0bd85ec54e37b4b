/**
 * Gyre's evaluation metrics equal scikit-learn's to 1e-9 on committed cases (inputs and sklearn's answers in
 * test/fixtures/ml/metrics-expected.json, written once by make-metrics-expected.py), and refuse what sklearn refuses.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GyreError } from '../../../electron/contract/errors';
import {
  accuracy,
  argmaxLabels,
  averagePrecision,
  balancedAccuracy,
  brierScore,
  classificationReport,
  confusionMatrix,
  logLoss,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  positiveColumn,
  precisionRecallCurve,
  precisionRecallF1,
  r2Score,
  regressionReport,
  rocAuc,
  rocAucOvr,
  rocCurve,
  rootMeanSquaredError,
} from '../../../electron/ml/metrics/index';

/** sklearn's answer: a number, null where it answers nan, a matrix, a curve's arrays, or the error it raised. */
type Answer = number | null | number[][] | Record<string, number[]> | { raises: string };

interface ClassificationCase {
  name: string;
  k: number;
  yTrue: number[];
  proba: number[];
  expected: Record<string, Answer>;
}

interface RegressionCase {
  name: string;
  yTrue: number[];
  yPred: number[];
  expected: Record<string, Answer>;
}

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/ml/metrics-expected.json', import.meta.url), 'utf8')) as {
  classification: ClassificationCase[];
  regression: RegressionCase[];
};

const TOL = 1e-9;

function expectClose(got: number, want: number, what: string): void {
  expect(Math.abs(got - want), `${what}: ${got} vs sklearn ${want}`).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(want)));
}

function expectCurve(got: Record<string, Float64Array>, want: Record<string, number[]>): void {
  for (const [key, points] of Object.entries(want)) {
    expect(got[key]!.length, `${key} length`).toBe(points.length);
    points.forEach((p, i) => expectClose(got[key]![i]!, p, `${key}[${i}]`));
  }
}

/** Runs `compute` and holds its result (or its refusal) to sklearn's answer. */
function expectSklearn(compute: () => unknown, want: Answer): void {
  if (want !== null && typeof want === 'object' && 'raises' in want) {
    expect(compute).toThrow(GyreError);
    return;
  }
  const got = compute();
  if (want === null) expect(got).toBeNull();
  else if (typeof want === 'number') expectClose(got as number, want, 'value');
  else if (Array.isArray(want)) expect(got).toEqual(want);
  else expectCurve(got as Record<string, Float64Array>, want as Record<string, number[]>);
}

interface Inputs {
  yTrue: Int32Array;
  yPred: Int32Array;
  proba: Float64Array;
  k: number;
}

function inputsOf(c: ClassificationCase): Inputs {
  const proba = Float64Array.from(c.proba);
  return { yTrue: Int32Array.from(c.yTrue), yPred: argmaxLabels(proba, c.k), proba, k: c.k };
}

const positive = ({ proba }: Inputs) => positiveColumn(proba, 2);

const binaryMetrics: Record<string, (x: Inputs) => unknown> = {
  accuracy: (x) => accuracy(x.yTrue, x.yPred),
  balancedAccuracy: (x) => balancedAccuracy(x.yTrue, x.yPred),
  precision: (x) => precisionRecallF1(x.yTrue, x.yPred, 'binary').precision,
  recall: (x) => precisionRecallF1(x.yTrue, x.yPred, 'binary').recall,
  f1: (x) => precisionRecallF1(x.yTrue, x.yPred, 'binary').f1,
  confusionMatrix: (x) => confusionMatrix(x.yTrue, x.yPred, 2),
  logLoss: (x) => logLoss(x.yTrue, x.proba, 2),
  brier: (x) => brierScore(x.yTrue, positive(x)),
  rocAuc: (x) => rocAuc(x.yTrue, positive(x)),
  prAuc: (x) => averagePrecision(x.yTrue, positive(x)),
  rocCurve: (x) => rocCurve(x.yTrue, positive(x)),
  precisionRecallCurve: (x) => precisionRecallCurve(x.yTrue, positive(x)),
};

const multiclassMetrics: Record<string, (x: Inputs) => unknown> = {
  accuracy: (x) => accuracy(x.yTrue, x.yPred),
  balancedAccuracy: (x) => balancedAccuracy(x.yTrue, x.yPred),
  confusionMatrix: (x) => confusionMatrix(x.yTrue, x.yPred, x.k),
  logLoss: (x) => logLoss(x.yTrue, x.proba, x.k),
  rocAucOvr: (x) => rocAucOvr(x.yTrue, x.proba, x.k),
  precisionMacro: (x) => precisionRecallF1(x.yTrue, x.yPred, 'macro').precision,
  recallMacro: (x) => precisionRecallF1(x.yTrue, x.yPred, 'macro').recall,
  f1Macro: (x) => precisionRecallF1(x.yTrue, x.yPred, 'macro').f1,
  precisionWeighted: (x) => precisionRecallF1(x.yTrue, x.yPred, 'weighted').precision,
  recallWeighted: (x) => precisionRecallF1(x.yTrue, x.yPred, 'weighted').recall,
  f1Weighted: (x) => precisionRecallF1(x.yTrue, x.yPred, 'weighted').f1,
};

const regressionMetrics: Record<string, (yTrue: Float64Array, yPred: Float64Array) => unknown> = {
  mae: meanAbsoluteError,
  rmse: rootMeanSquaredError,
  r2: r2Score,
  mape: meanAbsolutePercentageError,
};

const classificationRows = fixture.classification.flatMap((c) => Object.keys(c.expected).map((metric) => ({ name: c.name, metric, c })));
const regressionRows = fixture.regression.flatMap((c) => Object.keys(c.expected).map((metric) => ({ name: c.name, metric, c })));
const raises = (a: Answer | undefined) => a !== null && typeof a === 'object' && 'raises' in a;

describe('classification and ranking metrics equal scikit-learn', () => {
  it('covers every metric sklearn was asked for in every case', () => {
    for (const c of fixture.classification) {
      const table = c.k === 2 ? binaryMetrics : multiclassMetrics;
      expect(Object.keys(c.expected).sort(), c.name).toEqual(Object.keys(table).sort());
    }
  });

  it.each(classificationRows)('$name: $metric', ({ metric, c }) => {
    const table = c.k === 2 ? binaryMetrics : multiclassMetrics;
    expectSklearn(() => table[metric]!(inputsOf(c)), c.expected[metric]!);
  });

  it.each(fixture.classification.filter((c) => !Object.values(c.expected).some(raises)))(
    '$name: classificationReport holds the same values, with labels stored as float64',
    (c) => {
      const report = classificationReport(Float64Array.from(c.yTrue), Float64Array.from(c.proba), c.k);
      expect(report.task).toBe(c.k === 2 ? 'binary' : 'multiclass');
      expect(report.rows).toBe(c.yTrue.length);
      for (const [metric, want] of Object.entries(c.expected)) {
        if (metric.endsWith('Curve')) continue;
        expectSklearn(() => (report as unknown as Record<string, unknown>)[metric], want);
      }
    },
  );
});

describe('regression metrics equal scikit-learn', () => {
  it.each(regressionRows)('$name: $metric', ({ metric, c }) => {
    expectSklearn(() => regressionMetrics[metric]!(Float64Array.from(c.yTrue), Float64Array.from(c.yPred)), c.expected[metric]!);
  });

  it.each(fixture.regression)('$name: regressionReport holds the same values', (c) => {
    const report = regressionReport(Float64Array.from(c.yTrue), Float64Array.from(c.yPred));
    expect(report).toMatchObject({ task: 'regression', rows: c.yTrue.length });
    for (const [metric, want] of Object.entries(c.expected)) expectSklearn(() => report[metric as keyof typeof report], want);
  });
});

describe('the predicted class', () => {
  it('is the most probable class, and the lowest index on a tie (numpy argmax)', () => {
    expect(Array.from(argmaxLabels(Float64Array.from([0.5, 0.5, 0.2, 0.8, 0.3, 0.4, 0.3, 0.1, 0.45, 0.45]), 2))).toEqual([0, 1, 1, 0, 0]);
    expect(Array.from(argmaxLabels(Float64Array.from([0.2, 0.4, 0.4, 0.6, 0.2, 0.2]), 3))).toEqual([1, 0]);
  });
});

describe('undefined cases', () => {
  const y = (...v: number[]) => Int32Array.from(v);
  const p = (...v: number[]) => Float64Array.from(v);

  it('ROC AUC refuses a y_true with only one class, naming the class present', () => {
    expect(() => rocAuc(y(1, 1, 1), p(0.2, 0.5, 0.9))).toThrow('ROC AUC needs both classes in y_true; only class 1 is present.');
  });

  it('the ROC curve of a one-class y_true is null, where sklearn answers nan rates', () => {
    expect(rocCurve(y(0, 0, 0), p(0.2, 0.5, 0.9))).toBeNull();
  });

  it('the precision-recall curve with no positive row sets recall to 1 and average precision to 0, as sklearn does', () => {
    const curve = precisionRecallCurve(y(0, 0), p(0.2, 0.9));
    expect(Array.from(curve.recall)).toEqual([1, 1, 0]);
    expect(Array.from(curve.precision)).toEqual([0, 0, 1]);
    expect(averagePrecision(y(0, 0), p(0.2, 0.9))).toBe(0);
  });

  it('one-vs-rest ROC AUC refuses a y_true that lacks a class', () => {
    expect(() => rocAucOvr(y(0, 1, 1), p(0.6, 0.3, 0.1, 0.2, 0.7, 0.1, 0.1, 0.8, 0.1), 3)).toThrow('One-vs-rest ROC AUC needs every class in y_true; class 2 of 3 is absent.');
  });

  it('one-vs-rest ROC AUC refuses scores that are not probabilities summing to 1', () => {
    expect(() => rocAucOvr(y(0, 1, 2), p(0.6, 0.3, 0.1, 0.2, 0.7, 0.1, 0.1, 0.8, 0.2), 3)).toThrow('row 2 sums to');
  });

  it('one-vs-rest ROC AUC is for 3 or more classes', () => {
    expect(() => rocAucOvr(y(0, 1), p(0.6, 0.4, 0.3, 0.7), 2)).toThrow('3 or more classes');
  });

  it('binary precision, recall and F1 refuse a third class', () => {
    expect(() => precisionRecallF1(y(0, 1, 2), y(0, 1, 1), 'binary')).toThrow('need labels 0 and 1 only; found class 2');
  });

  it('a class never predicted has precision 0 (zero_division=0), not NaN', () => {
    expect(precisionRecallF1(y(0, 1, 1), y(0, 0, 0), 'binary')).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(precisionRecallF1(y(0, 1, 2), y(0, 1, 1), 'macro').precision).toBeCloseTo((1 + 0.5 + 0) / 3, 15);
  });

  it('balanced accuracy leaves out a class that is predicted but never true', () => {
    expect(balancedAccuracy(y(0, 0, 1, 1), y(0, 2, 1, 1))).toBe((0.5 + 1) / 2);
  });

  it('the Brier score refuses probabilities outside [0, 1]', () => {
    expect(() => brierScore(y(0, 1), p(0.2, 1.2))).toThrow('between 0 and 1; row 1 holds 1.2');
  });

  it('labels must be class indices below k, and the row is named', () => {
    expect(() => logLoss(y(0, 3), p(0.5, 0.5, 0.5, 0.5), 2)).toThrow('y_true must hold class indices (0…1); row 1 holds 3.');
    expect(() => balancedAccuracy(p(0, 1.5), y(0, 1))).toThrow('row 1 holds 1.5');
  });

  it('inputs of different lengths are refused', () => {
    expect(() => accuracy(y(0, 1), y(0))).toThrow('y_true has 2 rows but y_pred has 1.');
    expect(() => logLoss(y(0, 1), p(0.5, 0.5), 2)).toThrow('proba must hold 2 rows × 2 classes = 4 values');
    expect(() => meanAbsoluteError(p(1, 2), p(1))).toThrow('y_true has 2 rows but y_pred has 1.');
  });

  it('empty inputs are refused', () => {
    expect(() => accuracy(y(), y())).toThrow('y_true is empty');
    expect(() => classificationReport(y(), p(), 2)).toThrow('y_true is empty');
    expect(() => regressionReport(p(), p())).toThrow('y_true is empty');
  });

  it('non-finite scores, probabilities and targets are refused', () => {
    expect(() => rocAuc(y(0, 1), p(0.1, Number.NaN))).toThrow('Scores must be finite; row 1 holds NaN.');
    expect(() => logLoss(y(0), p(Number.POSITIVE_INFINITY, 0), 2)).toThrow('proba must be finite');
    expect(() => r2Score(p(1, Number.NaN), p(1, 2))).toThrow('y_true must be finite; row 1 holds NaN.');
  });

  it('R² of a single row is null, where sklearn answers nan', () => {
    expect(r2Score(p(2.5), p(3))).toBeNull();
  });

  it('R² of a constant target is 1 for exact predictions and 0 otherwise, even when its mean is inexact in floating point', () => {
    expect(r2Score(p(0.1, 0.1, 0.1), p(0.1, 0.1, 0.1))).toBe(1);
    expect(r2Score(p(0.1, 0.1, 0.1), p(0.1, 0.2, 0.1))).toBe(0);
  });

  it('the report throws where one of its metrics is undefined', () => {
    expect(() => classificationReport(y(0, 0), p(0.9, 0.1, 0.4, 0.6), 2)).toThrow('ROC AUC needs both classes');
  });
});
