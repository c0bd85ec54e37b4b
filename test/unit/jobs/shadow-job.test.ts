/**
 * Shadow validation as a real job: two versions trained and registered on the customers fixture, compared on a
 * dataset version (agreement and both models' accuracy equal what scoring each model on its own gives) and on a
 * bundle server's prediction log with outcomes joined by request id; mismatched choices are refused clearly.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportResult, Job, ModelVersion, Run, ShadowRecord, ShadowSummary, TrainResult } from '../../../electron/contract/index';
import { DatasetService } from '../../../electron/core/datasets';
import { withDuck } from '../../../electron/data/duck';
import { readFrame } from '../../../electron/data/frame-reader';
import { modelScorer } from '../../../electron/jobs/tasks/model-scorer';
import { cellValue } from '../../../electron/ml/evaluate/report';
import { modelInputs } from '../../../electron/ml/onnx/model-inputs';
import { call, CSV, imported } from '../../helpers/training';
import { tempDir } from '../../helpers/workspace';

async function twoVersions() {
  const t = await imported(CSV);
  const trained = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['gbdt', 'linear'], seed: 5, params: { trees: 20 } })).id);
  expect(trained.status, trained.error?.message).toBe('succeeded');
  const runs = await Promise.all((trained.result as TrainResult).runIds.map((id) => call<Run>(t.handlers, 'runs.get', { id })));
  const gbdt = runs.find((r) => r.model === 'gbdt')!;
  const linear = runs.find((r) => r.model === 'linear')!;
  await call<ModelVersion>(t.handlers, 'registry.register', { runId: gbdt.id, name: 'churn' });
  await call<ModelVersion>(t.handlers, 'registry.register', { runId: linear.id, name: 'churn' });
  const shadow = async (source: unknown, production = 'churn@1', candidate = 'churn@2') => t.queue.wait((await call<Job>(t.handlers, 'shadow.start', { projectId: t.projectId, production, candidate, source })).id);
  return { ...t, gbdt, linear, shadow };
}

/** Each run's labels (argmax) and the truth on every row of the version, scored apart from the job. */
async function labelsOf(t: Awaited<ReturnType<typeof twoVersions>>, run: Run) {
  const version = new DatasetService(t.ws.db).version(t.versionId);
  const onnx = t.ws.objects.read(run.onnx.sha256);
  const { inputs } = modelInputs(onnx);
  const frame = await withDuck((duck) => readFrame(duck, t.ws.objects.pathOf(version.objectSha256), version.columns, [...inputs.map((i) => i.column), 'churned']));
  const scorer = await modelScorer(onnx, inputs, run.task, 'cpu');
  const p = await scorer.predict(frame);
  await scorer.release();
  const labels = run.details.classLabels!;
  const truth = frame.columns.find((c) => c.name === 'churned')!;
  return Array.from({ length: frame.rows }, (_, r) => ({ label: labels[p[2 * r + 1]! > p[2 * r]! ? 1 : 0]!, truth: String(cellValue(truth, r)) }));
}

describe('shadow validation job', () => {
  it('compares two versions on a dataset version: agreement and both accuracies as each model alone gives them', async () => {
    const t = await twoVersions();
    const job = await t.shadow({ kind: 'dataset', versionId: t.versionId });
    expect(job.status, job.error?.message).toBe('succeeded');
    const summary = job.result as ShadowSummary;
    expect(summary).toMatchObject({ production: 'churn@1', candidate: 'churn@2', mode: 'shadow', rows: 300, sourceLabel: 'customers v1 (300 rows)' });
    // Both were trained on these rows: the report says their metrics read better than on new rows.
    expect(summary.notes).toEqual(['churn@1', 'churn@2'].map((r) => `${r} was trained on customers v1 (300 rows): its training rows are among these, so its metrics here read better than they will on new rows.`));

    const [prod, cand] = [await labelsOf(t, t.gbdt), await labelsOf(t, t.linear)];
    const agreed = prod.filter((p, r) => p.label === cand[r]!.label).length;
    const accuracy = (rows: typeof prod) => rows.filter((r) => r.label === r.truth).length / rows.length;
    expect(summary.agreementRate).toBeCloseTo(agreed / 300, 12);
    expect(summary.headline).toEqual({ metric: 'accuracy', production: expect.closeTo(accuracy(prod), 12), candidate: expect.closeTo(accuracy(cand), 12) });

    const record = await call<ShadowRecord>(t.handlers, 'shadow.get', { id: summary.id });
    expect(record.report.shadow).toMatchObject({ compared: 300, agreed, candidateErrors: 0 });
    expect(record.report.outcomes).toEqual({ matched: 300, unknownLabels: 0 });
    // The rows where they differ name the row and carry its inputs.
    const first = record.report.shadow!.disagreements[0];
    if (agreed < 300) expect(first).toMatchObject({ requestId: `row ${prod.findIndex((p, r) => p.label !== cand[r]!.label) + 1}`, inputs: { city: expect.any(String) } });
    expect(await call<ShadowSummary[]>(t.handlers, 'shadow.list', { projectId: t.projectId })).toEqual([summary]);
  });

  it('reads a served prediction log, joining outcomes by request id, and refuses a log of other versions', async () => {
    const t = await twoVersions();
    const dir = tempDir();
    const log = join(dir, 'predictions.jsonl');
    const row = (id: string, prod: string, cand: string, p: number) =>
      JSON.stringify({ ts: '2026-11-24T10:00:00.000Z', model: 'churn@1', requestId: id, latencyMs: 1, inputs: { age: 30 }, outputs: { label: prod, probabilities: { false: 1 - p, true: p } }, arm: 'production', shadow: { model: 'churn@2', outputs: { label: cand, probabilities: { false: 1 - p, true: p } } } });
    writeFileSync(log, [row('a', 'true', 'true', 0.9), row('b', 'false', 'true', 0.4), row('c', 'false', 'false', 0.1), row('d', 'true', 'false', 0.6)].join('\n') + '\n');
    const outcomesCsv = join(dir, 'outcomes.csv');
    writeFileSync(outcomesCsv, 'request_id,churned\na,true\nb,false\nc,true\n');
    const outcomes = await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId: t.projectId, file: outcomesCsv })).id);
    const outcomesVersion = (outcomes.result as ImportResult).versionId;

    const job = await t.shadow({ kind: 'log', path: log, outcomes: { versionId: outcomesVersion, idColumn: 'request_id', outcomeColumn: 'churned' } });
    expect(job.status, job.error?.message).toBe('succeeded');
    const record = await call<ShadowRecord>(t.handlers, 'shadow.get', { id: (job.result as ShadowSummary).id });
    expect(record.sourceLabel).toBe(log);
    expect(record.notes).toEqual([]);
    expect(record.report.shadow).toMatchObject({ compared: 4, agreed: 2, agreementRate: 0.5 });
    expect(record.report.outcomes).toEqual({ matched: 3, unknownLabels: 0 });
    // Outcomes a, b, c: production says true, false, false (2 of 3 right); the candidate true, true, false (1 of 3).
    expect(record.report.metrics!.production.accuracy).toBeCloseTo(2 / 3, 12);
    expect(record.report.metrics!.candidate.accuracy).toBeCloseTo(1 / 3, 12);

    const swapped = await t.shadow({ kind: 'log', path: log }, 'churn@2', 'churn@1');
    expect(swapped.status).toBe('failed');
    expect(swapped.error!.message).toBe("This log's production model is churn@1, not churn@2: choose the versions the server ran with.");
  });

  it('refuses a candidate that is production itself, one predicting something else, a missing log, and a version without a model column', async () => {
    const t = await twoVersions();
    await expect(call(t.handlers, 'shadow.start', { projectId: t.projectId, production: 'churn@1', candidate: 'churn@1', source: { kind: 'dataset', versionId: t.versionId } })).rejects.toThrow('Choose a candidate other than churn@1 itself.');
    const spend = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'monthly_spend', models: ['linear'], seed: 5 })).id);
    await call<ModelVersion>(t.handlers, 'registry.register', { runId: (spend.result as TrainResult).runIds[0], name: 'spend' });
    await expect(call(t.handlers, 'shadow.start', { projectId: t.projectId, production: 'churn@1', candidate: 'spend@1', source: { kind: 'dataset', versionId: t.versionId } })).rejects.toThrow(
      'spend@1 predicts monthly_spend (regression) and churn@1 predicts churned (binary): a candidate must predict what production predicts.',
    );
    await expect(call(t.handlers, 'shadow.start', { projectId: t.projectId, production: 'churn@1', candidate: 'churn@2', source: { kind: 'log', path: '/nowhere/predictions.jsonl' } })).rejects.toThrow('The prediction log /nowhere/predictions.jsonl does not exist.');

    const noCity = join(tempDir(), 'no-city.csv');
    writeFileSync(noCity, 'customer_id,age,monthly_spend,plan,signup_date,churned\n1,40,10.5,pro,2022-01-01,true\n2,50,20.5,basic,2022-02-01,false\n');
    const imported = await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId: t.projectId, file: noCity })).id);
    const job = await t.shadow({ kind: 'dataset', versionId: (imported.result as ImportResult).versionId });
    expect(job.status).toBe('failed');
    expect(job.error!.message).toBe('no-city v1 (2 rows) has no column "city", which churn@1 and churn@2 read.');
    expect(await call<ShadowSummary[]>(t.handlers, 'shadow.list', { projectId: t.projectId })).toEqual([]);
  });
});
