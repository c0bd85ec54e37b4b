/** Tuning studies and their trials in SQLite: a `model.tune` job writes them; the Train stage and the CLI read them. */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { GyreError } from '../contract/errors';
import type { ModelKind, ModelTask } from '../contract/runs';
import type { SearchSpace, Study, StudyBudget, StudyDetail, StudyStatus, Trial, TuningMetric, TuningStrategy } from '../contract/studies';

/** A study's id is chosen when the job is queued, so the job's input names the study it will write. */
export const newStudyId = () => 'st_' + randomBytes(8).toString('hex');

interface StudyRow {
  id: string;
  project_id: string;
  job_id: string | null;
  version_id: string;
  target: string;
  task: ModelTask;
  model: ModelKind;
  strategy: TuningStrategy;
  metric: TuningMetric;
  direction: 'higher' | 'lower';
  space: string;
  budget: string;
  seed: number;
  status: 'running' | 'succeeded' | 'failed';
  job_status: string | null;
  best_trial: number | null;
  run_id: string | null;
  trials_run: number;
  created_at: string;
  finished_at: string | null;
}

interface TrialRow {
  number: number;
  config: number;
  rung: number;
  params: string;
  budget: number;
  rows: number;
  value: number | null;
  seconds: number;
  status: Trial['status'];
  error: string | null;
}

export type NewStudy = Omit<Study, 'status' | 'bestTrial' | 'runId' | 'trialsRun' | 'createdAt' | 'finishedAt'>;

/** A study left 'running' by a job that was cancelled, failed or lost reads as that job ended: never as running. */
function statusOf(r: StudyRow): StudyStatus {
  if (r.status !== 'running') return r.status;
  return r.job_status === 'cancelled' || r.job_status === 'failed' || r.job_status === 'interrupted' ? r.job_status : 'running';
}

function toStudy(r: StudyRow): Study {
  return {
    id: r.id,
    projectId: r.project_id,
    jobId: r.job_id,
    versionId: r.version_id,
    target: r.target,
    task: r.task,
    model: r.model,
    strategy: r.strategy,
    metric: r.metric,
    direction: r.direction,
    space: JSON.parse(r.space) as SearchSpace,
    budget: JSON.parse(r.budget) as StudyBudget,
    seed: r.seed,
    status: statusOf(r),
    bestTrial: r.best_trial,
    runId: r.run_id,
    trialsRun: r.trials_run,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

function toTrial(r: TrialRow): Trial {
  return { number: r.number, config: r.config, rung: r.rung, params: JSON.parse(r.params) as Record<string, unknown>, budget: r.budget, rows: r.rows, value: r.value, seconds: r.seconds, status: r.status, error: r.error };
}

const SELECT = `SELECT s.*, j.status AS job_status, (SELECT count(*) FROM trials t WHERE t.study_id = s.id) AS trials_run
  FROM studies s LEFT JOIN jobs j ON j.id = s.job_id`;

export class StudyStore {
  constructor(private readonly db: Database) {}

  create(s: NewStudy): void {
    this.db
      .prepare(
        `INSERT INTO studies (id, project_id, job_id, version_id, target, task, model, strategy, metric, direction, space, budget, seed, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)`,
      )
      .run(s.id, s.projectId, s.jobId, s.versionId, s.target, s.task, s.model, s.strategy, s.metric, s.direction, JSON.stringify(s.space), JSON.stringify(s.budget), s.seed, new Date().toISOString());
  }

  /** Inserts a trial, or replaces it when its status changes (halving prunes a finished trial after its rung). */
  saveTrial(studyId: string, t: Trial): void {
    const value = t.value === null || Number.isFinite(t.value) ? t.value : null;
    this.db
      .prepare('INSERT OR REPLACE INTO trials (study_id, number, config, rung, params, budget, rows, value, seconds, status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(studyId, t.number, t.config, t.rung, JSON.stringify(t.params), t.budget, t.rows, value, t.seconds, t.status, t.error);
  }

  /** The best trial so far, while the study runs. */
  setBest(id: string, bestTrial: number): void {
    this.db.prepare('UPDATE studies SET best_trial = ? WHERE id = ?').run(bestTrial, id);
  }

  /** The study's last write: call it inside the transaction that saves its run. */
  succeed(id: string, bestTrial: number, runId: string): void {
    this.db.prepare("UPDATE studies SET status = 'succeeded', best_trial = ?, run_id = ?, finished_at = ? WHERE id = ?").run(bestTrial, runId, new Date().toISOString(), id);
  }

  fail(id: string): void {
    this.db.prepare("UPDATE studies SET status = 'failed', finished_at = ? WHERE id = ? AND status = 'running'").run(new Date().toISOString(), id);
  }

  list(projectId: string): Study[] {
    return (this.db.prepare(`${SELECT} WHERE s.project_id = ? ORDER BY s.created_at DESC, s.id`).all(projectId) as StudyRow[]).map(toStudy);
  }

  /** A study by id (or a unique prefix of it), with its trials in the order they started and the best one. */
  get(id: string): StudyDetail {
    const rows = this.db.prepare(`${SELECT} WHERE s.id = ? OR s.id LIKE ? || '%' ESCAPE '\\' LIMIT 2`).all(id, id.replace(/[%_\\]/g, '\\$&')) as StudyRow[];
    const row = rows.find((r) => r.id === id) ?? (rows.length === 1 ? rows[0] : undefined);
    if (!row) throw new GyreError('NOT_FOUND', rows.length > 1 ? `More than one study starts with "${id}"; give more of its id.` : `No study has the id "${id}".`, { id });
    const study = toStudy(row);
    const trials = (this.db.prepare('SELECT * FROM trials WHERE study_id = ? ORDER BY number').all(study.id) as TrialRow[]).map(toTrial);
    return { study, trials, best: trials.find((t) => t.number === study.bestTrial) ?? null };
  }
}
