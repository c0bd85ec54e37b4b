/**
 * A workspace folder copied to another place (another machine) opens and works there: its bundles are found under
 * the new folder and verify, a model trains, a monitoring batch is checked against the training rows — with the old
 * folder gone, so nothing can quietly read from it.
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportedBundle, Job, TrainResult, VerifyResult } from '../../../electron/contract/index';
import { customerLines, lastingHandlers, richProject, writeCsv } from '../../helpers/archive-project';
import { call } from '../../helpers/training';

const disposals: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of disposals) await d();
});

describe('a portable workspace', () => {
  it('works where it was copied to, with the original folder removed', async () => {
    const source = await richProject();
    const oldDir = source.ws.dir;
    // The same as quitting Gyre and copying the folder: every job done, the database closed.
    const moved = join(source.dir, 'moved');
    await source.core.close();
    source.ws.close();
    cpSync(oldDir, join(moved, 'ws'), { recursive: true });
    rmSync(oldDir, { recursive: true, force: true });

    const there = lastingHandlers(moved);
    disposals.push(there.dispose, () => Promise.resolve(rmSync(source.dir, { recursive: true, force: true })));
    // Nothing but the record of what people asked (job inputs) names the old folder.
    for (const table of there.ws.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'jobs'").pluck().all() as string[]) {
      const rows = there.ws.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
      const text = JSON.stringify(rows);
      expect(text.includes(oldDir), `${table} names the old workspace folder`).toBe(false);
    }

    const bundles = await call<ExportedBundle[]>(there.handlers, 'bundles.list', { projectId: source.projectId });
    expect(bundles.map((b) => b.path).sort()).toEqual([join(there.ws.dir, 'bundles', 'churn-v1'), join(there.ws.dir, 'bundles', 'churn-v1.zip')]);
    for (const b of bundles) {
      expect(existsSync(b.path)).toBe(true);
      expect((await call<VerifyResult>(there.handlers, 'bundles.verify', { path: b.path })).ok).toBe(true);
    }
    const trained = await there.queue.wait((await call<Job>(there.handlers, 'runs.train', { projectId: source.projectId, versionId: source.prepared, target: 'churned', models: ['baseline'], seed: 4 })).id);
    expect(trained.status, trained.error?.message).toBe('succeeded');
    expect((trained.result as TrainResult).runIds).toHaveLength(1);
    const batch = writeCsv(moved, 'april.csv', customerLines(100, 5));
    const checked = await there.queue.wait((await call<Job>(there.handlers, 'monitor.addBatch', { projectId: source.projectId, model: 'churn', source: { kind: 'file', path: batch }, name: 'April' })).id);
    expect(checked.status, checked.error?.message).toBe('succeeded');
    expect(checked.result).toMatchObject({ name: 'April', rows: 100 });
  }, 240_000);
});
