/** Splits and runs in SQLite: a training job writes them once; the Train and Evaluate stages and the CLI read them. */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { GyreError } from '../contract/errors';
import type { ModelKind, ModelTask as Task, Run, RunCost, RunCurves, RunEvaluation, RunSummary, SplitRecord } from '../contract/runs';

const newId = (prefix: string) => prefix + randomBytes(8).toString('hex');

/** A run's id is chosen before it is trained: it goes into the exported file's metadata. */
export const newRunId = () => newId('run_');

interface SplitRow {
  id: string;
  version_id: string;
  spec: string;
  train_rows: number;
  test_rows: number;
  excluded: string | null;
  membership_hash: string;
}

interface RunRow {
  id: string;
  project_id: string;
  job_id: string | null;
  version_id: string;
  split_id: string;
  target: string;
  task: Task;
  model: ModelKind;
  params: string;
  details: string;
  metrics: string;
  onnx_sha256: string;
  onnx_size: number;
  train_seconds: number;
  created_at: string;
  notes: string;
  tags: string;
  cost: string | null;
  code_version: string | null;
  dataset_id: string;
  dataset_name: string;
  dataset_version: number;
  split_spec: string;
  split_train_rows: number;
  split_test_rows: number;
  split_excluded: string | null;
  split_membership_hash: string;
}

function toSplit(r: SplitRow): SplitRecord {
  return { id: r.id, versionId: r.version_id, spec: JSON.parse(r.spec) as Record<string, unknown>, trainRows: r.train_rows, testRows: r.test_rows, excluded: r.excluded ? (JSON.parse(r.excluded) as SplitRecord['excluded']) : null, membershipHash: r.membership_hash };
}

export type NewRun = Omit<Run, 'createdAt' | 'split' | 'onnx' | 'notes' | 'tags' | 'dataset'> & { splitId: string; onnxSha256: string; curves?: RunCurves; evaluation?: RunEvaluation };

export class RunStore {
  constructor(private readonly db: Database) {}

  /** The same rows held out of the same version are one split, whichever job asked for it. */
  saveSplit(s: Omit<SplitRecord, 'id'>): SplitRecord {
    const existing = this.db.prepare('SELECT * FROM splits WHERE version_id = ? AND membership_hash = ?').get(s.versionId, s.membershipHash) as SplitRow | undefined;
    if (existing) return toSplit(existing);
    const id = newId('sp_');
    this.db
      .prepare('INSERT INTO splits (id, version_id, spec, train_rows, test_rows, excluded, membership_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, s.versionId, JSON.stringify(s.spec), s.trainRows, s.testRows, s.excluded ? JSON.stringify(s.excluded) : null, s.membershipHash, new Date().toISOString());
    return { ...s, id };
  }

  addRun(r: NewRun): string {
    const id = r.id;
    this.db
      .prepare(
        `INSERT INTO runs (id, project_id, job_id, version_id, split_id, target, task, model, params, details, metrics, onnx_sha256, train_seconds, created_at, cost, code_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, r.projectId, r.jobId, r.versionId, r.splitId, r.target, r.task, r.model, JSON.stringify(r.params), JSON.stringify(r.details), JSON.stringify(r.metrics), r.onnxSha256, r.trainSeconds, new Date().toISOString(), r.cost ? JSON.stringify(r.cost) : null, r.codeVersion);
    if (r.curves?.unit) {
      const insert = this.db.prepare('INSERT INTO run_curves (run_id, name, unit, points) VALUES (?, ?, ?, ?)');
      for (const [name, points] of Object.entries(r.curves.series)) insert.run(id, name, r.curves.unit, JSON.stringify(points.map(finiteOrNull)));
    }
    if (r.evaluation) this.db.prepare('INSERT INTO run_evaluations (run_id, content) VALUES (?, ?)').run(id, JSON.stringify(r.evaluation));
    return id;
  }

  evaluation(id: string): RunEvaluation {
    const run = this.get(id);
    const row = this.db.prepare('SELECT content FROM run_evaluations WHERE run_id = ?').get(run.id) as { content: string } | undefined;
    return row ? (JSON.parse(row.content) as RunEvaluation) : {};
  }

  curves(id: string): RunCurves {
    const run = this.get(id);
    const rows = this.db.prepare('SELECT name, unit, points FROM run_curves WHERE run_id = ? ORDER BY rowid').all(run.id) as { name: string; unit: 'round' | 'epoch'; points: string }[];
    return { unit: rows[0]?.unit ?? null, series: Object.fromEntries(rows.map((r) => [r.name, JSON.parse(r.points) as number[]])) };
  }

  /** Replaces the notes and/or tags given; tags are kept once each, in the order given. */
  annotate(id: string, change: { notes?: string; tags?: string[] }): Run {
    const run = this.get(id);
    if (change.notes !== undefined) this.db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(change.notes, run.id);
    if (change.tags !== undefined) this.db.prepare('UPDATE runs SET tags = ? WHERE id = ?').run(JSON.stringify([...new Set(change.tags)]), run.id);
    return this.get(run.id);
  }

  private select(where: string): string {
    // One query for the whole list: a leaderboard of thousands of runs must not cost a query per run.
    return `SELECT r.*, o.size AS onnx_size, d.id AS dataset_id, d.name AS dataset_name, v.version AS dataset_version,
        s.spec AS split_spec, s.train_rows AS split_train_rows, s.test_rows AS split_test_rows, s.excluded AS split_excluded, s.membership_hash AS split_membership_hash
      FROM runs r JOIN objects o ON o.sha256 = r.onnx_sha256 JOIN dataset_versions v ON v.id = r.version_id JOIN datasets d ON d.id = v.dataset_id
        JOIN splits s ON s.id = r.split_id ${where}`;
  }

  private toRun(r: RunRow): Run {
    const split = toSplit({ id: r.split_id, version_id: r.version_id, spec: r.split_spec, train_rows: r.split_train_rows, test_rows: r.split_test_rows, excluded: r.split_excluded, membership_hash: r.split_membership_hash });
    return {
      id: r.id,
      projectId: r.project_id,
      jobId: r.job_id,
      versionId: r.version_id,
      dataset: { id: r.dataset_id, name: r.dataset_name, version: r.dataset_version },
      split,
      target: r.target,
      task: r.task,
      model: r.model,
      params: JSON.parse(r.params) as Record<string, unknown>,
      metrics: JSON.parse(r.metrics) as Run['metrics'],
      details: JSON.parse(r.details) as Run['details'],
      onnx: { sha256: r.onnx_sha256, size: r.onnx_size },
      trainSeconds: r.train_seconds,
      cost: r.cost ? (JSON.parse(r.cost) as RunCost) : null,
      codeVersion: r.code_version,
      notes: r.notes,
      tags: JSON.parse(r.tags) as string[],
      createdAt: r.created_at,
    };
  }

  list(projectId: string): Run[] {
    return (this.db.prepare(this.select('WHERE r.project_id = ? ORDER BY r.created_at DESC, r.id')).all(projectId) as RunRow[]).map((r) => this.toRun(r));
  }

  /** The project's runs as summaries, newest first: one query, and no run's details parsed. */
  summaries(projectId: string): RunSummary[] {
    const rows = this.db.prepare(`${SUMMARY_SELECT} WHERE r.project_id = ? ORDER BY r.created_at DESC, r.id`).all(projectId) as SummaryRow[];
    return rows.map(toSummary);
  }

  /** A run by its id, or by a unique prefix of it (as the CLI prints them). */
  get(id: string): Run {
    const rows = this.db.prepare(this.select("WHERE r.id = ? OR r.id LIKE ? || '%' ESCAPE '\\' LIMIT 2")).all(id, id.replace(/[%_\\]/g, '\\$&')) as RunRow[];
    const exact = rows.find((r) => r.id === id);
    if (exact) return this.toRun(exact);
    if (rows.length === 1) return this.toRun(rows[0]!);
    if (rows.length > 1) throw new GyreError('VALIDATION', `"${id}" names more than one run; give more of its id.`, { field: 'run' });
    throw new GyreError('NOT_FOUND', `No run "${id}".`, { field: 'run' });
  }
}

/** JSON has no NaN or Infinity: a loss that was not finite at some round is stored as null. */
function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** What a run summary reads, from `runs r` joined to its file and dataset: add a WHERE and an ORDER BY. */
export const SUMMARY_SELECT = `SELECT r.id, r.project_id, r.version_id, d.id AS dataset_id, d.name AS dataset_name, v.version AS dataset_version, r.target, r.task, r.model,
    r.params, r.metrics, r.cost, r.onnx_sha256, o.size, r.train_seconds, r.created_at, r.notes, r.tags, json_extract(r.details, '$.reproduces') AS reproduces
  FROM runs r JOIN objects o ON o.sha256 = r.onnx_sha256 JOIN dataset_versions v ON v.id = r.version_id JOIN datasets d ON d.id = v.dataset_id`;

export type SummaryRow = Pick<RunRow, 'id' | 'project_id' | 'version_id' | 'dataset_id' | 'dataset_name' | 'dataset_version' | 'target' | 'task' | 'model' | 'params' | 'metrics' | 'cost' | 'onnx_sha256' | 'train_seconds' | 'created_at' | 'notes' | 'tags'> & {
  size: number;
  reproduces: string | null;
};

export function toSummary(r: SummaryRow): RunSummary {
  return {
    id: r.id,
    projectId: r.project_id,
    versionId: r.version_id,
    dataset: { id: r.dataset_id, name: r.dataset_name, version: r.dataset_version },
    target: r.target,
    task: r.task,
    model: r.model,
    params: JSON.parse(r.params) as Record<string, unknown>,
    metrics: JSON.parse(r.metrics) as Run['metrics'],
    cost: r.cost ? (JSON.parse(r.cost) as RunCost) : null,
    onnx: { sha256: r.onnx_sha256, size: r.size },
    trainSeconds: r.train_seconds,
    createdAt: r.created_at,
    notes: r.notes,
    tags: JSON.parse(r.tags) as string[],
    reproduces: r.reproduces,
  };
}
