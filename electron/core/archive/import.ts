/**
 * Imports a checked archive into a workspace: objects into the store, bundle files under bundles/, every row in one
 * transaction. A failure anywhere rolls the rows back and removes the objects and bundle files this import added, so
 * the workspace is as it was.
 *
 * A project the workspace already has is never written over: `copy` gives every incoming identity a new one (rows
 * mention each other by id, so every string is rewritten through one map); `merge` adds the rows the workspace lacks,
 * renumbering a version whose number was taken here and keeping this side's row wherever both have one.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ArchiveConflictMode, ArchiveImportResult } from '../../contract/archive';
import { GyreError } from '../../contract/errors';
import { toStoredPath, type Workspace } from '../workspace';
import type { Row, StagedArchive } from './read';
import { ARCHIVE_TABLES, ID_PATTERN, type ArchiveTable } from './tables';

const ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A new identity of the same kind: "dv_" and as many random characters. */
function freshId(id: string): string {
  const cut = id.indexOf('_');
  const length = id.length - cut - 1;
  return id.slice(0, cut + 1) + Array.from(randomBytes(length), (b) => ALPHANUMERIC[b % 36]).join('');
}

/** Rows read by table from the staged archive, rewritten through the identity map as they are inserted. */
class Rewriter {
  readonly ids = new Map<string, string>();
  row(row: Row): Row {
    if (this.ids.size === 0) return { ...row };
    const out: Row = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'string' ? v.replace(ID_PATTERN, (id) => this.ids.get(id) ?? id) : v;
    return out;
  }
}

interface Tally {
  added: Record<string, number>;
  kept: Record<string, number>;
  notes: string[];
}

function columnsOf(db: Database, table: string): Set<string> {
  return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
}

function where(columns: readonly string[]): string {
  return columns.map((c) => `${c} IS @${c}`).join(' AND ');
}

/** A project name no project here has: "Churn (copy)", "Churn (copy 2)". */
function freeName(db: Database, name: string, suffix: string): string {
  const taken = db.prepare('SELECT 1 FROM projects WHERE name_key = ?');
  for (let i = 1; ; i++) {
    const candidate = `${name} (${suffix}${i > 1 ? ` ${i}` : ''})`;
    if (!taken.get(candidate.trim().toLocaleLowerCase('en'))) return candidate;
  }
}

function versionLabel(table: string, row: Row): string {
  if (table === 'dataset_versions') return `dataset version ${row.version as number}`;
  if (table === 'model_versions') return `model version ${row.version as number}`;
  if (table === 'recipe_versions') return `recipe version ${row.version as number}`;
  return `charter version ${row.version as number}`;
}

/** Inserts one table's rows; returns nothing, counts into `tally`. */
function importTable(db: Database, t: ArchiveTable, rows: Row[], rewrite: Rewriter, mode: ArchiveImportResult['mode'], tally: Tally, fixRow: (t: string, original: Row, row: Row) => void): void {
  const columns = columnsOf(db, t.name);
  const exists = db.prepare(`SELECT 1 FROM ${t.name} WHERE ${where(t.key)}`);
  let added = 0;
  let kept = 0;
  for (const original of rows) {
    const row = rewrite.row(original);
    if (t.autoId) delete row[t.autoId];
    const keyValues = Object.fromEntries(t.key.map((k) => [k, row[k] ?? null]));
    if (exists.get(keyValues)) {
      if (t.name === 'charter_versions' && mode === 'merge') {
        const here = db.prepare('SELECT content FROM charter_versions WHERE project_id = ? AND version = ?').get(row.project_id, row.version) as { content: string };
        if (here.content !== row.content) {
          renumber(db, t.name, 'project_id', row, tally);
          insert(db, t.name, columns, row);
          added++;
          continue;
        }
      }
      kept++;
      continue;
    }
    let skip = false;
    for (const u of t.unique ?? []) {
      const values = Object.fromEntries(u.columns.map((c) => [c, row[c] ?? null]));
      const other = db.prepare(`SELECT ${t.key.includes('id') ? 'id' : '1 AS id'} FROM ${t.name} WHERE ${where(u.columns)}`).get(values) as { id: unknown } | undefined;
      if (!other) continue;
      if (u.collision === 'alias' && typeof other.id === 'string' && typeof original.id === 'string') {
        rewrite.ids.set(original.id, other.id);
        skip = true;
      } else if (u.collision === 'renumber') {
        renumber(db, t.name, u.columns[0]!, row, tally);
      } else skip = true;
    }
    if (skip) {
      kept++;
      continue;
    }
    fixRow(t.name, original, row);
    insert(db, t.name, columns, row);
    added++;
  }
  tally.added[t.name] = added;
  if (kept) tally.kept[t.name] = kept;
}

function renumber(db: Database, table: string, parent: string, row: Row, tally: Tally): void {
  const { top } = db.prepare(`SELECT max(version) AS top FROM ${table} WHERE ${parent} = ?`).get(row[parent]) as { top: number };
  const before = versionLabel(table, row);
  row.version = top + 1;
  tally.notes.push(`The archive's ${before} is version ${top + 1} here: this workspace already had a different version ${before.split(' ').at(-1)}.`);
}

function insert(db: Database, table: string, columns: Set<string>, row: Row): void {
  const names = Object.keys(row).filter((c) => columns.has(c));
  db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((c) => `@${c}`).join(', ')})`).run(Object.fromEntries(names.map((c) => [c, row[c] ?? null])));
}

/** Moves a bundle's staged files under bundles/ (a free folder name); returns its stored path, or null when it has none. */
function restoreBundle(ws: Workspace, staged: StagedArchive, b: Row, made: string[]): string | null {
  const files = staged.bundles.get(b.id as string);
  if (!files?.length) return null;
  const name = basename(String(b.path).replace(/\\/g, '/')) || (b.id as string);
  let target = join(ws.dir, 'bundles', name);
  for (let i = 2; existsSync(target); i++) target = join(ws.dir, 'bundles', name.replace(/(\.zip)?$/, `-${i}$1`));
  made.push(target);
  const zip = b.format === 'zip';
  for (const f of files) {
    const to = zip ? target : join(target, ...f.rel.split('/'));
    mkdirSync(dirname(to), { recursive: true });
    renameSync(f.staged, to);
  }
  return toStoredPath(ws.dir, target);
}

export function importStaged(ws: Workspace, staged: StagedArchive, requested: ArchiveConflictMode | undefined, file: string): ArchiveImportResult {
  const started = Date.now();
  const { manifest } = staged;
  if (manifest.schemaVersion > ws.schemaVersion) {
    throw new GyreError('WORKSPACE_TOO_NEW', `${basename(file)} was made by Gyre ${manifest.gyreVersion} (workspace schema ${manifest.schemaVersion}); this Gyre reads schema ${ws.schemaVersion} at most. Update Gyre to import it.`, { file });
  }
  const existing = ws.db.prepare('SELECT id, name FROM projects WHERE id = ?').get(manifest.project.id) as { id: string; name: string } | undefined;
  if (existing && !requested) {
    throw new GyreError('CONFLICT', `This workspace already has the project "${existing.name}" from this archive. Import it as a copy (a new project) or merge the versions this workspace lacks; nothing is overwritten either way.`, { file, projectId: existing.id });
  }
  const mode: ArchiveImportResult['mode'] = existing ? requested! : 'new';
  const rewrite = new Rewriter();
  if (mode === 'copy') for (const t of ARCHIVE_TABLES) for (const r of staged.tables[t.name] ?? []) if (typeof r.id === 'string' && !t.autoId) rewrite.ids.set(r.id, freshId(r.id));

  const tally: Tally = { added: {}, kept: {}, notes: [] };
  const addedObjects: string[] = [];
  const madeBundles: string[] = [];
  let projectId = '';
  let projectName = '';
  try {
    for (const [sha, path] of staged.objects) {
      if (ws.objects.has(sha)) continue;
      const target = ws.objects.pathOf(sha);
      mkdirSync(dirname(target), { recursive: true });
      renameSync(path, target);
      addedObjects.push(sha);
    }
    const fixRow = (table: string, original: Row, row: Row) => {
      if (table === 'projects') {
        const taken = ws.db.prepare('SELECT 1 FROM projects WHERE name_key = ?').get(row.name_key);
        if (mode === 'copy' || taken) {
          row.name = freeName(ws.db, String(row.name), mode === 'copy' ? 'copy' : 'imported');
          row.name_key = String(row.name).trim().toLocaleLowerCase('en');
          if (taken && mode !== 'copy') tally.notes.push(`A different project here is already called "${original.name as string}": the imported one is "${row.name as string}".`);
        }
        row.last_opened_at = null;
      } else if (table === 'model_versions' && row.stage === 'production') {
        const production = ws.db.prepare("SELECT version FROM model_versions WHERE model_id = ? AND stage = 'production'").get(row.model_id) as { version: number } | undefined;
        if (production) {
          row.stage = 'staging';
          tally.notes.push(`Model version ${row.version as number} was in production in the archive; version ${production.version} is in production here and stays so: the imported one is in staging.`);
        }
      } else if (table === 'bundles') {
        const placed = restoreBundle(ws, staged, original, madeBundles);
        if (placed) row.path = placed;
        else tally.notes.push(`The files of the bundle at ${original.path as string} were not in the archive (they were gone when it was exported): its record is kept.`);
      }
    };
    ws.db.transaction(() => {
      const record = ws.db.prepare('INSERT OR IGNORE INTO objects (sha256, size, media_type, created_at) VALUES (@sha256, @size, @media_type, @created_at)');
      for (const o of staged.tables.objects ?? []) record.run(o);
      for (const t of ARCHIVE_TABLES) {
        const rows = staged.tables[t.name] ?? [];
        importTable(ws.db, t, rows, rewrite, mode, tally, fixRow);
      }
      const named = staged.tables.objects?.map((o) => o.sha256 as string) ?? [];
      const missing = named.find((sha) => !ws.objects.has(sha));
      if (missing) throw new GyreError('VALIDATION', `${basename(file)} is incomplete: the object ${missing} is listed but was not carried.`, { file, entry: `objects/${missing}` });
      const newId = rewrite.ids.get(manifest.project.id) ?? manifest.project.id;
      const p = ws.db.prepare('SELECT id, name FROM projects WHERE id = ?').get(newId) as { id: string; name: string };
      projectId = p.id;
      projectName = p.name;
    })();
  } catch (e) {
    const known = ws.db.prepare('SELECT 1 FROM objects WHERE sha256 = ?');
    for (const sha of addedObjects) if (!known.get(sha)) rmSync(ws.objects.pathOf(sha), { force: true });
    for (const dir of madeBundles) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    projectId,
    projectName,
    mode,
    added: tally.added,
    kept: tally.kept,
    objectsAdded: addedObjects.length,
    bundlesRestored: madeBundles.length,
    notes: tally.notes,
    seconds: (Date.now() - started) / 1000,
  };
}
