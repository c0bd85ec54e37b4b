/** The warm worker: one real worker process serves task after task, dies alone, is replaced, and ends when idle. */
import { describe, expect, it } from 'vitest';
import type { SpawnWorker, WorkerHandle } from '../../../electron/jobs/protocol';
import { nodeWorkerSpawner } from '../../../electron/jobs/spawn-node';
import { WarmWorker } from '../../../electron/jobs/warm-worker';
import { tempDir } from '../../helpers/workspace';

/** Real worker processes, counted, each with a way to see whether it exited. */
function counted() {
  const spawned: { handle: WorkerHandle; exited: boolean }[] = [];
  const real = nodeWorkerSpawner();
  const spawn: SpawnWorker = () => {
    const entry = { handle: real(), exited: false };
    entry.handle.onExit(() => (entry.exited = true));
    spawned.push(entry);
    return entry.handle;
  };
  return { spawn, spawned };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(check()).toBe(true);
};

describe('WarmWorker', () => {
  it('answers several tasks, failures included, from one process, and a later task faster than the first', async () => {
    const { spawn, spawned } = counted();
    const warm = new WarmWorker(spawn);
    const dir = tempDir();
    const times: number[] = [];
    // A folder without a manifest: the task fails, with the worker's own message, and the worker stays.
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await expect(warm.run('bundle.verify', { path: dir }, dir)).rejects.toThrow(`${dir} has no MANIFEST.json`);
      times.push(performance.now() - started);
    }
    expect(spawned).toHaveLength(1);
    expect(times[2]!).toBeLessThan(times[0]!);
    warm.close();
    await until(() => spawned[0]!.exited);
    await expect(warm.run('bundle.verify', { path: dir }, dir)).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('fails only the task of a worker that died, starts a fresh one for the next, and ends an idle one', async () => {
    const { spawn, spawned } = counted();
    const warm = new WarmWorker(spawn, 300);
    const dir = tempDir();
    await expect(warm.run('bundle.verify', { path: dir }, dir)).rejects.toThrow('no MANIFEST.json');
    const dying = warm.run('bundle.verify', { path: dir }, dir);
    spawned[0]!.handle.kill();
    await expect(dying).rejects.toMatchObject({ code: 'JOB_FAILED' });
    await expect(warm.run('bundle.verify', { path: dir }, dir)).rejects.toThrow('no MANIFEST.json');
    expect(spawned).toHaveLength(2);
    await until(() => spawned[1]!.exited);
    warm.close();
  });
});
