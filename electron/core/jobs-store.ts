/** The jobs table: rows in, Job objects out. The queue decides; this file only reads and writes. */
import type { Database } from 'better-sqlite3';
import { GyreError, type GyreErrorShape } from '../contract/errors';
import type { Job, JobKind, JobStatus } from '../contract/jobs';

interface DbJob {
  id: string;
  kind: JobKind;
  project_id: string | null;
  status: JobStatus;
  progress: number;
  message: string;
  input: string;
  result: string | null;
  error: string | null;
  runner: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

function toJob(r: DbJob): Job {
  return {
    id: r.id,
    kind: r.kind,
    projectId: r.project_id,
    status: r.status,
    progress: r.progress,
    message: r.message,
    input: JSON.parse(r.input) as unknown,
    result: r.result === null ? null : (JSON.parse(r.result) as unknown),
    error: r.error === null ? null : (JSON.parse(r.error) as GyreErrorShape),
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export class JobStore {
  constructor(private readonly db: Database) {}

  /** `runner` (host:pid) owns the job from the start: only that process's queue will run it. */
  insert(id: string, kind: JobKind, projectId: string | null, input: unknown, message: string, runner: string): Job {
    this.db
      .prepare("INSERT INTO jobs (id, kind, project_id, status, message, input, runner, created_at) VALUES (?, ?, ?, 'queued', ?, ?, ?, ?)")
      .run(id, kind, projectId, message, JSON.stringify(input), runner, new Date().toISOString());
    return this.get(id);
  }

  get(id: string): Job {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as DbJob | undefined;
    if (!row) throw new GyreError('NOT_FOUND', `No job with id "${id}".`, { field: 'id' });
    return toJob(row);
  }

  list(projectId: string | undefined, limit: number): Job[] {
    const rows = (
      projectId
        ? this.db.prepare('SELECT * FROM jobs WHERE project_id = ? ORDER BY created_at DESC LIMIT ?').all(projectId, limit)
        : this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC LIMIT ?').all(limit)
    ) as DbJob[];
    return rows.map(toJob);
  }

  markRunning(id: string): void {
    this.db.prepare("UPDATE jobs SET status = 'running', started_at = ? WHERE id = ?").run(new Date().toISOString(), id);
  }

  saveProgress(id: string, progress: number, message: string): void {
    this.db.prepare('UPDATE jobs SET progress = ?, message = ? WHERE id = ?').run(progress, message, id);
  }

  finish(id: string, status: Exclude<JobStatus, 'queued' | 'running'>, message: string, outcome: { result?: unknown; error?: GyreErrorShape }): Job {
    this.db
      .prepare('UPDATE jobs SET status = ?, message = ?, progress = CASE WHEN ? = \'succeeded\' THEN 1 ELSE progress END, result = ?, error = ?, finished_at = ? WHERE id = ?')
      .run(
        status,
        message,
        status,
        outcome.result === undefined ? null : JSON.stringify(outcome.result),
        outcome.error ? JSON.stringify(outcome.error) : null,
        new Date().toISOString(),
        id,
      );
    return this.get(id);
  }

  /** Queued and running jobs, with the process that owns each. */
  unfinished(): { id: string; status: JobStatus; runner: string | null }[] {
    return this.db.prepare("SELECT id, status, runner FROM jobs WHERE status IN ('queued', 'running')").all() as { id: string; status: JobStatus; runner: string | null }[];
  }
}
