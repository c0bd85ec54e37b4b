/** Pearson and Spearman (numbers) and Cramér's V (categories), on a reproducible sample of about 50,000 rows. */
import type { ColumnSchema } from '../../contract/datasets';
import type { CorrelationMatrix } from '../../contract/profiles';
import { sqlIdent, type Duck } from '../duck';
import { spearmanMatrix, toColumn } from './rank-correlation';

export const CORRELATION_SAMPLE = 50_000;
const MAX_NUMERIC = 40;
const MAX_CATEGORICAL = 20;
const MAX_LEVELS = 50;

export function numericFeatures(columns: ColumnSchema[]): ColumnSchema[] {
  return columns.filter((c) => ['integer', 'float', 'boolean'].includes(c.semanticType)).slice(0, MAX_NUMERIC);
}

export function categoricalFeatures(columns: ColumnSchema[], distinct: Map<string, number>): ColumnSchema[] {
  return columns.filter((c) => ['categorical', 'boolean'].includes(c.semanticType) && (distinct.get(c.name) ?? 0) <= MAX_LEVELS).slice(0, MAX_CATEGORICAL);
}

function emptyMatrix(columns: string[]): (number | null)[][] {
  return columns.map((_, i) => columns.map((__, j) => (i === j ? 1 : null)));
}

async function pairwiseCorr(duck: Duck, table: string, exprs: string[], names: string[]): Promise<CorrelationMatrix> {
  const values = emptyMatrix(names);
  const pairs: [number, number][] = [];
  for (let i = 0; i < exprs.length; i++) for (let j = i + 1; j < exprs.length; j++) pairs.push([i, j]);
  for (let start = 0; start < pairs.length; start += 200) {
    const chunk = pairs.slice(start, start + 200);
    const [row] = await duck.rows<Record<string, number | null>>(`SELECT ${chunk.map(([i, j], k) => `corr(${exprs[i]}, ${exprs[j]}) AS c${k}`).join(', ')} FROM ${table}`);
    chunk.forEach(([i, j], k) => {
      const v = row?.[`c${k}`];
      const value = v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v);
      values[i]![j] = value;
      values[j]![i] = value;
    });
  }
  return { columns: names, values };
}

export async function pearson(duck: Duck, table: string, numeric: ColumnSchema[]): Promise<CorrelationMatrix> {
  return pairwiseCorr(duck, table, numeric.map((c) => `CAST(${sqlIdent(c.name)} AS DOUBLE)`), numeric.map((c) => c.name));
}

/** Spearman, as pandas computes it (each pair's complete rows ranked afresh), on the sample's values fetched once. */
export async function spearman(duck: Duck, table: string, numeric: ColumnSchema[]): Promise<CorrelationMatrix> {
  const names = numeric.map((c) => c.name);
  if (numeric.length < 2) return { columns: names, values: emptyMatrix(names) };
  // One column at a time, straight into a typed array: fetching all at once as JS values cost ~60 MB at 50,000 rows.
  const columns: Float64Array[] = [];
  for (const c of numeric) {
    const [values] = await duck.columns(`SELECT CAST(${sqlIdent(c.name)} AS DOUBLE) FROM ${table}`);
    columns.push(toColumn((values ?? []) as (number | null)[]));
  }
  return { columns: names, values: spearmanMatrix(columns) };
}

/** Cramér's V from the contingency table of two categorical columns (no bias correction, as scipy's default). */
export async function cramersV(duck: Duck, table: string, a: string, b: string): Promise<number | null> {
  const cells = await duck.rows<{ a: string; b: string; n: number }>(
    `SELECT CAST(${sqlIdent(a)} AS VARCHAR) AS a, CAST(${sqlIdent(b)} AS VARCHAR) AS b, count(*)::BIGINT AS n
     FROM ${table} WHERE ${sqlIdent(a)} IS NOT NULL AND ${sqlIdent(b)} IS NOT NULL GROUP BY 1, 2`,
  );
  const rowsTotal = new Map<string, number>();
  const colsTotal = new Map<string, number>();
  let n = 0;
  for (const c of cells) {
    const count = Number(c.n);
    rowsTotal.set(c.a, (rowsTotal.get(c.a) ?? 0) + count);
    colsTotal.set(c.b, (colsTotal.get(c.b) ?? 0) + count);
    n += count;
  }
  const k = Math.min(rowsTotal.size, colsTotal.size);
  if (n === 0 || k < 2) return null;
  const observed = new Map(cells.map((c) => [`${c.a}\u0000${c.b}`, Number(c.n)]));
  let chi2 = 0;
  for (const [ra, rn] of rowsTotal) {
    for (const [cb, cn] of colsTotal) {
      const expected = (rn * cn) / n;
      const o = observed.get(`${ra}\u0000${cb}`) ?? 0;
      chi2 += (o - expected) ** 2 / expected;
    }
  }
  return Math.sqrt(chi2 / (n * (k - 1)));
}

export async function cramersVMatrix(duck: Duck, table: string, categorical: ColumnSchema[]): Promise<CorrelationMatrix> {
  const names = categorical.map((c) => c.name);
  const values = emptyMatrix(names);
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const v = await cramersV(duck, table, names[i]!, names[j]!);
      values[i]![j] = v;
      values[j]![i] = v;
    }
  }
  return { columns: names, values };
}
