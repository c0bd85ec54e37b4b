/** Tuning as a real job: worker process and threads, DuckDB, onnxruntime, the object store and SQLite. */
import { describe, expect, it } from 'vitest';
import type { Job, Run, Study, StudyDetail, TuneResult } from '../../../electron/contract/index';
import { call, imported, signalCsv } from '../../helpers/training';

describe('tuning job', () => {
  it('runs a halving study on validation rows, saves every trial, and trains the best configuration into a judged run', async () => {
    const t = await imported(signalCsv());
    const start = { projectId: t.projectId, versionId: t.versionId, target: 'churned', model: 'gbdt', strategy: 'halving', trials: 9, seed: 3, space: { trees: { type: 'int', low: 5, high: 40, log: true } } };
    const job = await t.queue.wait((await call<Job>(t.handlers, 'studies.start', start)).id);
    expect(job.status, job.message).toBe('succeeded');
    const result = job.result as TuneResult;
    expect(result.trialsRun).toBe(9 + 3 + 1);
    const { study, trials, best } = await call<StudyDetail>(t.handlers, 'studies.get', { id: result.studyId });
    expect(study).toMatchObject({ status: 'succeeded', task: 'binary', model: 'gbdt', strategy: 'halving', metric: 'log_loss', direction: 'lower', budget: { seconds: null, trials: 9 }, seed: 3, runId: result.runId, trialsRun: 13 });
    expect(study.space.trees).toEqual({ type: 'int', low: 5, high: 40, log: true });
    expect(study.space.learningRate).toEqual({ type: 'float', low: 0.01, high: 0.3, log: true });
    expect(trials.map((x) => x.rung)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2]);
    expect(trials.filter((x) => x.status === 'pruned')).toHaveLength(6 + 2);
    // 600 rows: 480 train, of which 96 validate the trials and 384 train them (a ninth, a third, all).
    expect(trials.map((x) => x.rows)).toEqual([...Array(9).fill(43), 128, 128, 128, 384]);
    expect(best).toEqual(trials[12]);
    // The run is a regular one: the best configuration on all training rows, judged on the test rows.
    const run = await call<Run>(t.handlers, 'runs.get', { id: result.runId });
    expect(run.details).toMatchObject({ study: study.id, request: { params: best!.params, seed: 3 } });
    expect(run.params).toMatchObject({ nTrees: best!.params.trees, maxDepth: best!.params.depth, learningRate: best!.params.learningRate });
    expect(run.split.trainRows).toBe(480);
    expect(run.metrics.rocAuc!).toBeGreaterThan(0.7);
    expect((run.details as unknown as { parityMaxDiff: number }).parityMaxDiff).toBeLessThan(1e-5);
    expect(await call<Study[]>(t.handlers, 'studies.list', { projectId: t.projectId })).toEqual([study]);
    expect(t.events.some((e) => e.event === 'job' && /^Trial \d+ of 13, best log loss 0\.\d+/.test((e.payload as Job).message))).toBe(true);
    // The same seed, data, space and trial count: the same trials and the same best configuration.
    const again = (await t.queue.wait((await call<Job>(t.handlers, 'studies.start', start)).id)).result as TuneResult;
    const second = await call<StudyDetail>(t.handlers, 'studies.get', { id: again.studyId });
    expect(second.trials.map((x) => [x.params, x.value])).toEqual(trials.map((x) => [x.params, x.value]));
    expect(second.best!.params).toEqual(best!.params);
  });

  it('refuses a bad space or metric before queueing, in a sentence', async () => {
    const t = await imported(signalCsv());
    const base = { projectId: t.projectId, versionId: t.versionId, target: 'churned', seed: 1 };
    await expect(call(t.handlers, 'studies.start', { ...base, model: 'rf', space: { alpha: { type: 'float', low: 0.1, high: 1 } } })).rejects.toThrow('Search space, "alpha": Random forest does not use it; its space takes trees, depth, minLeaf.');
    await expect(call(t.handlers, 'studies.start', { ...base, model: 'gbdt', task: 'binary', metric: 'rmse' })).rejects.toThrow('A study cannot optimise rmse for binary classification; choose one of log_loss, roc_auc, pr_auc, accuracy, balanced_accuracy, f1.');
    expect(await call<Study[]>(t.handlers, 'studies.list', { projectId: t.projectId })).toEqual([]);
  });

  it('cancels a study by killing its worker: the study reads as cancelled, and no run is saved', async () => {
    const t = await imported(signalCsv(20_000));
    const job = await call<Job>(t.handlers, 'studies.start', { projectId: t.projectId, versionId: t.versionId, target: 'churned', model: 'gbdt', strategy: 'random', trials: 50, seed: 2, space: { trees: { type: 'int', low: 300, high: 500 } } });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (t.queue.get(job.id).message.startsWith('Trial')) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    await call(t.handlers, 'jobs.cancel', { id: job.id });
    expect((await t.queue.wait(job.id)).status).toBe('cancelled');
    const [study] = await call<Study[]>(t.handlers, 'studies.list', { projectId: t.projectId });
    expect(study).toMatchObject({ status: 'cancelled', runId: null, finishedAt: null });
    expect(study!.trialsRun).toBeGreaterThan(0);
    expect(await call<Run[]>(t.handlers, 'runs.list', { projectId: t.projectId })).toEqual([]);
  });
});
