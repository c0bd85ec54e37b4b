/** Shadow reports in SQLite (the summary the list shows) and the object store (the report itself). */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { GyreError } from '../contract/errors';
import type { ShadowRecord, ShadowReport, ShadowSource, ShadowSummary } from '../contract/shadow';
import type { ObjectStore } from './store/objects';

interface DbShadow {
  id: string;
  production: string;
  candidate: string;
  mode: ShadowReport['mode'];
  source: string;
  sourceLabel: string;
  rows: number;
  agreementRate: number | null;
  headline: string | null;
  notes: string;
  objectSha256: string;
  createdAt: string;
}

const SELECT = `SELECT s.id, pm.name || '@' || pv.version AS production, cm.name || '@' || cv.version AS candidate, s.mode, s.source,
    s.source_label AS sourceLabel, s.rows, s.agreement_rate AS agreementRate, s.headline, s.notes, s.object_sha256 AS objectSha256, s.created_at AS createdAt
  FROM shadow_reports s
  JOIN model_versions pv ON pv.id = s.production_version_id JOIN models pm ON pm.id = pv.model_id
  JOIN model_versions cv ON cv.id = s.candidate_version_id JOIN models cm ON cm.id = cv.model_id`;

/** Accuracy for a classification, MAE for a regression: the one number per model the list shows. */
export function headline(report: ShadowReport): ShadowSummary['headline'] {
  if (!report.metrics) return null;
  const metric = report.task === 'classification' ? 'accuracy' : 'mae';
  return { metric, production: report.metrics.production[metric], candidate: report.metrics.candidate[metric] };
}

function summary(row: DbShadow): ShadowSummary {
  const { source: _source, objectSha256: _sha, headline: h, notes, ...rest } = row;
  return { ...rest, headline: h ? (JSON.parse(h) as ShadowSummary['headline']) : null, notes: JSON.parse(notes) as string[] };
}

export class ShadowStore {
  constructor(
    private readonly db: Database,
    private readonly objects: ObjectStore,
  ) {}

  add(r: { projectId: string; productionVersionId: string; candidateVersionId: string; jobId: string | null; source: ShadowSource; sourceLabel: string; report: ShadowReport; notes: string[]; createdAt: Date }): string {
    const id = 'shd_' + randomBytes(8).toString('hex');
    const object = this.objects.put(Buffer.from(JSON.stringify(r.report)), 'application/json');
    const h = headline(r.report);
    this.db
      .prepare(
        `INSERT INTO shadow_reports (id, project_id, production_version_id, candidate_version_id, job_id, source, source_label, mode, rows, agreement_rate, headline, notes, object_sha256, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, r.projectId, r.productionVersionId, r.candidateVersionId, r.jobId, JSON.stringify(r.source), r.sourceLabel, r.report.mode, r.report.rows, r.report.shadow?.agreementRate ?? null, h ? JSON.stringify(h) : null, JSON.stringify(r.notes), object.sha256, r.createdAt.toISOString());
    return id;
  }

  /** Newest first. */
  list(projectId: string): ShadowSummary[] {
    return (this.db.prepare(`${SELECT} WHERE s.project_id = ? ORDER BY s.created_at DESC, s.rowid DESC`).all(projectId) as DbShadow[]).map(summary);
  }

  summary(id: string): ShadowSummary {
    return summary(this.row(id));
  }

  get(id: string): ShadowRecord {
    const row = this.row(id);
    const report = JSON.parse(this.objects.read(row.objectSha256).toString('utf8')) as ShadowReport;
    return { ...summary(row), source: JSON.parse(row.source) as ShadowSource, report };
  }

  private row(id: string): DbShadow {
    const row = this.db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as DbShadow | undefined;
    if (!row) throw new GyreError('NOT_FOUND', `No shadow report with id "${id}".`, { field: 'id' });
    return row;
  }
}
