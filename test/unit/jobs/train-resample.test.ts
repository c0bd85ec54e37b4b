/**
 * Resampling for class imbalance through the real training job (worker process, DuckDB, onnxruntime, SQLite): the
 * split, the test rows and what they measure stay exactly those of an un-resampled run; only the rows a model fits
 * on change, and the run records how.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Job, Run, TrainResult } from '../../../electron/contract/index';
import { readTrainingData } from '../../../electron/jobs/tasks/training-data';
import { fitPipeline } from '../../../electron/ml/pipeline';
import { transform } from '../../../electron/ml/preprocess/transform';
import { seeded } from '../../../electron/ml/random';
import { call, imported } from '../../helpers/training';
import { tempDir } from '../../helpers/workspace';

/** 1,000 customers of whom about one in eight churns; churn follows tenure and plan. Some tenures are missing. */
function imbalancedCsv(): string {
  const random = seeded(17);
  const lines = ['tenure,plan,monthly_spend,churned,spend'];
  for (let i = 0; i < 1000; i++) {
    const tenure = Math.floor(random.next() * 60);
    const plan = ['basic', 'pro', 'team'][random.int(3)]!;
    const spend = 20 + random.next() * 80;
    const logit = -0.6 - tenure / 15 + (plan === 'basic' ? 0.9 : 0) + (spend - 60) / 60;
    const churned = random.next() < 1 / (1 + Math.exp(-logit));
    lines.push(`${i % 25 === 3 ? '' : tenure},${plan},${spend.toFixed(2)},${churned},${(spend * 1.1).toFixed(2)}`);
  }
  const file = join(tempDir(), 'imbalanced.csv');
  writeFileSync(file, lines.join('\n'));
  return file;
}

const support = (run: Run) => ((run.details as unknown as { confusionMatrix: number[][] }).confusionMatrix).map((row) => row.reduce((a, b) => a + b, 0));

describe('training with resampling', () => {
  it('SMOTE never touches the test split: the same test rows, the same support, and no synthetic row from a test row', async () => {
    const t = await imported(imbalancedCsv());
    const base = { projectId: t.projectId, versionId: t.versionId, target: 'churned', seed: 7, params: { trees: 30, earlyStoppingRounds: 5, epochs: 20, hidden: [8] } };
    const train = async (input: Record<string, unknown>) => {
      const job = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { ...base, ...input })).id);
      expect(job.status, job.message).toBe('succeeded');
      return Promise.all((job.result as TrainResult).runIds.map((id) => call<Run>(t.handlers, 'runs.get', { id })));
    };
    const [plainBaseline, plainGbdt] = await train({ models: ['baseline', 'gbdt'] });
    const [baseline, gbdt, mlp] = await train({ models: ['baseline', 'gbdt', 'mlp'], resample: { method: 'smote' } });

    // The split is the un-resampled run's: the same test rows (by their hash), the same counts.
    for (const run of [baseline!, gbdt!, mlp!]) {
      expect(run.split).toMatchObject({ membershipHash: plainGbdt!.split.membershipHash, testRows: plainGbdt!.split.testRows, trainRows: plainGbdt!.split.trainRows });
      expect(support(run)).toEqual(support(plainGbdt!));
    }
    // The baseline is never resampled: it stays the plain reference.
    expect(baseline!.details.resample).toBeUndefined();
    expect(baseline!.metrics).toEqual(plainBaseline!.metrics);
    // Boosting and the MLP fitted on balanced rows; their early-stopping rows were set aside first, as they were.
    const trainRows = plainGbdt!.split.trainRows;
    for (const run of [gbdt!, mlp!]) {
      const record = run.details.resample!;
      expect(record).toMatchObject({ method: 'smote', ratio: 1, k: 5, dropped: 0, duplicated: 0, notes: [] });
      expect(record.validationRows).toBe(Math.round(trainRows * 0.1));
      const [no, yes] = record.classes;
      expect(no!.label).toBe('false');
      expect(no!.before + yes!.before + record.validationRows).toBe(trainRows);
      expect(yes!.before / no!.before).toBeLessThan(0.3);
      expect([no!.after, yes!.after]).toEqual([no!.before, no!.before]);
      expect(record.synthetic).toBe(no!.before - yes!.before);
      expect(run.params).toMatchObject({ resample: 'smote', resampleRatio: 1, smoteK: 5 });
      expect(run.details.request!.resample).toEqual({ method: 'smote', ratio: 1, k: 5 });
    }
    // Balanced rows move predictions towards the rare class: recall rises over the un-resampled model's.
    expect(gbdt!.metrics.recall!).toBeGreaterThan(plainGbdt!.metrics.recall!);

    // Re-run: the recorded request trains the same model from the same resampled rows.
    const again = await t.queue.wait((await call<Job>(t.handlers, 'runs.reproduce', { id: gbdt!.id })).id);
    expect(again.status, again.message).toBe('succeeded');
    const rerun = await call<Run>(t.handlers, 'runs.get', { id: (again.result as TrainResult).runIds[0] });
    expect(rerun.metrics).toEqual(gbdt!.metrics);
    expect(rerun.details.resample).toEqual(gbdt!.details.resample);

    // In the pipeline itself: every row the model fitted on is a training row or made from two training rows.
    const ctx = { jobId: 'test', workspaceDir: '', report: () => undefined };
    const data = await readTrainingData(t.ws, { versionId: t.versionId, target: 'churned', seed: 7 }, ctx);
    const pipeline = await fitPipeline({ frame: data.frame, target: 'churned', encoded: data.encoded, train: data.split.trainRows, test: data.split.testRows, model: 'gbdt', params: base.params, seed: 7, provider: 'cpu', metadata: {}, resample: { method: 'smote', ratio: 1, k: 5 } });
    const { source, neighbour, record } = pipeline.resampled!;
    expect(record).toEqual(gbdt!.details.resample);
    const training = new Set(data.split.trainRows);
    const testing = new Set(data.split.testRows);
    for (let i = 0; i < source.length; i++) {
      expect(training.has(source[i]!)).toBe(true);
      expect(testing.has(source[i]!)).toBe(false);
      if (neighbour[i]! >= 0) expect(training.has(neighbour[i]!) && !testing.has(neighbour[i]!)).toBe(true);
    }
    // …and no synthetic row equals a test row, feature for feature.
    const { set } = pipeline.resampled!;
    const width = pipeline.preprocessor.featureNames.length;
    const vectors = (data: Float32Array, rows: number, at: number[]) => at.map((i) => Array.from({ length: width }, (_, f) => data[f * rows + i]).join(','));
    const test = transform(pipeline.preprocessor, data.frame, data.split.testRows);
    const testVectors = new Set(vectors(test.data, test.rows, Array.from({ length: test.rows }, (_, i) => i)));
    const synthetic = Array.from(neighbour).flatMap((n, i) => (n >= 0 ? [i] : []));
    expect(synthetic).toHaveLength(record.synthetic);
    expect(vectors(set.features.data, set.features.rows, synthetic).filter((v) => testVectors.has(v))).toEqual([]);
    // The validation rows went in last and unchanged: they are training rows the estimator never saw resampled.
    expect(set.validation).toHaveLength(record.validationRows);
    expect(Array.from(set.validation!, (i) => neighbour[i])).toEqual(Array(record.validationRows).fill(-1));
  });

  it('oversampling and undersampling change only the rows a model fits on, and a regression target is refused', async () => {
    const t = await imported(imbalancedCsv());
    const base = { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['linear'], seed: 3 };
    const run = async (resample?: Record<string, unknown>) => {
      const job = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { ...base, ...(resample ? { resample } : {}) })).id);
      expect(job.status, job.message).toBe('succeeded');
      return call<Run>(t.handlers, 'runs.get', { id: (job.result as TrainResult).runIds[0] });
    };
    const plain = await run();
    const over = await run({ method: 'oversample', ratio: 0.5 });
    const under = await run({ method: 'undersample' });
    for (const r of [over, under]) expect(support(r)).toEqual(support(plain));
    const [no, yes] = over.details.resample!.classes;
    expect(yes!.after).toBe(Math.floor(no!.before * 0.5));
    expect(over.details.resample).toMatchObject({ method: 'oversample', ratio: 0.5, validationRows: 0, synthetic: 0, duplicated: yes!.after - yes!.before });
    expect(under.details.resample!.classes.map((c) => c.after)).toEqual([yes!.before, yes!.before]);
    expect(under.details.resample!.dropped).toBe(no!.before - yes!.before);
    // Regression has no classes: refused when asked (the task given) or when the job finds it (the task inferred).
    await expect(call(t.handlers, 'runs.train', { ...base, target: 'spend', task: 'regression', resample: { method: 'smote' } })).rejects.toMatchObject({ code: 'VALIDATION', details: { issues: [expect.objectContaining({ field: 'resample' })] } });
    const inferred = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { ...base, target: 'spend', resample: { method: 'smote' } })).id);
    expect(inferred.status).toBe('failed');
    expect(inferred.error).toMatchObject({ code: 'VALIDATION', message: 'Resampling (resample) balances classes; this target is a number (regression).', details: { field: 'resample' } });
  });
});
