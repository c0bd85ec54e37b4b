/**
 * The reference profile's summaries on data whose answers are known: quantile bins of equal mass, a bin for every
 * new value, few-valued numbers kept apart, categories past the limit counted as "other", and the predictions of
 * multiclass and regression models.
 */
import { describe, expect, it } from 'vitest';
import { referenceProfile } from '../../../electron/deploy/reference-profile';
import { binOf, summarizeCategories, summarizeNumbers } from '../../../electron/deploy/summaries';
import type { Frame } from '../../../electron/ml/preprocess/frame';

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe('reference profile summaries', () => {
  it('cuts 1…1000 into 20 bins of 50 rows at its quantiles, with the moments numpy gives', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i + 1);
    const s = summarizeNumbers(values, all(1000));
    expect(s).toMatchObject({ count: 1000, missing: 0, mean: 500.5, min: 1, max: 1000 });
    expect(s.std).toBeCloseTo(288.8194360957494, 10); // numpy.std(range(1, 1001), ddof=1)
    expect(s.quantiles[49]).toBeCloseTo(500.5, 12); // the median, numpy's linear method
    expect(s.histogram.counts).toEqual(new Array(20).fill(50));
    expect(s.histogram.edges).toHaveLength(21);
    // New values outside the range land in the outer bins; a missing one in none.
    expect([binOf(s.histogram.edges, -5), binOf(s.histogram.edges, 1e9), binOf(s.histogram.edges, NaN)]).toEqual([0, 19, -1]);
  });

  it('keeps the values of a 0/1 column in separate bins and counts missing rows beside them', () => {
    const values = Float64Array.from([0, 0, 0, 1, 1, NaN, 0, 1, 0, 0]);
    const s = summarizeNumbers(values, all(values.length));
    expect(s.missing).toBe(1);
    expect(s.histogram.counts.reduce((a, b) => a + b, 0) + s.histogram.missing).toBe(10);
    expect(s.histogram.counts[binOf(s.histogram.edges, 0)]).toBe(6);
    expect(s.histogram.counts[binOf(s.histogram.edges, 1)]).toBe(3);
  });

  it('lists categories most frequent first and counts the rest past the limit as other', () => {
    const values = [...Array.from({ length: 1200 }, (_, i) => `c${i}`), 'b', 'b', 'a', 'a', 'a', null, ''];
    const s = summarizeCategories(values, all(values.length));
    expect(s).toMatchObject({ count: 1205, missing: 2, distinct: 1202 });
    expect(s.categories.slice(0, 2)).toEqual([{ value: 'a', count: 3 }, { value: 'b', count: 2 }]);
    expect(s.categories).toHaveLength(1000);
    expect(s.other).toBe(202);
  });

  it('summarizes a multiclass model by its top-class probability and predicted classes, a regression by its values', () => {
    const frame: Frame = {
      rows: 4,
      columns: [
        { name: 'x', kind: 'number', semanticType: 'float', values: Float64Array.from([1, 2, 3, 4]) },
        { name: 'y', kind: 'string', semanticType: 'categorical', values: ['a', 'b', 'c', 'a'] },
        { name: 'v', kind: 'number', semanticType: 'float', values: Float64Array.from([10, 20, 30, 40]) },
      ],
    };
    const rows = Uint32Array.from([0, 1, 3]);
    const multi = referenceProfile({
      model: 'm@1', rowsLabel: 'three rows', task: 'multiclass', target: 'y', inputs: ['x'], classLabels: ['a', 'b', 'c'], threshold: null, frame, rows,
      predictions: Float64Array.from([0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.5, 0.3]),
    });
    expect(multi.columns.map((c) => [c.name, c.role, c.kind, c.count])).toEqual([['x', 'input', 'number', 3], ['y', 'target', 'category', 3]]);
    expect(multi.predictions.classes).toEqual([{ value: 'a', count: 1 }, { value: 'b', count: 1 }, { value: 'c', count: 1 }]);
    expect([multi.predictions.score.min, multi.predictions.score.max]).toEqual([0.5, 0.7]);
    const reg = referenceProfile({ model: 'r@1', rowsLabel: 'three rows', task: 'regression', target: 'v', inputs: ['x'], classLabels: null, threshold: null, frame, rows, predictions: Float64Array.from([11, 19, 42]) });
    expect(reg.columns[1]).toMatchObject({ name: 'v', kind: 'number', min: 10, max: 40 });
    expect(reg.predictions).toMatchObject({ output: 'prediction', classes: null, score: { count: 3, min: 11, max: 42 } });
  });
});
