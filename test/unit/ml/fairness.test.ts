/** Group fairness: rates per group and disparities between groups, with Fairlearn's definitions, on hand-counted fixtures. */
import { describe, expect, it } from 'vitest';
import { checkFairness, groupFairness, MISSING_GROUP, type GroupRates } from '../../../electron/ml/evaluate/fairness';

/**
 * Four groups, counted by hand:
 *   A (6 rows): tp 2, fn 1, fp 1, tn 2 → selection 3/6, TPR 2/3, FPR 1/3, precision 2/3, accuracy 4/6
 *   B (4 rows): tp 1, fn 1, fp 1, tn 1 → selection 2/4, TPR 1/2, FPR 1/2, precision 1/2, accuracy 2/4
 *   C (3 rows): tp 0, fn 0, fp 1, tn 2 → selection 1/3, TPR undefined (no positives), FPR 1/3, precision 0/1, accuracy 2/3
 *   missing (3 rows): tp 1, fn 0, fp 1, tn 1 → selection 2/3, TPR 1/1, FPR 1/2, precision 1/2, accuracy 2/3
 */
const rows: [string | null, number, number][] = [
  ['A', 1, 1], ['A', 1, 1], ['A', 1, 0], ['A', 0, 1], ['A', 0, 0], ['A', 0, 0],
  ['B', 1, 1], ['B', 1, 0], ['B', 0, 1], ['B', 0, 0],
  ['C', 0, 0], ['C', 0, 1], ['C', 0, 0],
  [null, 1, 1], [null, 0, 1], [null, 0, 0],
];
const groups = rows.map((r) => r[0]);
const yTrue = Int32Array.from(rows, (r) => r[1]);
const yPred = Int32Array.from(rows, (r) => r[2]);

function rates(g: GroupRates) {
  return [g.selectionRate, g.tpr, g.fpr, g.precision, g.accuracy];
}

describe('group fairness', () => {
  const report = groupFairness(groups, yTrue, yPred);
  const byName = (name: string) => report.groups.find((g) => g.group === name)!;

  it('counts each group, largest first, with the missing group kept as its own group', () => {
    expect(report.groups.map((g) => [g.group, g.count, g.positives])).toEqual([
      ['A', 6, 3], ['B', 4, 2], [MISSING_GROUP, 3, 1], ['C', 3, 0],
    ]);
    expect(byName(MISSING_GROUP).missing).toBe(true);
    expect(byName('A').share).toBeCloseTo(6 / 16, 12);
    expect([byName('A').tp, byName('A').fn, byName('A').fp, byName('A').tn]).toEqual([2, 1, 1, 2]);
  });

  it('gives each group its selection rate, TPR, FPR, precision and accuracy', () => {
    expect(rates(byName('A'))).toEqual([1 / 2, 2 / 3, 1 / 3, 2 / 3, 2 / 3]);
    expect(rates(byName('B'))).toEqual([1 / 2, 1 / 2, 1 / 2, 1 / 2, 1 / 2]);
    expect(rates(byName(MISSING_GROUP))).toEqual([2 / 3, 1, 1 / 2, 1 / 2, 2 / 3]);
  });

  it('reports an undefined rate as null, never NaN: TPR of a group with no positives', () => {
    expect(rates(byName('C'))).toEqual([1 / 3, null, 1 / 3, 0, 2 / 3]);
    expect(JSON.stringify(report)).not.toContain('NaN');
  });

  it('gives the overall row over all 16 rows: tp 4, fn 2, fp 4, tn 6', () => {
    expect(report.overall.count).toBe(16);
    expect(rates(report.overall)).toEqual([8 / 16, 4 / 6, 4 / 10, 4 / 8, 10 / 16]);
  });

  it('measures disparities between groups: max − min and min / max, leaving out undefined rates', () => {
    // Selection rates 1/2, 1/2, 1/3, 2/3; TPRs 2/3, 1/2, 1 (C has none); FPRs 1/3, 1/2, 1/3, 1/2.
    expect(report.demographicParityDifference).toBeCloseTo(1 / 3, 12);
    expect(report.demographicParityRatio).toBeCloseTo(1 / 2, 12);
    // TPR difference 1/2 beats FPR difference 1/6; TPR ratio 1/2 is below FPR ratio 2/3.
    expect(report.equalizedOddsDifference).toBeCloseTo(1 / 2, 12);
    expect(report.equalizedOddsRatio).toBeCloseTo(1 / 2, 12);
  });

  it('flags groups under 30 rows as small', () => {
    expect(report.groups.every((g) => g.small)).toBe(true);
    const big = groupFairness(Array.from({ length: 40 }, (_, i) => (i < 30 ? 'big' : 'tiny')), new Int32Array(40), new Int32Array(40));
    expect(big.groups.map((g) => [g.group, g.small])).toEqual([['big', false], ['tiny', true]]);
  });

  it('reports only counts for groups under minGroupRows and leaves them out of the disparities', () => {
    const r = groupFairness(groups, yTrue, yPred, { minGroupRows: 4 });
    const c = r.groups.find((g) => g.group === 'C')!;
    expect([c.count, c.countsOnly, ...rates(c)]).toEqual([3, true, null, null, null, null, null]);
    // Only A and B remain: selection 1/2 and 1/2; TPR 2/3 and 1/2; FPR 1/3 and 1/2.
    expect(r.demographicParityDifference).toBe(0);
    expect(r.demographicParityRatio).toBe(1);
    expect(r.equalizedOddsDifference).toBeCloseTo(1 / 6, 12);
    expect(r.equalizedOddsRatio).toBeCloseTo(2 / 3, 12);
  });

  it('gives a null ratio, not NaN, when the largest rate is 0', () => {
    // Nobody selected: every selection rate and TPR is 0; b has no negatives, so only a has an FPR (0).
    const r = groupFairness(['a', 'a', 'b'], Int32Array.of(1, 0, 1), Int32Array.of(0, 0, 0));
    expect(r.demographicParityDifference).toBe(0);
    expect(r.demographicParityRatio).toBeNull();
    expect(r.equalizedOddsDifference).toBe(0);
    expect(r.equalizedOddsRatio).toBeNull();
    expect(checkFairness(r, 0.8, 'ratio').passed).toBeNull();
    expect(checkFairness(r, 0.1, 'difference').passed).toBe(true);
  });

  it('checks an allowed difference (at most) and an allowed ratio (at least)', () => {
    const strict = checkFairness(report, 0.1, 'difference');
    expect([strict.demographicParity.passed, strict.equalizedOdds.passed, strict.passed]).toEqual([false, false, false]);
    const fourFifths = checkFairness(report, 0.5, 'ratio');
    expect([fourFifths.demographicParity.value, fourFifths.passed]).toEqual([report.demographicParityRatio, true]);
    expect(checkFairness(report, 0.6, 'ratio').passed).toBe(false);
    expect(() => checkFairness(report, 1.5, 'ratio')).toThrow(/between 0 and 1/);
  });

  it('scores a multiclass target one-vs-rest for the chosen positive class', () => {
    // x: true 0,1,2 / predicted 0,2,2 → for class 2: tp 1, fp 1, tn 1; y: true 2,1,0 / predicted 1,1,0 → fn 1, tn 2.
    const r = groupFairness(['x', 'x', 'x', 'y', 'y', 'y'], Int32Array.of(0, 1, 2, 2, 1, 0), Int32Array.of(0, 2, 2, 1, 1, 0), { positive: 2 });
    const [x, y] = r.groups;
    expect([x!.tp, x!.fp, x!.tn, x!.fn, ...rates(x!)]).toEqual([1, 1, 1, 0, 2 / 3, 1, 1 / 2, 1 / 2, 2 / 3]);
    expect([y!.tp, y!.fp, y!.tn, y!.fn, ...rates(y!)]).toEqual([0, 0, 2, 1, 0, 0, 0, null, 2 / 3]);
    expect(r.demographicParityDifference).toBeCloseTo(2 / 3, 12);
  });

  it('refuses a multiclass target with no positive class named, and misaligned inputs', () => {
    expect(() => groupFairness(['a', 'b'], Int32Array.of(0, 2), Int32Array.of(0, 1))).toThrow(/class 2.*positive/);
    expect(() => groupFairness(['a'], Int32Array.of(0, 1), Int32Array.of(0, 1))).toThrow(/groups has 1 rows but y_true has 2/);
    expect(() => groupFairness(['a', 'b'], Int32Array.of(0, 1), Int32Array.of(0, -1))).toThrow(/y_pred must hold class indices/);
    expect(() => groupFairness(['a'], Int32Array.of(1), Int32Array.of(1), { minGroupRows: 0 })).toThrow(/minGroupRows/);
  });
});
