/** Charter service: every save is a new version; a save from a stale version is refused, never merged silently. */
import type { Database } from 'better-sqlite3';
import { GyreError } from '../contract/errors';
import type { CharterContent, CharterDiff, CharterVersion, CharterVersionSummary } from '../contract/charters';
import { diffCharters } from './charter-diff';
import type { ProjectService } from './projects';

interface DbCharterVersion {
  project_id: string;
  version: number;
  content: string;
  note: string;
  created_at: string;
}

function toSummary(row: Omit<DbCharterVersion, 'content'>): CharterVersionSummary {
  return { projectId: row.project_id, version: row.version, note: row.note, createdAt: row.created_at };
}

function toVersion(row: DbCharterVersion): CharterVersion {
  return { ...toSummary(row), content: JSON.parse(row.content) as CharterContent };
}

/** The charter version that was the newest at `at` (an ISO time): the one in force when, say, a run was trained. */
export function charterVersionAt(db: Database, projectId: string, at: string): { version: number; content: string; created_at: string } | undefined {
  return db.prepare('SELECT version, content, created_at FROM charter_versions WHERE project_id = ? AND created_at <= ? ORDER BY version DESC LIMIT 1').get(projectId, at) as { version: number; content: string; created_at: string } | undefined;
}

export class CharterService {
  constructor(
    private readonly db: Database,
    private readonly projects: ProjectService,
  ) {}

  get(projectIdOrName: string, version?: number): CharterVersion | null {
    const { id } = this.projects.get(projectIdOrName);
    const row = (
      version === undefined
        ? this.db.prepare('SELECT * FROM charter_versions WHERE project_id = ? ORDER BY version DESC LIMIT 1').get(id)
        : this.db.prepare('SELECT * FROM charter_versions WHERE project_id = ? AND version = ?').get(id, version)
    ) as DbCharterVersion | undefined;
    if (!row && version !== undefined) {
      throw new GyreError('NOT_FOUND', `The charter has no version ${version}.`, { field: 'version' });
    }
    return row ? toVersion(row) : null;
  }

  /** Saves `content` as the next version. Saving content identical to the latest version returns it unchanged. */
  save(projectIdOrName: string, content: CharterContent, basedOnVersion: number | null, note: string): CharterVersion {
    const project = this.projects.get(projectIdOrName);
    return this.db.transaction(() => {
      const latest = this.get(project.id);
      const latestVersion = latest?.version ?? null;
      if (basedOnVersion !== latestVersion) {
        throw new GyreError(
          'CONFLICT',
          latestVersion === null
            ? `The charter has no version ${basedOnVersion} yet; save it as the first version.`
            : `Version ${latestVersion} of this charter was saved after the version you edited (${basedOnVersion ?? 'none'}). Reload it, then save your changes again.`,
          { field: 'basedOnVersion', latestVersion },
        );
      }
      if (latest && JSON.stringify(latest.content) === JSON.stringify(content)) return latest;
      const version = (latestVersion ?? 0) + 1;
      this.db
        .prepare('INSERT INTO charter_versions (project_id, version, content, note, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(project.id, version, JSON.stringify(content), note, new Date().toISOString());
      this.projects.touch(project.id);
      return this.get(project.id, version)!;
    })();
  }

  /**
   * The next iteration of the cycle: the latest content again as a new version whose note says why (an alert from
   * monitoring), so the charter's history marks where each iteration began.
   */
  newIteration(projectIdOrName: string, note: string): CharterVersion {
    const project = this.projects.get(projectIdOrName);
    return this.db.transaction(() => {
      const latest = this.get(project.id);
      if (!latest) throw new GyreError('VALIDATION', 'This project has no charter yet: write one on the Plan stage first.', { field: 'projectId' });
      const version = latest.version + 1;
      this.db
        .prepare('INSERT INTO charter_versions (project_id, version, content, note, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(project.id, version, JSON.stringify(latest.content), note.slice(0, 500), new Date().toISOString());
      this.projects.touch(project.id);
      return this.get(project.id, version)!;
    })();
  }

  history(projectIdOrName: string): CharterVersionSummary[] {
    const { id } = this.projects.get(projectIdOrName);
    const rows = this.db
      .prepare('SELECT project_id, version, note, created_at FROM charter_versions WHERE project_id = ? ORDER BY version DESC')
      .all(id) as Omit<DbCharterVersion, 'content'>[];
    return rows.map(toSummary);
  }

  diff(projectIdOrName: string, from: number, to: number): CharterDiff {
    const a = this.get(projectIdOrName, from)!;
    const b = this.get(projectIdOrName, to)!;
    return { projectId: a.projectId, from, to, changes: diffCharters(a.content, b.content) };
  }
}
