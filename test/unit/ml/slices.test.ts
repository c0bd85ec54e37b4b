/** Error analysis by slices: quantile bins and top categories of raw columns, ranked by mean error. */
import { describe, expect, it } from 'vitest';
import { errorSlices } from '../../../electron/ml/evaluate/slices';
import type { Frame, RawColumn } from '../../../electron/ml/preprocess/frame';

function numbers(name: string, values: number[], semanticType: 'integer' | 'float' | 'boolean' | 'datetime' = 'float'): RawColumn {
  return { name, kind: 'number', semanticType, values: Float64Array.from(values) };
}

function strings(name: string, values: (string | null)[], semanticType: 'categorical' | 'text' | 'identifier' = 'categorical'): RawColumn {
  return { name, kind: 'string', semanticType, values };
}

function frameOf(...columns: RawColumn[]): Frame {
  return { rows: columns[0]!.values.length, columns };
}

const labels = (report: ReturnType<typeof errorSlices>, column: string) =>
  report.columns.find((c) => c.column === column)!.slices.map((s) => [s.label, s.rows, s.meanError]);

describe('error slices', () => {
  // 200 rows: ages 0…99 twice, four cities in turn, a unique id. Every Leeds row is wrong, and so is every age of 80 or more.
  const n = 200;
  const city = Array.from({ length: n }, (_, i) => ['Leeds', 'York', 'Hull', 'Bath'][i % 4]!);
  const age = Array.from({ length: n }, (_, i) => i % 100);
  const error = Float64Array.from({ length: n }, (_, i) => (city[i] === 'Leeds' || age[i]! >= 80 ? 1 : 0));
  const frame = frameOf(numbers('age', age, 'integer'), strings('city', city), strings('id', age.map((_, i) => `row-${i}`), 'identifier'));
  const report = errorSlices(frame, error, { exclude: ['id'] });

  it('bins a number column at its quantiles, with readable edges, the last bin closed', () => {
    // Leeds rows have ages divisible by 4: 10 of the 40 rows in each of the first four bins.
    expect(labels(report, 'age')).toEqual([
      ['[0, 20)', 40, 0.25], ['[20, 40)', 40, 0.25], ['[40, 60)', 40, 0.25], ['[60, 80)', 40, 0.25], ['[80, 99]', 40, 1],
    ]);
  });

  it('ranks the weakest slices across columns, ties going to the larger slice', () => {
    expect(report.overallError).toBe(80 / 200);
    expect(report.minRows).toBe(30);
    expect(report.weakest.slice(0, 2).map((s) => [s.column, s.label, s.rows, s.meanError])).toEqual([
      ['city', 'Leeds', 50, 1], ['age', '[80, 99]', 40, 1],
    ]);
    expect(report.weakest[0]!.difference).toBeCloseTo(0.6, 12);
    expect(report.weakest).toHaveLength(9);
  });

  it('skips the columns the caller excludes', () => {
    expect(report.columns.map((c) => c.column)).toEqual(['age', 'city']);
  });

  it('ranks only slices with at least minRows rows', () => {
    const err = Float64Array.from({ length: 100 }, (_, i) => (i === 0 ? 1 : 0));
    const r = errorSlices(frameOf(strings('c', Array.from({ length: 100 }, (_, i) => (i === 0 ? 'rare' : 'common')))), err);
    expect(labels(r, 'c')).toEqual([['common', 99, 0], ['rare', 1, 1]]);
    expect(r.weakest.map((s) => s.label)).toEqual(['common']);
    expect(errorSlices(frameOf(numbers('x', Array.from({ length: 5000 }, (_, i) => i))), new Float64Array(5000)).minRows).toBe(50);
  });

  it('keeps the ten most frequent categories, folds the rest into "other", and counts missing values', () => {
    const values: (string | null)[] = [];
    for (let c = 0; c < 12; c++) for (let k = 0; k < (c === 0 ? 15 : c < 10 ? 10 : 3); k++) values.push(`c${String(c).padStart(2, '0')}`);
    values.push(null, null, null, null);
    const err = Float64Array.from(values, (v) => (v === null ? 1 : 0));
    const r = errorSlices(frameOf(strings('c', values)), err, { minRows: 4 });
    const got = labels(r, 'c');
    expect(got.map((s) => s[0])).toEqual(['c00', 'c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07', 'c08', 'c09', 'other', 'missing']);
    expect(got.at(-2)).toEqual(['other', 6, 0]);
    expect(got.at(-1)).toEqual(['missing', 4, 1]);
    expect(r.weakest[0]!.label).toBe('missing');
  });

  it('never makes an empty bin from tied values, and puts NaN in a "missing" slice', () => {
    // 70 zeros, then 1…30, then 5 missing: the first four quantile edges are all 0.
    const x = [...new Array<number>(70).fill(0), ...Array.from({ length: 30 }, (_, i) => i + 1), NaN, NaN, NaN, NaN, NaN];
    const r = errorSlices(frameOf(numbers('x', x)), new Float64Array(x.length));
    const slices = r.columns[0]!.slices;
    expect(slices.map((s) => [s.label, s.rows])).toEqual([['[0, 11)', 80], ['[11, 30]', 20], ['missing', 5]]);
    expect(slices.every((s) => s.rows > 0)).toBe(true);
  });

  it('gives each distinct value its own slice when there are no more values than bins', () => {
    const r = errorSlices(frameOf(numbers('flag', [0, 1, 1, NaN], 'boolean'), numbers('k', [3, 1, 2, 3], 'integer')), Float64Array.of(1, 0, 0, 1));
    expect(labels(r, 'flag')).toEqual([['false', 1, 1], ['true', 2, 0], ['missing', 1, 1]]);
    expect(labels(r, 'k')).toEqual([['1', 1, 0], ['2', 1, 0], ['3', 2, 1]]);
    expect(r.columns[1]!.slices[2]).toMatchObject({ kind: 'value', lower: 3, upper: 3 });
  });

  it('rounds edges to three significant digits, or more when needed to tell edges apart', () => {
    const x = Array.from({ length: 100 }, (_, i) => 0.123456 + i * 0.37);
    expect(errorSlices(frameOf(numbers('x', x)), new Float64Array(100)).columns[0]!.slices.map((s) => s.label)).toEqual([
      '[0.123, 7.52)', '[7.52, 14.9)', '[14.9, 22.3)', '[22.3, 29.7)', '[29.7, 36.8]',
    ]);
    const close = Array.from({ length: 100 }, (_, i) => 1 + i * 0.00001);
    const bins = errorSlices(frameOf(numbers('x', close)), new Float64Array(100)).columns[0]!.slices;
    expect(bins[0]!.label).toBe('[1, 1.0002)');
    expect(bins[0]!.upper).toBeCloseTo(1.0002, 12);
  });

  it('labels datetime bins with dates', () => {
    const day = 86_400_000;
    const t = Array.from({ length: 10 }, (_, i) => Date.UTC(2024, 0, 1) + i * day);
    const r = errorSlices(frameOf(numbers('when', t, 'datetime')), new Float64Array(10), { bins: 2 });
    expect(r.columns[0]!.slices.map((s) => s.label)).toEqual(['[2024-01-01, 2024-01-06)', '[2024-01-06, 2024-01-10]']);
  });

  it('averages an absolute error for regression', () => {
    const r = errorSlices(frameOf(strings('g', ['a', 'a', 'b', 'b'])), Float64Array.of(1, 3, 0.5, 0.5), { minRows: 1 });
    expect(labels(r, 'g')).toEqual([['a', 2, 2], ['b', 2, 0.5]]);
    expect(r.weakest.map((s) => [s.label, s.difference])).toEqual([['a', 0.75], ['b', -0.75]]);
  });

  it('refuses errors that do not line up with the table, non-finite errors and too few bins', () => {
    const f = frameOf(numbers('x', [1, 2, 3]));
    expect(() => errorSlices(f, new Float64Array(2))).toThrow(/3 rows but the errors have 2/);
    expect(() => errorSlices(f, Float64Array.of(0, NaN, 1))).toThrow(/row 1 holds NaN/);
    expect(() => errorSlices(f, new Float64Array(3), { bins: 1 })).toThrow(/bins must be/);
    expect(() => errorSlices({ rows: 0, columns: [] }, new Float64Array(0))).toThrow(/empty/);
  });
});
