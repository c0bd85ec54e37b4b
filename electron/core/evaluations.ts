/** Evaluation reports in SQLite: the `model.evaluate` job writes one; the Evaluate stage and the CLI read them. */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { GyreError } from '../contract/errors';
import type { Evaluation, EvaluationDetail, EvaluationReport } from '../contract/evaluations';
import type { ModelKind } from '../contract/runs';

export const newEvaluationId = () => 'ev_' + randomBytes(8).toString('hex');

/** What the job was asked, as stored: enough to explain a row later against the same background rows. */
export interface EvaluationRequest {
  resamples: number;
  repeats: number;
  seed: number;
  sensitive: string[];
  /** Dataset rows (of the evaluated ones) that stand for "typical" inputs in the explanations. */
  background: number[];
  /** The rows evaluated, when they are the run's test rows (their count is in the report). */
  rows: 'test' | 'all';
}

interface EvaluationRow {
  id: string;
  project_id: string;
  run_id: string;
  model: ModelKind;
  version_id: string;
  job_id: string | null;
  rows: 'test' | 'all';
  passed: 0 | 1 | null;
  created_at: string;
  dataset_id: string;
  dataset_name: string;
  dataset_version: number;
}

const SELECT = `SELECT e.id, e.project_id, e.run_id, r.model, e.version_id, e.job_id, e.rows, e.passed, e.created_at, d.id AS dataset_id, d.name AS dataset_name, v.version AS dataset_version
  FROM evaluations e JOIN runs r ON r.id = e.run_id JOIN dataset_versions v ON v.id = e.version_id JOIN datasets d ON d.id = v.dataset_id`;

function toEvaluation(r: EvaluationRow): Evaluation {
  return {
    id: r.id,
    projectId: r.project_id,
    runId: r.run_id,
    model: r.model,
    versionId: r.version_id,
    dataset: { id: r.dataset_id, name: r.dataset_name, version: r.dataset_version },
    jobId: r.job_id,
    rows: r.rows,
    createdAt: r.created_at,
    passed: r.passed === null ? null : r.passed === 1,
  };
}

export class EvaluationStore {
  constructor(private readonly db: Database) {}

  add(e: { id: string; projectId: string; runId: string; versionId: string; jobId: string | null; request: EvaluationRequest; report: EvaluationReport }): string {
    const passed = e.report.gate.passed === null ? null : e.report.gate.passed ? 1 : 0;
    this.db
      .prepare('INSERT INTO evaluations (id, project_id, run_id, version_id, job_id, rows, request, passed, report, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(e.id, e.projectId, e.runId, e.versionId, e.jobId, e.request.rows, JSON.stringify(e.request), passed, JSON.stringify(e.report), new Date().toISOString());
    return e.id;
  }

  list(projectId: string, runId?: string): Evaluation[] {
    const rows = runId
      ? this.db.prepare(`${SELECT} WHERE e.project_id = ? AND e.run_id = ? ORDER BY e.created_at DESC, e.id`).all(projectId, runId)
      : this.db.prepare(`${SELECT} WHERE e.project_id = ? ORDER BY e.created_at DESC, e.id`).all(projectId);
    return (rows as EvaluationRow[]).map(toEvaluation);
  }

  /** An evaluation by its id or a unique prefix of it (as the CLI prints them). */
  get(id: string): EvaluationDetail {
    const rows = this.db.prepare(`${SELECT} WHERE e.id = ? OR e.id LIKE ? || '%' ESCAPE '\\' LIMIT 2`).all(id, id.replace(/[%_\\]/g, '\\$&')) as EvaluationRow[];
    const row = rows.find((r) => r.id === id) ?? (rows.length === 1 ? rows[0] : undefined);
    if (!row) {
      if (rows.length > 1) throw new GyreError('VALIDATION', `"${id}" names more than one evaluation; give more of its id.`, { field: 'evaluation' });
      throw new GyreError('NOT_FOUND', `No evaluation "${id}".`, { field: 'evaluation' });
    }
    const { report } = this.db.prepare('SELECT report FROM evaluations WHERE id = ?').get(row.id) as { report: string };
    return { ...toEvaluation(row), report: JSON.parse(report) as EvaluationReport };
  }

  request(id: string): EvaluationRequest {
    const row = this.db.prepare('SELECT request FROM evaluations WHERE id = ?').get(this.get(id).id) as { request: string };
    return JSON.parse(row.request) as EvaluationRequest;
  }
}
