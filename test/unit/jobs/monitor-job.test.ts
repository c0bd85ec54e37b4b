/**
 * Monitoring as real jobs on a real workspace: a production model trained on 600 customers; a fresh batch from the
 * same distribution raises nothing, a batch whose tenure moved (and whose outcomes the model gets wrong) is flagged —
 * drift, the charter's accuracy below acceptable — and the alert starts the next iteration (a charter version, the
 * labeled rows appended as a new dataset version, the training request); a new version is compared with production
 * on the batch. A served prediction log is read with its logged outputs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatchComparison, BatchRecord, BatchSummary, CharterContentInput, Job, ModelVersion, MonitorAlert, MonitorSettings, NextIteration, Run, TrainResult } from '../../../electron/contract/index';
import { seeded } from '../../../electron/ml/random';
import { call, imported } from '../../helpers/training';
import { tempDir } from '../../helpers/workspace';

interface Customer {
  id: string;
  tenure: number;
  plan: string;
  spend: number;
  /** A sensitive attribute the model is kept blind to. */
  segment: string;
  churned: boolean;
}

/** Customers whose churn depends on tenure and plan; `shift` adds months of tenure (the batch's world changed). */
function customers(n: number, seed: number, shift = 0): Customer[] {
  const random = seeded(seed);
  return Array.from({ length: n }, (_, i) => {
    const tenure = Math.floor(random.next() * 60) + shift;
    const plan = ['basic', 'pro', 'team'][random.int(3)]!;
    const spend = 20 + tenure * 1.5 + (plan === 'team' ? 40 : plan === 'pro' ? 15 : 0) + random.next() * 10;
    const logit = 1.5 - tenure / 12 + (plan === 'basic' ? 1 : 0);
    return { id: `c${seed}-${i}`, tenure, plan, spend: Math.round(spend * 100) / 100, segment: tenure % 2 === 0 ? 'even' : 'odd', churned: random.next() < 1 / (1 + Math.exp(-logit)) };
  });
}

function write(dir: string, name: string, header: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [header, ...lines].join('\n') + '\n');
  return path;
}

const CHARTER: CharterContentInput = {
  problem: 'Find customers about to leave.',
  task: 'binary_classification',
  target: 'churned',
  successCriteria: [{ metric: 'accuracy', direction: 'higher', acceptable: 0.6, target: 0.75 }],
  constraints: { sensitiveAttributes: [{ name: 'plan', maxDisparity: 0.9 }, { name: 'segment', maxDisparity: 0.9 }], retrainingTrigger: 'Retrain when accuracy falls below 0.6 or a third of the inputs drift.' },
};

async function production() {
  const dir = tempDir();
  const training = write(dir, 'customers.csv', 'id,tenure,plan,spend,segment,churned', customers(600, 1).map((c) => `${c.id},${c.tenure},${c.plan},${c.spend},${c.segment},${c.churned}`));
  const t = await imported(training);
  await call(t.handlers, 'charters.save', { projectId: t.projectId, content: CHARTER, basedOnVersion: null, note: '' });
  const trained = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['gbdt'], seed: 3, params: { trees: 30 }, columns: [{ column: 'segment', drop: true }] })).id);
  expect(trained.status, trained.error?.message).toBe('succeeded');
  const runs = await Promise.all((trained.result as TrainResult).runIds.map((id) => call<Run>(t.handlers, 'runs.get', { id })));
  const gbdt = runs.find((r) => r.model === 'gbdt')!;
  await call<ModelVersion>(t.handlers, 'registry.register', { runId: gbdt.id, name: 'churn' });
  await call<ModelVersion>(t.handlers, 'registry.promote', { projectId: t.projectId, ref: 'churn@1', stage: 'production', reason: 'monitoring test: no evaluation run', override: true });
  const addBatch = async (input: Record<string, unknown>) => t.queue.wait((await call<Job>(t.handlers, 'monitor.addBatch', { projectId: t.projectId, model: 'churn', ...input })).id);
  return { ...t, dir, run: gbdt, addBatch };
}

describe('monitoring jobs', () => {
  it('keeps a batch like the training rows quiet, flags a drifted one with worse outcomes, and closes the loop', async () => {
    const t = await production();
    const settings = await call<MonitorSettings>(t.handlers, 'monitor.settings', { projectId: t.projectId });
    expect(settings.rules.filter((r) => r.origin === 'charter').map((r) => r.id)).toEqual(['charter:metric:accuracy', 'charter:fairness:plan', 'charter:fairness:segment', 'charter:drift_share', 'charter:prediction_drift', 'charter:schema']);
    expect(settings.retrainingTrigger).toContain('a third of the inputs drift');

    // The same world: nothing drifts, no alert.
    const same = customers(400, 2);
    const sameFile = write(t.dir, 'same.csv', 'id,tenure,plan,spend', same.map((c) => `${c.id},${c.tenure},${c.plan},${c.spend}`));
    const quiet = await t.addBatch({ source: { kind: 'file', path: sameFile }, name: 'October', observedAt: '2026-10-31T00:00:00Z' });
    expect(quiet.status, quiet.error?.message).toBe('succeeded');
    expect(quiet.result).toMatchObject({ name: 'October', rows: 400, verdict: 'stable', drifted: 0, alerts: 0, model: 'churn@1', metrics: null });

    // Tenure moved by 40 months and the outcomes are the opposite of what the model learned.
    const moved = customers(400, 3, 40);
    const movedFile = write(t.dir, 'moved.csv', 'id,tenure,plan,spend,segment', moved.map((c) => `${c.id},${c.tenure},${c.plan},${c.spend},${c.segment}`));
    const outcomes = write(t.dir, 'outcomes.csv', 'id,churned', moved.map((c, i) => `${c.id},${i % 10 === 0 ? c.churned : !c.churned}`));
    const flagged = await t.addBatch({ source: { kind: 'file', path: movedFile }, outcomes: { path: outcomes, idColumn: 'id' }, name: 'November', observedAt: '2026-11-30T00:00:00Z' });
    expect(flagged.status, flagged.error?.message).toBe('succeeded');
    const summary = flagged.result as BatchSummary;
    expect(summary.verdict).toBe('drift');
    const record = await call<BatchRecord>(t.handlers, 'monitor.batch', { projectId: t.projectId, id: summary.id });
    const drifted = record.drift.features.filter((f) => f.drifted).map((f) => f.name);
    expect(drifted).toContain('tenure');
    expect(drifted).not.toContain('plan');
    expect(record.drift.referenceLabel).toMatch(/^the 480 training rows of customers v1$/);
    // The model never read segment: no drift or schema entry for it, but it is there for fairness.
    expect(record.drift.features.map((f) => f.name)).not.toContain('segment');
    expect(record.drift.quality.extraColumns).toEqual(['id', 'segment']);
    expect(record.performance).toMatchObject({ rows: 400, unmatchedOutcomes: 0 });
    const accuracy = record.performance!.byMetric.accuracy!;
    expect(accuracy).toBeLessThan(0.6);
    expect(record.performance!.criteria).toEqual([expect.objectContaining({ metric: 'accuracy', value: accuracy, verdict: 'fail' })]);
    expect(record.performance!.fairness.map((f) => [f.attribute, f.column])).toEqual([['plan', 'plan'], ['segment', 'segment']]);
    const segment = record.performance!.fairness[1]!;
    expect(segment.groups.map((g) => g.group).sort()).toEqual(['even', 'odd']);
    expect(segment.demographicParityDifference).toEqual(expect.any(Number));
    expect(summary.fairness).toEqual({ plan: record.performance!.fairness[0]!.demographicParityDifference, segment: segment.demographicParityDifference });

    const alerts = await call<MonitorAlert[]>(t.handlers, 'monitor.alerts', { projectId: t.projectId });
    expect(alerts.every((a) => a.batchId === summary.id && a.status === 'open')).toBe(true);
    expect(alerts.map((a) => a.ruleId).sort()).toEqual(expect.arrayContaining(['charter:drift_share', 'charter:metric:accuracy']));
    const metricAlert = alerts.find((a) => a.ruleId === 'charter:metric:accuracy')!;
    expect(metricAlert.title).toBe(`Accuracy fell to ${Number(accuracy.toPrecision(3))} on batch “November” (limit 0.6)`);
    const batches = await call<BatchSummary[]>(t.handlers, 'monitor.batches', { projectId: t.projectId, model: 'churn@1' });
    expect(batches.map((b) => b.name)).toEqual(['November', 'October']);
    expect(batches[0]!.metrics).toMatchObject({ accuracy });

    // Acknowledged by a person, with a note.
    const acked = await call<MonitorAlert>(t.handlers, 'monitor.setAlertStatus', { projectId: t.projectId, id: metricAlert.id, status: 'acknowledged', note: 'Looking into it' });
    expect(acked).toMatchObject({ status: 'acknowledged', note: 'Looking into it' });

    // The next iteration: a charter version saying why, the 400 labeled rows appended, the training request.
    const iterate = await t.queue.wait((await call<Job>(t.handlers, 'monitor.nextIteration', { projectId: t.projectId, alertId: metricAlert.id })).id);
    expect(iterate.status, iterate.error?.message).toBe('succeeded');
    const next = iterate.result as NextIteration;
    expect(next).toMatchObject({ charterVersion: 2, rowsAdded: 400, batchIds: [summary.id], production: 'churn@1', latestBatchId: summary.id, recipe: null, merged: null, dataset: { name: 'customers', version: 2 } });
    expect(next.train).toMatchObject({ target: 'churned', task: 'binary', models: ['gbdt'], seed: 3, params: { trees: 30 }, columns: [{ column: 'segment', drop: true }] });
    const history = await call<{ version: number; note: string }[]>(t.handlers, 'charters.history', { projectId: t.projectId });
    expect(history[0]).toMatchObject({ version: 2, note: `Next iteration: ${metricAlert.title}` });
    const merged = await call<{ versions: { id: string; rowCount: number; operation: string }[] }>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'customers' });
    expect(merged.versions[0]).toMatchObject({ id: next.dataset.versionId, rowCount: 1000 });
    expect((await call<MonitorAlert>(t.handlers, 'monitor.setAlertStatus', { projectId: t.projectId, id: metricAlert.id, status: 'acknowledged' })).iteration).toEqual({ charterVersion: 2, datasetVersionId: next.dataset.versionId, batchIds: [summary.id] });

    // Retrained on the merged rows, the new version is compared with production on the batch.
    const retrained = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: next.dataset.versionId, target: 'churned', models: next.train.models, seed: next.train.seed, params: next.train.params, columns: next.train.columns })).id);
    expect(retrained.status, retrained.error?.message).toBe('succeeded');
    const newRuns = await Promise.all((retrained.result as TrainResult).runIds.map((id) => call<Run>(t.handlers, 'runs.get', { id })));
    await call<ModelVersion>(t.handlers, 'registry.register', { runId: newRuns.find((r) => r.model === 'gbdt')!.id, name: 'churn' });
    const compared = await t.queue.wait((await call<Job>(t.handlers, 'monitor.compare', { projectId: t.projectId, batchId: summary.id, candidate: 'churn@2' })).id);
    expect(compared.status, compared.error?.message).toBe('succeeded');
    const comparison = compared.result as BatchComparison;
    expect(comparison.production.performance.byMetric.accuracy).toBeCloseTo(accuracy, 12);
    expect(comparison.candidate.model).toBe('churn@2');
    // It learned from these very rows: said so, and it shows.
    expect(comparison.notes[0]).toContain('includes this batch');
    expect(comparison.candidate.performance.byMetric.accuracy!).toBeGreaterThan(accuracy);
  }, 240_000);

  it('reads a served prediction log with its logged outputs, and says what is wrong with bad input', async () => {
    const t = await production();
    const rows = customers(50, 4);
    const line = (c: Customer, i: number) => JSON.stringify({ ts: `2026-11-2${i % 5}T10:00:00.000Z`, model: 'churn@1', requestId: c.id, latencyMs: 1, inputs: { tenure: c.tenure, plan: c.plan, spend: c.spend }, outputs: { label: 'true', probabilities: { false: 0.1, true: 0.9 } } });
    const log = join(t.dir, 'predictions.jsonl');
    writeFileSync(log, rows.map(line).join('\n') + '\n');
    const job = await t.addBatch({ source: { kind: 'log', path: log } });
    expect(job.status, job.error?.message).toBe('succeeded');
    const summary = job.result as BatchSummary;
    expect(summary).toMatchObject({ name: 'predictions.jsonl', rows: 50, observedAt: '2026-11-24T10:00:00.000Z' });
    const record = await call<BatchRecord>(t.handlers, 'monitor.batch', { projectId: t.projectId, id: summary.id });
    // Every logged answer was "true" with 0.9: the predictions drifted, whatever the inputs did.
    expect(record.drift.prediction.classes!.drifted).toBe(true);
    expect(record.drift.prediction.score.drifted).toBe(true);

    const missing = await call<Job>(t.handlers, 'monitor.addBatch', { projectId: t.projectId, model: 'churn', source: { kind: 'file', path: join(t.dir, 'nowhere.csv') } }).catch((e: { message: string; details?: { field?: string } }) => e);
    expect(missing).toMatchObject({ message: expect.stringContaining('nowhere.csv cannot be read: the file does not exist'), details: { field: 'source' } });
    const batchFile = write(t.dir, 'batch.csv', 'id,tenure,plan,spend', rows.map((c) => `${c.id},${c.tenure},${c.plan},${c.spend}`));
    const badOutcomes = write(t.dir, 'bad-outcomes.csv', 'customer,churned', ['c4-0,true']);
    const failed = await t.addBatch({ source: { kind: 'file', path: batchFile }, outcomes: { path: badOutcomes, idColumn: 'id' } });
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toContain('"id"');
    expect(await call<BatchSummary[]>(t.handlers, 'monitor.batches', { projectId: t.projectId })).toHaveLength(1);
  }, 240_000);

  it('replays the recipe that made the training data when the batches carry its input columns', async () => {
    const dir = tempDir();
    // Raw rows with gaps in spend; the recipe fills them with the median. The model reads every raw column.
    const raw = write(dir, 'raw.csv', 'tenure,plan,spend,churned', customers(400, 5).map((c, i) => `${c.tenure},${c.plan},${i % 7 === 0 ? '' : c.spend},${c.churned}`));
    const t = await imported(raw);
    await call(t.handlers, 'charters.save', { projectId: t.projectId, content: CHARTER, basedOnVersion: null, note: '' });
    await call(t.handlers, 'recipes.save', { projectId: t.projectId, name: 'fill spend', steps: [{ op: 'impute', columns: ['spend'], strategy: 'median' }] });
    const applied = await t.queue.wait((await call<Job>(t.handlers, 'recipes.apply', { projectId: t.projectId, recipe: 'fill spend', versionId: t.versionId, name: 'prepared' })).id);
    expect(applied.status, applied.error?.message).toBe('succeeded');
    const prepared = (applied.result as { versionId: string }).versionId;
    const trained = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: prepared, target: 'churned', models: ['gbdt'], seed: 3, params: { trees: 20 } })).id);
    expect(trained.status, trained.error?.message).toBe('succeeded');
    const runs = await Promise.all((trained.result as TrainResult).runIds.map((id) => call<Run>(t.handlers, 'runs.get', { id })));
    await call(t.handlers, 'registry.register', { runId: runs.find((r) => r.model === 'gbdt')!.id, name: 'churn' });
    await call(t.handlers, 'registry.promote', { projectId: t.projectId, ref: 'churn@1', stage: 'production', reason: 'monitoring test: no evaluation run', override: true });

    // A labeled batch with gaps of its own: the replayed recipe must fill them in the merged rows too.
    const batch = customers(100, 6).map((c, i) => ({ ...c, id: `b${i}`, spend: i % 5 === 0 ? '' : String(c.spend) }));
    const file = write(dir, 'batch.csv', 'id,tenure,plan,spend', batch.map((c) => `${c.id},${c.tenure},${c.plan},${c.spend}`));
    const outcomes = write(dir, 'outcomes.csv', 'id,churned', batch.map((c) => `${c.id},${!c.churned}`));
    const added = await t.queue.wait((await call<Job>(t.handlers, 'monitor.addBatch', { projectId: t.projectId, model: 'churn', source: { kind: 'file', path: file }, outcomes: { path: outcomes, idColumn: 'id' } })).id);
    expect(added.status, added.error?.message).toBe('succeeded');
    const alert = (await call<MonitorAlert[]>(t.handlers, 'monitor.alerts', { projectId: t.projectId })).find((a) => a.ruleId === 'charter:metric:accuracy');
    expect(alert, 'the flipped outcomes put accuracy below acceptable').toBeDefined();

    const iterate = await t.queue.wait((await call<Job>(t.handlers, 'monitor.nextIteration', { projectId: t.projectId, alertId: alert!.id, reason: 'Accuracy fell in November' })).id);
    expect(iterate.status, iterate.error?.message).toBe('succeeded');
    const next = iterate.result as NextIteration;
    // The batch rows went into the raw data (a new version of it), and the recipe made the new training version.
    expect(next.merged).toEqual({ versionId: expect.any(String), version: 2 });
    expect(next.recipe).toMatchObject({ name: 'fill spend', version: 1 });
    expect(next.dataset).toMatchObject({ name: 'prepared', version: 2 });
    expect(next.rowsAdded).toBe(100);
    const rawVersions = await call<{ versions: { id: string; rowCount: number }[] }>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'raw' });
    expect(rawVersions.versions[0]).toMatchObject({ id: next.merged!.versionId, rowCount: 500 });
    const preparedVersions = await call<{ versions: { id: string; rowCount: number }[] }>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'prepared' });
    expect(preparedVersions.versions[0]).toMatchObject({ id: next.dataset.versionId, rowCount: 500 });
    const page = await call<{ rows: unknown[][]; columns: { name: string }[] }>(t.handlers, 'datasets.rows', { projectId: t.projectId, versionId: next.dataset.versionId, offset: 0, limit: 500 });
    const spend = page.columns.findIndex((c) => c.name === 'spend');
    expect(page.rows.filter((r) => r[spend] === null)).toHaveLength(0);
    const history = await call<{ version: number; note: string }[]>(t.handlers, 'charters.history', { projectId: t.projectId });
    expect(history[0]).toMatchObject({ version: 2, note: 'Next iteration: Accuracy fell in November' });
  }, 240_000);
});
