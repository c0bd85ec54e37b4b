/**
 * Numbered SQL migrations (`NNN_name.sql`), each applied in one transaction and recorded with its hash.
 * A database written by a newer Gyre, or one whose applied migrations were edited, is refused untouched.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { GyreError } from '../../contract/errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

/** Beside this file in the source tree; electron-vite copies the folder beside the bundled main script. */
export function defaultMigrationsDir(): string {
  return fileURLToPath(new URL('./migrations', import.meta.url));
}

const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export function loadMigrations(dir: string = defaultMigrationsDir()): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const m = FILE_NAME.exec(file);
      if (!m) throw new Error(`Migration file ${file} must be named NNN_name.sql`);
      const sql = readFileSync(join(dir, file), 'utf8');
      return { version: Number(m[1]), name: m[2]!, sql, sha256: createHash('sha256').update(sql).digest('hex') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations must be numbered 001, 002, … without gaps; found ${m.version} at position ${i + 1}`);
  });
  return migrations;
}

interface AppliedRow {
  version: number;
  name: string;
  sha256: string;
}

function appliedMigrations(db: Database): AppliedRow[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  return exists ? (db.prepare('SELECT version, name, sha256 FROM schema_migrations ORDER BY version').all() as AppliedRow[]) : [];
}

/**
 * Read-only check, run before anything writes to the file: refuses a database from a newer Gyre,
 * or one whose applied migrations differ from the ones this Gyre ships.
 */
export function assertCompatible(db: Database, migrations: Migration[], file: string): AppliedRow[] {
  const applied = appliedMigrations(db);
  const known = migrations.length;
  const newest = Math.max(applied.at(-1)?.version ?? 0, db.pragma('user_version', { simple: true }) as number);
  if (newest > known) {
    throw new GyreError(
      'WORKSPACE_TOO_NEW',
      `This workspace was written by a newer Gyre (schema version ${newest}; this Gyre knows up to ${known}). Update Gyre to open it; nothing in it was changed.`,
      { file, schemaVersion: newest, supportedVersion: known },
    );
  }
  for (const row of applied) {
    const m = migrations[row.version - 1];
    if (!m || m.sha256 !== row.sha256) {
      throw new GyreError(
        'WORKSPACE_CORRUPT',
        `Migration ${String(row.version).padStart(3, '0')}_${row.name} applied to this workspace differs from the one this Gyre ships. The workspace was left untouched.`,
        { file, version: row.version },
      );
    }
  }
  return applied;
}

/** Applies pending migrations, each in its own transaction; returns the schema version afterwards. */
export function migrate(db: Database, migrations: Migration[], file: string): number {
  const applied = assertCompatible(db, migrations, file);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of migrations.slice(applied.length)) {
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, m.sha256, new Date().toISOString());
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return migrations.length;
}
