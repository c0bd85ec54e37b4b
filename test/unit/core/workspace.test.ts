import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../electron/core/db/migrate';
import { defaultWorkspaceDir, openWorkspace, resolveWorkspaceDir } from '../../../electron/core/workspace';
import { tempDir } from '../../helpers/workspace';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('workspace', () => {
  it('creates the folder layout and a WAL database with foreign keys and a recorded schema version', () => {
    const dir = join(tempDir(), 'ws');
    const ws = openWorkspace(dir);
    expect(existsSync(join(dir, 'gyre.sqlite'))).toBe(true);
    expect(existsSync(join(dir, 'objects', 'sha256'))).toBe(true);
    expect(existsSync(join(dir, 'tmp'))).toBe(true);
    expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ws.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(ws.schemaVersion).toBe(loadMigrations().length);
    expect(ws.db.pragma('user_version', { simple: true })).toBe(ws.schemaVersion);
    const rows = ws.db.prepare('SELECT version, name FROM schema_migrations').all();
    expect(rows).toEqual(loadMigrations().map((m) => ({ version: m.version, name: m.name })));
    ws.close();
  });

  it('reopens an existing workspace without reapplying migrations', () => {
    const dir = join(tempDir(), 'ws');
    openWorkspace(dir).close();
    const ws = openWorkspace(dir);
    expect(ws.db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: loadMigrations().length });
    ws.close();
  });

  it('refuses a workspace written by a newer schema and leaves its file byte-identical', () => {
    const dir = join(tempDir(), 'ws');
    openWorkspace(dir).close();
    const file = join(dir, 'gyre.sqlite');
    const db = new Sqlite(file);
    db.pragma('journal_mode = DELETE');
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'from_the_future', 'x', 'now')").run();
    db.pragma('user_version = 99');
    db.close();
    const before = sha(file);
    expect(() => openWorkspace(dir)).toThrowError(expect.objectContaining({ code: 'WORKSPACE_TOO_NEW', message: expect.stringMatching(/newer Gyre.*99/) }));
    expect(sha(file)).toBe(before);
  });

  it('refuses a workspace whose applied migration differs from the shipped one', () => {
    const dir = join(tempDir(), 'ws');
    openWorkspace(dir).close();
    const db = new Sqlite(join(dir, 'gyre.sqlite'));
    db.prepare("UPDATE schema_migrations SET sha256 = 'edited' WHERE version = 1").run();
    db.close();
    expect(() => openWorkspace(dir)).toThrowError(expect.objectContaining({ code: 'WORKSPACE_CORRUPT' }));
  });

  it('refuses a file that is not a SQLite database with a clear message', () => {
    const dir = join(tempDir(), 'ws');
    mkdirSync(dir);
    writeFileSync(join(dir, 'gyre.sqlite'), 'this is a text file, not a database '.repeat(100));
    expect(() => openWorkspace(dir)).toThrowError(expect.objectContaining({ code: 'WORKSPACE_CORRUPT', message: expect.stringContaining('gyre.sqlite') }));
  });

  it('applies each migration in a transaction: a failing one leaves no partial tables', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001_good.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(dir, '002_bad.sql'), 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);');
    const db = new Sqlite(':memory:');
    expect(() => migrate(db, loadMigrations(dir), 'memory')).toThrow(/nowhere/);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    expect(tables).toEqual([{ name: 'a' }, { name: 'schema_migrations' }]);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });

  it('rejects migration files that skip a number', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '001_a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '003_c.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/without gaps/);
  });

  it('resolves the folder from --workspace, then GYRE_WORKSPACE, then the OS default', () => {
    expect(resolveWorkspaceDir('/a/flag', { GYRE_WORKSPACE: '/b/env' })).toBe('/a/flag');
    expect(resolveWorkspaceDir(undefined, { GYRE_WORKSPACE: '/b/env' })).toBe('/b/env');
    expect(resolveWorkspaceDir(undefined, { XDG_DATA_HOME: '/x/data' })).toBe('/x/data/gyre');
    expect(defaultWorkspaceDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(/Roaming.Gyre$/);
    expect(defaultWorkspaceDir({}, 'darwin')).toMatch(/Library.Application Support.Gyre$/);
  });
});
