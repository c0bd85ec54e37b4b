/** Recipe steps on columns: drop, rename, reorder, change type. */
import type { ColumnSchema, SemanticType } from '../../contract/datasets';
import type { RecipeStep } from '../../contract/recipes';
import { sqlIdent, sqlString } from '../duck';
import { column, invalid, isNumeric, isTemporal, isText, passThrough, present, ROW, selectList, type StepCompiler, type StepContext } from './step';

type Step<K extends RecipeStep['op']> = Extract<RecipeStep, { op: K }>;

export const dropColumns: StepCompiler<Step<'drop_columns'>> = async (step, ctx) => {
  const { found, partial } = present(ctx, step.columns);
  const keep = ctx.columns.filter((c) => !found.includes(c.name));
  if (keep.length === 0) throw invalid('This would drop every column; keep at least one.', { field: 'columns' });
  return { sql: `SELECT ${selectList(passThrough({ ...ctx, columns: keep }))} FROM ${ctx.table}`, columns: keep, ...(partial ? { partial } : {}) };
};

export const renameColumns: StepCompiler<Step<'rename_columns'>> = async (step, ctx) => {
  const { found, partial } = present(ctx, step.renames.map((r) => r.from));
  const renames = new Map(step.renames.filter((r) => found.includes(r.from)).map((r) => [r.from, r.to.trim()]));
  const after = ctx.columns.map((c) => renames.get(c.name) ?? c.name);
  const seen = new Set<string>();
  for (const name of after) {
    if (seen.has(name.toLowerCase())) throw invalid(`Two columns would be named "${name}"; choose another name.`, { field: 'renames', column: name });
    seen.add(name.toLowerCase());
  }
  const columns = ctx.columns.map((c, i) => ({ ...c, name: after[i]! }));
  const items = ctx.columns.map((c, i) => ({ expr: sqlIdent(c.name), as: after[i]! }));
  return { sql: `SELECT ${selectList(items)} FROM ${ctx.table}`, columns, ...(partial ? { partial } : {}) };
};

export const reorderColumns: StepCompiler<Step<'reorder_columns'>> = async (step, ctx) => {
  const { found, partial } = present(ctx, step.columns);
  const first = found.map((n) => ctx.columns.find((c) => c.name === n)!);
  const columns = [...first, ...ctx.columns.filter((c) => !found.includes(c.name))];
  return { sql: `SELECT ${selectList(passThrough({ ...ctx, columns }))} FROM ${ctx.table}`, columns, ...(partial ? { partial } : {}) };
};

const BOOLEAN_TRUE = ['true', 't', 'yes', 'y', '1'];
const BOOLEAN_FALSE = ['false', 'f', 'no', 'n', '0'];

/** The SQL that reads a column as the new type; values it cannot read become NULL. */
function castExpr(c: ColumnSchema, to: SemanticType): { expr: string; storage: string } {
  const id = sqlIdent(c.name);
  switch (to) {
    case 'integer': {
      if (/INT/.test(c.storageType)) return { expr: id, storage: c.storageType };
      // Whole numbers only: 2.5 is not an integer (it would be rounded silently otherwise).
      const d = `TRY_CAST(${isText(c) ? `trim(${id})` : id} AS DOUBLE)`;
      return { expr: `CASE WHEN ${d} = floor(${d}) AND abs(${d}) < 9.2e18 THEN CAST(${d} AS BIGINT) END`, storage: 'BIGINT' };
    }
    case 'float':
      return { expr: `TRY_CAST(${isText(c) ? `trim(${id})` : id} AS DOUBLE)`, storage: 'DOUBLE' };
    case 'boolean': {
      if (c.storageType === 'BOOLEAN') return { expr: id, storage: 'BOOLEAN' };
      const t = `lower(trim(CAST(${id} AS VARCHAR)))`;
      const list = (xs: string[]) => xs.map(sqlString).join(', ');
      return { expr: `CASE WHEN ${t} IN (${list(BOOLEAN_TRUE)}) THEN true WHEN ${t} IN (${list(BOOLEAN_FALSE)}) THEN false END`, storage: 'BOOLEAN' };
    }
    case 'datetime':
      if (isTemporal(c)) return { expr: `CAST(${id} AS TIMESTAMP)`, storage: 'TIMESTAMP' };
      if (isNumeric(c)) throw invalid(`"${c.name}" holds numbers; to read them as dates, derive a column with an expression (e.g. seconds since 1970), or parse text with "Parse dates".`, { field: 'to' });
      return { expr: `TRY_CAST(trim(CAST(${id} AS VARCHAR)) AS TIMESTAMP)`, storage: 'TIMESTAMP' };
    default:
      // categorical, text, identifier: stored as text; a text column keeps its values.
      return { expr: isText(c) ? id : `CAST(${id} AS VARCHAR)`, storage: 'VARCHAR' };
  }
}

/** The first value (and its row) that is present before and missing after a conversion. */
export async function firstUnreadable(ctx: StepContext, name: string, expr: string): Promise<{ count: number; value: string; row: number } | null> {
  const id = sqlIdent(name);
  const rows = await ctx.duck.rows<{ n: number; value: string | null; row: number | null }>(
    `SELECT count(*)::BIGINT AS n, arg_min(CAST(${id} AS VARCHAR), ${ROW}) AS value, (min(${ROW}) + 1)::BIGINT AS row
     FROM ${ctx.table} WHERE ${id} IS NOT NULL AND (${expr}) IS NULL`,
  );
  const r = rows[0];
  const count = Number(r?.n ?? 0);
  return count > 0 ? { count, value: String(r!.value), row: Number(r!.row) } : null;
}

/** "row 17": rows are numbered as in the version the recipe runs on, whatever steps came before. */
export function rowWords(row: number): string {
  return `row ${row.toLocaleString('en')}`;
}

export const cast: StepCompiler<Step<'cast'>> = async (step, ctx) => {
  const c = column(ctx, step.column);
  const { expr } = castExpr(c, step.to);
  const bad = await firstUnreadable(ctx, c.name, expr);
  if (bad && step.invalid === 'fail') {
    throw invalid(
      `${bad.count.toLocaleString('en')} value${bad.count === 1 ? '' : 's'} of "${c.name}" cannot be read as ${step.to}, e.g. "${bad.value}" in ${rowWords(bad.row)}. Fix them first, or choose "make them missing".`,
      { column: c.name, row: bad.row, value: bad.value, count: bad.count },
    );
  }
  const columns = ctx.columns.map((x) => (x.name === c.name ? { ...x, semanticType: step.to } : x));
  return {
    sql: `SELECT ${selectList(passThrough(ctx, new Map([[c.name, expr]])))} FROM ${ctx.table}`,
    columns,
    fitted: { from: c.semanticType, to: step.to, madeMissing: bad?.count ?? 0 },
  };
};

