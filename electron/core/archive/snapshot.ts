/** A project's rows, read in one transaction so the archive is one moment of the workspace, and the objects they name. */
import type { Database } from 'better-sqlite3';
import type { ArchiveCounts } from '../../contract/archive';
import { GyreError } from '../../contract/errors';
import type { Row } from './read';
import { ARCHIVE_TABLES } from './tables';

export interface ProjectSnapshot {
  /** Each archived table's rows, and `objects`: the store's record of each object named. */
  tables: Record<string, Row[]>;
  /** Every stored object the rows name, sorted. */
  objects: string[];
}

const HEX64 = /\b[0-9a-f]{64}\b/g;
const UNFINISHED = new Set(['queued', 'running']);

export function snapshotProject(db: Database, projectId: string): ProjectSnapshot {
  return db.transaction((): ProjectSnapshot => {
    if (!db.prepare('SELECT 1 FROM projects WHERE id = ?').get(projectId)) throw new GyreError('NOT_FOUND', `There is no project ${projectId}.`, { field: 'projectId' });
    const tables: Record<string, Row[]> = {};
    for (const t of ARCHIVE_TABLES) {
      if (t.name === 'jobs') continue;
      let rows = db.prepare(`SELECT * FROM ${t.name} WHERE ${t.where} ORDER BY rowid`).all({ p: projectId }) as Row[];
      if (t.autoId) rows = rows.map(({ [t.autoId!]: _id, ...rest }) => rest);
      tables[t.name] = rows;
    }
    tables.jobs = jobsOf(db, projectId, tables);
    const objects = objectsNamed(db, tables);
    const record = db.prepare('SELECT * FROM objects WHERE sha256 = ?');
    tables.objects = objects.map((sha) => record.get(sha) as Row);
    return { tables, objects };
  })();
}

/**
 * The project's jobs and any other job a row names (an import queued before the project had rows). A job still queued
 * or running made nothing in the snapshot: it stays behind (this export's own job among them), or, when a row already
 * names it, travels as interrupted.
 */
function jobsOf(db: Database, projectId: string, tables: Record<string, Row[]>): Row[] {
  const rows = db.prepare('SELECT * FROM jobs WHERE project_id = ? ORDER BY rowid').all(projectId) as Row[];
  const have = new Set(rows.map((r) => r.id as string));
  const named = new Set<string>();
  for (const list of Object.values(tables)) for (const r of list) if (typeof r.job_id === 'string' && !have.has(r.job_id)) named.add(r.job_id);
  const one = db.prepare('SELECT * FROM jobs WHERE id = ?');
  for (const id of named) {
    const row = one.get(id) as Row | undefined;
    if (row) rows.push(row);
  }
  return rows
    .filter((r) => !UNFINISHED.has(r.status as string) || named.has(r.id as string) || referenced(tables, r.id as string))
    .map((r) => ({ ...r, runner: null, ...(UNFINISHED.has(r.status as string) ? { status: 'interrupted' } : {}) }));
}

function referenced(tables: Record<string, Row[]>, jobId: string): boolean {
  return Object.values(tables).some((rows) => rows.some((r) => r.job_id === jobId));
}

/** Objects named by an object column, or mentioned anywhere in a row (a report naming its rows), that the store knows. */
function objectsNamed(db: Database, tables: Record<string, Row[]>): string[] {
  const found = new Set<string>();
  for (const rows of Object.values(tables)) {
    for (const row of rows) {
      for (const value of Object.values(row)) if (typeof value === 'string') for (const m of value.matchAll(HEX64)) found.add(m[0]);
    }
  }
  const known = db.prepare('SELECT 1 FROM objects WHERE sha256 = ?');
  const objects = [...found].filter((sha) => known.get(sha) !== undefined).sort();
  const listed = new Set(objects);
  for (const t of ARCHIVE_TABLES) {
    for (const column of t.objects ?? []) {
      for (const row of tables[t.name] ?? []) {
        const sha = row[column];
        if (typeof sha === 'string' && !listed.has(sha)) throw new GyreError('WORKSPACE_CORRUPT', `${t.name}.${column} names the object ${sha}, which the workspace's object table does not list.`);
      }
    }
  }
  return objects;
}

/** The manifest's row counts, in the words the import dialog and the CLI use. */
export function countsOf(tables: Record<string, number>, objects: number): ArchiveCounts {
  const n = (t: string) => tables[t] ?? 0;
  return {
    charterVersions: n('charter_versions'),
    datasets: n('datasets'),
    datasetVersions: n('dataset_versions'),
    recipes: n('recipes'),
    runs: n('runs'),
    evaluations: n('evaluations'),
    models: n('models'),
    modelVersions: n('model_versions'),
    bundles: n('bundles'),
    monitorBatches: n('monitor_batches'),
    objects,
  };
}
