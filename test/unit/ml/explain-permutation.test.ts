/** Permutation importance: seeded, exact zero for an ignored column, the relied-on column first, sklearn's mean/std. */
import { describe, expect, it } from 'vitest';
import { GyreError } from '../../../electron/contract/errors';
import { permutationImportance } from '../../../electron/ml/explain/permutation';
import type { Frame } from '../../../electron/ml/preprocess/frame';
import { seeded } from '../../../electron/ml/random';

/** y = 3·signal + small noise; "noise" and "city" are ignored by the model. */
function table(rows: number): Frame {
  const random = seeded(11);
  const signal = Float64Array.from({ length: rows }, () => random.next() * 10);
  const noise = Float64Array.from({ length: rows }, () => random.next());
  const y = signal.map((s) => 3 * s + random.next() * 0.1);
  const city = Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? null : ['Oslo', 'Lima', 'Pune'][i % 3]!));
  return {
    rows,
    columns: [
      { name: 'signal', kind: 'number', semanticType: 'float', values: signal },
      { name: 'noise', kind: 'number', semanticType: 'float', values: noise },
      { name: 'city', kind: 'string', semanticType: 'categorical', values: city },
      { name: 'y', kind: 'number', semanticType: 'float', values: y },
    ],
  };
}

/** Mean squared error of the model 3·signal against y (lower is better). */
async function mse(frame: Frame): Promise<number> {
  const signal = frame.columns.find((c) => c.name === 'signal')!.values as Float64Array;
  const y = frame.columns.find((c) => c.name === 'y')!.values as Float64Array;
  let sum = 0;
  for (let i = 0; i < frame.rows; i++) sum += (3 * signal[i]! - y[i]!) ** 2;
  return sum / frame.rows;
}

const features = ['signal', 'noise', 'city'];

describe('permutationImportance', () => {
  it('ranks the column the model depends on first and gives an ignored column exactly 0', async () => {
    const result = await permutationImportance(table(300), mse, { columns: features, higherIsBetter: false, seed: 4 });
    expect(result.importances.map((i) => i.column)[0]).toBe('signal');
    expect(result.importances[0]!.mean).toBeGreaterThan(50);
    for (const name of ['noise', 'city']) {
      const ignored = result.importances.find((i) => i.column === name)!;
      expect([...ignored.values]).toEqual([0, 0, 0, 0, 0]);
      expect(ignored.mean).toBe(0);
      expect(ignored.std).toBe(0);
    }
  });

  it('is the same for the same seed and differs for another', async () => {
    const a = await permutationImportance(table(200), mse, { columns: features, higherIsBetter: false, seed: 1 });
    const b = await permutationImportance(table(200), mse, { columns: features, higherIsBetter: false, seed: 1 });
    const c = await permutationImportance(table(200), mse, { columns: features, higherIsBetter: false, seed: 2 });
    expect(b).toEqual(a);
    expect(c.importances[0]!.values).not.toEqual(a.importances[0]!.values);
  });

  it('mean and population std of the drops match a hand computation (higher is better)', async () => {
    // Baseline 10, then the three repeats of "a" score 9, 7, 8: drops 1, 3, 2 → mean 2, np.std = √(2/3).
    const script = [10, 9, 7, 8, 10, 10, 10];
    let call = 0;
    const evaluate = async () => script[call++]!;
    const frame: Frame = { rows: 4, columns: [0, 1].map((k) => ({ name: 'ab'[k]!, kind: 'number' as const, semanticType: 'float' as const, values: Float64Array.of(1, 2, 3, 4) })) };
    const result = await permutationImportance(frame, evaluate, { repeats: 3, higherIsBetter: true });
    expect(result.baseline).toBe(10);
    expect(result.importances.map((i) => [i.column, i.mean])).toEqual([
      ['a', 2],
      ['b', 0],
    ]);
    expect([...result.importances[0]!.values]).toEqual([1, 3, 2]);
    expect(result.importances[0]!.std).toBeCloseTo(Math.sqrt(2 / 3), 14);
    expect(call).toBe(7);
  });

  it('shuffles only the permuted column and shares the others with the original frame', async () => {
    const frame = table(50);
    const seen: Frame[] = [];
    await permutationImportance(frame, async (f) => (seen.push(f), 0), { columns: ['noise'], repeats: 2, higherIsBetter: true });
    expect(seen).toHaveLength(3);
    for (const f of seen.slice(1)) {
      expect(f.columns[0]).toBe(frame.columns[0]);
      expect(f.columns[3]).toBe(frame.columns[3]);
      const permuted = f.columns[1]!.values as Float64Array;
      expect(permuted).not.toEqual(frame.columns[1]!.values);
      expect([...permuted].sort()).toEqual([...(frame.columns[1]!.values as Float64Array)].sort());
    }
  });

  it('evaluates on a seeded sample of maxRows rows', async () => {
    const sizes: number[] = [];
    await permutationImportance(table(500), async (f) => (sizes.push(f.rows), 1), { columns: ['noise'], repeats: 2, maxRows: 120, higherIsBetter: true });
    expect(sizes).toEqual([120, 120, 120]);
  });

  it('refuses an unknown column, bad repeats and an undefined metric', async () => {
    await expect(permutationImportance(table(10), mse, { columns: ['nope'], higherIsBetter: false })).rejects.toThrow(GyreError);
    await expect(permutationImportance(table(10), mse, { repeats: 0, higherIsBetter: false })).rejects.toThrow('repeats must be a whole number');
    await expect(permutationImportance(table(10), async () => NaN, { higherIsBetter: true })).rejects.toThrow('The metric is not defined');
  });
});
