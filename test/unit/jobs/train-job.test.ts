/** Training as a real job: worker process, DuckDB, onnxruntime, the object store and SQLite. */
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { Handlers, ImportResult, Job, Run, TrainResult } from '../../../electron/contract/index';
import { dispatch } from '../../../electron/core/dispatch';
import { tempHandlers } from '../../helpers/workspace';

const CSV = fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url));

async function call<T>(handlers: Handlers, name: string, input: unknown): Promise<T> {
  const { envelope } = await dispatch(handlers, name, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.result as T;
}

async function imported() {
  const t = tempHandlers();
  const project = await call<{ id: string }>(t.handlers, 'projects.create', { name: 'Churn' });
  const job = await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId: project.id, file: CSV })).id);
  return { ...t, projectId: project.id, versionId: (job.result as ImportResult).versionId };
}

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
  });

  it('refuses a target that is an identifier, with a sentence, and saves nothing', async () => {
    const t = await imported();
    const job = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'customer_id', models: ['baseline'] })).id);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toBe('"customer_id" is an identifier; choose a category, a yes/no or a number as the target.');
    expect(await call<Run[]>(t.handlers, 'runs.list', { projectId: t.projectId })).toEqual([]);
  });
});
