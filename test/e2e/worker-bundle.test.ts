/**
 * The worker the desktop app starts is the bundle in out/main/, not the TypeScript the other tests run through
 * tsx. Bundling moves files (shared chunks, the migrations folder), so run real jobs through the built bundle.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Handlers, ImportResult, Job, Profile, Run, StudyDetail, TrainResult, TuneResult } from '../../electron/contract/index';
import { createCore } from '../../electron/core/handlers';
import { dispatch } from '../../electron/core/dispatch';
import { nodeWorkerSpawner } from '../../electron/jobs/spawn-node';
import { tempDir, tempWorkspace } from '../helpers/workspace';

const BUNDLE = fileURLToPath(new URL('../../out/main/worker.js', import.meta.url));
const CSV = fileURLToPath(new URL('../fixtures/data/customers.csv', import.meta.url));

async function call<T>(handlers: Handlers, name: string, input: unknown): Promise<T> {
  const { envelope } = await dispatch(handlers, name, input);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.result as T;
}

describe('the built worker bundle', () => {
  it('imports and profiles a file as the desktop app would', async () => {
    expect(existsSync(BUNDLE), `${BUNDLE} is missing: test:e2e builds it first`).toBe(true);
    const ws = tempWorkspace();
    const core = createCore({ ws, host: 'test', spawnWorker: nodeWorkerSpawner(BUNDLE) });
    try {
      const project = await call<{ id: string }>(core.handlers, 'projects.create', { name: 'Bundle' });
      const imported = await core.queue.wait((await call<Job>(core.handlers, 'datasets.import', { projectId: project.id, file: CSV })).id);
      expect(imported.status, imported.message).toBe('succeeded');
      const { versionId } = imported.result as ImportResult;
      const profiled = await core.queue.wait((await call<Job>(core.handlers, 'profiles.compute', { versionId })).id);
      expect(profiled.status, profiled.message).toBe('succeeded');
      const profile = await call<Profile>(core.handlers, 'profiles.get', { versionId });
      expect(profile.overview.rows).toBe(300);
    } finally {
      await core.close();
    }
  });

  it('trains a random forest on worker threads, whose entry (histogram-worker.js) ships beside the bundle', async () => {
    const ws = tempWorkspace();
    const core = createCore({ ws, host: 'test', spawnWorker: nodeWorkerSpawner(BUNDLE) });
    try {
      // Enough work (rows × features × trees) that the forest grows its trees on every core.
      const file = join(tempDir(), 'signal.csv');
      const lines = ['x1,x2,x3,x4,x5,x6,y'];
      for (let i = 0; i < 30_000; i++) {
        const x = Array.from({ length: 6 }, (_, j) => ((i * (j + 7) * 2654435761) % 1000) / 1000);
        lines.push(`${x.join(',')},${x[0]! + x[1]! * x[2]! > 0.7}`);
      }
      writeFileSync(file, lines.join('\n'));
      const project = await call<{ id: string }>(core.handlers, 'projects.create', { name: 'Forest' });
      const imported = await core.queue.wait((await call<Job>(core.handlers, 'datasets.import', { projectId: project.id, file })).id);
      expect(imported.status, imported.message).toBe('succeeded');
      const { versionId } = imported.result as ImportResult;
      const trained = await core.queue.wait((await call<Job>(core.handlers, 'runs.train', { projectId: project.id, versionId, target: 'y', models: ['rf'], params: { trees: 100 } })).id);
      expect(trained.status, trained.message).toBe('succeeded');
      const run = await call<Run>(core.handlers, 'runs.get', { id: (trained.result as TrainResult).runIds[0] });
      expect(run.metrics.rocAuc).toBeGreaterThan(0.9);
    } finally {
      await core.close();
    }
  });

  it('tunes boosted trees in a pool of trial threads, whose entry (trial-worker.js) ships beside the bundle', async () => {
    const ws = tempWorkspace();
    const core = createCore({ ws, host: 'test', spawnWorker: nodeWorkerSpawner(BUNDLE) });
    try {
      const file = join(tempDir(), 'tune.csv');
      const lines = ['x1,x2,x3,y'];
      for (let i = 0; i < 3000; i++) {
        const x = Array.from({ length: 3 }, (_, j) => ((i * (j + 7) * 2654435761) % 1000) / 1000);
        lines.push(`${x.join(',')},${x[0]! * x[1]! + x[2]! * 0.3 > 0.4}`);
      }
      writeFileSync(file, lines.join('\n'));
      const project = await call<{ id: string }>(core.handlers, 'projects.create', { name: 'Tune' });
      const imported = await core.queue.wait((await call<Job>(core.handlers, 'datasets.import', { projectId: project.id, file })).id);
      const { versionId } = imported.result as ImportResult;
      const tuned = await core.queue.wait((await call<Job>(core.handlers, 'studies.start', { projectId: project.id, versionId, target: 'y', model: 'gbdt', strategy: 'halving', trials: 9, seed: 3 })).id);
      expect(tuned.status, tuned.message).toBe('succeeded');
      const { study, trials } = await call<StudyDetail>(core.handlers, 'studies.get', { id: (tuned.result as TuneResult).studyId });
      expect(study.status).toBe('succeeded');
      expect(trials.filter((t) => t.status !== 'failed').length).toBe(trials.length);
      expect((await call<Run>(core.handlers, 'runs.get', { id: study.runId })).metrics.rocAuc).toBeGreaterThan(0.8);
    } finally {
      await core.close();
    }
  });
});
