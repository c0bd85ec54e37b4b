/** Synthetic versions' quality reports in SQLite (what the list shows) and the object store (the report itself). */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { SyntheticRecord, SyntheticReport, SyntheticSummary } from '../contract/synthetic';
import type { ObjectStore } from './store/objects';

interface DbSynthetic extends SyntheticSummary {
  objectSha256: string;
}

const SELECT = `SELECT s.id, s.version_id AS versionId, v.dataset_id AS datasetId, d.name AS datasetName, v.version, s.source_version_id AS sourceVersionId,
    sd.name || ' v' || sv.version AS sourceLabel, s.rows, s.seed, s.level, s.auc, s.worst_distance AS worstDistance,
    s.object_sha256 AS objectSha256, s.created_at AS createdAt
  FROM synthetic_reports s
  JOIN dataset_versions v ON v.id = s.version_id JOIN datasets d ON d.id = v.dataset_id
  JOIN dataset_versions sv ON sv.id = s.source_version_id JOIN datasets sd ON sd.id = sv.dataset_id`;

function summary(row: DbSynthetic): SyntheticSummary {
  const { objectSha256: _sha, ...rest } = row;
  return rest;
}

export function newSyntheticId(): string {
  return 'syn_' + randomBytes(8).toString('hex');
}

export class SyntheticStore {
  constructor(
    private readonly db: Database,
    private readonly objects: ObjectStore,
  ) {}

  /** Stores the report object and its row; call inside the transaction that adds the version. */
  add(r: { id: string; projectId: string; versionId: string; sourceVersionId: string; jobId: string | null; reportSha256: string; report: SyntheticReport; createdAt: Date }): SyntheticSummary {
    const worst = r.report.quality.length ? Math.max(...r.report.quality.map((q) => q.distance)) : null;
    this.db
      .prepare(
        `INSERT INTO synthetic_reports (id, project_id, version_id, source_version_id, job_id, seed, rows, level, auc, worst_distance, object_sha256, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.id, r.projectId, r.versionId, r.sourceVersionId, r.jobId, r.report.seed, r.report.rowsGenerated, r.report.verdict.level, r.report.discriminator.auc, worst, r.reportSha256, r.createdAt.toISOString());
    return summary(this.db.prepare(`${SELECT} WHERE s.id = ?`).get(r.id) as DbSynthetic);
  }

  /** Newest first. */
  list(projectId: string): SyntheticSummary[] {
    return (this.db.prepare(`${SELECT} WHERE s.project_id = ? ORDER BY s.created_at DESC, s.rowid DESC`).all(projectId) as DbSynthetic[]).map(summary);
  }

  /** The report of a synthetic version of this project; null for any other version. */
  forVersion(projectId: string, versionId: string): SyntheticRecord | null {
    const row = this.db.prepare(`${SELECT} WHERE s.project_id = ? AND s.version_id = ?`).get(projectId, versionId) as DbSynthetic | undefined;
    if (!row) return null;
    const report = JSON.parse(this.objects.read(row.objectSha256).toString('utf8')) as SyntheticReport;
    return { ...summary(row), report };
  }
}
