/** Shapley values for any model: linear truth, efficiency, exact vs antithetic sampling, missing and string values. */
import { describe, expect, it } from 'vitest';
import { GyreError } from '../../../electron/contract/errors';
import { shapleyValues, type ShapleyExplanation } from '../../../electron/ml/explain/shapley';
import type { Frame, RawColumn } from '../../../electron/ml/preprocess/frame';
import { seeded } from '../../../electron/ml/random';

const num = (name: string, values: ArrayLike<number>): RawColumn => ({ name, kind: 'number', semanticType: 'float', values: Float64Array.from(values) });
const str = (name: string, values: (string | null)[]): RawColumn => ({ name, kind: 'string', semanticType: 'categorical', values });
const col = (frame: Frame, j: number) => frame.columns[j]!.values as Float64Array;

function numbers(m: number, rows: number, seed: number): Frame {
  const random = seeded(seed);
  return { rows, columns: Array.from({ length: m }, (_, j) => num(`x${j}`, Float64Array.from({ length: rows }, () => random.next() * 4 - 2))) };
}

const linearModel = (w: number[]) => async (f: Frame) => Float64Array.from({ length: f.rows }, (_, i) => w.reduce((s, wj, j) => s + wj * col(f, j)[i]!, 0));

/** Six columns with interactions and a kink. */
const nonlinear = async (f: Frame) =>
  Float64Array.from({ length: f.rows }, (_, i) => {
    const x = (j: number) => col(f, j)[i]!;
    return x(0) * x(1) + Math.sin(x(2)) * x(3) + Math.max(x(4), x(0)) + x(5) ** 2 - x(1) * x(4) * x(5);
  });

const total = (e: ShapleyExplanation) => e.contributions.reduce((s, c) => s + c.contribution, 0);

describe('shapleyValues', () => {
  it('a linear model gets exactly w_j·(x_j − background mean of x_j), enumerated and sampled', async () => {
    for (const m of [4, 13]) {
      const w = Array.from({ length: m }, (_, j) => j - 3.5);
      const background = numbers(m, 40, 1);
      const instance = numbers(m, 1, 2);
      const result = await shapleyValues(linearModel(w), instance, background, { permutations: 8 });
      expect(result.method).toBe(m <= 10 ? 'exact' : 'sampled');
      result.contributions.forEach((c, j) => {
        const mean = col(background, j).reduce((a, b) => a + b, 0) / background.rows;
        expect(c.contribution).toBeCloseTo(w[j]! * (col(instance, j)[0]! - mean), 10);
        expect(c.standardError).toBeCloseTo(0, 10);
      });
    }
  });

  it('contributions sum to prediction − base value, for enumeration and for sampling', async () => {
    const background = numbers(6, 30, 3);
    const instance = numbers(6, 1, 4);
    const predictions = await nonlinear(instance);
    for (const exactUpTo of [10, 0]) {
      const e = await shapleyValues(nonlinear, instance, background, { exactUpTo, permutations: 10 });
      expect(e.prediction).toBe(predictions[0]);
      expect(e.baseValue).toBeCloseTo((await nonlinear(background)).reduce((a, b) => a + b, 0) / background.rows, 12);
      expect(total(e)).toBeCloseTo(e.prediction - e.baseValue, 12);
    }
  });

  it('exact enumeration equals the average marginal contribution over all 720 orderings of 6 columns', async () => {
    const background = numbers(6, 20, 11);
    const instance = numbers(6, 1, 12);
    const v = async (coalition: Set<number>) => {
      const columns = background.columns.map((c, j) => (coalition.has(j) ? num(c.name, new Float64Array(background.rows).fill(col(instance, j)[0]!)) : c));
      return (await nonlinear({ rows: background.rows, columns })).reduce((a, b) => a + b, 0) / background.rows;
    };
    const orderings: number[][] = [];
    const extend = (prefix: number[], rest: number[]): void => {
      if (rest.length === 0) orderings.push(prefix);
      rest.forEach((j) => extend([...prefix, j], rest.filter((k) => k !== j)));
    };
    extend([], [0, 1, 2, 3, 4, 5]);
    const expected = new Float64Array(6);
    for (const order of orderings) {
      const coalition = new Set<number>();
      let previous = await v(coalition);
      for (const j of order) {
        coalition.add(j);
        const current = await v(coalition);
        expected[j]! += (current - previous) / orderings.length;
        previous = current;
      }
    }
    const exact = await shapleyValues(nonlinear, instance, background);
    exact.contributions.forEach((c, j) => expect(c.contribution).toBeCloseTo(expected[j]!, 10));
  });

  it('the sampled estimate agrees with exact enumeration within 3 standard errors on a nonlinear model', async () => {
    const background = numbers(6, 50, 5);
    const instance = numbers(6, 1, 6);
    const exact = await shapleyValues(nonlinear, instance, background);
    const sampled = await shapleyValues(nonlinear, instance, background, { exactUpTo: 0, permutations: 64, seed: 3 });
    expect(exact.method).toBe('exact');
    expect(sampled).toMatchObject({ method: 'sampled', permutations: 64 });
    expect(sampled.contributions.some((c) => c.standardError > 0)).toBe(true);
    sampled.contributions.forEach((c, j) => {
      expect(Math.abs(c.contribution - exact.contributions[j]!.contribution)).toBeLessThanOrEqual(3 * c.standardError + 1e-9);
    });
  });

  it('is the same for the same seed and differs for another', async () => {
    const background = numbers(6, 20, 7);
    const instance = numbers(6, 1, 8);
    const options = { exactUpTo: 0, permutations: 6 };
    const a = await shapleyValues(nonlinear, instance, background, { ...options, seed: 1 });
    expect(await shapleyValues(nonlinear, instance, background, { ...options, seed: 1 })).toEqual(a);
    expect((await shapleyValues(nonlinear, instance, background, { ...options, seed: 2 })).contributions).not.toEqual(a.contributions);
  });

  it('handles missing numbers and string columns by passing the raw values through to the model', async () => {
    const effect = (plan: string | null) => (plan === 'pro' ? 3 : plan === null ? -1 : 0);
    const model = async (f: Frame) => {
      const [age, plan] = [f.columns[0]!.values as Float64Array, f.columns[1]!.values as (string | null)[]];
      return Float64Array.from({ length: f.rows }, (_, i) => (Number.isNaN(age[i]!) ? 5 : age[i]! / 10) + effect(plan[i]!));
    };
    const background: Frame = { rows: 4, columns: [num('age', [20, NaN, 40, 30]), str('plan', ['basic', null, 'pro', 'basic'])] };
    const instance: Frame = { rows: 1, columns: [num('age', [NaN]), str('plan', ['pro'])] };
    for (const exactUpTo of [10, 0]) {
      const e = await shapleyValues(model, instance, background, { exactUpTo, permutations: 4 });
      expect(e.contributions.map((c) => c.column)).toEqual(['age', 'plan']);
      expect(e.contributions[0]!.value).toBeNaN();
      expect(e.contributions[1]!.value).toBe('pro');
      expect(e.contributions[0]!.contribution).toBeCloseTo(5 - (2 + 5 + 4 + 3) / 4, 12);
      expect(e.contributions[1]!.contribution).toBeCloseTo(3 - (0 - 1 + 3 + 0) / 4, 12);
    }
  });

  it('matches background columns by name, whatever their order', async () => {
    const background = numbers(3, 10, 9);
    const shuffled: Frame = { rows: 10, columns: [background.columns[2]!, background.columns[0]!, background.columns[1]!] };
    const instance = numbers(3, 1, 10);
    const model = linearModel([1, -2, 3]);
    expect(await shapleyValues(model, instance, shuffled)).toEqual(await shapleyValues(model, instance, background));
  });

  it('scores a whole permutation in one call: background × steps rows', async () => {
    const m = 12;
    const sizes: number[] = [];
    const counting = async (f: Frame) => (sizes.push(f.rows), linearModel(Array<number>(m).fill(1))(f));
    await shapleyValues(counting, numbers(m, 1, 1), numbers(m, 25, 2), { permutations: 4, chunkRows: 100 });
    expect(sizes).toEqual([275, 275, 275, 275, 50]);
    sizes.length = 0;
    await shapleyValues(counting, numbers(m, 1, 1), numbers(m, 25, 2), { permutations: 4 });
    expect(sizes).toEqual([(4 * (m - 1) + 2) * 25]);
  });

  it('samples at most maxBackground background rows', async () => {
    const sizes: number[] = [];
    const counting = async (f: Frame) => (sizes.push(f.rows), linearModel([1, 1])(f));
    await shapleyValues(counting, numbers(2, 1, 1), numbers(2, 500, 2), { maxBackground: 30 });
    expect(sizes).toEqual([4 * 30]);
  });

  it('refuses more than one row, a missing background column and too few permutations', async () => {
    const model = linearModel([1, 1]);
    await expect(shapleyValues(model, numbers(2, 2, 1), numbers(2, 5, 2))).rejects.toThrow('one row at a time');
    await expect(shapleyValues(model, numbers(2, 1, 1), numbers(1, 5, 2))).rejects.toThrow(GyreError);
    await expect(shapleyValues(model, numbers(2, 1, 1), numbers(2, 5, 2), { exactUpTo: 0, permutations: 2 })).rejects.toThrow('permutations must be at least 4');
  });
});
