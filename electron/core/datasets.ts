/** Dataset service: datasets and their immutable versions, with lineage; no version is ever changed. */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { ColumnSchema, Dataset, DatasetDetail, DatasetVersion, ReadOptions } from '../contract/datasets';
import { GyreError } from '../contract/errors';

interface DbVersion {
  id: string;
  dataset_id: string;
  version: number;
  object_sha256: string;
  row_count: number;
  column_count: number;
  schema: string;
  source_name: string | null;
  source_size: number | null;
  source_sha256: string | null;
  read_options: string;
  operation: string;
  parent_ids: string;
  created_at: string;
}

interface DbDataset {
  id: string;
  project_id: string;
  name: string;
  created_at: string;
}

function toVersion(r: DbVersion): DatasetVersion {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    version: r.version,
    rowCount: r.row_count,
    columnCount: r.column_count,
    columns: JSON.parse(r.schema) as ColumnSchema[],
    objectSha256: r.object_sha256,
    source: r.source_name !== null ? { name: r.source_name, size: r.source_size ?? 0, sha256: r.source_sha256 ?? '' } : null,
    operation: r.operation,
    parentIds: JSON.parse(r.parent_ids) as string[],
    readOptions: JSON.parse(r.read_options) as ReadOptions,
    createdAt: r.created_at,
  };
}

/** A stable JSON form of the options, so the same choices always compare equal. */
export function canonicalOptions(options: ReadOptions): string {
  const sort = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(options));
}

const nameKey = (name: string) => name.trim().toLocaleLowerCase('en');
const newId = (prefix: string) => prefix + randomBytes(8).toString('hex');

export interface NewVersion {
  projectId: string;
  datasetName: string;
  objectSha256: string;
  rowCount: number;
  columns: ColumnSchema[];
  /** Lineage: the file imported… */
  source: { name: string; size: number; sha256: string } | null;
  readOptions: ReadOptions;
  /** …or the versions it was made from, and how ('import', 'append', 'inner join on id', …). */
  operation: string;
  parentIds: string[];
  jobId: string;
}

export class DatasetService {
  constructor(private readonly db: Database) {}

  list(projectId: string): Dataset[] {
    const rows = this.db.prepare('SELECT * FROM datasets WHERE project_id = ? ORDER BY created_at DESC').all(projectId) as DbDataset[];
    return rows.map((d) => this.summarize(d));
  }

  get(projectId: string, ref: string): DatasetDetail {
    const [name, at] = ref.includes('@') ? [ref.slice(0, ref.lastIndexOf('@')), ref.slice(ref.lastIndexOf('@') + 1)] : [ref, undefined];
    const d = this.db.prepare('SELECT * FROM datasets WHERE project_id = ? AND (id = ? OR name_key = ?)').get(projectId, name, nameKey(name)) as DbDataset | undefined;
    if (!d) throw new GyreError('NOT_FOUND', `This project has no dataset named "${name}".`, { field: 'dataset' });
    const versions = (this.db.prepare('SELECT * FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC').all(d.id) as DbVersion[]).map(toVersion);
    if (at !== undefined && !versions.some((v) => String(v.version) === at)) {
      throw new GyreError('NOT_FOUND', `Dataset "${d.name}" has no version ${at}.`, { field: 'dataset' });
    }
    return { ...this.summarize(d), versions: at === undefined ? versions : versions.filter((v) => String(v.version) === at) };
  }

  /** The project a dataset belongs to. */
  projectOf(datasetId: string): string {
    const row = this.db.prepare('SELECT project_id FROM datasets WHERE id = ?').get(datasetId) as { project_id: string } | undefined;
    if (!row) throw new GyreError('NOT_FOUND', `No dataset with id "${datasetId}".`, { field: 'dataset' });
    return row.project_id;
  }

  version(id: string): DatasetVersion {
    const row = this.db.prepare('SELECT * FROM dataset_versions WHERE id = ?').get(id) as DbVersion | undefined;
    if (!row) throw new GyreError('NOT_FOUND', `No dataset version with id "${id}".`, { field: 'versionId' });
    return toVersion(row);
  }

  /** The version made earlier in this project from the same bytes read the same way, if any. */
  findImported(projectId: string, sourceSha256: string, readOptions: ReadOptions): DatasetVersion | null {
    const row = this.db
      .prepare(
        `SELECT v.* FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
         WHERE d.project_id = ? AND v.source_sha256 = ? AND v.read_options = ? ORDER BY v.created_at LIMIT 1`,
      )
      .get(projectId, sourceSha256, canonicalOptions(readOptions)) as DbVersion | undefined;
    return row ? toVersion(row) : null;
  }

  /** Adds the next version of the named dataset (creating the dataset), in one transaction. */
  addVersion(v: NewVersion): DatasetVersion {
    return this.db.transaction(() => {
      const now = new Date().toISOString();
      let d = this.db.prepare('SELECT * FROM datasets WHERE project_id = ? AND name_key = ?').get(v.projectId, nameKey(v.datasetName)) as DbDataset | undefined;
      if (!d) {
        d = { id: newId('ds_'), project_id: v.projectId, name: v.datasetName.trim(), created_at: now };
        this.db.prepare('INSERT INTO datasets (id, project_id, name, name_key, created_at) VALUES (?, ?, ?, ?, ?)').run(d.id, d.project_id, d.name, nameKey(d.name), now);
      }
      const next = ((this.db.prepare('SELECT max(version) AS v FROM dataset_versions WHERE dataset_id = ?').get(d.id) as { v: number | null }).v ?? 0) + 1;
      const id = newId('dv_');
      this.db
        .prepare(
          `INSERT INTO dataset_versions (id, dataset_id, version, object_sha256, row_count, column_count, schema, source_name, source_size,
             source_sha256, read_options, operation, parent_ids, job_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id, d.id, next, v.objectSha256, v.rowCount, v.columns.length, JSON.stringify(v.columns),
          v.source?.name ?? null, v.source?.size ?? null, v.source?.sha256 ?? null, canonicalOptions(v.readOptions),
          v.operation, JSON.stringify(v.parentIds), v.jobId, now,
        );
      return this.version(id);
    })();
  }

  private summarize(d: DbDataset): Dataset {
    const latest = this.db.prepare('SELECT * FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC LIMIT 1').get(d.id) as DbVersion | undefined;
    const { n } = this.db.prepare('SELECT count(*) AS n FROM dataset_versions WHERE dataset_id = ?').get(d.id) as { n: number };
    return { id: d.id, projectId: d.project_id, name: d.name, createdAt: d.created_at, latest: latest ? toVersion(latest) : null, versionCount: n };
  }
}
