/**
 * The worker the desktop app starts is the bundle in out/main/, not the TypeScript the other tests run through
 * tsx. Bundling moves files (shared chunks, the migrations folder), so run real jobs through the built bundle.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Handlers, ImportResult, Job, Profile } from '../../electron/contract/index';
import { createCore } from '../../electron/core/handlers';
import { dispatch } from '../../electron/core/dispatch';
import { nodeWorkerSpawner } from '../../electron/jobs/spawn-node';
import { tempWorkspace } from '../helpers/workspace';

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
});
