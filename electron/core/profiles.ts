/** Which profile report object belongs to which version and target. */
import type { Database } from 'better-sqlite3';

export class ProfileStore {
  constructor(private readonly db: Database) {}

  /** The report's object id, if this version was profiled for this target ('' for none). */
  find(versionId: string, target: string): string | null {
    const row = this.db.prepare('SELECT object_sha256 FROM profiles WHERE version_id = ? AND target = ?').get(versionId, target) as { object_sha256: string } | undefined;
    return row?.object_sha256 ?? null;
  }

  /** A profile is derived data: recomputing it replaces the cached report for that version and target. */
  save(versionId: string, target: string, objectSha256: string, jobId: string): void {
    this.db
      .prepare('INSERT OR REPLACE INTO profiles (version_id, target, object_sha256, job_id, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(versionId, target, objectSha256, jobId, new Date().toISOString());
  }
}
