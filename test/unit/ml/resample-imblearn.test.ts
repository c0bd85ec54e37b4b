/**
 * Gyre's resampling against imbalanced-learn's answers on the same rows (test/fixtures/ml/make-resample-expected.py):
 * the rows per class after each method, SMOTE's neighbours, and SMOTE's rows as segments between neighbours.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ResampleMethod } from '../../../electron/contract/resample';
import { continuousLayout } from '../../../electron/ml/augment/layout';
import { nearestNeighbours } from '../../../electron/ml/augment/neighbours';
import { fitResample } from '../../../electron/ml/augment/resample';
import { groupScales, searchPoints } from '../../../electron/ml/augment/space';
import type { TrainingSet } from '../../../electron/ml/types';

interface Expected {
  k: number;
  x: number[][];
  binary: number[];
  multi: number[];
  cases: { target: 'binary' | 'multi'; method: ResampleMethod; ratio: number; after: number[] }[];
  neighbours: Record<'binary' | 'multi', Record<string, number[][]>>;
  smoteRows: number[][];
}

const expected = JSON.parse(readFileSync(new URL('../../fixtures/ml/resample-expected.json', import.meta.url), 'utf8')) as Expected;
const rows = expected.x.length;
const width = expected.x[0]!.length;
const data = new Float32Array(rows * width);
expected.x.forEach((row, r) => row.forEach((v, f) => (data[f * rows + r] = v)));
const setOf = (labels: number[]): TrainingSet => ({ features: { rows, names: ['a', 'b', 'c', 'd'], data }, target: Float64Array.from(labels) });

describe('resampling, against imbalanced-learn', () => {
  it.each(expected.cases.map((c) => [c.method, c.target, c.ratio, c] as const))('%s on the %s target at ratio %s leaves as many rows per class', async (_m, _t, _r, c) => {
    const labels = expected[c.target];
    const classes = c.target === 'binary' ? 2 : 3;
    const out = await fitResample(setOf(labels), { method: c.method, ratio: c.ratio, ...(c.method === 'smote' ? { k: expected.k } : {}) }, { classes, seed: 1 });
    expect(out.after).toEqual(c.after);
  });

  it('finds the same k nearest neighbours as imbalanced-learn, in the same order', () => {
    const layout = continuousLayout(width);
    for (const target of ['binary', 'multi'] as const) {
      const labels = expected[target];
      const features = setOf(labels).features;
      for (const [c, theirs] of Object.entries(expected.neighbours[target])) {
        const members = Uint32Array.from(labels.flatMap((y, r) => (y === Number(c) ? [r] : [])));
        const points = searchPoints(features, layout, groupScales(features, layout), members);
        const ours = nearestNeighbours(points, Uint32Array.from(members, (_, i) => i), expected.k);
        expect(Array.from({ length: members.length }, (_, i) => Array.from(ours.subarray(i * expected.k, (i + 1) * expected.k)))).toEqual(theirs);
      }
    }
  });

  it("reads imbalanced-learn's SMOTE rows as Gyre makes its own: on a segment from a class row to one of its neighbours", () => {
    const minority = expected.binary.flatMap((y, r) => (y === 1 ? [r] : []));
    const near = expected.neighbours.binary['1']!;
    for (const row of expected.smoteRows) {
      const found = minority.some((b, i) =>
        near[i]!.some((j) => {
          const [from, to] = [expected.x[b]!, expected.x[minority[j]!]!];
          const gap = (row[0]! - from[0]!) / (to[0]! - from[0]!);
          return gap >= -1e-6 && gap <= 1 + 1e-6 && row.every((v, f) => Math.abs(v - (from[f]! + gap * (to[f]! - from[f]!))) < 1e-5);
        }),
      );
      expect(found).toBe(true);
    }
  });
});
