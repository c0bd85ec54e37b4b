/** Exported bundles in SQLite: the export job records each one; the Deploy stage and the stage state read them. */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { ExportedBundle } from '../contract/bundles';
import { fromStoredPath, toStoredPath } from './workspace';

/** A bundle written inside the workspace is recorded relative to it, so a copied workspace still finds it. */
export class BundleStore {
  constructor(
    private readonly db: Database,
    private readonly workspaceDir: string,
  ) {}

  add(b: Omit<ExportedBundle, 'id' | 'ref' | 'createdAt'> & { projectId: string; jobId: string | null; createdAt: Date }): string {
    const id = 'bdl_' + randomBytes(8).toString('hex');
    this.db
      .prepare('INSERT INTO bundles (id, project_id, version_id, job_id, path, format, files, bytes, manifest_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, b.projectId, b.versionId, b.jobId, toStoredPath(this.workspaceDir, b.path), b.format, b.files, b.bytes, b.manifestSha256, b.createdAt.toISOString());
    return id;
  }

  /** Newest first. */
  list(projectId: string): ExportedBundle[] {
    const rows = this.db
      .prepare(
        `SELECT b.id, b.version_id AS versionId, m.name || '@' || mv.version AS ref, b.path, b.format, b.files, b.bytes, b.manifest_sha256 AS manifestSha256, b.created_at AS createdAt
         FROM bundles b JOIN model_versions mv ON mv.id = b.version_id JOIN models m ON m.id = mv.model_id WHERE b.project_id = ? ORDER BY b.created_at DESC, b.rowid DESC`,
      )
      .all(projectId) as ExportedBundle[];
    return rows.map((b) => ({ ...b, path: fromStoredPath(this.workspaceDir, b.path) }));
  }
}
