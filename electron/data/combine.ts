/** Makes one table from several dataset versions: append rows (matching columns) or join on key columns. */
import type { ColumnSchema } from '../contract/datasets';
import { GyreError } from '../contract/errors';
import { sqlIdent, sqlString, type Duck } from './duck';

export interface CombineSource {
  label: string;
  path: string;
  columns: ColumnSchema[];
}

const names = (s: CombineSource) => s.columns.map((c) => c.name);

/** The rows of every source under the first source's column order; columns must match by name. */
export function appendSql(sources: CombineSource[]): { sql: string; columns: ColumnSchema[] } {
  const [first, ...rest] = sources as [CombineSource, ...CombineSource[]];
  const expected = new Set(names(first));
  for (const s of rest) {
    const got = new Set(names(s));
    const missing = [...expected].filter((n) => !got.has(n));
    const extra = [...got].filter((n) => !expected.has(n));
    if (missing.length || extra.length) {
      const parts = [missing.length ? `lacks ${missing.map((n) => `"${n}"`).join(', ')}` : '', extra.length ? `has extra ${extra.map((n) => `"${n}"`).join(', ')}` : ''].filter(Boolean);
      throw new GyreError('VALIDATION', `Cannot append ${s.label} to ${first.label}: it ${parts.join(' and ')}. Appending needs the same columns.`, { field: 'versionIds' });
    }
  }
  const select = first.columns.map((c) => sqlIdent(c.name)).join(', ');
  const sql = sources.map((s) => `SELECT ${select} FROM read_parquet(${sqlString(s.path)})`).join(' UNION ALL BY NAME ');
  // Types may differ between versions (an integer column and a float one): UNION BY NAME widens them.
  return { sql, columns: first.columns };
}

/** Left or inner join on keys; a non-key column present in both gets the right side's suffix `_2`. */
export function joinSql(left: CombineSource, right: CombineSource, keys: string[], how: 'inner' | 'left'): { sql: string; columns: ColumnSchema[] } {
  for (const k of keys) {
    for (const s of [left, right]) {
      if (!names(s).includes(k)) throw new GyreError('VALIDATION', `${s.label} has no key column "${k}".`, { field: 'keys', column: k });
    }
  }
  const leftNames = new Set(names(left));
  const rightCols = right.columns.filter((c) => !keys.includes(c.name)).map((c) => ({ ...c, alias: leftNames.has(c.name) ? `${c.name}_2` : c.name }));
  const select = [
    ...left.columns.map((c) => `l.${sqlIdent(c.name)} AS ${sqlIdent(c.name)}`),
    ...rightCols.map((c) => `r.${sqlIdent(c.name)} AS ${sqlIdent(c.alias)}`),
  ].join(', ');
  const on = keys.map((k) => `l.${sqlIdent(k)} = r.${sqlIdent(k)}`).join(' AND ');
  const sql = `SELECT ${select} FROM read_parquet(${sqlString(left.path)}) l ${how === 'left' ? 'LEFT' : 'INNER'} JOIN read_parquet(${sqlString(right.path)}) r ON ${on}`;
  return { sql, columns: [...left.columns, ...rightCols.map(({ alias, ...c }) => ({ ...c, name: alias }))] };
}

/** Keys must identify right-side rows, or a join silently multiplies rows. */
export async function assertUniqueKeys(duck: Duck, source: CombineSource, keys: string[]): Promise<void> {
  const k = keys.map(sqlIdent).join(', ');
  const [r] = await duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM (SELECT ${k} FROM read_parquet(${sqlString(source.path)}) GROUP BY ${k} HAVING count(*) > 1)`);
  const dup = Number(r?.n ?? 0);
  if (dup > 0) {
    throw new GyreError('VALIDATION', `${source.label} has ${dup.toLocaleString('en')} key values (${keys.join(', ')}) that occur more than once; joining would repeat rows. Choose keys that identify its rows.`, { field: 'keys' });
  }
}
