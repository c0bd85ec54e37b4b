/** Threshold sweep, best threshold, and cumulative gain and lift for a binary classifier's scores. */
import { describe, expect, it } from 'vitest';
import { bestThreshold, gainAndLift, thresholdSweep } from '../../../electron/ml/evaluate/thresholds';
import { precisionRecallF1 } from '../../../electron/ml/metrics/classification';
import { seeded } from '../../../electron/ml/random';

/** Labels and scores where positives score higher on average; `decimals` rounds scores to force ties. */
function randomData(n: number, seed: number, decimals?: number): { y: Int32Array; score: Float64Array } {
  const random = seeded(seed);
  const y = Int32Array.from({ length: n }, () => (random.next() < 0.3 ? 1 : 0));
  const score = Float64Array.from(y, (v) => {
    const s = Math.min(1, Math.max(0, 0.35 * v + 0.65 * random.next()));
    return decimals === undefined ? s : Number(s.toFixed(decimals));
  });
  return { y, score };
}

function bruteForce(y: Int32Array, score: Float64Array, t: number) {
  const counts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < y.length; i++) {
    const predicted = score[i]! >= t;
    if (predicted) counts[y[i] === 1 ? 'tp' : 'fp']++;
    else counts[y[i] === 1 ? 'fn' : 'tn']++;
  }
  return counts;
}

describe('threshold sweep', () => {
  it('counts tp, fp, tn and fn at every threshold exactly as a row-by-row count does', () => {
    for (const [n, seed, decimals] of [[1000, 1, 2], [3000, 2, undefined], [7, 3, 1]] as const) {
      const { y, score } = randomData(n, seed, decimals);
      const sweep = thresholdSweep(y, score);
      for (const p of sweep.points) expect({ tp: p.tp, fp: p.fp, tn: p.tn, fn: p.fn }).toEqual(bruteForce(y, score, p.threshold));
    }
  });

  it('uses every distinct score when they fit, thins to at most 201 thresholds otherwise, and always includes 0.5', () => {
    const small = randomData(1000, 4, 2);
    const distinct = new Set(small.score);
    const sweep = thresholdSweep(small.y, small.score);
    expect(sweep.points.map((p) => p.threshold)).toEqual([...new Set([...distinct, 0.5])].sort((a, b) => a - b));
    const large = randomData(5000, 5);
    const thinned = thresholdSweep(large.y, large.score).points.map((p) => p.threshold);
    expect(thinned.length).toBeLessThanOrEqual(201);
    expect(thinned).toContain(0.5);
    expect(thinned[0]).toBe(Math.min(...large.score));
    expect(thinned.at(-1)).toBe(Math.max(...large.score));
    expect(thinned.every((t, i) => i === 0 || t > thinned[i - 1]!)).toBe(true);
    expect(thresholdSweep(large.y, large.score, 11).points.length).toBeLessThanOrEqual(11);
  });

  it('gives the same precision and recall at 0.5 as the classification metrics on score ≥ 0.5', () => {
    const { y, score } = randomData(2000, 6);
    const at = thresholdSweep(y, score).points.find((p) => p.threshold === 0.5)!;
    const expected = precisionRecallF1(y, Int32Array.from(score, (s) => (s >= 0.5 ? 1 : 0)), 'binary');
    expect(at.precision).toBeCloseTo(expected.precision, 12);
    expect(at.recall).toBeCloseTo(expected.recall, 12);
    expect(at.f1).toBeCloseTo(expected.f1, 12);
    expect(at.accuracy).toBeCloseTo((at.tp + at.tn) / 2000, 12);
  });

  it('flips all rows with equal scores together', () => {
    // Three rows tied at 0.5: no threshold predicts one of them positive without the others.
    const y = Int32Array.of(0, 1, 0, 1, 1);
    const score = Float64Array.of(0.3, 0.5, 0.5, 0.5, 0.8);
    const sweep = thresholdSweep(y, score);
    expect(sweep.points.map((p) => [p.threshold, p.tp + p.fp])).toEqual([[0.3, 5], [0.5, 4], [0.8, 1]]);
    expect(sweep.points[1]).toMatchObject({ tp: 3, fp: 1, tn: 1, fn: 0, precision: 3 / 4, recall: 1 });
  });

  it('adds 0.5 even above every score, where nothing is predicted positive and precision counts as 0', () => {
    const sweep = thresholdSweep(Int32Array.of(0, 1), Float64Array.of(0.1, 0.2));
    expect(sweep.points.at(-1)).toMatchObject({ threshold: 0.5, tp: 0, fp: 0, tn: 1, fn: 1, precision: 0, recall: 0, f1: 0, accuracy: 0.5 });
  });

  it('picks the threshold with the best F1 or accuracy, the one nearest 0.5 on a tie', () => {
    const y = Int32Array.of(0, 0, 1, 1);
    const score = Float64Array.of(0.1, 0.2, 0.7, 0.9);
    const sweep = thresholdSweep(y, score);
    // 0.5 and 0.7 both separate the classes perfectly; 0.5 is nearer.
    expect(bestThreshold(sweep, 'f1')).toMatchObject({ threshold: 0.5, f1: 1 });
    expect(bestThreshold(sweep, 'accuracy').threshold).toBe(0.5);
    const shifted = thresholdSweep(y, Float64Array.of(0.1, 0.6, 0.8, 0.9));
    expect(bestThreshold(shifted, 'f1')).toMatchObject({ threshold: 0.8, f1: 1 });
  });

  it('refuses non-binary labels, non-finite scores and misaligned inputs', () => {
    expect(() => thresholdSweep(Int32Array.of(0, 2), Float64Array.of(0.1, 0.2))).toThrow(/class indices \(0…1\)/);
    expect(() => thresholdSweep(Int32Array.of(0, 1), Float64Array.of(0.1, NaN))).toThrow(/row 1 holds NaN/);
    expect(() => thresholdSweep(Int32Array.of(0, 1), Float64Array.of(0.1))).toThrow(/2 rows but scores has 1/);
    expect(() => thresholdSweep(new Int32Array(0), new Float64Array(0))).toThrow(/empty/);
  });
});

describe('cumulative gain and lift', () => {
  it('captures positives decile by decile from the highest score down', () => {
    // Ten rows, best score first; positives at ranks 1, 3 and 10.
    const y = Int32Array.of(1, 0, 1, 0, 0, 0, 0, 0, 0, 1);
    const score = Float64Array.from({ length: 10 }, (_, i) => 1 - i / 10);
    const { deciles } = gainAndLift(y, score)!;
    expect(deciles.map((d) => d.gain)).toEqual([1 / 3, 1 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 1]);
    expect(deciles[0]!.lift).toBeCloseTo(10 / 3, 12);
    expect(deciles[2]!.lift).toBeCloseTo(20 / 9, 12);
    expect(deciles[9]!.lift).toBe(1);
    expect(deciles.map((d) => d.responseRate)).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 0, 1].map((v) => expect.closeTo(v, 12)));
  });

  it('draws a gain curve from (0, 0) to (1, 1) and a lift curve ending at 1, thinned', () => {
    const { y, score } = randomData(5000, 7);
    const { gain, lift } = gainAndLift(y, score)!;
    expect([gain.share[0], gain.gain[0], gain.share.at(-1), gain.gain.at(-1)]).toEqual([0, 0, 1, 1]);
    expect(gain.share.length).toBeLessThanOrEqual(201);
    expect(gain.gain.every((g, i) => i === 0 || g >= gain.gain[i - 1]!)).toBe(true);
    expect([lift.share.at(-1), lift.lift.at(-1)]).toEqual([1, 1]);
    expect(lift.share[0]).toBeGreaterThan(0);
    expect(lift.lift[0]).toBeGreaterThan(1);
  });

  it('treats tied scores as one group: all rows tied gives the random model, gain = share and lift 1', () => {
    const y = Int32Array.of(1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0);
    const { deciles, gain } = gainAndLift(y, new Float64Array(12).fill(0.4))!;
    for (const d of deciles) {
      expect(d.gain).toBeCloseTo(d.share, 12);
      expect(d.lift).toBeCloseTo(1, 12);
    }
    expect(gain).toEqual({ share: [0, 1], gain: [0, 1] });
  });

  it('has no gain curve when y_true holds no positive', () => {
    expect(gainAndLift(Int32Array.of(0, 0), Float64Array.of(0.2, 0.9))).toBeNull();
  });
});
