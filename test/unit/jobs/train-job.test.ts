/** Training as a real job: worker process, DuckDB, onnxruntime, the object store and SQLite. */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { Job, Run, RunCurves, RunEvaluation, TrainResult } from '../../../electron/contract/index';
import { decodeModel, encodeModel } from '../../../electron/ml/onnx/graph';
import { call, imported, signalCsv } from '../../helpers/training';

describe('training job', () => {
  it('trains a baseline on a stratified split, judges its exported ONNX file and saves the run', async () => {
    const t = await imported();
    const job = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['baseline'] })).id);
    expect(job.status, job.message).toBe('succeeded');
    const { runIds } = job.result as TrainResult;
    const run = await call<Run>(t.handlers, 'runs.get', { id: runIds[0] });
    expect(run).toMatchObject({ task: 'binary', model: 'baseline', target: 'churned', details: { classLabels: ['false', 'true'], provider: 'cpu' } });
    expect(run.split.trainRows + run.split.testRows).toBe(300);
    expect(run.split.testRows).toBe(60);
    // The baseline predicts the majority class for everyone: its accuracy is that class's share of the test rows.
    const [[tn, fp], [fn, tp]] = (run.details as unknown as { confusionMatrix: number[][] }).confusionMatrix as [[number, number], [number, number]];
    expect(fp + tp).toBe(0);
    expect(run.metrics.accuracy).toBeCloseTo(tn / (tn + fn), 12);
    expect(run.metrics.rocAuc).toBe(0.5);
    // The stored file is a model onnxruntime loads, with its metadata.
    const session = await ort.InferenceSession.create(t.ws.objects.read(run.onnx.sha256));
    expect([...session.inputNames].sort()).toEqual(['age', 'city', 'monthly_spend', 'plan', 'signup_date']);
    expect(session.outputNames).toEqual(expect.arrayContaining(['label', 'probabilities']));
    expect(await call<Run[]>(t.handlers, 'runs.list', { projectId: t.projectId })).toHaveLength(1);
    // A time budget decides which models start: the first always runs, the rest wait for time that is spent.
    const budgeted = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['baseline', 'linear', 'gbdt'], budgetSeconds: 0.001 })).id);
    expect(budgeted.status, budgeted.message).toBe('succeeded');
    expect(budgeted.result).toMatchObject({ skipped: ['linear', 'gbdt'] });
    expect((budgeted.result as TrainResult).runIds).toHaveLength(1);
  });

  it('trains a linear model that beats the baseline, and a ridge regression, each judged through its exported file', async () => {
    const t = await imported(signalCsv());
    const job = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['baseline', 'linear'], seed: 3 })).id);
    expect(job.status, job.message).toBe('succeeded');
    const [baseline, linear] = await Promise.all((job.result as TrainResult).runIds.map((id) => call<Run>(t.handlers, 'runs.get', { id })));
    expect(linear!.split.id).toBe(baseline!.split.id);
    expect(linear!.details.featureNames).toEqual(expect.arrayContaining(['tenure', 'tenure_missing', 'plan=(other)', 'signup_date.year']));
    expect(linear!.metrics.logLoss!).toBeLessThan(baseline!.metrics.logLoss! - 0.1);
    expect(linear!.metrics.rocAuc!).toBeGreaterThan(0.8);
    expect((linear!.details as unknown as { parityMaxDiff: number }).parityMaxDiff).toBeLessThan(1e-5);
    // The user's column choices: "plan" left out, tenure min-max scaled; recorded, so a re-run makes them again.
    const columns = [{ column: 'plan', drop: true }, { column: 'tenure', scale: 'minmax' as const }];
    const chosen = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['linear'], seed: 3, columns })).id);
    expect(chosen.status, chosen.message).toBe('succeeded');
    const without = await call<Run>(t.handlers, 'runs.get', { id: (chosen.result as TrainResult).runIds[0] });
    expect(without.details.dropped).toContainEqual({ column: 'plan', reason: 'left out by you' });
    expect(without.details.featureNames.some((f) => f.startsWith('plan='))).toBe(false);
    expect(without.details.request!.columns).toEqual(columns);
    const refused = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['linear'], columns: [{ column: 'planet', drop: true }] })).id);
    expect(refused.error?.message).toBe('There is no column "planet" in this dataset version.');
    const ridge = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'spend', models: ['baseline', 'linear'] })).id);
    expect(ridge.status, ridge.message).toBe('succeeded');
    const [mean, run] = await Promise.all((ridge.result as TrainResult).runIds.map((id) => call<Run>(t.handlers, 'runs.get', { id })));
    expect(run!.task).toBe('regression');
    expect(run!.split.excluded).toEqual({ rows: 20, reason: '20 with no target value' });
    expect(run!.metrics.r2!).toBeGreaterThan(0.5);
    expect(run!.metrics.rmse!).toBeLessThan(mean!.metrics.rmse!);
  });

  it('trains an MLP that beats the baseline, for classes and for numbers; the same seed gives the same file', async () => {
    const t = await imported(signalCsv());
    const train = async (target: string) => {
      const job = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target, models: ['baseline', 'mlp'], seed: 4, params: { hidden: [16], epochs: 60, mlpLearningRate: 0.01 } })).id);
      expect(job.status, job.message).toBe('succeeded');
      return Promise.all((job.result as TrainResult).runIds.map((id) => call<Run>(t.handlers, 'runs.get', { id })));
    };
    const [baseline, mlp] = await train('churned');
    expect(mlp!.model).toBe('mlp');
    expect(mlp!.params).toMatchObject({ hidden: [16], epochs: 60, optimizer: 'adam', trainingProvider: 'cpu' });
    expect(mlp!.details.featureNames).toEqual(expect.arrayContaining(['tenure', 'tenure_missing']));
    // The signal is logistic-linear with noise: a linear model reaches ≈ 0.80 on it, and so should the MLP, near enough.
    expect(mlp!.metrics.rocAuc!).toBeGreaterThan(0.75);
    expect(mlp!.metrics.logLoss!).toBeLessThan(baseline!.metrics.logLoss! - 0.05);
    expect((mlp!.details as unknown as { parityMaxDiff: number }).parityMaxDiff).toBeLessThan(1e-5);
    // Tracked: learning curves per epoch, what the run cost, the code that made it; notes and tags added later.
    const curves = await call<RunCurves>(t.handlers, 'runs.curves', { id: mlp!.id });
    expect(curves.unit).toBe('epoch');
    expect(curves.series['training loss']).toHaveLength(mlp!.params.epochsRun as number);
    expect(curves.series['validation loss']).toHaveLength(mlp!.params.epochsRun as number);
    expect(await call<RunCurves>(t.handlers, 'runs.curves', { id: baseline!.id })).toEqual({ unit: null, series: {} });
    expect(mlp!.cost!.cpuSeconds).toBeGreaterThan(0);
    expect(mlp!.cost!.peakMemoryMb).toBeGreaterThan(50);
    expect(mlp!.cost!.scoringRowsPerSecond).toBeGreaterThan(100);
    expect(mlp!.cost!.latencyP95Ms).toBeGreaterThanOrEqual(mlp!.cost!.latencyP50Ms);
    expect(mlp!.codeVersion).toMatch(/^\d+\.\d+\.\d+(\+[0-9a-f]{12})?$/);
    const annotated = await call<Run>(t.handlers, 'runs.annotate', { id: mlp!.id, notes: 'first try', tags: ['mlp', 'small', 'mlp'] });
    expect(annotated).toMatchObject({ notes: 'first try', tags: ['mlp', 'small'] });
    expect((await call<Run>(t.handlers, 'runs.get', { id: mlp!.id })).tags).toEqual(['mlp', 'small']);
    const [, again] = await train('churned');
    const graphOf = (run: Run) => Buffer.from(encodeModel({ ...decodeModel(t.ws.objects.read(run.onnx.sha256)), metadataProps: [] } as never));
    expect(graphOf(again!).equals(graphOf(mlp!))).toBe(true);
    const [mean, regression] = await train('spend');
    expect(regression!.metrics.r2!).toBeGreaterThan(0.5);
    expect(regression!.metrics.rmse!).toBeLessThan(mean!.metrics.rmse!);
  });

  it('trains a decision tree, a random forest and boosted trees that beat the baseline; the same seed gives the same model', async () => {
    const t = await imported(signalCsv());
    const train = async (models: string[], target = 'churned') => {
      const job = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target, models, seed: 5, params: { trees: 40 } })).id);
      expect(job.status, job.message).toBe('succeeded');
      return Promise.all((job.result as TrainResult).runIds.map((id) => call<Run>(t.handlers, 'runs.get', { id })));
    };
    const [baseline, tree, rf, gbdt] = await train(['baseline', 'tree', 'rf', 'gbdt']);
    // Progress names the best test metric so far once a model has been judged.
    const messages = t.events.filter((e) => e.event === 'job').map((e) => (e.payload as Job).message);
    expect(messages).toContainEqual(expect.stringMatching(/^Training rf \(3 of 4\); best so far: \w+, ROC AUC 0\.\d{4}$/));
    for (const run of [tree!, rf!, gbdt!]) {
      expect(run.metrics.rocAuc!, run.model).toBeGreaterThan(0.7);
      expect((run.details as unknown as { parityMaxDiff: number }).parityMaxDiff, run.model).toBeLessThan(1e-5);
    }
    expect(gbdt!.metrics.logLoss!).toBeLessThan(baseline!.metrics.logLoss!);
    const curves = await call<RunCurves>(t.handlers, 'runs.curves', { id: gbdt!.id });
    expect(curves).toMatchObject({ unit: 'round' });
    expect(curves.series['training loss']).toHaveLength(40);
    expect(curves.series['training loss']!.at(-1)!).toBeLessThan(curves.series['training loss']![0]!);
    // The evaluation charts are stored with the run, from the exported file's test output.
    const evaluation = await call<RunEvaluation>(t.handlers, 'runs.evaluation', { id: gbdt!.id });
    expect(evaluation.roc!.x[0]).toBe(0);
    expect(evaluation.roc!.y.at(-1)).toBe(1);
    expect(evaluation.calibration!.count.reduce((a, b) => a + b, 0)).toBe(gbdt!.split.testRows);
    expect(evaluation.confusion).toEqual((gbdt!.details as unknown as { confusionMatrix: number[][] }).confusionMatrix);
    // Determinism: a second job with the same seed exports the same graph (only the run id in the metadata differs).
    const [again] = await train(['gbdt']);
    const graphOf = (run: Run) => Buffer.from(encodeModel({ ...decodeModel(t.ws.objects.read(run.onnx.sha256)), metadataProps: [] } as never));
    expect(graphOf(again!).equals(graphOf(gbdt!))).toBe(true);
    // Reproduce: the run's recorded request trains the same model again, and says which run it reproduces.
    expect(gbdt!.details.request).toEqual({ task: 'binary', split: null, seed: 5, params: { trees: 40 }, provider: 'auto' });
    const rerun = await t.queue.wait((await call<Job>(t.handlers, 'runs.reproduce', { id: gbdt!.id })).id);
    expect(rerun.status, rerun.message).toBe('succeeded');
    const reproduced = await call<Run>(t.handlers, 'runs.get', { id: (rerun.result as TrainResult).runIds[0] });
    expect(reproduced.details.reproduces).toBe(gbdt!.id);
    expect(reproduced.metrics).toEqual(gbdt!.metrics);
    expect(graphOf(reproduced).equals(graphOf(gbdt!))).toBe(true);
    const [multiclass] = await train(['gbdt'], 'plan');
    expect(multiclass).toMatchObject({ task: 'multiclass', details: { classLabels: ['basic', 'pro', 'team'] } });
    const [regression] = await train(['gbdt'], 'spend');
    expect(regression!.metrics.r2!).toBeGreaterThan(0.5);
    const residuals = (await call<RunEvaluation>(t.handlers, 'runs.evaluation', { id: regression!.id })).residuals!;
    expect(residuals.predicted).toHaveLength(regression!.split.testRows);
    expect(residuals.actual).toHaveLength(regression!.split.testRows);
  });

  it('cancels a training job by killing its worker: no run and no model object is kept', async () => {
    const t = await imported(signalCsv(30_000));
    const objectsBefore = t.ws.db.prepare('SELECT count(*) AS n FROM objects').get() as { n: number };
    const job = await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['gbdt', 'rf'], params: { trees: 2000 } });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (t.queue.get(job.id).progress > 0.05) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    await call(t.handlers, 'jobs.cancel', { id: job.id });
    expect((await t.queue.wait(job.id)).status).toBe('cancelled');
    expect(await call<Run[]>(t.handlers, 'runs.list', { projectId: t.projectId })).toEqual([]);
    expect(t.ws.db.prepare('SELECT count(*) AS n FROM objects').get()).toEqual(objectsBefore);
  });

  it('refuses a target that is an identifier, with a sentence, and saves nothing', async () => {
    const t = await imported();
    const job = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'customer_id', models: ['baseline'] })).id);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toBe('"customer_id" is an identifier; choose a category, a yes/no or a number as the target.');
    expect(await call<Run[]>(t.handlers, 'runs.list', { projectId: t.projectId })).toEqual([]);
  });
});
