/** One row of the "Try it" form read as the bundle's server reads a JSON row, and the typical row the form starts from. */
import { describe, expect, it } from 'vitest';
import type { BundleField } from '../../../electron/contract/bundles';
import { bundleFields } from '../../../electron/deploy/fields';
import type { ReferenceColumn } from '../../../electron/deploy/reference-profile';
import { summarizeCategories, summarizeNumbers } from '../../../electron/deploy/summaries';
import { parseIsoDate, tryFrame, typicalRow } from '../../../electron/deploy/try-input';

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);
const numbers = (name: string, semanticType: 'integer' | 'float' | 'boolean' | 'datetime', values: number[]): ReferenceColumn => ({ ...summarizeNumbers(Float64Array.from(values), all(values.length)), name, role: 'input', semanticType });
const texts = (name: string, values: (string | null)[]): ReferenceColumn => ({ ...summarizeCategories(values, all(values.length)), name, role: 'input', semanticType: 'categorical' });

const columns = [
  numbers('age', 'integer', [18, 30, 31, 80]),
  numbers('member', 'boolean', [0, 1, 1]),
  numbers('joined', 'datetime', [Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 4), Date.UTC(2021, 5, 1)]),
  texts('city', ['Porto', 'Lisbon', 'Porto', null]),
];
const strict: BundleField[] = bundleFields(columns, false);

describe('try-it input', () => {
  it('starts from the median of numbers (whole where the column is), the commonest category and a day', () => {
    expect(typicalRow(columns)).toEqual({ age: 31, member: 1, joined: '2020-01-04', city: 'Porto' });
  });

  it('reads a row into a one-row frame typed as the training columns, booleans as 1/0 and dates as epoch ms', () => {
    const { frame, warnings } = tryFrame(strict, columns, { age: 40, member: true, joined: '2020-06-01', city: null, extra: 'ignored' });
    expect(warnings).toEqual([]);
    expect(frame.columns.map((c) => [c.name, c.semanticType, Array.from(c.values as ArrayLike<unknown>)])).toEqual([
      ['age', 'integer', [40]],
      ['member', 'boolean', [1]],
      ['joined', 'datetime', [Date.UTC(2020, 5, 1)]],
      ['city', 'categorical', [null]],
    ]);
  });

  it('refuses what the bundle refuses, naming the field', () => {
    const row = { age: 40, member: 1, joined: '2020-06-01', city: 'Porto' };
    const refused = (r: Record<string, unknown>) => {
      try {
        tryFrame(strict, columns, r as never);
      } catch (e) {
        return { code: (e as { code: string }).code, field: (e as { details: { field: string } }).details.field, message: (e as Error).message };
      }
      throw new Error('not refused');
    };
    expect(refused({ ...row, age: '40' })).toEqual({ code: 'VALIDATION', field: 'age', message: '"age" must be a number, got text.' });
    expect(refused({ ...row, joined: 1_600_000_000_000 })).toMatchObject({ field: 'joined' });
    expect(refused({ ...row, joined: '2021-02-30' })).toMatchObject({ field: 'joined' });
    expect(refused({ age: 40, member: 1, city: 'Porto' })).toMatchObject({ field: 'joined', message: expect.stringContaining('no value for "joined"') });
    // The training rows never lacked an age, and this (imported) model is not known to fill gaps in.
    expect(refused({ ...row, age: null })).toEqual({ code: 'VALIDATION', field: 'age', message: '"age" has no value, and the model was trained without missing age.' });
  });

  it('warns of a value unlike every training row, and scores it', () => {
    const imputing = bundleFields(columns, true);
    const { warnings } = tryFrame(imputing, columns, { age: null, member: 0, joined: '2019-12-31', city: 'Madrid' });
    expect(warnings).toEqual([
      'age is missing, which it never was in the training rows; the model fills it in as it learned to.',
      'joined 2019-12-31 is outside the training range 2020-01-01 – 2021-06-01.',
      'city "Madrid" was not seen in training; the model reads it as an unknown category.',
    ]);
  });

  it('parses ISO-8601 dates as the bundle does: UTC unless an offset is named, impossible days refused', () => {
    expect(parseIsoDate('2024-03-31')).toBe(Date.UTC(2024, 2, 31));
    expect(parseIsoDate('2024-03-31T14:05:00+02:00')).toBe(Date.UTC(2024, 2, 31, 12, 5));
    expect(parseIsoDate('2024-02-29T00:00:00.5Z')).toBe(Date.UTC(2024, 1, 29) + 500);
    expect(parseIsoDate('2023-02-29')).toBeNaN();
    expect(parseIsoDate('31/03/2024')).toBeNaN();
    // Years 0–99 are those years, not 1900–1999 as Date.UTC would read them.
    expect(new Date(parseIsoDate('0099-01-01')).getUTCFullYear()).toBe(99);
  });
});
