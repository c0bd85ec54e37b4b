/**
 * One worker process kept warm for short interactive tasks (Try it, a row's explanation): starting a worker costs
 * more than such a task itself (0.6 s of the 1.1–1.5 s a cold "Try it" took), so the process stays for the next
 * task and is ended after a quiet minute. Tasks run one at a time, in the order asked; a worker that dies (a native
 * crash) fails only the task it was running, and the next task starts a fresh one.
 */
import { GyreError } from '../contract/errors';
import type { SpawnWorker, WorkerHandle, WorkerTaskKind } from './protocol';

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export class WarmWorker {
  private handle: WorkerHandle | null = null;
  private pending: Pending | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly spawn: SpawnWorker,
    private readonly idleMs = 60_000,
  ) {}

  run(kind: WorkerTaskKind, input: unknown, workspaceDir: string): Promise<unknown> {
    const task = this.queue.then(() => this.runNow(kind, input, workspaceDir));
    this.queue = task.catch(() => undefined);
    return task;
  }

  /** Ends the worker now (the host is shutting down); tasks asked later are refused. */
  close(): void {
    this.closed = true;
    this.stop();
  }

  private runNow(kind: WorkerTaskKind, input: unknown, workspaceDir: string): Promise<unknown> {
    if (this.closed) return Promise.reject(new GyreError('CANCELLED', 'Gyre is shutting down.'));
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = (this.handle ??= this.start());
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      worker.send({ type: 'run', jobId: 'warm', kind, input, workspaceDir, keepAlive: true });
    }).finally(() => {
      this.pending = null;
      if (this.handle && !this.closed) this.idleTimer = setTimeout(() => this.stop(), this.idleMs).unref();
    });
  }

  private start(): WorkerHandle {
    const worker = this.spawn();
    worker.onMessage((m) => {
      if (m.type === 'done') this.pending?.resolve(m.result);
      else if (m.type === 'failed') this.pending?.reject(new GyreError(m.error.code, m.error.message, m.error.details));
    });
    worker.onExit((code, signal) => {
      if (this.handle === worker) this.handle = null;
      this.pending?.reject(new GyreError('JOB_FAILED', `The worker stopped unexpectedly (${signal ?? `exit code ${code}`}).`));
    });
    return worker;
  }

  private stop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.handle;
    this.handle = null;
    worker?.kill();
  }
}
