/**
 * What labeling reads from a dataset version's Parquet object, in the main process (DuckDB's threads, as the grid
 * reads pages): the target's classes, single rows by position, and the seeded random order of the queue. A row's
 * position is DuckDB's `file_row_number`, the row's place in the immutable file.
 */
import type { ColumnSchema } from '../contract/datasets';
import { normalizeRows, openDuck, sqlIdent, sqlString, type Duck } from './duck';

/** Which rows the random order walks: those without a value in the target, those with one, or all (a new column). */
export type OrderScope = 'missing' | 'present' | 'all';

export interface LabelRowData {
  values: unknown[];
  /** The target's value as text (booleans "true"/"false", integers as digits), or null. */
  dataLabel: string | null;
}

const source = (path: string) => `read_parquet(${sqlString(path)}, file_row_number = true)`;

/** The SQL of a seeded random order of rows: the same seed gives the same order here and in the ranking job. */
export function seededOrder(seed: number): string {
  return `hash(file_row_number, ${Math.trunc(seed)}), file_row_number`;
}

export function scopeFilter(target: string | null, scope: OrderScope): string {
  if (scope === 'all' || target === null) return scope === 'present' ? 'WHERE false' : '';
  return `WHERE ${sqlIdent(target)} IS ${scope === 'missing' ? '' : 'NOT '}NULL`;
}

export class LabelRowReader {
  private duck: Promise<Duck> | null = null;

  private db(): Promise<Duck> {
    return (this.duck ??= openDuck());
  }

  /** Up to `limit` distinct values of the column as text with their counts (most frequent first), and how many rows have one. */
  async classCounts(path: string, column: string, limit: number): Promise<{ counts: [string, number][]; present: number }> {
    const duck = await this.db();
    const id = sqlIdent(column);
    const rows = await duck.rows<{ v: string; n: string | number }>(
      `SELECT CAST(${id} AS VARCHAR) AS v, count(*)::BIGINT AS n FROM read_parquet(${sqlString(path)}) WHERE ${id} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT ${limit}`,
    );
    const [total] = await duck.rows<{ n: string | number }>(`SELECT count(${id})::BIGINT AS n FROM read_parquet(${sqlString(path)})`);
    return { counts: rows.map((r) => [r.v, Number(r.n)]), present: Number(total?.n ?? 0) };
  }

  /** The target's value of one row as text (null when missing or when the target is a new column). */
  async dataLabel(path: string, target: string | null, row: number): Promise<string | null> {
    if (target === null) return null;
    const duck = await this.db();
    const [r] = await duck.rows<{ v: string | null }>(`SELECT CAST(${sqlIdent(target)} AS VARCHAR) AS v FROM ${source(path)} WHERE file_row_number = ${Math.trunc(row)}`);
    return r?.v ?? null;
  }

  /** Rows by position, every column's value in schema order and the target's as text. */
  async rows(path: string, columns: ColumnSchema[], target: string | null, rows: readonly number[]): Promise<Map<number, LabelRowData>> {
    const out = new Map<number, LabelRowData>();
    if (rows.length === 0) return out;
    const duck = await this.db();
    const select = columns.map((c) => sqlIdent(c.name)).join(', ');
    const label = target === null ? 'NULL' : `CAST(${sqlIdent(target)} AS VARCHAR)`;
    const list = rows.map((r) => String(Math.trunc(r))).join(', ');
    const page = await duck.arrays(`SELECT ${select}, ${label} AS __label, file_row_number AS __row FROM ${source(path)} WHERE file_row_number IN (${list})`);
    const values = normalizeRows(page.rows, [...columns, { storageType: 'VARCHAR' }, { storageType: 'BIGINT' }]);
    for (const v of values) out.set(Number(v[columns.length + 1]), { values: v.slice(0, columns.length), dataLabel: (v[columns.length] as string | null) ?? null });
    return out;
  }

  /** The first `limit` rows of the seeded random order within the scope. */
  async order(path: string, target: string | null, seed: number, scope: OrderScope, limit: number): Promise<number[]> {
    const duck = await this.db();
    const rows = await duck.columns(`SELECT file_row_number FROM ${source(path)} ${scopeFilter(target, scope)} ORDER BY ${seededOrder(seed)} LIMIT ${Math.max(0, Math.trunc(limit))}`);
    return (rows[0] ?? []).map(Number);
  }

  async close(): Promise<void> {
    if (this.duck) (await this.duck).close();
    this.duck = null;
  }
}
