/** Boosting objectives' numerics: the gradient pass's exponential agrees with Math.exp. */
import { describe, expect, it } from 'vitest';
import { seeded } from '../../../electron/ml/random';
import { expNegative, objectiveFor } from '../../../electron/ml/trees/objective';

describe('expNegative', () => {
  it('is e^−a within 3e-15 relative while that is a normal number, within 1e-308 below, and 0 or NaN past it', () => {
    const random = seeded(1);
    let worst = 0;
    for (let i = 0; i < 200_000; i++) {
      const a = i < 1000 ? i / 1000 : random.next() * (i % 10 === 0 ? 708 : 40);
      worst = Math.max(worst, Math.abs(expNegative(a) - Math.exp(-a)) / Math.exp(-a));
    }
    expect(worst).toBeLessThan(3e-15);
    for (let a = 708; a < 750; a += 0.37) expect(Math.abs(expNegative(a) - Math.exp(-a))).toBeLessThan(1e-308);
    expect(expNegative(0)).toBe(1);
    expect(expNegative(800)).toBe(0);
    expect(expNegative(Infinity)).toBe(0);
    expect(expNegative(NaN)).toBeNaN();
  });

  it('gives binary gradients and loss equal to the plain formulas (float32 pairs, loss to 1e-12)', () => {
    const random = seeded(2);
    const n = 10_000;
    const sum = Float64Array.from({ length: n }, () => (random.next() - 0.5) * 30);
    const target = Float64Array.from({ length: n }, () => (random.next() < 0.4 ? 1 : 0));
    const weight = Float64Array.from({ length: n }, (_, r) => (r % 7 === 0 ? 2.5 : 1));
    const rows = Uint32Array.from({ length: n }, (_, r) => r);
    const pairs = new Float32Array(2 * n);
    const totals = new Float64Array(2);
    const loss = objectiveFor('binary', 2).pairs!(sum, 0.3, target, weight, rows, pairs, totals);
    let expected = 0;
    let sumG = 0;
    for (let r = 0; r < n; r++) {
      const m = sum[r]! + 0.3;
      const p = 1 / (1 + Math.exp(-m));
      expect(pairs[2 * r]).toBeCloseTo((p - target[r]!) * weight[r]!, 6);
      expected += weight[r]! * (Math.max(m, 0) - m * target[r]! + Math.log1p(Math.exp(-Math.abs(m))));
      sumG += pairs[2 * r]!;
    }
    expect(Math.abs(loss - expected) / expected).toBeLessThan(1e-12);
    expect(totals[0]).toBe(sumG);
  });
});
