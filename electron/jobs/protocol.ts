/** Messages between the job queue (main process) and a worker process: tagged unions, nothing else crosses. */
import type { GyreErrorShape } from '../contract/errors';
import type { JobKind } from '../contract/jobs';

/** Persisted job kinds, plus short tasks run in a worker without a job row (the import wizard's preview, a model file's inspection). */
export type WorkerTaskKind = JobKind | 'dataset.preview' | 'evaluation.explainRow' | 'model.inspect' | 'bundle.verify' | 'model.tryForm' | 'model.tryRow' | 'recipe.preview';

/** `keepAlive`: stay for the next `run` instead of exiting (a warm worker, see warm-worker.ts); its owner ends it. */
export type ToWorker = { type: 'run'; jobId: string; kind: WorkerTaskKind; input: unknown; workspaceDir: string; keepAlive?: boolean };

export type FromWorker =
  | { type: 'progress'; progress: number; message: string }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: GyreErrorShape };

/** A worker process as the queue sees it, whichever way it was started (child_process or Electron utilityProcess). */
export interface WorkerHandle {
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

export type SpawnWorker = () => WorkerHandle;
