/** Partial dependence: numpy's percentile grid, the slope of a linear model, per-category means, batched scoring. */
import { describe, expect, it } from 'vitest';
import { GyreError } from '../../../electron/contract/errors';
import { gridFor, partialDependence } from '../../../electron/ml/explain/partial-dependence';
import type { Frame, RawColumn } from '../../../electron/ml/preprocess/frame';
import { seeded } from '../../../electron/ml/random';

const num = (name: string, values: number[] | Float64Array): RawColumn => ({ name, kind: 'number', semanticType: 'float', values: Float64Array.from(values) });
const str = (name: string, values: (string | null)[]): RawColumn => ({ name, kind: 'string', semanticType: 'categorical', values });
const values = (frame: Frame, name: string) => frame.columns.find((c) => c.name === name)!.values;

function numbers(rows: number, seed: number): Frame {
  const random = seeded(seed);
  return {
    rows,
    columns: [num('x1', Float64Array.from({ length: rows }, () => random.next() * 100)), num('x2', Float64Array.from({ length: rows }, () => random.next() * 5))],
  };
}

/** f = 2·x1 − x2, one row at a time. */
const linear = async (frame: Frame) => {
  const [x1, x2] = [values(frame, 'x1') as Float64Array, values(frame, 'x2') as Float64Array];
  return Float64Array.from({ length: frame.rows }, (_, i) => 2 * x1[i]! - x2[i]!);
};

describe('gridFor', () => {
  it('numeric: quantiles evenly spaced between the 5th and 95th percentile, as numpy.percentile computes them', () => {
    // x = 0², 1², …, 29² shuffled, with missing values; np.percentile(x, np.linspace(5, 95, 5)) by hand:
    // positions 29·q = 1.45, 7.975, 14.5, 21.025, 27.55 → 1 + .45·3, 49 + .975·15, 196 + .5·29, 441 + .025·43, 729 + .55·55.
    const squares = Array.from({ length: 30 }, (_, i) => ((i * 7) % 30) ** 2);
    const grid = gridFor(num('x', [NaN, ...squares, NaN]), { gridPoints: 5 });
    expect(grid.kind).toBe('number');
    const expected = [2.35, 63.625, 210.5, 442.075, 759.25];
    expect([...(grid.grid as Float64Array)].map((v, i) => v - expected[i]!).every((d) => Math.abs(d) < 1e-9)).toBe(true);
  });

  it('numeric: the default 20-point grid ends at the 5th and 95th percentile and drops repeats', () => {
    const grid = gridFor(num('x', Array.from({ length: 30 }, (_, i) => i ** 2))).grid as Float64Array;
    expect(grid).toHaveLength(20);
    expect(grid[0]).toBeCloseTo(2.35, 12);
    expect(grid[1]).toBeCloseTo(8.11842105, 7);
    expect(grid[19]).toBeCloseTo(759.25, 12);
    const skewed = gridFor(num('x', [...Array<number>(80).fill(0), ...Array.from({ length: 40 }, (_, i) => i)])).grid as Float64Array;
    expect(new Set(skewed).size).toBe(skewed.length);
    expect(skewed[0]).toBe(0);
  });

  it('numeric: a column with fewer distinct values than grid points uses those values (sklearn)', () => {
    expect([...(gridFor(num('flag', [1, 0, NaN, 1, 1])).grid as Float64Array)]).toEqual([0, 1]);
  });

  it('categorical: the most frequent categories first, ties by name, missing left out, at most maxCategories', () => {
    const column = str('plan', ['b', 'a', null, 'c', 'b', 'a', null, null, 'd', 'b']);
    expect(gridFor(column)).toEqual({ kind: 'string', grid: ['b', 'a', 'c', 'd'] });
    expect(gridFor(column, { maxCategories: 2 }).grid).toEqual(['b', 'a']);
  });

  it('refuses a column with no values', () => {
    expect(() => gridFor(num('x', [NaN, NaN]))).toThrow(GyreError);
    expect(() => gridFor(str('s', [null]))).toThrow('has no values');
  });
});

describe('partialDependence', () => {
  it('of x1 under f = 2·x1 − x2 is a line with slope 2, and every ICE line is parallel to it', async () => {
    const frame = numbers(400, 3);
    const pd = await partialDependence(frame, 'x1', linear);
    const grid = pd.grid as Float64Array;
    const meanX2 = (values(frame, 'x2') as Float64Array).reduce((a, b) => a + b, 0) / frame.rows;
    expect(grid).toHaveLength(20);
    for (let g = 0; g < grid.length; g++) expect(pd.average[g]).toBeCloseTo(2 * grid[g]! - meanX2, 9);
    for (let g = 1; g < grid.length; g++) expect((pd.average[g]! - pd.average[g - 1]!) / (grid[g]! - grid[g - 1]!)).toBeCloseTo(2, 9);
    expect(pd.ice.rows).toHaveLength(50);
    const x2 = values(frame, 'x2') as Float64Array;
    pd.ice.lines.forEach((line, k) => line.forEach((v, g) => expect(v).toBeCloseTo(2 * grid[g]! - x2[pd.ice.rows[k]!]!, 9)));
  });

  it('of a categorical column equals the mean model output with every row set to that category', async () => {
    const random = seeded(5);
    const rows = 300;
    const plans = ['basic', 'pro', 'team', null];
    const frame: Frame = { rows, columns: [str('plan', Array.from({ length: rows }, () => plans[random.int(4)]!)), num('x', Float64Array.from({ length: rows }, () => random.next()))] };
    const effect: Record<string, number> = { basic: 1, pro: 4, team: -2 };
    const model = async (f: Frame) => {
      const [plan, x] = [values(f, 'plan') as (string | null)[], values(f, 'x') as Float64Array];
      return Float64Array.from({ length: f.rows }, (_, i) => (plan[i] === null ? 0 : effect[plan[i]!]!) * x[i]! + x[i]! ** 2);
    };
    const pd = await partialDependence(frame, 'plan', model);
    expect(pd.kind).toBe('string');
    expect([...pd.grid].sort()).toEqual(['basic', 'pro', 'team']);
    const x = values(frame, 'x') as Float64Array;
    (pd.grid as string[]).forEach((category, g) => {
      const expected = x.reduce((sum, v) => sum + effect[category]! * v + v ** 2, 0) / rows;
      expect(pd.average[g]).toBeCloseTo(expected, 10);
    });
  });

  it('scores all grid copies in one call by default and in chunks of at most chunkRows, with the same result', async () => {
    const frame = numbers(100, 8);
    const sizes: number[] = [];
    const counting = async (f: Frame) => (sizes.push(f.rows), linear(f));
    const whole = await partialDependence(frame, 'x2', counting);
    expect(sizes).toEqual([2000]);
    sizes.length = 0;
    const chunked = await partialDependence(frame, 'x2', counting, { chunkRows: 333 });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(333);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(chunked).toEqual(whole);
  });

  it('averages a seeded sample of maxRows rows and reports ICE rows as indices of the original frame', async () => {
    const frame = numbers(1000, 9);
    const a = await partialDependence(frame, 'x1', linear, { maxRows: 200, iceRows: 10, seed: 7 });
    const b = await partialDependence(frame, 'x1', linear, { maxRows: 200, iceRows: 10, seed: 7 });
    expect(b).toEqual(a);
    expect(a.ice.lines).toHaveLength(10);
    const x2 = values(frame, 'x2') as Float64Array;
    const grid = a.grid as Float64Array;
    a.ice.lines.forEach((line, k) => expect(line[0]).toBeCloseTo(2 * grid[0]! - x2[a.ice.rows[k]!]!, 9));
  });

  it('refuses an unknown column and a model that answers the wrong number of rows', async () => {
    await expect(partialDependence(numbers(10, 1), 'nope', linear)).rejects.toThrow(GyreError);
    await expect(partialDependence(numbers(10, 1), 'x1', async () => new Float64Array(3))).rejects.toThrow('returned 3 scores');
  });
});
