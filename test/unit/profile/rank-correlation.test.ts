/** Spearman's matrix against a direct, quadratic reading of its definition, on random columns with ties and gaps. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spearmanMatrix as matrixOf, toColumn } from '../../../electron/data/profile/rank-correlation';

const spearmanMatrix = (columns: (number | null)[][]) => matrixOf(columns.map(toColumn));

/** Average 1-based ranks by counting: rank(x) = #(< x) + (#(= x) + 1) / 2. */
function naiveRanks(xs: number[]): number[] {
  return xs.map((x) => xs.filter((y) => y < x).length + (xs.filter((y) => y === x).length + 1) / 2);
}

function naivePearson(x: number[], y: number[]): number | null {
  const n = x.length;
  if (n < 2) return null;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

function naiveSpearman(a: (number | null)[], b: (number | null)[]): number | null {
  const rows = a.flatMap((x, i) => (x !== null && b[i] !== null ? [[x, b[i]!] as const] : []));
  return naivePearson(naiveRanks(rows.map((r) => r[0])), naiveRanks(rows.map((r) => r[1])));
}

describe('spearmanMatrix', () => {
  it('equals ranking each pair\'s complete rows afresh, with ties sharing their mean rank', () => {
    // Few distinct values and many gaps, so ties and pairwise deletion both matter.
    const value = fc.option(fc.integer({ min: -3, max: 3 }), { freq: 4 });
    const table = fc.integer({ min: 0, max: 40 }).chain((rows) => fc.array(fc.array(value, { minLength: rows, maxLength: rows }), { minLength: 2, maxLength: 4 }));
    fc.assert(
      fc.property(table, (columns) => {
        const got = spearmanMatrix(columns);
        for (let i = 0; i < columns.length; i++) {
          expect(got[i]![i]).toBe(1);
          for (let j = i + 1; j < columns.length; j++) {
            const want = naiveSpearman(columns[i]!, columns[j]!);
            if (want === null) expect(got[i]![j]).toBeNull();
            else expect(got[i]![j]).toBeCloseTo(want, 12);
            expect(got[j]![i]).toBe(got[i]![j]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is 1 for a monotone relation however curved, and -1 reversed', () => {
    const x = [1, 2, 3, 4, 5, 6];
    const m = spearmanMatrix([x, x.map((v) => v ** 3), x.map((v) => -Math.exp(v))]);
    expect(m[0]![1]).toBeCloseTo(1, 15);
    expect(m[0]![2]).toBeCloseTo(-1, 15);
  });
});
