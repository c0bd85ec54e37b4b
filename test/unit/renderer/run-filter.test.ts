/** The leaderboard's run filter: models, tags, a metric range and a search line of words and comparisons. */
import { describe, expect, it } from 'vitest';
import type { RunSummary as Run } from '../../../electron/contract/runs';
import { filterRuns, isFiltering, NO_FILTER } from '../../../renderer/src/stages/train/runFilter';

function run(id: string, model: Run['model'], params: Record<string, unknown>, metrics: Record<string, number | null>, extra: Partial<Run> = {}): Run {
  return { id, model, params, metrics, tags: [], notes: '', reproduces: null, dataset: { id: 'd', name: 'customers', version: 1 }, ...extra } as Run;
}

const runs = [
  run('run_a1', 'gbdt', { nTrees: 100, maxDepth: 6, hidden: undefined }, { rocAuc: 0.84, logLoss: 0.41 }, { tags: ['first-try'], notes: 'deeper trees next' }),
  run('run_b2', 'gbdt', { nTrees: 300, maxDepth: 4 }, { rocAuc: 0.86, logLoss: 0.39 }),
  run('run_c3', 'mlp', { hidden: [128, 64] }, { rocAuc: 0.8, logLoss: null }, { tags: ['nn'] }),
  run('run_d4', 'baseline', {}, { rocAuc: 0.5, logLoss: 0.66 }),
];
const ids = (f: Partial<typeof NO_FILTER>) => filterRuns(runs, { ...NO_FILTER, ...f }).map((r) => r.id);

describe('run filter', () => {
  it('keeps everything without a filter', () => {
    expect(ids({})).toEqual(['run_a1', 'run_b2', 'run_c3', 'run_d4']);
    expect(isFiltering(NO_FILTER)).toBe(false);
  });

  it('filters by model, by tag and by a metric range (runs without the metric drop out)', () => {
    expect(ids({ models: ['gbdt'] })).toEqual(['run_a1', 'run_b2']);
    expect(ids({ tags: ['nn', 'first-try'] })).toEqual(['run_a1', 'run_c3']);
    expect(ids({ metric: 'rocAuc', min: 0.8, max: 0.85 })).toEqual(['run_a1', 'run_c3']);
    expect(ids({ metric: 'logLoss', max: 0.5 })).toEqual(['run_a1', 'run_b2']);
    expect(isFiltering({ ...NO_FILTER, metric: 'rocAuc' })).toBe(false);
  });

  it('matches every word of the search line: text, settings by value, settings and metrics by comparison', () => {
    expect(ids({ text: 'deeper' })).toEqual(['run_a1']);
    expect(ids({ text: 'maxDepth=6' })).toEqual(['run_a1']);
    expect(ids({ text: 'nTrees>=200' })).toEqual(['run_b2']);
    expect(ids({ text: 'gbdt rocAuc>0.85' })).toEqual(['run_b2']);
    expect(ids({ text: 'hidden=[128,64]' })).toEqual(['run_c3']);
    expect(ids({ text: 'logLoss<1' })).toEqual(['run_a1', 'run_b2', 'run_d4']);
    expect(ids({ text: 'nTrees>lots' })).toEqual([]);
    expect(ids({ text: 'CUSTOMERS run_d' })).toEqual(['run_d4']);
  });
});
