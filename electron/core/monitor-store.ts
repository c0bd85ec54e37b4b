/** Monitoring batches and their alerts in SQLite; each batch's rows (Parquet) and report (JSON) in the object store. */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Metric } from '../contract/charter-vocabulary';
import { GyreError } from '../contract/errors';
import type { BatchOutcomes, BatchPerformance, BatchRecord, BatchSource, BatchSummary, DriftReport, MonitorAlert, AlertStatus } from '../contract/monitor';
import type { FiredAlert } from './monitor-rules';
import type { ObjectStore } from './store/objects';

/** A row as SELECT_BATCH reads it: the summary with its JSON columns still text, and where its report is. */
type DbBatch = Omit<BatchSummary, 'source' | 'outcomes' | 'metrics' | 'fairness' | 'jobId'> & {
  source: string;
  outcomes: string | null;
  metrics: string | null;
  fairness: string | null;
  reportSha256: string;
  jobId: string | null;
};

const SELECT_BATCH = `SELECT b.id, b.project_id AS projectId, m.name || '@' || v.version AS model, b.version_id AS versionId, b.name, b.source, b.outcomes,
    b.rows, b.observed_at AS observedAt, b.created_at AS createdAt, b.verdict, b.drifted, b.features, b.share_drifted AS shareDrifted, b.metrics, b.fairness,
    (SELECT count(*) FROM monitor_alerts a WHERE a.batch_id = b.id) AS alerts, b.rows_sha256 AS objectSha256, b.report_sha256 AS reportSha256, b.job_id AS jobId
  FROM monitor_batches b JOIN model_versions v ON v.id = b.version_id JOIN models m ON m.id = v.model_id`;

function summary(row: DbBatch): BatchSummary {
  const { reportSha256: _report, source, outcomes, metrics, fairness, jobId, ...rest } = row;
  return {
    ...rest,
    source: JSON.parse(source) as BatchSource,
    outcomes: outcomes ? (JSON.parse(outcomes) as BatchOutcomes) : null,
    metrics: metrics ? (JSON.parse(metrics) as Partial<Record<Metric, number | null>>) : null,
    fairness: fairness ? (JSON.parse(fairness) as Record<string, number | null>) : null,
    jobId: jobId ?? '',
  };
}

/** A row as SELECT_ALERT reads it: the alert with its iteration still JSON. */
type DbAlert = Omit<MonitorAlert, 'iteration'> & { iteration: string | null };

const SELECT_ALERT = `SELECT a.id, a.project_id AS projectId, a.batch_id AS batchId, b.name AS batchName, m.name || '@' || v.version AS model, a.rule_id AS ruleId,
    a.kind, a.severity, a.title, a.value, a.threshold, a.status, a.created_at AS createdAt, a.updated_at AS updatedAt, a.actor, a.note, a.iteration
  FROM monitor_alerts a JOIN monitor_batches b ON b.id = a.batch_id JOIN model_versions v ON v.id = b.version_id JOIN models m ON m.id = v.model_id`;

const alert = ({ iteration, ...row }: DbAlert): MonitorAlert => ({ ...row, iteration: iteration ? (JSON.parse(iteration) as MonitorAlert['iteration']) : null });

export interface NewBatch {
  projectId: string;
  versionId: string;
  jobId: string | null;
  name: string;
  source: BatchSource;
  outcomes: BatchOutcomes | null;
  observedAt: string;
  /** The batch's rows as Parquet, already in the object store. */
  rowsSha256: string;
  drift: DriftReport;
  performance: BatchPerformance | null;
  fired: FiredAlert[];
}

export class MonitorStore {
  constructor(
    private readonly db: Database,
    private readonly objects: ObjectStore,
  ) {}

  /** The batch and the alerts it raised, in one transaction. */
  addBatch(b: NewBatch): BatchSummary {
    const id = 'bat_' + randomBytes(8).toString('hex');
    const now = new Date().toISOString();
    const report = this.objects.put(Buffer.from(JSON.stringify({ drift: b.drift, performance: b.performance })), 'application/json');
    const metrics = b.performance ? JSON.stringify(b.performance.byMetric) : null;
    const fairness = b.performance ? JSON.stringify(Object.fromEntries(b.performance.fairness.map((f) => [f.attribute, f.demographicParityDifference]))) : null;
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO monitor_batches (id, project_id, version_id, job_id, name, source, outcomes, rows, observed_at, created_at, verdict, drifted, features, share_drifted, metrics, fairness, rows_sha256, report_sha256)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, b.projectId, b.versionId, b.jobId, b.name, JSON.stringify(b.source), b.outcomes ? JSON.stringify(b.outcomes) : null, b.drift.batchRows, b.observedAt, now, b.drift.verdict, b.drift.drifted, b.drift.counted, b.drift.shareDrifted, metrics, fairness, b.rowsSha256, report.sha256);
      const insert = this.db.prepare(
        `INSERT INTO monitor_alerts (id, project_id, batch_id, rule_id, kind, severity, title, value, threshold, status, created_at, updated_at, actor, note, iteration)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, NULL, '', NULL)`,
      );
      for (const f of b.fired) insert.run('alr_' + randomBytes(8).toString('hex'), b.projectId, id, f.rule.id, f.rule.kind, f.rule.severity, f.title, f.value, f.threshold, now, now);
    })();
    return this.summary(id);
  }

  /** Newest observed first; one model version's when `versionId` is given. */
  batches(projectId: string, versionId?: string): BatchSummary[] {
    const rows = versionId
      ? this.db.prepare(`${SELECT_BATCH} WHERE b.project_id = ? AND b.version_id = ? ORDER BY b.observed_at DESC, b.rowid DESC`).all(projectId, versionId)
      : this.db.prepare(`${SELECT_BATCH} WHERE b.project_id = ? ORDER BY b.observed_at DESC, b.rowid DESC`).all(projectId);
    return (rows as DbBatch[]).map(summary);
  }

  summary(id: string): BatchSummary {
    return summary(this.row(id));
  }

  get(id: string): BatchRecord {
    const row = this.row(id);
    const report = JSON.parse(this.objects.read(row.reportSha256).toString('utf8')) as { drift: DriftReport; performance: BatchPerformance | null };
    return { ...summary(row), ...report };
  }

  private row(id: string): DbBatch {
    const row = this.db.prepare(`${SELECT_BATCH} WHERE b.id = ?`).get(id) as DbBatch | undefined;
    if (!row) throw new GyreError('NOT_FOUND', `No monitoring batch with id "${id}".`, { field: 'batchId' });
    return row;
  }

  /** Newest batch first; a batch's alerts in the order of its rules (the charter's criteria first). */
  alerts(projectId: string, status?: AlertStatus): MonitorAlert[] {
    const rows = status
      ? this.db.prepare(`${SELECT_ALERT} WHERE a.project_id = ? AND a.status = ? ORDER BY a.created_at DESC, a.rowid ASC`).all(projectId, status)
      : this.db.prepare(`${SELECT_ALERT} WHERE a.project_id = ? ORDER BY a.created_at DESC, a.rowid ASC`).all(projectId);
    return (rows as DbAlert[]).map(alert);
  }

  alert(id: string): MonitorAlert {
    const row = this.db.prepare(`${SELECT_ALERT} WHERE a.id = ?`).get(id) as DbAlert | undefined;
    if (!row) throw new GyreError('NOT_FOUND', `No alert with id "${id}".`, { field: 'id' });
    return alert(row);
  }

  setStatus(id: string, status: AlertStatus, actor: string, note: string): MonitorAlert {
    this.alert(id);
    this.db.prepare('UPDATE monitor_alerts SET status = ?, actor = ?, note = ?, updated_at = ? WHERE id = ?').run(status, actor, note, new Date().toISOString(), id);
    return this.alert(id);
  }

  /** Records the next iteration started from an alert, and acknowledges it if it was open. */
  setIteration(id: string, iteration: NonNullable<MonitorAlert['iteration']>, actor: string): void {
    this.db
      .prepare(`UPDATE monitor_alerts SET iteration = ?, status = CASE status WHEN 'open' THEN 'acknowledged' ELSE status END, actor = ?, updated_at = ? WHERE id = ?`)
      .run(JSON.stringify(iteration), actor, new Date().toISOString(), id);
  }
}
