/** Project service: create, rename, archive, open; names unique regardless of case. */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { GyreError } from '../contract/errors';
import type { Project } from '../contract/projects';

interface DbProject {
  id: string;
  name: string;
  name_key: string;
  description: string;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  last_opened_at: string | null;
}

const LAST_PROJECT = 'lastProjectId';
const ID_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function toProject(row: DbProject): Project {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
    lastOpenedAt: row.last_opened_at,
  };
}

function newProjectId(): string {
  const bytes = randomBytes(8);
  return 'prj_' + Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

const nameKey = (name: string) => name.trim().toLocaleLowerCase('en');

export class ProjectService {
  constructor(private readonly db: Database) {}

  list(includeArchived: boolean): Project[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM projects ${includeArchived ? '' : 'WHERE archived_at IS NULL'}
         ORDER BY last_opened_at IS NULL, last_opened_at DESC, created_at DESC`,
      )
      .all() as DbProject[];
    return rows.map(toProject);
  }

  /** By id, or by exact (case-insensitive) name. */
  get(idOrName: string): Project {
    const row = this.db.prepare('SELECT * FROM projects WHERE id = ? OR name_key = ?').get(idOrName, nameKey(idOrName)) as DbProject | undefined;
    if (!row) throw new GyreError('NOT_FOUND', `No project with id or name "${idOrName}".`, { field: 'id' });
    return toProject(row);
  }

  create(name: string, description: string): Project {
    this.assertNameFree(name);
    const now = new Date().toISOString();
    const id = newProjectId();
    this.db
      .prepare('INSERT INTO projects (id, name, name_key, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, name, nameKey(name), description, now, now);
    return this.get(id);
  }

  rename(idOrName: string, name: string): Project {
    const project = this.get(idOrName);
    this.assertNameFree(name, project.id);
    this.db
      .prepare('UPDATE projects SET name = ?, name_key = ?, updated_at = ? WHERE id = ?')
      .run(name, nameKey(name), new Date().toISOString(), project.id);
    return this.get(project.id);
  }

  archive(idOrName: string, archived: boolean): Project {
    const project = this.get(idOrName);
    const now = new Date().toISOString();
    this.db.prepare('UPDATE projects SET archived_at = ?, updated_at = ? WHERE id = ?').run(archived ? now : null, now, project.id);
    if (archived && this.lastOpenedId() === project.id) this.db.prepare('DELETE FROM settings WHERE key = ?').run(LAST_PROJECT);
    return this.get(project.id);
  }

  open(idOrName: string): Project {
    const project = this.get(idOrName);
    if (project.archivedAt) {
      throw new GyreError('CONFLICT', `Project "${project.name}" is archived. Restore it before opening it.`, { field: 'id' });
    }
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db.prepare('UPDATE projects SET last_opened_at = ? WHERE id = ?').run(now, project.id);
      this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(LAST_PROJECT, project.id);
    })();
    return this.get(project.id);
  }

  lastOpened(): Project | null {
    const id = this.lastOpenedId();
    if (!id) return null;
    const row = this.db.prepare('SELECT * FROM projects WHERE id = ? AND archived_at IS NULL').get(id) as DbProject | undefined;
    return row ? toProject(row) : null;
  }

  touch(id: string): void {
    this.db.prepare('UPDATE projects SET updated_at = ? WHERE id = ?').run(new Date().toISOString(), id);
  }

  private lastOpenedId(): string | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(LAST_PROJECT) as { value: string } | undefined;
    return row?.value;
  }

  private assertNameFree(name: string, exceptId?: string): void {
    const row = this.db.prepare('SELECT id, name FROM projects WHERE name_key = ?').get(nameKey(name)) as { id: string; name: string } | undefined;
    if (row && row.id !== exceptId) {
      throw new GyreError('CONFLICT', `A project named "${row.name}" already exists. Choose another name.`, { field: 'name' });
    }
  }
}
