/**
 * A project with a record in nearly every table, made through the real core and its worker processes: two charter
 * versions, an import with gaps, a profile, a recipe applied, a baseline and a GBDT, an evaluation, a model version in
 * production, a bundle folder and a bundle zip in the workspace, a monitoring batch with outcomes and its alerts, and a
 * labeling session with a label.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CharterContentInput, ImportResult, Job, LabelSession, Run, TrainResult } from '../../electron/contract/index';
import { createCore } from '../../electron/core/handlers';
import { openWorkspace } from '../../electron/core/workspace';
import { nodeWorkerSpawner } from '../../electron/jobs/spawn-node';
import { seeded } from '../../electron/ml/random';
import { call } from './training';

export const CHARTER: CharterContentInput = {
  problem: 'Find customers about to leave.',
  task: 'binary_classification',
  target: 'churned',
  successCriteria: [
    { metric: 'accuracy', direction: 'higher', acceptable: 0.6, target: 0.75 },
    { metric: 'roc_auc', direction: 'higher', acceptable: 0.6, target: 0.8 },
  ],
  constraints: { sensitiveAttributes: [{ name: 'plan', maxDisparity: 0.9 }] },
};

/** Customers whose churn depends on tenure and plan; `shift` moves tenure (a drifted batch). */
export function customerLines(n: number, seed: number, shift = 0, gaps = false): string[] {
  const random = seeded(seed);
  return Array.from({ length: n }, (_, i) => {
    const tenure = Math.floor(random.next() * 60) + shift;
    const plan = ['basic', 'pro', 'team'][random.int(3)]!;
    const spend = Math.round((20 + tenure * 1.5 + (plan === 'team' ? 40 : 0) + random.next() * 10) * 100) / 100;
    const churned = random.next() < 1 / (1 + Math.exp(-(1.5 - tenure / 12 + (plan === 'basic' ? 1 : 0))));
    return `c${seed}-${i},${tenure},${plan},${gaps && i % 9 === 0 ? '' : spend},${churned}`;
  });
}

export const HEADER = 'id,tenure,plan,spend,churned';

export function writeCsv(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [HEADER, ...lines].join('\n') + '\n');
  return path;
}

/** A workspace and its core that live until `dispose` (a file's tests share them), unlike tempHandlers' per-test ones. */
export function lastingHandlers(dir = mkdtempSync(join(tmpdir(), 'gyre-archive-'))) {
  const ws = openWorkspace(join(dir, 'ws'));
  const core = createCore({ ws, host: 'test', spawnWorker: nodeWorkerSpawner() });
  const dispose = async () => {
    await core.close();
    ws.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, ws, core, handlers: core.handlers, queue: core.queue, dispose };
}

export async function richProject() {
  const t = lastingHandlers();
  const { dir, handlers, queue, ws } = t;
  const project = await call<{ id: string }>(handlers, 'projects.create', { name: 'Churn' });
  const projectId = project.id;
  const first = await queue.wait((await call<Job>(handlers, 'datasets.import', { projectId, file: writeCsv(dir, 'customers.csv', customerLines(400, 1, 0, true)) })).id);
  const versionId = (first.result as ImportResult).versionId;
  const ok = async (started: Promise<Job>) => {
    const job = await queue.wait((await started).id);
    expect(job.status, job.error?.message).toBe('succeeded');
    return job;
  };
  const v1 = await call<{ version: number }>(handlers, 'charters.save', { projectId, content: CHARTER, basedOnVersion: null, note: '' });
  await call(handlers, 'charters.save', { projectId, content: { ...CHARTER, problem: 'Find customers about to leave, a quarter ahead.' }, basedOnVersion: v1.version, note: 'A quarter ahead' });
  await ok(call<Job>(handlers, 'profiles.compute', { versionId, target: 'churned' }));
  await call(handlers, 'recipes.save', { projectId, name: 'fill spend', steps: [{ op: 'impute', columns: ['spend'], strategy: 'median' }] });
  const applied = await ok(call<Job>(handlers, 'recipes.apply', { projectId, recipe: 'fill spend', versionId, name: 'prepared' }));
  const prepared = (applied.result as { versionId: string }).versionId;
  const trained = await ok(call<Job>(handlers, 'runs.train', { projectId, versionId: prepared, target: 'churned', models: ['baseline', 'gbdt'], seed: 3, params: { trees: 15 } }));
  const runs = await Promise.all((trained.result as TrainResult).runIds.map((id) => call<Run>(handlers, 'runs.get', { id })));
  const gbdt = runs.find((r) => r.model === 'gbdt')!;
  await ok(call<Job>(handlers, 'evaluations.start', { runId: gbdt.id, resamples: 100, repeats: 1 }));
  await call(handlers, 'registry.register', { runId: gbdt.id, name: 'churn' });
  await call(handlers, 'registry.promote', { projectId, ref: 'churn@1', stage: 'production', reason: 'archive test: first model', override: true });
  await ok(call<Job>(handlers, 'bundles.export', { projectId, ref: 'churn@1', out: join(ws.dir, 'bundles', 'churn-v1') }));
  await ok(call<Job>(handlers, 'bundles.export', { projectId, ref: 'churn@1', out: join(ws.dir, 'bundles', 'churn-v1.zip'), format: 'zip' }));
  const batch = writeCsv(dir, 'march.csv', customerLines(150, 2, 30));
  await ok(call<Job>(handlers, 'monitor.addBatch', { projectId, model: 'churn', source: { kind: 'file', path: batch }, outcomes: { path: batch, idColumn: 'id' }, name: 'March' }));
  const session = await call<LabelSession>(handlers, 'labels.open', { projectId, versionId, target: 'plan' });
  await call(handlers, 'labels.add', { sessionId: session.id, labeler: 'ana', row: 0, label: 'pro' });
  for (const job of queue.list(undefined, 500)) await queue.wait(job.id);
  return { ...t, projectId, versionId, gbdt, prepared, ok };
}
