/**
 * The leaderboard in SQL on a real workspace: one baseline trained by a real job, and runs like it written beside
 * it with chosen models, settings, metrics, costs, notes and tags. Every filter, sort and page is checked against
 * what the runs hold.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardInput, BoardStatsInput, ImportResult, Job, Run, RunBoard, RunBoardStats, RunProblem, RunSummary, TrainResult } from '../../../electron/contract/index';
import type { SuccessCriterion } from '../../../electron/contract/charters';
import { passesCharter } from '../../../electron/contract/criteria';
import { isFiltering, NO_FILTER } from '../../../electron/contract/leaderboard';
import { createCore } from '../../../electron/core/handlers';
import { Leaderboard } from '../../../electron/core/leaderboard';
import { newRunId, RunStore } from '../../../electron/core/runs';
import { openWorkspace } from '../../../electron/core/workspace';
import { nodeWorkerSpawner } from '../../../electron/jobs/spawn-node';
import { call, CSV } from '../../helpers/training';

// One workspace for the whole file (the shared helpers remove theirs after each test).
const dir = mkdtempSync(join(tmpdir(), 'gyre-board-'));
const ws = openWorkspace(join(dir, 'ws'));
const core = createCore({ ws, host: 'test', spawnWorker: nodeWorkerSpawner(), emit: () => {} });
const t = { ws, handlers: core.handlers, queue: core.queue, projectId: '', versionId: '' };
let real: Run;

afterAll(() => {
  core.queue.close();
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

/** [model, params, metrics, latency, notes, tags] for each written run, oldest first. */
const WRITTEN: [Run['model'], Record<string, unknown>, Record<string, number | null>, number | null, string, string[]][] = [
  ['gbdt', { trees: 200, depth: 6, learningRate: 0.1 }, { rocAuc: 0.81, logLoss: 0.45 }, 0.9, 'Deeper trees', ['deep']],
  ['gbdt', { trees: 50, depth: 3, learningRate: 0.3 }, { rocAuc: 0.78, logLoss: 0.5 }, 0.3, '', ['fast']],
  ['linear', { l2: 0.01, classWeight: 'balanced' }, { rocAuc: 0.74, logLoss: 0.55 }, 0.1, 'Übergewicht der Klassen', []],
  ['mlp', { hidden: [100, 50], alpha: 1e-4 }, { rocAuc: null, logLoss: 0.6 }, null, 'diverged', ['deep', 'review']],
  ['rf', { trees: 300, depth: 12 }, { rocAuc: 0.8, logLoss: 0.47 }, 2.5, '', ['fast']],
];

beforeAll(async () => {
  t.projectId = (await call<{ id: string }>(t.handlers, 'projects.create', { name: 'Churn' })).id;
  const imported = await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId: t.projectId, file: CSV })).id);
  t.versionId = (imported.result as ImportResult).versionId;
  const job = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['baseline'] })).id);
  real = await call<Run>(t.handlers, 'runs.get', { id: (job.result as TrainResult).runIds[0] });
  const store = new RunStore(t.ws.db);
  for (const [i, [model, params, metrics, latency, notes, tags]] of WRITTEN.entries()) {
    const id = store.addRun({ ...real, id: newRunId(), model, params, metrics: { ...real.metrics, ...metrics }, cost: latency === null ? null : { ...real.cost!, latencyP95Ms: latency }, trainSeconds: i + 1, splitId: real.split.id, onnxSha256: real.onnx.sha256 });
    // Distinct creation times, a second apart, in the order written.
    t.ws.db.prepare('UPDATE runs SET created_at = ?, notes = ?, tags = ? WHERE id = ?').run(`2026-01-0${i + 1}T00:00:00.000Z`, notes, JSON.stringify(tags), id);
  }
  t.ws.db.prepare('UPDATE runs SET created_at = ? WHERE id = ?').run('2025-12-31T00:00:00.000Z', real.id);
}, 60_000);

const board = (input: Partial<BoardInput> = {}) => call<RunBoard>(t.handlers, 'runs.board', { projectId: t.projectId, target: 'churned', task: 'binary', sort: { column: 'created', descending: true }, ...input });
const stats = (input: Partial<BoardStatsInput> = {}) => call<RunBoardStats>(t.handlers, 'runs.boardStats', { projectId: t.projectId, target: 'churned', task: 'binary', ...input });
const models = (rows: RunSummary[]) => rows.map((r) => r.model);
const search = async (text: string) => models((await board({ filter: { text } })).rows);

describe('the leaderboard in SQL', () => {
  it('lists the problems a project’s runs predict', async () => {
    const problems = await call<RunProblem[]>(t.handlers, 'runs.problems', { projectId: t.projectId });
    expect(problems).toEqual([{ target: 'churned', task: 'binary', runs: 6, latest: '2026-01-05T00:00:00.000Z' }]);
  });

  it('sorts by a metric either way with unmeasured runs last, and by creation time', async () => {
    expect(models((await board({ sort: { column: 'metric:rocAuc', descending: true } })).rows)).toEqual(['gbdt', 'rf', 'gbdt', 'linear', 'baseline', 'mlp']);
    expect(models((await board({ sort: { column: 'metric:rocAuc', descending: false } })).rows)).toEqual(['baseline', 'linear', 'gbdt', 'rf', 'gbdt', 'mlp']);
    expect(models((await board()).rows)).toEqual(['rf', 'mlp', 'linear', 'gbdt', 'gbdt', 'baseline']);
    const latencies = [0.1, 0.3, 0.9, 2.5, real.cost!.latencyP95Ms].sort((a, b) => a - b);
    expect((await board({ sort: { column: 'latency', descending: false } })).rows.map((r) => r.cost?.latencyP95Ms ?? null)).toEqual([...latencies, null]);
    expect((await board({ sort: { column: 'latency', descending: true } })).rows.map((r) => r.cost?.latencyP95Ms ?? null)).toEqual([...latencies.reverse(), null]);
    expect((await board({ sort: { column: 'train', descending: true } })).rows[0]!.trainSeconds).toBe(5);
  });

  it('sorts by a charter criterion as the charter reads it from the run', async () => {
    const byCriterion = await board({ sort: { column: 'criterion:roc_auc', descending: true } });
    const byMetric = await board({ sort: { column: 'metric:rocAuc', descending: true } });
    expect(byCriterion.rows.map((r) => r.id)).toEqual(byMetric.rows.map((r) => r.id));
    const bySize = await stats({ ranges: ['criterion:model_size_mb'] });
    expect(bySize.ranges['criterion:model_size_mb']).toEqual({ min: real.onnx.size / 1e6, max: real.onnx.size / 1e6, count: 6 });
  });

  it('pages the sorted runs and says how many match', async () => {
    const all = await board({ sort: { column: 'metric:logLoss', descending: false } });
    const first = await board({ sort: { column: 'metric:logLoss', descending: false }, limit: 4 });
    const second = await board({ sort: { column: 'metric:logLoss', descending: false }, offset: 4, limit: 4 });
    expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
    expect(first).toMatchObject({ total: 6, offset: 0 });
    expect(second).toMatchObject({ total: 6, offset: 4 });
    expect(second.rows).toHaveLength(2);
  });

  it('gives each asked column’s range over the matching runs, and what the filter bar offers', async () => {
    const result = await stats({ ranges: ['metric:rocAuc', 'latency', 'train'], filter: { models: ['gbdt', 'mlp'] } });
    expect(result.ranges['metric:rocAuc']).toEqual({ min: 0.78, max: 0.81, count: 2 });
    expect(result.ranges.latency).toEqual({ min: 0.3, max: 0.9, count: 2 });
    expect(result.ranges.train).toEqual({ min: 1, max: 4, count: 3 });
    expect(result).toMatchObject({ total: 3, runs: 6, models: ['baseline', 'gbdt', 'linear', 'mlp', 'rf'], tags: ['deep', 'fast', 'review'] });
  });

  it('filters by model, tag and a metric’s range', async () => {
    expect(models((await board({ filter: { tags: ['fast'] } })).rows)).toEqual(['rf', 'gbdt']);
    expect(models((await board({ filter: { tags: ['review', 'fast'], models: ['mlp'] } })).rows)).toEqual(['mlp']);
    expect(models((await board({ filter: { metric: 'rocAuc', min: 0.75, max: 0.805 } })).rows)).toEqual(['rf', 'gbdt']);
    expect(models((await board({ filter: { metric: 'rocAuc', min: null, max: 0.75 } })).rows)).toEqual(['linear', 'baseline']);
    // A metric chosen with no bounds is no filter.
    expect((await board({ filter: { metric: 'rocAuc' } })).total).toBe(6);
    expect(await stats({ filter: { tags: ['fast'] } })).toMatchObject({ total: 2, runs: 6 });
    expect(isFiltering({ ...NO_FILTER, metric: 'rocAuc' })).toBe(false);
    expect(isFiltering({ ...NO_FILTER, text: ' x ' })).toBe(true);
  });

  it('matches search words in ids, models, dataset names, notes and tags, in any case and any language', async () => {
    expect(await search('DEEP')).toEqual(['mlp', 'gbdt']);
    expect(await search('übergewicht')).toEqual(['linear']);
    expect(await search('customers gbdt')).toEqual(['gbdt', 'gbdt']);
    expect(await search(real.id.slice(4, 12))).toEqual(['baseline']);
    expect(await search('nothing-like-this')).toEqual([]);
    // SQL's wildcards are plain characters in a search.
    expect(await search('%')).toEqual([]);
  });

  it('compares settings and metrics: numbers as numbers, text and lists by their text', async () => {
    expect(await search('depth=6')).toEqual(['gbdt']);
    expect(await search('depth=6.0')).toEqual(['gbdt']);
    expect(await search('trees>=200')).toEqual(['rf', 'gbdt']);
    expect(await search('gbdt learningRate<0.2')).toEqual(['gbdt']);
    expect(await search('rocAuc>0.79 logLoss<0.46')).toEqual(['gbdt']);
    expect(await search('classWeight=BALANCED')).toEqual(['linear']);
    expect(await search('hidden=[100,50]')).toEqual(['mlp']);
    expect(await search('trees>many')).toEqual([]);
    // A run whose metric is undefined matches no comparison of it.
    expect(await search('rocAuc<1')).not.toContain('mlp');
  });

  it('counts the runs that meet every charter criterion as the charter judges each run', async () => {
    const summaries = new RunStore(t.ws.db).summaries(t.projectId);
    const criteria: SuccessCriterion[][] = [
      [{ metric: 'roc_auc', direction: 'higher', acceptable: 0.79, target: 0.85 }],
      [{ metric: 'roc_auc', direction: 'higher', acceptable: 0.75, target: 0.85 }, { metric: 'p95_latency_ms', direction: 'lower', acceptable: 1, target: 0.5 }],
      [{ metric: 'log_loss', direction: 'lower', acceptable: 0.5, target: 0.4 }, { metric: 'model_size_mb', direction: 'lower', acceptable: 10, target: 1 }],
      [{ metric: 'model_size_mb', direction: 'lower', acceptable: 0.000001, target: 0.000001 }],
    ];
    const counts = criteria.map((c) => new Leaderboard(t.ws.db).judge(t.projectId, c));
    expect(counts.map((c) => c.passing)).toEqual(criteria.map((c) => summaries.filter((r) => passesCharter(r, c)).length));
    expect(counts.map((c) => c.passing)).toEqual([2, 2, 3, 0]);
    expect(new Leaderboard(t.ws.db).judge(t.projectId, [])).toEqual({ runs: 6, passing: 0 });
  });

  it('refuses a column it does not know, saying which', async () => {
    await expect(board({ sort: { column: 'criterion:speed', descending: true } })).rejects.toThrow('"speed" is not a charter metric.');
    await expect(board({ sort: { column: 'metric:x"; DROP TABLE runs; --', descending: true } })).rejects.toThrow('Not a leaderboard column.');
  });
});
