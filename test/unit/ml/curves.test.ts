/** Evaluation curves stored with runs: calibration equals scikit-learn's; thinned curves keep their ends. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibration, prPoints, residualSample, rocPoints, thin } from '../../../electron/ml/metrics/curves';

interface Case { name: string; bins: number; y: number[]; p: number[]; expected: { observed: number[]; predicted: number[] } }
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/ml/calibration-expected.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('evaluation curves', () => {
  for (const c of fixture.cases) {
    it(`bins like scikit-learn's calibration_curve: ${c.name}`, () => {
      const got = calibration(Int32Array.from(c.y), Float64Array.from(c.p), c.bins);
      expect(got.observed).toHaveLength(c.expected.observed.length);
      got.observed.forEach((v, i) => expect(v).toBeCloseTo(c.expected.observed[i]!, 12));
      got.predicted.forEach((v, i) => expect(v).toBeCloseTo(c.expected.predicted[i]!, 12));
      expect(got.count.reduce((a, b) => a + b, 0)).toBe(c.p.length);
    });
  }

  it('thins a long curve to evenly spaced points, keeping the first and the last', () => {
    const xs = Array.from({ length: 1001 }, (_, i) => i);
    const { x, y } = thin(xs, xs.map((v) => v * 2), 11);
    expect(x).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(y).toEqual(x.map((v) => v * 2));
    expect(thin([1, 2], [3, 4], 10)).toEqual({ x: [1, 2], y: [3, 4] });
  });

  it('gives ROC and PR curves from (0,0) to (1,1) and from recall 1 to recall 0, and residual pairs', () => {
    const y = Int32Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const score = Float64Array.from(y, (v, i) => v * 0.3 + ((i * 7919) % 1000) / 1000);
    const roc = rocPoints(y, score)!;
    expect(roc.x.length).toBeLessThanOrEqual(200);
    expect([roc.x[0], roc.y[0], roc.x.at(-1), roc.y.at(-1)]).toEqual([0, 0, 1, 1]);
    const pr = prPoints(y, score);
    expect([pr.x[0], pr.x.at(-1), pr.y.at(-1)]).toEqual([1, 0, 1]);
    expect(rocPoints(new Int32Array(10), new Float64Array(10))).toBeNull();
    const r = residualSample(Float64Array.from({ length: 2000 }, (_, i) => i), Float64Array.from({ length: 2000 }, (_, i) => i + 1), 100);
    expect(r.predicted).toHaveLength(100);
    expect(r.actual[0]).toBe(0);
    expect(r.predicted[0]).toBe(1);
  });
});
