/**
 * Pages of rows from a dataset version's Parquet object, for the data grid. DuckDB runs the query on its own
 * threads (the API is async), so the main process's event loop stays free while a page is read.
 */
import type { ColumnSchema, RowFilter, RowPage } from '../contract/datasets';
import { GyreError } from '../contract/errors';
import { normalizeRows, openDuck, sqlIdent, sqlString, type Duck } from './duck';

export interface PageRequest {
  offset: number;
  limit: number;
  sort?: { column: string; descending: boolean };
  filters: RowFilter[];
}

const OPS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };

function literal(value: string | number | boolean | undefined, column: ColumnSchema): string {
  if (value === undefined) throw new GyreError('VALIDATION', `The filter on "${column.name}" needs a value.`, { field: 'filters', column: column.name });
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new GyreError('VALIDATION', `The filter on "${column.name}" needs a finite number.`, { field: 'filters', column: column.name });
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  return sqlString(value);
}

function whereClause(filters: RowFilter[], columns: ColumnSchema[]): string {
  const parts = filters.map((f) => {
    const column = columns.find((c) => c.name === f.column);
    if (!column) throw new GyreError('VALIDATION', `There is no column "${f.column}" to filter on.`, { field: 'filters', column: f.column });
    const id = sqlIdent(column.name);
    switch (f.op) {
      case 'is_missing':
        return `${id} IS NULL`;
      case 'not_missing':
        return `${id} IS NOT NULL`;
      case 'contains':
        return `contains(lower(CAST(${id} AS VARCHAR)), lower(${sqlString(String(f.value ?? ''))}))`;
      default:
        return `${id} ${OPS[f.op]} ${literal(f.value, column)}`;
    }
  });
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

export class RowReader {
  private duck: Promise<Duck> | null = null;

  async page(parquetPath: string, columns: ColumnSchema[], req: PageRequest): Promise<RowPage> {
    const duck = await (this.duck ??= openDuck());
    const from = `read_parquet(${sqlString(parquetPath)})`;
    const where = whereClause(req.filters, columns);
    let order = '';
    if (req.sort) {
      if (!columns.some((c) => c.name === req.sort!.column)) throw new GyreError('VALIDATION', `There is no column "${req.sort.column}" to sort by.`, { field: 'sort' });
      order = `ORDER BY ${sqlIdent(req.sort.column)} ${req.sort.descending ? 'DESC' : 'ASC'} NULLS LAST`;
    }
    const select = columns.map((c) => sqlIdent(c.name)).join(', ');
    const page = await duck.arrays(`SELECT ${select} FROM ${from} ${where} ${order} LIMIT ${req.limit} OFFSET ${req.offset}`);
    const [count] = await duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${from} ${where}`);
    return { columns, rows: normalizeRows(page.rows, columns), offset: req.offset, total: Number(count?.n ?? 0) };
  }

  async close(): Promise<void> {
    if (this.duck) (await this.duck).close();
    this.duck = null;
  }
}
