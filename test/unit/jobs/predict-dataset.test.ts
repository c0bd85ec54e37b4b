/**
 * Batch prediction as a real job: a GBDT trained and registered on the customers fixture scores a dataset version
 * into a new version (the input's rows as they were, the predictions `gyre predict` names appended, lineage to the
 * input), equal to the run's own scoring of the same rows; a version lacking a column the model reads is refused.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetDetail, Dataset, ImportResult, Job, ModelVersion, PredictResult, Run, TrainResult } from '../../../electron/contract/index';
import { DatasetService } from '../../../electron/core/datasets';
import { readFrame } from '../../../electron/data/frame-reader';
import { sqlString, withDuck } from '../../../electron/data/duck';
import { modelScorer } from '../../../electron/jobs/tasks/model-scorer';
import { modelInputs } from '../../../electron/ml/onnx/model-inputs';
import { call, CSV, imported } from '../../helpers/training';
import { tempDir } from '../../helpers/workspace';

async function registered() {
  const t = await imported(CSV);
  const trained = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['gbdt'], seed: 5, params: { trees: 20 } })).id);
  expect(trained.status, trained.error?.message).toBe('succeeded');
  const run = await call<Run>(t.handlers, 'runs.get', { id: (trained.result as TrainResult).runIds[0] });
  await call<ModelVersion>(t.handlers, 'registry.register', { runId: run.id, name: 'churn', description: 'For batch scoring' });
  const predict = async (versionId: string, name?: string) => t.queue.wait((await call<Job>(t.handlers, 'bundles.predict', { projectId: t.projectId, ref: 'churn@1', versionId, ...(name ? { name } : {}) })).id);
  const datasets = new DatasetService(t.ws.db);
  const parquet = (versionId: string) => t.ws.objects.pathOf(datasets.version(versionId).objectSha256);
  return { ...t, run, predict, parquet, datasets };
}

describe('batch prediction job', () => {
  it('writes a new dataset version: the input rows as they were, the run\'s predictions appended, lineage to the input', async () => {
    const t = await registered();
    const job = await t.predict(t.versionId);
    expect(job.status, job.error?.message).toBe('succeeded');
    const result = job.result as PredictResult;
    expect(result).toMatchObject({ datasetName: 'customers-scored-churn-v1', version: 1, rowCount: 300, addedColumns: ['predicted_label', 'probability_false', 'probability_true'] });

    const input = t.datasets.version(t.versionId);
    const output = t.datasets.version(result.versionId);
    expect(output.rowCount).toBe(input.rowCount);
    expect(output.columns.map((c) => c.name)).toEqual([...input.columns.map((c) => c.name), 'predicted_label', 'probability_false', 'probability_true']);
    expect(output.columns.slice(0, input.columns.length)).toEqual(input.columns);
    expect(output.operation).toBe('predict with churn@1');
    expect(output.parentIds).toEqual([t.versionId]);
    expect((await call<DatasetDetail>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: result.datasetId })).name).toBe('customers-scored-churn-v1');

    // The input's columns unchanged, typed as stored; the predictions equal the run's scoring of the same frame.
    const names = input.columns.map((c) => `"${c.name}"`).join(', ');
    const [before, after, added] = await withDuck(async (duck) => [
      await duck.arrays(`SELECT ${names} FROM read_parquet(${sqlString(t.parquet(t.versionId))})`),
      await duck.arrays(`SELECT ${names} FROM read_parquet(${sqlString(t.parquet(result.versionId))})`),
      await duck.columns(`SELECT predicted_label, probability_false, probability_true FROM read_parquet(${sqlString(t.parquet(result.versionId))})`),
    ]);
    expect(after).toEqual(before);
    const onnx = t.ws.objects.read(t.run.onnx.sha256);
    const { inputs } = modelInputs(onnx);
    const frame = await withDuck((duck) => readFrame(duck, t.parquet(t.versionId), input.columns, inputs.map((i) => i.column)));
    const scorer = await modelScorer(onnx, inputs, t.run.task, 'cpu');
    const expected = await scorer.predict(frame);
    await scorer.release();
    const [labels, pFalse, pTrue] = added as [string[], number[], number[]];
    for (let r = 0; r < 300; r++) {
      expect(pFalse[r]!).toBeCloseTo(expected[2 * r]!, 6);
      expect(pTrue[r]!).toBeCloseTo(expected[2 * r + 1]!, 6);
    }
    expect(new Set(labels)).toEqual(new Set(['false', 'true']));

    // Without a saved threshold the label is the file's own (the likelier class).
    for (let r = 0; r < 300; r++) expect(labels[r]).toBe(pTrue[r]! > pFalse[r]! ? 'true' : 'false');

    // A saved decision threshold decides the label, as the bundle's server decides it; scoring again into the
    // same name makes its next version.
    await call(t.handlers, 'registry.update', { projectId: t.projectId, ref: 'churn@1', threshold: 0.3 });
    const again = await t.predict(t.versionId, 'customers-scored-churn-v1');
    expect(again.status, again.error?.message).toBe('succeeded');
    expect((again.result as PredictResult)).toMatchObject({ datasetId: result.datasetId, version: 2 });
    const [relabelled, p2] = (await withDuck((duck) => duck.columns(`SELECT predicted_label, probability_true FROM read_parquet(${sqlString(t.parquet((again.result as PredictResult).versionId))})`))) as [string[], number[]];
    for (let r = 0; r < 300; r++) expect(relabelled[r]).toBe(p2[r]! >= 0.3 ? 'true' : 'false');
    expect(relabelled.filter((l) => l === 'true').length).toBeGreaterThan(labels.filter((l) => l === 'true').length);
  }, 120_000);

  it('refuses a version lacking a column the model reads, naming it, and writes no dataset', async () => {
    const t = await registered();
    const [header, ...lines] = readFileSync(CSV, 'utf8').trim().split('\n');
    const drop = header!.split(',').indexOf('plan');
    const file = join(tempDir(), 'no-plan.csv');
    writeFileSync(file, [header!, ...lines].map((l) => l.split(',').filter((_, i) => i !== drop).join(',')).join('\n'));
    const imported = await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId: t.projectId, file })).id);
    expect(imported.status, imported.error?.message).toBe('succeeded');
    const before = (await call<Dataset[]>(t.handlers, 'datasets.list', { projectId: t.projectId })).map((d) => d.name);

    const job = await t.predict((imported.result as ImportResult).versionId);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/no-plan v1 lacks the column the model needs: "plan"/);
    expect((await call<Dataset[]>(t.handlers, 'datasets.list', { projectId: t.projectId })).map((d) => d.name)).toEqual(before);
  }, 120_000);

  it('scores a file: imports it as a dataset version first, then scores that version; one source, not both or neither', async () => {
    const t = await registered();
    const [header, ...lines] = readFileSync(CSV, 'utf8').trim().split('\n');
    const target = header!.split(',').indexOf('churned');
    const file = join(tempDir(), 'next-month.csv');
    writeFileSync(file, [header!, ...lines.slice(0, 40)].map((l) => l.split(',').filter((_, i) => i !== target).join(',')).join('\n'));

    const job = await t.queue.wait((await call<Job>(t.handlers, 'bundles.predict', { projectId: t.projectId, ref: 'churn@1', file })).id);
    expect(job.status, job.error?.message).toBe('succeeded');
    const result = job.result as PredictResult;
    expect(result).toMatchObject({ datasetName: 'next-month-scored-churn-v1', version: 1, rowCount: 40, addedColumns: ['predicted_label', 'probability_false', 'probability_true'] });
    // The file is a dataset version of its own (the import's lineage: the file's name and SHA-256), the scored one's parent.
    const raw = await call<DatasetDetail>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'next-month' });
    expect(raw.versions[0]!.source).toMatchObject({ name: 'next-month.csv' });
    expect(t.datasets.version(result.versionId).parentIds).toEqual([raw.versions[0]!.id]);

    for (const both of [{}, { versionId: t.versionId, file }]) {
      await expect(call(t.handlers, 'bundles.predict', { projectId: t.projectId, ref: 'churn@1', ...both })).rejects.toThrow('Give a dataset version or a file to score (one of the two).');
    }
  }, 120_000);
});
