/** The study view's numbers: best value so far, Spearman's ρ (equal to scipy's), and which trials are compared. */
import { describe, expect, it } from 'vitest';
import type { Trial } from '../../../electron/contract/studies';
import { bestSoFar, comparableTrials, importance, spearman } from '../../../renderer/src/stages/train/studyData';

const trial = (number: number, rung: number, value: number | null, params: Record<string, unknown>): Trial =>
  ({ number, config: number, rung, params, budget: 1, rows: 100, value, seconds: 1, status: value === null ? 'failed' : 'completed', error: null }) as Trial;

describe('study data', () => {
  it('tracks the best value so far in either direction, skipping failed trials', () => {
    const trials = [trial(1, 0, 0.5, {}), trial(2, 0, null, {}), trial(3, 0, 0.4, {}), trial(4, 0, 0.6, {})];
    expect(bestSoFar(trials, 'lower')).toEqual([0.5, 0.5, 0.4, 0.4]);
    expect(bestSoFar(trials, 'higher')).toEqual([0.5, 0.5, 0.5, 0.6]);
  });

  it("computes Spearman's rho with average ranks for ties, as scipy.stats.spearmanr", () => {
    // scipy.stats.spearmanr([1, 2, 2, 3, 5], [2, 1, 4, 4, 9]).correlation == 0.7631578947368421 (scipy 1.10)
    expect(spearman([1, 2, 2, 3, 5], [2, 1, 4, 4, 9])).toBeCloseTo(0.7631578947368421, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(spearman([1, 2], [1, 2])).toBeNull();
  });

  it('ranks parameters by |rho| on the largest rung with four trials, layer lists by their total units', () => {
    const trials = [
      trial(1, 0, 0.9, { depth: 2, hidden: [32] }),
      ...[1, 2, 3, 4].map((i) => trial(1 + i, 1, 0.5 - i * 0.05, { depth: i + 2, hidden: i % 2 ? [64] : [32, 32], trees: 100 })),
    ];
    expect(comparableTrials(trials).map((t) => t.number)).toEqual([2, 3, 4, 5]);
    const ranked = importance(trials, ['hidden', 'depth', 'trees']);
    expect(ranked[0]).toEqual({ param: 'depth', value: 1 });
    expect(ranked.find((r) => r.param === 'trees')!.value).toBe(0);
  });
});
