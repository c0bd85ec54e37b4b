/**
 * The job queue of one host process: persists every job, runs up to `concurrency` in worker processes, relays
 * progress (at least every 500 ms, written to the database at most once a second), cancels by killing the worker,
 * and on start marks jobs whose owning process died as interrupted.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import type { GyreEvents } from '../contract/events';
import type { GyreErrorShape } from '../contract/errors';
import { FINISHED_STATUSES, type Job, type JobKind, type JobSettings } from '../contract/jobs';
import { removeStaleUploads } from '../core/files';
import { JobStore } from '../core/jobs-store';
import type { Workspace } from '../core/workspace';
import type { SpawnWorker, WorkerHandle } from './protocol';
import { TASK_TOUCHES } from './task-kinds';

export type Emit = <E extends keyof GyreEvents>(event: E, payload: GyreEvents[E]) => void;

const DB_WRITE_INTERVAL_MS = 1000;

const CONCURRENCY_SETTING = 'jobs.concurrency';

export function defaultConcurrency(): number {
  return Math.max(1, cpus().length - 1);
}

function environmentConcurrency(): number | null {
  const fromEnv = Number(process.env.GYRE_JOB_CONCURRENCY);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : null;
}

export const THIS_RUNNER = `${hostname()}:${process.pid}`;

function processAlive(runner: string | null): boolean {
  if (!runner) return false;
  const [host, pid] = runner.split(':');
  if (host !== hostname()) return true; // another machine sharing the folder: not ours to judge
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

interface Running {
  worker: WorkerHandle;
  lastWrite: number;
  outcome?: { result?: unknown; error?: GyreErrorShape };
  cancelled?: boolean;
}

export class JobQueue {
  private readonly store: JobStore;
  private readonly running = new Map<string, Running>();
  private readonly pending: string[] = [];
  private readonly waiters = new Map<string, ((job: Job) => void)[]>();

  constructor(
    private readonly ws: Workspace,
    private readonly spawn: SpawnWorker,
    private readonly emit: Emit,
    /** Fixed by a test; otherwise read from the environment, the workspace setting or the default. */
    private readonly fixedConcurrency?: number,
  ) {
    this.store = new JobStore(ws.db);
  }

  /** Marks jobs left behind by dead processes as interrupted and clears what they were writing. */
  recover(): Job[] {
    const recovered: Job[] = [];
    for (const j of this.store.unfinished()) {
      if (j.runner === THIS_RUNNER || processAlive(j.runner)) continue;
      const message = j.status === 'running' ? 'Gyre stopped while this job was running; start it again.' : 'Gyre stopped before this job started; start it again.';
      recovered.push(this.store.finish(j.id, 'interrupted', message, {}));
      rmSync(this.jobTmpDir(j.id), { recursive: true, force: true });
    }
    if (recovered.length > 0) this.ws.objects.sweepOrphans();
    // An upload another host is still previewing must survive this process starting, so only old ones go.
    removeStaleUploads(this.ws.dir);
    return recovered;
  }

  enqueue(kind: JobKind, projectId: string | null, input: unknown, message: string): Job {
    const id = 'job_' + randomBytes(8).toString('hex');
    const job = this.store.insert(id, kind, projectId, input, message, THIS_RUNNER);
    this.pending.push(id);
    this.changed(job);
    this.schedule();
    return job;
  }

  list(projectId: string | undefined, limit: number): Job[] {
    return this.store.list(projectId, limit);
  }

  get(id: string): Job {
    return this.store.get(id);
  }

  cancel(id: string): Job {
    const job = this.store.get(id);
    if (FINISHED_STATUSES.includes(job.status)) return job;
    const run = this.running.get(id);
    if (run) {
      run.cancelled = true;
      run.worker.kill();
      return this.store.get(id);
    }
    const at = this.pending.indexOf(id);
    if (at >= 0) this.pending.splice(at, 1);
    return this.settle(id, 'cancelled', 'Cancelled before it started.', {});
  }

  /** Resolves when the job has finished, whatever the outcome. */
  wait(id: string): Promise<Job> {
    const job = this.store.get(id);
    if (FINISHED_STATUSES.includes(job.status)) return Promise.resolve(job);
    return new Promise((resolve) => this.waiters.set(id, [...(this.waiters.get(id) ?? []), resolve]));
  }

  /** Kills running workers (app quit); their jobs become interrupted. */
  close(): void {
    this.pending.length = 0;
    for (const [id, run] of this.running) {
      run.cancelled = true;
      run.worker.kill();
      this.settle(id, 'interrupted', 'Gyre was closed while this job was running.', {});
    }
    this.running.clear();
  }

  jobTmpDir(id: string): string {
    return join(this.ws.dir, 'tmp', 'jobs', id);
  }

  settings(): JobSettings {
    const cores = cpus().length;
    const base = { defaultConcurrency: defaultConcurrency(), cores };
    if (this.fixedConcurrency) return { ...base, concurrency: this.fixedConcurrency, source: 'setting' };
    const env = environmentConcurrency();
    if (env) return { ...base, concurrency: env, source: 'environment' };
    const row = this.ws.db.prepare('SELECT value FROM settings WHERE key = ?').get(CONCURRENCY_SETTING) as { value: string } | undefined;
    return row ? { ...base, concurrency: Number(row.value), source: 'setting' } : { ...base, concurrency: base.defaultConcurrency, source: 'default' };
  }

  configure(concurrency: number): JobSettings {
    this.ws.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(CONCURRENCY_SETTING, String(concurrency));
    this.schedule();
    return this.settings();
  }

  private schedule(): void {
    const limit = this.settings().concurrency;
    while (this.running.size < limit && this.pending.length > 0) this.start(this.pending.shift()!);
  }

  private start(id: string): void {
    const job = this.store.get(id);
    this.store.markRunning(id);
    const worker = this.spawn();
    const run: Running = { worker, lastWrite: 0 };
    this.running.set(id, run);
    worker.onMessage((m) => {
      switch (m.type) {
        case 'progress':
          this.progress(id, run, m.progress, m.message);
          break;
        case 'done':
          run.outcome = { result: m.result };
          break;
        case 'failed':
          run.outcome = { error: m.error };
          break;
        default:
          throw new Error(`Unknown worker message ${JSON.stringify(m)}`);
      }
    });
    worker.onExit((code, signal) => this.exited(id, run, code, signal));
    worker.send({ type: 'run', jobId: id, kind: job.kind, input: job.input, workspaceDir: this.ws.dir });
    this.changed(this.store.get(id));
  }

  private progress(id: string, run: Running, progress: number, message: string): void {
    const now = Date.now();
    if (now - run.lastWrite >= DB_WRITE_INTERVAL_MS) {
      this.store.saveProgress(id, progress, message);
      run.lastWrite = now;
    }
    this.emit('job', { ...this.store.get(id), progress, message });
  }

  private exited(id: string, run: Running, code: number | null, signal: string | null): void {
    if (!this.running.has(id)) return;
    this.running.delete(id);
    rmSync(this.jobTmpDir(id), { recursive: true, force: true });
    if (run.cancelled) this.settle(id, 'cancelled', 'Cancelled; nothing it was writing was kept.', {});
    else if (run.outcome?.error) this.settle(id, 'failed', run.outcome.error.message, run.outcome);
    else if (run.outcome && 'result' in run.outcome) this.settle(id, 'succeeded', 'Done.', run.outcome);
    else {
      const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
      this.settle(id, 'failed', `The worker process ${how} before finishing.`, { error: { code: 'JOB_FAILED', message: `The worker process ${how} before finishing.` } });
    }
    this.schedule();
  }

  private settle(id: string, status: 'succeeded' | 'failed' | 'cancelled' | 'interrupted', message: string, outcome: { result?: unknown; error?: GyreErrorShape }): Job {
    const job = this.store.finish(id, status, message, outcome);
    this.changed(job, status === 'succeeded' ? TASK_TOUCHES[job.kind] : []);
    for (const resolve of this.waiters.get(id) ?? []) resolve(job);
    this.waiters.delete(id);
    return job;
  }

  private changed(job: Job, alsoTouched: readonly GyreEvents['changed']['entities'][number][] = []): void {
    this.emit('job', job);
    this.emit('changed', { entities: ['jobs', ...alsoTouched] });
  }
}
