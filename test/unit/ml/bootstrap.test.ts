/** Bootstrap intervals: seeded, the width a known statistic should have, undefined resamples skipped, clear refusals. */
import { describe, expect, it } from 'vitest';
import { accuracy, rocAuc } from '../../../electron/ml/metrics/index';
import { bootstrapInterval, quantileSorted } from '../../../electron/ml/metrics/bootstrap';
import { seeded } from '../../../electron/ml/random';

function normalSample(n: number, seed: number): Float64Array {
  const r = seeded(seed);
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next()));
}

const mean = (x: Float64Array) => (rows: Uint32Array) => rows.reduce((s, i) => s + x[i]!, 0) / rows.length;

describe('bootstrap intervals', () => {
  it('interpolates quantiles as numpy does', () => {
    // numpy.percentile([1, 2, 4, 8, 16], [2.5, 50, 97.5]) == [1.1, 4.0, 15.2]
    const sorted = [1, 2, 4, 8, 16];
    expect([quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.5), quantileSorted(sorted, 0.975)].map((v) => Number(v.toFixed(10)))).toEqual([1.1, 4, 15.2]);
  });

  it('gives the same interval for the same seed, and the width theory predicts for a mean (±1.96/√n)', () => {
    const x = normalSample(4000, 1);
    const a = bootstrapInterval(x.length, mean(x), { seed: 7 });
    expect(bootstrapInterval(x.length, mean(x), { seed: 7 })).toEqual(a);
    expect(bootstrapInterval(x.length, mean(x), { seed: 8 })).not.toEqual(a);
    expect(a.low).toBeLessThan(a.value);
    expect(a.high).toBeGreaterThan(a.value);
    const expected = (2 * 1.96) / Math.sqrt(x.length);
    expect(Math.abs((a.high - a.low) / expected - 1)).toBeLessThan(0.12);
  });

  it('narrows as rows grow: four times the rows, about half the width', () => {
    const r = seeded(3);
    const interval = (n: number) => {
      const yTrue = Int32Array.from({ length: n }, () => (r.next() < 0.5 ? 1 : 0));
      const yPred = Int32Array.from(yTrue, (y) => (r.next() < 0.8 ? y : 1 - y));
      const i = bootstrapInterval(n, (rows) => accuracy(Int32Array.from(rows, (k) => yTrue[k]!), Int32Array.from(rows, (k) => yPred[k]!)), { seed: 1 });
      return i.high - i.low;
    };
    const ratio = interval(500) / interval(2000);
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(2.5);
  });

  it('skips resamples where the metric is undefined, and refuses when most are', () => {
    const y = Int32Array.from({ length: 12 }, (_, i) => (i === 0 ? 1 : 0));
    const score = Float64Array.from({ length: 12 }, (_, i) => (i === 0 ? 0.9 : i / 20));
    const auc = (rows: Uint32Array) => rocAuc(Int32Array.from(rows, (k) => y[k]!), Float64Array.from(rows, (k) => score[k]!));
    // One positive in twelve: about (11/12)^12 ≈ 35% of resamples draw none, and ROC AUC is then undefined.
    const i = bootstrapInterval(12, auc, { seed: 2 });
    expect(i.skipped).toBeGreaterThan(200);
    expect(i.resamples + i.skipped).toBe(1000);
    // A statistic defined only when both row 0 and row 1 are drawn: about 60% of resamples lack one of them.
    const needsBoth = (rows: Uint32Array) => {
      if (!rows.includes(0) || !rows.includes(1)) throw new Error('undefined');
      return 1;
    };
    expect(() => bootstrapInterval(40, needsBoth, { seed: 2 })).toThrow(/undefined on \d+ of 1000 resamples/);
    expect(() => bootstrapInterval(0, () => 1)).toThrow('A confidence interval needs at least one row.');
  });
});
