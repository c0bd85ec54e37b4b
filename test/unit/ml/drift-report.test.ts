/**
 * The drift report of a batch against its training rows, on seeded synthetic data: a shifted feature is found and
 * the rest are not, the verdict follows the share of drifted features, the deciding method is the project's, and
 * absent, date, boolean and empty columns, unseen categories, values out of range, charts and predictions are
 * reported as the contract says, in JSON-safe numbers.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DRIFT_SETTINGS, type DistributionChart, type DriftReport, type DriftSettings, type FeatureDrift } from '../../../electron/contract/monitor';
import { DATETIME_NOT_COUNTED, NOT_IN_BATCH } from '../../../electron/ml/drift/feature';
import { driftReport, PREDICTED_CLASS, predictionSide, type DriftInput } from '../../../electron/ml/drift/report';
import { sortFloat64 } from '../../../electron/ml/drift/sides';
import type { Frame, RawColumn } from '../../../electron/ml/preprocess/frame';
import { seeded, type Random } from '../../../electron/ml/random';

const ROWS = 5000;
const NUMBERS = ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'];
const COLORS = ['red', 'green', 'blue', 'black'];
const SIZES = ['S', 'M', 'L'];

function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

function pick(random: Random, levels: string[], weights: number[]): string {
  let u = random.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < levels.length; i++) if ((u -= weights[i]!) < 0) return levels[i]!;
  return levels[levels.length - 1]!;
}

const numbers = (name: string, values: ArrayLike<number>, semanticType: 'integer' | 'float' | 'boolean' | 'datetime' = 'float'): RawColumn => ({ name, kind: 'number', semanticType, values: Float64Array.from(values) });
const strings = (name: string, values: (string | null)[]): RawColumn => ({ name, kind: 'string', semanticType: 'categorical', values });

/** 6 standard normal numbers and 2 categories; `shift` adds to a number column's mean (in sds). */
function table(rows: number, random: Random, shift: Record<string, number> = {}, colorWeights = [4, 3, 2, 1]): Frame {
  const columns = NUMBERS.map((name) => numbers(name, Array.from({ length: rows }, () => normal(random) + (shift[name] ?? 0))));
  columns.push(strings('color', Array.from({ length: rows }, () => pick(random, COLORS, colorWeights))));
  columns.push(strings('size', Array.from({ length: rows }, () => pick(random, SIZES, [1, 2, 1]))));
  return { rows, columns };
}

/** A binary model's probabilities from x1, k = 2 per row. */
function probabilities(frame: Frame, lift = 0): Float64Array {
  const x1 = (frame.columns.find((c) => c.name === 'x1')!.values as Float64Array);
  return Float64Array.from({ length: frame.rows * 2 }, (_, i) => {
    const p = 1 / (1 + Math.exp(-(x1[i >> 1]! + lift)));
    return i & 1 ? p : 1 - p;
  });
}

const all = (rows: number) => Uint32Array.from({ length: rows }, (_, i) => i);

/** Reference and batch frames made into a report's input, every row of the reference being a training row. */
function input(reference: Frame, batch: Frame, options: { settings?: DriftSettings; scores?: [Float64Array, Float64Array] } = {}): DriftInput {
  const [refScores, batchScores] = options.scores ?? [probabilities(reference), probabilities(batch)];
  const batchNames = new Set(batch.columns.map((c) => c.name));
  return {
    settings: options.settings ?? DEFAULT_DRIFT_SETTINGS,
    referenceLabel: `the ${reference.rows} training rows of test v1`,
    reference,
    referenceRows: all(reference.rows),
    batch,
    features: reference.columns.map((c) => c.name),
    unreadable: {},
    missingColumns: reference.columns.filter((c) => !batchNames.has(c.name)).map((c) => c.name),
    extraColumns: [],
    prediction: { scoreOf: 'probability of "yes"', classLabels: ['no', 'yes'], reference: predictionSide('binary', 2, 0.5, refScores), batch: predictionSide('binary', 2, 0.5, batchScores) },
  };
}

function scenario(seed: number, shift: Record<string, number> = {}, settings?: DriftSettings): DriftReport {
  const random = seeded(seed);
  return driftReport(input(table(ROWS, random), table(ROWS, random, shift), { settings }));
}

const feature = (report: DriftReport, name: string): FeatureDrift => report.features.find((f) => f.name === name)!;
const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('drift of a shifted feature', () => {
  const report = scenario(1, { x3: 1 });

  it('finds the feature whose mean moved by one sd, by PSI and by a KS p-value below 0.05', () => {
    const x3 = feature(report, 'x3');
    expect(x3).toMatchObject({ kind: 'numeric', method: 'psi', threshold: 0.2, drifted: true, reference: ROWS, batch: ROWS, note: null });
    expect(x3.score).toBe(x3.psi);
    expect(x3.psi!).toBeGreaterThan(0.2);
    expect(x3.ks!.pValue).toBeLessThan(0.05);
    expect(x3.wassersteinSd!).toBeGreaterThan(0.8);
    expect(x3.chi2).toBeNull();
  });

  it('leaves the other features undrifted and calls the batch some_drift (1 of 8 is under 30%)', () => {
    expect(report.features.filter((f) => f.drifted).map((f) => f.name)).toEqual(['x3']);
    expect(report).toMatchObject({ drifted: 1, shareDrifted: 1 / 8, verdict: 'some_drift', referenceRows: ROWS, batchRows: ROWS });
  });

  it('gives categorical features PSI, chi-squared and Jensen–Shannon, and no KS or Wasserstein', () => {
    const color = feature(report, 'color');
    expect(color).toMatchObject({ kind: 'categorical', method: 'psi', drifted: false, ks: null, wasserstein: null, wassersteinSd: null });
    expect(color.chi2!.dof).toBe(3);
    expect(color.js!).toBeGreaterThan(0);
  });

  it('keeps the features in the model’s order', () => {
    expect(report.features.map((f) => f.name)).toEqual([...NUMBERS, 'color', 'size']);
  });
});

describe('the verdict', () => {
  it('finds no drifted feature in at least 9 of 10 fresh samples of the same distributions', () => {
    const clean = Array.from({ length: 10 }, (_, seed) => scenario(100 + seed)).filter((r) => r.drifted === 0 && r.verdict === 'stable');
    expect(clean.length).toBeGreaterThanOrEqual(9);
  });

  it('is drift when most features shifted', () => {
    const report = scenario(2, { x1: 1, x2: 1, x3: -1, x4: 1.5, x5: 1 });
    expect(report).toMatchObject({ drifted: 5, shareDrifted: 5 / 8, verdict: 'drift' });
  });

  it('is drift at exactly the settings’ share', () => {
    const report = scenario(3, { x1: 1, x2: 1 }, { ...DEFAULT_DRIFT_SETTINGS, driftShare: 0.25 });
    expect(report).toMatchObject({ drifted: 2, shareDrifted: 0.25, verdict: 'drift' });
  });
});

describe('the deciding method', () => {
  it('KS decides by p-value, drifted below the threshold', () => {
    const report = scenario(4, { x2: 0.2 }, { ...DEFAULT_DRIFT_SETTINGS, numericMethod: 'ks' });
    const x2 = feature(report, 'x2');
    expect(x2).toMatchObject({ method: 'ks', threshold: 0.05, drifted: true });
    expect(x2.score).toBe(x2.ks!.pValue);
    expect(x2.psi!).toBeLessThan(0.2); // PSI would not have called it
    for (const f of report.features.filter((x) => x.kind === 'numeric')) expect(f.drifted).toBe(f.ks!.pValue < 0.05);
  });

  it('Wasserstein decides in reference standard deviations', () => {
    const report = scenario(5, { x5: 0.3 }, { ...DEFAULT_DRIFT_SETTINGS, numericMethod: 'wasserstein' });
    const x5 = feature(report, 'x5');
    expect(x5).toMatchObject({ method: 'wasserstein', threshold: 0.1, drifted: true });
    expect(x5.score).toBe(x5.wassersteinSd);
    expect(x5.wassersteinSd!).toBeCloseTo(0.3, 1);
    expect(report.features.filter((f) => f.drifted).map((f) => f.name)).toEqual(['x5']);
  });

  it('chi-squared decides a categorical feature by p-value; JS by distance', () => {
    const random = seeded(6);
    const reference = table(ROWS, random);
    const batch = table(ROWS, random, {}, [1, 1, 1, 1]);
    const chi2 = feature(driftReport(input(reference, batch, { settings: { ...DEFAULT_DRIFT_SETTINGS, categoricalMethod: 'chi2' } })), 'color');
    expect(chi2).toMatchObject({ method: 'chi2', threshold: 0.05, drifted: true });
    expect(chi2.score).toBe(chi2.chi2!.pValue);
    const js = feature(driftReport(input(reference, batch, { settings: { ...DEFAULT_DRIFT_SETTINGS, categoricalMethod: 'js' } })), 'color');
    expect(js).toMatchObject({ method: 'js', threshold: 0.1, drifted: true });
    expect(js.score).toBe(js.js);
  });
});

describe('columns the report shows but does not count', () => {
  it('an input absent from the batch: no statistics, a note, a schema violation in quality, out of the share', () => {
    const random = seeded(7);
    const reference = table(ROWS, random);
    const full = table(ROWS, random, { x1: 2 });
    const batch = { rows: full.rows, columns: full.columns.filter((c) => c.name !== 'x6') };
    const report = driftReport(input(reference, batch));
    expect(feature(report, 'x6')).toEqual({
      name: 'x6', kind: 'numeric', reference: ROWS, batch: 0, psi: null, ks: null, chi2: null, js: null, wasserstein: null, wassersteinSd: null,
      method: 'psi', score: null, threshold: 0.2, drifted: false, chart: null, note: NOT_IN_BATCH,
    });
    expect(report.quality.missingColumns).toEqual(['x6']);
    expect(report.quality.columns.map((c) => c.name)).not.toContain('x6');
    expect(report).toMatchObject({ drifted: 1, shareDrifted: 1 / 7 });
  });

  it('a date: charted, never judged, even when every batch date is later', () => {
    const day = 86_400_000;
    const reference = { rows: 1000, columns: [numbers('x', Array.from({ length: 1000 }, (_, i) => i % 7)), numbers('signup', Array.from({ length: 1000 }, (_, i) => Date.UTC(2023, 0, 1) + i * day), 'datetime')] };
    const batch = { rows: 500, columns: [numbers('x', Array.from({ length: 500 }, (_, i) => i % 7)), numbers('signup', Array.from({ length: 500 }, (_, i) => Date.UTC(2026, 0, 1) + i * day), 'datetime')] };
    const report = driftReport(input(reference, batch, { scores: [new Float64Array(2000).fill(0.5), new Float64Array(1000).fill(0.5)] }));
    const signup = feature(report, 'signup');
    expect(signup).toMatchObject({ kind: 'numeric', drifted: false, score: null, psi: null, ks: null, note: DATETIME_NOT_COUNTED, reference: 1000, batch: 500 });
    expect(signup.chart!.kind).toBe('numeric');
    expect(total(signup.chart!.batch)).toBeCloseTo(1, 12);
    expect(report.quality.columns.find((c) => c.name === 'signup')!.outOfRange).toBeNull();
    expect(report).toMatchObject({ drifted: 0, shareDrifted: 0, verdict: 'stable' });
  });

  it('an all-missing batch column: a note saying why, not drifted, missing in every batch row', () => {
    const random = seeded(8);
    const reference = table(ROWS, random);
    const batch = table(ROWS, random);
    batch.columns[0] = numbers('x1', new Float64Array(ROWS).fill(Number.NaN));
    batch.columns[6] = strings('color', new Array<string | null>(ROWS).fill(null));
    const report = driftReport(input(reference, batch, { scores: [probabilities(reference), probabilities(table(ROWS, random))] }));
    for (const name of ['x1', 'color']) {
      expect(feature(report, name)).toMatchObject({ batch: 0, score: null, drifted: false, note: 'The batch has no non-missing values, so drift cannot be measured.' });
      expect(report.quality.columns.find((c) => c.name === name)).toMatchObject({ missingReference: 0, missingBatch: 1 });
    }
  });
});

describe('booleans and categories', () => {
  it('a boolean is categorical over "false" and "true", and its shift is found', () => {
    const random = seeded(9);
    const reference = { rows: ROWS, columns: [numbers('member', Array.from({ length: ROWS }, () => (random.next() < 0.3 ? 1 : 0)), 'boolean')] };
    const batch = { rows: ROWS, columns: [numbers('member', Array.from({ length: ROWS }, (_, i) => (i % 10 === 0 ? Number.NaN : random.next() < 0.6 ? 1 : 0)), 'boolean')] };
    const report = driftReport(input(reference, batch, { scores: [new Float64Array(2 * ROWS).fill(0.5), new Float64Array(2 * ROWS).fill(0.5)] }));
    const member = feature(report, 'member');
    expect(member).toMatchObject({ kind: 'categorical', drifted: true, batch: ROWS * 0.9 });
    expect(member.chart).toMatchObject({ kind: 'categorical' });
    expect([...(member.chart as Extract<DistributionChart, { kind: 'categorical' }>).categories].sort()).toEqual(['false', 'true']);
    expect(report.quality.columns[0]).toMatchObject({ missingBatch: 0.1, unseen: { rows: 0, examples: [] }, outOfRange: null });
  });

  it('counts batch rows of categories the training rows never had, naming the 5 most frequent', () => {
    const random = seeded(10);
    const reference = table(ROWS, random);
    const batch = table(ROWS, random);
    const colors = batch.columns[6]!.values as (string | null)[];
    const unseen = { purple: 30, teal: 20, olive: 12, navy: 9, coral: 5, plum: 2 };
    let row = 0;
    for (const [color, count] of Object.entries(unseen)) for (let i = 0; i < count; i++) colors[row++] = color;
    const report = driftReport(input(reference, batch));
    expect(report.quality.columns.find((c) => c.name === 'color')!.unseen).toEqual({ rows: 78, examples: ['purple', 'teal', 'olive', 'navy', 'coral'] });
    expect(report.quality.columns.find((c) => c.name === 'size')!.unseen).toEqual({ rows: 0, examples: [] });
  });

  it('charts the 12 most frequent categories and sums the rest as "(other)"', () => {
    const levels = Array.from({ length: 20 }, (_, i) => `c${i}`);
    // c0 is the most frequent (20 rows in each 210), c19 the least (1 row).
    const make = (copies: number) => {
      const values = Array.from({ length: copies }, () => levels.flatMap((level, i) => new Array<string>(20 - i).fill(level))).flat();
      return { rows: values.length, columns: [strings('city', values)] };
    };
    const report = driftReport(input(make(3), make(2), { scores: [new Float64Array(2 * 630).fill(0.5), new Float64Array(2 * 420).fill(0.5)] }));
    const chart = feature(report, 'city').chart as Extract<DistributionChart, { kind: 'categorical' }>;
    expect(chart.categories).toEqual([...levels.slice(0, 12), '(other)']);
    expect(total(chart.reference)).toBeCloseTo(1, 12);
    expect(total(chart.batch)).toBeCloseTo(1, 12);
  });
});

describe('numeric quality and charts', () => {
  it('counts batch values below and above the training range of an integer column', () => {
    const reference = { rows: 101, columns: [numbers('age', Array.from({ length: 101 }, (_, i) => i), 'integer')] };
    const batch = { rows: 110, columns: [numbers('age', [...Array.from({ length: 100 }, (_, i) => i), -5, -5, -1, 150, 150, 150, 150, 101, 200, 300], 'integer')] };
    const report = driftReport(input(reference, batch, { scores: [new Float64Array(202).fill(0.5), new Float64Array(220).fill(0.5)] }));
    expect(report.quality.columns[0]!.outOfRange).toEqual({ below: 3, above: 7, min: 0, max: 100 });
  });

  it('charts 20 equal-width bins over both sides’ range, each side’s shares summing to 1', () => {
    const report = scenario(12, { x2: 3 });
    const chart = feature(report, 'x2').chart as Extract<DistributionChart, { kind: 'numeric' }>;
    expect(chart.edges).toHaveLength(21);
    expect(chart.reference).toHaveLength(20);
    expect(total(chart.reference)).toBeCloseTo(1, 12);
    expect(total(chart.batch)).toBeCloseTo(1, 12);
    const width = chart.edges[1]! - chart.edges[0]!;
    for (let k = 1; k < 20; k++) expect(chart.edges[k + 1]! - chart.edges[k]!).toBeCloseTo(width, 9);
    expect(chart.reference[19]).toBeLessThan(chart.batch[19]!);
  });

  it('charts a constant column as one bin', () => {
    const make = (rows: number) => ({ rows, columns: [numbers('x', new Float64Array(rows).fill(3))] });
    const report = driftReport(input(make(10), make(5), { scores: [new Float64Array(20).fill(0.5), new Float64Array(10).fill(0.5)] }));
    expect(feature(report, 'x').chart).toEqual({ kind: 'numeric', edges: [3, 3], reference: [1], batch: [1] });
    expect(feature(report, 'x').wassersteinSd).toBeNull();
    const byWasserstein = driftReport({ ...input(make(10), make(5), { scores: [new Float64Array(20).fill(0.5), new Float64Array(10).fill(0.5)] }), settings: { ...DEFAULT_DRIFT_SETTINGS, numericMethod: 'wasserstein' } });
    expect(feature(byWasserstein, 'x')).toMatchObject({ wasserstein: 0, score: null, drifted: false, note: expect.stringContaining('standard deviation 0') });
  });
});

describe('predictions', () => {
  it('binary: the score is P(second class), the class is the score at or above the threshold', () => {
    const side = predictionSide('binary', 2, 0.65, Float64Array.from([0.7, 0.3, 0.2, 0.8, 0.35, 0.65, Number.NaN, Number.NaN]));
    expect([...side.score]).toEqual([0.3, 0.8, 0.65, Number.NaN]);
    expect([...side.classes!]).toEqual([0, 1, 1, -1]);
  });

  it('multiclass: the top probability and its class; regression: the values, no classes', () => {
    const side = predictionSide('multiclass', 3, null, Float64Array.from([0.2, 0.5, 0.3, 0.6, 0.1, 0.3, 0.1, 0.1, 0.8]));
    expect([...side.score]).toEqual([0.5, 0.6, 0.8]);
    expect([...side.classes!]).toEqual([1, 0, 2]);
    const values = Float64Array.from([1.5, -2, 3]);
    expect(predictionSide('regression', 1, null, values)).toEqual({ score: values, classes: null });
  });

  it('finds drifting scores and predicted classes, counted apart from the features', () => {
    const random = seeded(13);
    const reference = table(ROWS, random);
    const batch = table(ROWS, random);
    const report = driftReport(input(reference, batch, { scores: [probabilities(reference), probabilities(batch, 1.5)] }));
    expect(report.prediction.scoreOf).toBe('probability of "yes"');
    expect(report.prediction.score).toMatchObject({ name: 'probability of "yes"', kind: 'numeric', drifted: true });
    expect(report.prediction.classes).toMatchObject({ name: PREDICTED_CLASS, kind: 'categorical', drifted: true });
    expect(report).toMatchObject({ drifted: 0, verdict: 'stable' });
    const steady = driftReport(input(reference, batch));
    expect(steady.prediction.score.drifted).toBe(false);
    expect(steady.prediction.classes!.drifted).toBe(false);
  });

  it('has no classes for a regression', () => {
    const random = seeded(14);
    const reference = table(500, random);
    const batch = table(500, random);
    const report = driftReport({ ...input(reference, batch), prediction: { scoreOf: 'predicted price', classLabels: null, reference: predictionSide('regression', 1, null, new Float64Array(500).fill(1)), batch: predictionSide('regression', 1, null, new Float64Array(500).fill(1)) } });
    expect(report.prediction.classes).toBeNull();
    expect(report.prediction.score.name).toBe('predicted price');
  });
});

describe('the report as stored', () => {
  it('round-trips through JSON unchanged: no NaN or infinity anywhere', () => {
    const random = seeded(15);
    const reference = table(ROWS, random);
    const batch = table(ROWS, random, { x1: 1 });
    batch.columns[1] = numbers('x2', new Float64Array(ROWS).fill(Number.NaN));
    batch.columns[2] = numbers('x3', new Float64Array(ROWS).fill(7));
    const report = driftReport({ ...input(reference, { rows: batch.rows, columns: batch.columns.filter((c) => c.name !== 'x4') }), settings: { ...DEFAULT_DRIFT_SETTINGS, numericMethod: 'wasserstein' } });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('the sort under every numeric statistic', () => {
  it('orders as Float64Array.prototype.sort does: negatives, zeros, infinities, ties, integers', () => {
    const random = seeded(16);
    for (const make of [() => normal(random) * 1e3, () => Math.round(normal(random) * 5), () => [0, -0, Infinity, -Infinity, 1e-310, -1e-310, 5e300][random.int(7)]!]) {
      const values = Float64Array.from({ length: 50_000 }, make);
      const radix = sortFloat64(values.slice());
      const native = values.slice().sort();
      expect(radix.findIndex((v, i) => !Object.is(v, native[i]))).toBe(-1);
    }
  });
});
