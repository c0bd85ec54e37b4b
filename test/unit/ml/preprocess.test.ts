/** Preprocessing: fitted on training rows only, applied the same way to any rows, defaults chosen from column types. */
import { describe, expect, it } from 'vitest';
import { fitPreprocessor, OTHER_LEVEL } from '../../../electron/ml/preprocess/fit';
import type { Frame } from '../../../electron/ml/preprocess/frame';
import { applyChanges, defaultPlan, type ColumnStep } from '../../../electron/ml/preprocess/plan';
import { transform } from '../../../electron/ml/preprocess/transform';

const rows = (...r: number[]) => Uint32Array.from(r);
const feature = (f: { rows: number; names: string[]; data: Float32Array }, name: string) => {
  const i = f.names.indexOf(name);
  expect(i, `no feature ${name} in ${f.names.join(', ')}`).toBeGreaterThanOrEqual(0);
  return [...f.data.subarray(i * f.rows, (i + 1) * f.rows)];
};

const frame: Frame = {
  rows: 8,
  columns: [
    { name: 'id', kind: 'number', semanticType: 'integer', values: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]) },
    { name: 'customer_id', kind: 'string', semanticType: 'identifier', values: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] },
    { name: 'age', kind: 'number', semanticType: 'integer', values: Float64Array.from([20, NaN, 40, 30, 1000, 50, 60, NaN]) },
    { name: 'city', kind: 'string', semanticType: 'categorical', values: ['Lisbon', 'Porto', 'Lisbon', null, 'Faro', 'Lisbon', 'Braga', 'Porto'] },
    { name: 'active', kind: 'number', semanticType: 'boolean', values: Float64Array.from([1, 0, 1, NaN, 1, 1, 0, 1]) },
    { name: 'signup', kind: 'number', semanticType: 'datetime', values: Float64Array.from([Date.UTC(2024, 1, 29, 13), Date.UTC(2023, 0, 1), NaN, Date.UTC(2024, 5, 3), Date.UTC(2022, 11, 31), Date.UTC(2024, 0, 1), Date.UTC(2021, 6, 4), Date.UTC(2020, 2, 1)]) },
    { name: 'country', kind: 'string', semanticType: 'categorical', values: ['PT', 'PT', 'PT', 'PT', 'PT', 'PT', 'PT', 'PT'] },
    { name: 'note', kind: 'string', semanticType: 'text', values: ['x y', null, 'z', 'w', 'v', 'u', 't', 's'] },
    { name: 'churned', kind: 'number', semanticType: 'boolean', values: Float64Array.from([0, 1, 0, 1, 0, 0, 1, 0]) },
  ],
};
const train = rows(0, 1, 2, 3, 4, 5);

describe('default plan', () => {
  it('drops identifiers, free text and constants, and never touches the target', () => {
    const plan = defaultPlan(frame, 'churned', train, 'linear');
    expect(plan.map((s) => [s.column, s.action])).toEqual([
      ['id', 'numeric'],
      ['customer_id', 'drop'],
      ['age', 'numeric'],
      ['city', 'categorical'],
      ['active', 'boolean'],
      ['signup', 'datetime'],
      ['country', 'drop'],
      ['note', 'drop'],
    ]);
    expect(plan.find((s) => s.column === 'country')).toMatchObject({ reason: 'it has a single value in the training rows' });
  });

  it('keeps missing values for trees and imputes them for linear models', () => {
    expect(defaultPlan(frame, 'churned', train, 'trees').find((s) => s.column === 'age')).toMatchObject({ impute: 'none', scale: 'none' });
    expect(defaultPlan(frame, 'churned', train, 'linear').find((s) => s.column === 'age')).toMatchObject({ impute: 'median', indicator: true, scale: 'standard' });
    expect(defaultPlan(frame, 'churned', train, 'linear').find((s) => s.column === 'signup')).toMatchObject({ parts: ['year', 'month', 'dayofweek', 'hour', 'days'] });
  });
});

describe('fit and transform', () => {
  it('imputes and scales with statistics of the training rows only, as Pipeline(SimpleImputer, StandardScaler)', () => {
    const fitted = fitPreprocessor(frame, [{ column: 'age', action: 'numeric', impute: 'median', indicator: true, scale: 'standard', clip: null }], train);
    // Training ages 20, 40, 30, 1000, 50 (row 1 missing) → median 40; imputed: 20, 40, 40, 30, 1000, 50.
    const seen = [20, 40, 40, 30, 1000, 50];
    const mean = seen.reduce((a, b) => a + b) / 6;
    const std = Math.sqrt(seen.reduce((a, b) => a + (b - mean) ** 2, 0) / 6);
    const f = transform(fitted, frame, rows(6, 7));
    expect(feature(f, 'age')).toEqual([Math.fround((60 - mean) / std), Math.fround((40 - mean) / std)]);
    expect(feature(f, 'age_missing')).toEqual([0, 1]);
  });

  it('clips at training quantiles before imputing', () => {
    const fitted = fitPreprocessor(frame, [{ column: 'age', action: 'numeric', impute: 'mean', indicator: false, scale: 'none', clip: [0, 0.75] }], train);
    // Present training ages sorted 20, 30, 40, 50, 1000: the 75th percentile (linear) is 50, so 1000 becomes 50.
    expect(feature(transform(fitted, frame, rows(4, 1)), 'age')).toEqual([50, (20 + 30 + 40 + 50 + 50) / 5]);
  });

  it('one-hot keeps the most frequent levels; the rest and levels never seen in training go to "(other)"', () => {
    const fitted = fitPreprocessor(frame, [{ column: 'city', action: 'categorical', impute: 'missing_level', encode: 'onehot', maxLevels: 2 }], train);
    expect(fitted.featureNames).toEqual(['city=Lisbon', 'city=(missing)', `city=${OTHER_LEVEL}`]);
    // Row 6 is Braga (never seen in training), row 7 Porto (seen once, cut by maxLevels), row 3 missing.
    const f = transform(fitted, frame, rows(0, 6, 7, 3));
    expect(feature(f, 'city=Lisbon')).toEqual([1, 0, 0, 0]);
    expect(feature(f, 'city=(missing)')).toEqual([0, 0, 0, 1]);
    expect(feature(f, 'city=(other)')).toEqual([0, 1, 1, 0]);
  });

  it('ordinal codes by frequency; with impute "most_frequent" a missing value takes the commonest level', () => {
    const fitted = fitPreprocessor(frame, [{ column: 'city', action: 'categorical', impute: 'most_frequent', encode: 'ordinal', maxLevels: 10 }], train);
    expect(fitted.steps[0]).toMatchObject({ levels: ['Lisbon', 'Faro', 'Porto'], fill: 'Lisbon' });
    expect(feature(transform(fitted, frame, rows(0, 4, 1, 3, 6)), 'city')).toEqual([0, 1, 2, 0, 3]);
  });

  it('splits dates into UTC parts (Monday = 0), missing as NaN or the training median', () => {
    const parts = ['year', 'month', 'dayofweek', 'hour', 'days'] as const;
    const kept = fitPreprocessor(frame, [{ column: 'signup', action: 'datetime', parts: [...parts], impute: 'none' }], train);
    const f = transform(kept, frame, rows(0, 2));
    // 2024-02-29 13:00 UTC was a Thursday, 19,782 days after 1970-01-01.
    expect(parts.map((p) => feature(f, `signup.${p}`)[0])).toEqual([2024, 2, 3, 13, 19782]);
    expect(feature(f, 'signup.year')[1]).toBeNaN();
    const imputed = fitPreprocessor(frame, [{ column: 'signup', action: 'datetime', parts: ['year'], impute: 'median' }], train);
    // Training years 2024, 2023, 2024, 2022, 2024 → median 2024.
    expect(feature(transform(imputed, frame, rows(2)), 'signup.year')).toEqual([2024]);
  });

  it('refuses to one-hot a column of numbers with a sentence naming it', () => {
    expect(() => fitPreprocessor(frame, [{ column: 'age', action: 'categorical', impute: 'most_frequent', encode: 'onehot', maxLevels: 5 }], train)).toThrow('"age" holds numbers');
  });

  it("lays a user's column changes over the defaults: leave out, impute, scale, clip, encode; never revives a dropped column", () => {
    const plan: ColumnStep[] = [
      { column: 'id', action: 'drop', reason: 'an identifier says nothing general about a row' },
      { column: 'age', action: 'numeric', impute: 'none', indicator: false, scale: 'none', clip: null },
      { column: 'city', action: 'categorical', impute: 'missing_level', encode: 'ordinal', maxLevels: 20 },
      { column: 'seen', action: 'datetime', parts: ['year'], impute: 'none' },
    ];
    const changed = applyChanges(plan, [{ column: 'id', encode: 'onehot' }, { column: 'age', impute: 'median', scale: 'minmax', clip: [0.01, 0.99], encode: 'onehot' }, { column: 'city', encode: 'onehot', maxLevels: 5 }, { column: 'seen', drop: true }], 'y');
    expect(changed).toEqual([
      plan[0],
      { column: 'age', action: 'numeric', impute: 'median', indicator: false, scale: 'minmax', clip: [0.01, 0.99] },
      { column: 'city', action: 'categorical', impute: 'missing_level', encode: 'onehot', maxLevels: 5 },
      { column: 'seen', action: 'drop', reason: 'left out by you' },
    ]);
    expect(() => applyChanges(plan, [{ column: 'nope', drop: true }], 'y')).toThrow('There is no column "nope" in this dataset version.');
    expect(() => applyChanges(plan, [{ column: 'y', drop: true }], 'y')).toThrow('"y" is the target');
  });
});
