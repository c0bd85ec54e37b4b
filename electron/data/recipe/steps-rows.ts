/** Recipe steps on rows: filter by an expression, drop rows with missing values, remove duplicates, sample. */
import { GyreError } from '../../contract/errors';
import type { RecipeStep } from '../../contract/recipes';
import { sqlIdent } from '../duck';
import { compileExpression, type CompiledExpression } from './expression';
import { column, invalid, present, ROW, type StepCompiler, type StepContext, StepSkipped } from './step';

type Step<K extends RecipeStep['op']> = Extract<RecipeStep, { op: K }>;

/** Compiles a user's expression; a column this version lacks makes the step skippable (replay), anything else is an error. */
export function expressionFor(text: string, ctx: StepContext): CompiledExpression {
  try {
    return compileExpression(text, ctx.columns);
  } catch (e) {
    const missing = e instanceof GyreError ? e.details?.['column'] : undefined;
    if (typeof missing === 'string' && !ctx.columns.some((c) => c.name === missing)) throw new StepSkipped(`the expression uses "${missing}", which is not in this version.`);
    throw e;
  }
}

export const filterRows: StepCompiler<Step<'filter_rows'>> = async (step, ctx) => {
  const e = expressionFor(step.expression, ctx);
  if (e.type !== 'boolean') {
    throw invalid(`A filter keeps the rows where its expression is true, but "${step.expression}" gives ${e.type === 'null' ? 'a missing value' : `a ${e.type}`}. Compare it with something, e.g. ${e.columns[0] ? `${e.columns[0]} > 0` : 'x > 0'}.`, { field: 'expression' });
  }
  // Missing counts as false: a row is kept only when the expression is known to be true.
  return { sql: `SELECT * FROM ${ctx.table} WHERE coalesce((${e.sql}), false)`, filters: true, columns: ctx.columns, touched: e.columns };
};

export const dropMissing: StepCompiler<Step<'drop_missing'>> = async (step, ctx) => {
  const { found, partial } = step.columns.length ? present(ctx, step.columns) : { found: ctx.columns.map((c) => c.name), partial: undefined };
  const where = found.map((n) => `${sqlIdent(n)} IS NOT NULL`).join(' AND ');
  return { sql: `SELECT * FROM ${ctx.table} WHERE ${where}`, filters: true, columns: ctx.columns, touched: step.columns.length ? found : [], ...(partial ? { partial } : {}) };
};

export const removeDuplicates: StepCompiler<Step<'remove_duplicates'>> = async (step, ctx) => {
  const { found, partial } = step.columns.length ? present(ctx, step.columns) : { found: ctx.columns.map((c) => c.name), partial: undefined };
  const by = found.map(sqlIdent).join(', ');
  // The first of equal rows stays, where it was.
  return {
    sql: `SELECT * FROM ${ctx.table} WHERE ${ROW} IN (SELECT min(${ROW}) FROM ${ctx.table} GROUP BY ${by})`,
    filters: true,
    reorders: true,
    columns: ctx.columns,
    ...(partial ? { partial } : {}),
  };
};

/** How many rows a sample keeps. */
function sampleSize(step: Step<'sample'>, rows: number): number {
  if ((step.fraction === undefined) === (step.rows === undefined)) throw invalid('Give either a fraction of the rows or a number of rows to keep.', { field: 'fraction' });
  return step.rows !== undefined ? Math.min(step.rows, rows) : Math.round(step.fraction! * rows);
}

export const sample: StepCompiler<Step<'sample'>> = async (step, ctx) => {
  const n = sampleSize(step, ctx.rows);
  // A seeded hash of the row's position orders rows randomly but reproducibly; kept rows stay in their order.
  const key = `hash(${ROW}, ${step.seed})`;
  if (step.method === 'random') {
    return { sql: `SELECT * FROM ${ctx.table} WHERE ${ROW} IN (SELECT ${ROW} FROM ${ctx.table} ORDER BY ${key} LIMIT ${n})`, columns: ctx.columns, filters: true, reorders: true, fitted: { rows: n } };
  }
  if (!step.column) throw invalid('A stratified sample needs the column whose classes keep their shares.', { field: 'column' });
  const c = column(ctx, step.column);
  const fraction = ctx.rows === 0 ? 0 : n / ctx.rows;
  const id = sqlIdent(c.name);
  return {
    sql: `SELECT * FROM ${ctx.table} WHERE ${ROW} IN (
            SELECT r FROM (SELECT ${ROW} AS r, row_number() OVER (PARTITION BY ${id} ORDER BY ${key}) AS k, count(*) OVER (PARTITION BY ${id}) AS n FROM ${ctx.table})
            WHERE k <= round(${fraction}::DOUBLE * n))`,
    filters: true,
    reorders: true,
    columns: ctx.columns,
    touched: [c.name],
    fitted: { fraction },
  };
};
