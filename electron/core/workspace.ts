/** A workspace: one folder holding gyre.sqlite and the object store, movable across machines as-is. */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { GyreError } from '../contract/errors';
import { assertCompatible, loadMigrations, migrate } from './db/migrate';
import { ObjectStore } from './store/objects';

export interface Workspace {
  dir: string;
  db: Database;
  objects: ObjectStore;
  schemaVersion: number;
  close(): void;
}

/** The OS per-user data folder: $XDG_DATA_HOME/gyre, ~/Library/Application Support/Gyre, %APPDATA%\Gyre. */
export function defaultWorkspaceDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Gyre');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Gyre');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'gyre');
}

/** `--workspace DIR` wins, then GYRE_WORKSPACE, then the OS default. */
export function resolveWorkspaceDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag || env.GYRE_WORKSPACE || defaultWorkspaceDir(env));
}

export function openWorkspace(dir: string): Workspace {
  const root = resolve(dir);
  const file = join(root, 'gyre.sqlite');
  try {
    mkdirSync(join(root, 'tmp'), { recursive: true });
    mkdirSync(join(root, 'objects', 'sha256'), { recursive: true });
  } catch (e) {
    throw new GyreError('FORBIDDEN', `Cannot create the workspace folder ${root}: ${(e as Error).message}`, { file: root });
  }
  let db: Database | undefined;
  let schemaVersion: number;
  try {
    db = new Sqlite(file);
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    const migrations = loadMigrations();
    // Check before the first write (even switching to WAL rewrites the header) so a refused file stays byte-identical.
    assertCompatible(db, migrations, file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    schemaVersion = migrate(db, migrations, file);
    relativizePaths(db, root);
  } catch (e) {
    db?.close();
    if (e instanceof GyreError) throw e;
    throw new GyreError('WORKSPACE_CORRUPT', `${file} is not a Gyre workspace database, or is damaged: ${(e as Error).message}`, { file });
  }
  const objects = new ObjectStore(root, db);
  return { dir: root, db, objects, schemaVersion, close: () => db.close() };
}

/**
 * Bundles recorded with an absolute path inside this workspace (by a Gyre before paths were stored relative) are
 * rewritten relative to it, so the folder can be moved. Paths elsewhere stay absolute.
 */
function relativizePaths(db: Database, root: string): void {
  const prefix = root.endsWith(sep) ? root : root + sep;
  const rows = db.prepare('SELECT id, path FROM bundles WHERE substr(path, 1, ?) = ?').all(prefix.length, prefix) as { id: string; path: string }[];
  if (rows.length === 0) return;
  const update = db.prepare('UPDATE bundles SET path = ? WHERE id = ?');
  db.transaction(() => rows.forEach((r) => update.run(toStoredPath(root, r.path), r.id)))();
}

/** Folders inside the workspace that Gyre suggests writing to: bundles/ and exports/. */
export const OUTPUT_FOLDERS = ['bundles', 'exports'] as const;

/** Makes the folder `out` is to be written into when it is one of the workspace's own output folders (made on first use). */
export function makeOutputFolder(workspaceDir: string, out: string): void {
  const parent = dirname(resolve(out));
  if (OUTPUT_FOLDERS.some((f) => parent === join(workspaceDir, f))) mkdirSync(parent, { recursive: true });
}

/**
 * How a path is kept in the database: relative to the workspace ("bundles/churn-v1") when it is inside it, so a
 * workspace folder copied to another machine still finds its files; absolute when it is elsewhere.
 */
export function toStoredPath(workspaceDir: string, path: string): string {
  const rel = relative(resolve(workspaceDir), resolve(path));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return resolve(path);
  return rel.split(sep).join('/');
}

/** The absolute path of a stored path (see toStoredPath). */
export function fromStoredPath(workspaceDir: string, stored: string): string {
  return isAbsolute(stored) ? stored : join(resolve(workspaceDir), ...stored.split('/'));
}
