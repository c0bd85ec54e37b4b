/** Runs one short task in a fresh worker process and returns its result, without a job row. */
import { GyreError } from '../contract/errors';
import type { SpawnWorker, WorkerTaskKind } from './protocol';

export function runInWorker(spawn: SpawnWorker, kind: WorkerTaskKind, input: unknown, workspaceDir: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = spawn();
    let settled = false;
    worker.onMessage((m) => {
      if (m.type === 'done') {
        settled = true;
        resolve(m.result);
      } else if (m.type === 'failed') {
        settled = true;
        reject(new GyreError(m.error.code, m.error.message, m.error.details));
      }
    });
    worker.onExit((code, signal) => {
      if (!settled) reject(new GyreError('JOB_FAILED', `The worker reading the file stopped unexpectedly (${signal ?? `exit code ${code}`}).`));
    });
    worker.send({ type: 'run', jobId: 'once', kind, input, workspaceDir });
  });
}
