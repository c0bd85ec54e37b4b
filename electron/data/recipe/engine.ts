/**
 * Runs a recipe's steps in DuckDB: each step reads the table the previous one made and writes the next (in memory,
 * dropped as soon as it is read), so a step's statistics (a mean, IQR bounds, categories) are learned from exactly
 * the rows reaching it. One engine for preview and apply, so a preview shows what applying will do.
 */
import type { ColumnSchema, SemanticType } from '../../contract/datasets';
import { GyreError } from '../../contract/errors';
import { RECIPE_OP_LABELS } from '../../contract/recipe-text';
import type { RecipeStep, StepReport } from '../../contract/recipes';
import { sqlIdent, sqlString, type Duck } from '../duck';
import { cast, dropColumns, renameColumns, reorderColumns } from './steps-columns';
import { derive, encode, groupAggregate, join } from './steps-features';
import { dropMissing, filterRows, removeDuplicates, sample } from './steps-rows';
import { bin, impute, outliers, parseDates, textClean } from './steps-values';
import { ROW, ROW_NAME, semanticOf, StepSkipped, type StepCompiler, type StepContext, type StepPlan } from './step';

const COMPILERS: { [K in RecipeStep['op']]: StepCompiler<Extract<RecipeStep, { op: K }>> } = {
  drop_columns: dropColumns,
  rename_columns: renameColumns,
  reorder_columns: reorderColumns,
  cast,
  filter_rows: filterRows,
  drop_missing: dropMissing,
  impute,
  remove_duplicates: removeDuplicates,
  outliers,
  text_clean: textClean,
  parse_dates: parseDates,
  bin,
  derive,
  group_aggregate: groupAggregate,
  encode,
  join,
  sample,
};

export interface Table {
  name: string;
  columns: ColumnSchema[];
  rows: number;
}

export interface RunOptions {
  /** Any step that cannot apply in full is an error (default: reported as partial or skipped, as replay does). */
  strict: boolean;
  resolveVersion: StepContext['resolveVersion'];
  /** Stop at the first error and return it with what ran so far, instead of throwing (preview). */
  collectError?: boolean;
  onStep?(index: number, total: number): void;
}

export interface RunResult {
  table: Table;
  /** The relation the last step read (a preview compares it with the result). */
  lastInput: Table | null;
  reports: StepReport[];
  /** Touched or added columns of the last step, for a preview's charts. */
  lastTouched: string[];
  /** Other dataset versions read by joins (lineage). */
  reads: string[];
  /** False after a join: the rows must be sorted by their position to read in order (see `visible`). */
  ordered: boolean;
  error: { index: number; message: string; details?: Record<string, unknown> } | null;
}

/**
 * A version's rows as the relation t0 — a view straight over the Parquet file (each row's position read from the file),
 * or a table of a seeded sample of `sampleRows` rows, in their order.
 */
export async function loadTable(duck: Duck, path: string, columns: ColumnSchema[], sampleRows?: number): Promise<Table & { total: number }> {
  const source = `(SELECT file_row_number AS ${ROW}, * EXCLUDE (file_row_number) FROM read_parquet(${sqlString(path)}, file_row_number = true))`;
  const total = Number((await duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${source}`))[0]!.n);
  if (sampleRows !== undefined && total > sampleRows) {
    await duck.run(`CREATE TABLE t0 AS SELECT * FROM ${source} WHERE ${ROW} IN (SELECT ${ROW} FROM ${source} ORDER BY hash(${ROW}, 7) LIMIT ${sampleRows}) ORDER BY ${ROW}`);
    return { name: 't0', columns, rows: sampleRows, total };
  }
  await duck.run(`CREATE VIEW t0 AS SELECT * FROM ${source}`);
  return { name: 't0', columns, rows: total, total };
}

/** The rows of a relation as a user sees them: without the hidden row position, in row order. */
export function visible(table: string, ordered: boolean, limit?: number): string {
  return `SELECT * EXCLUDE (${ROW}) FROM ${table}${ordered ? '' : ` ORDER BY ${ROW}`}${limit === undefined ? '' : ` LIMIT ${limit}`}`;
}

/** Semantic types kept where the storage still fits them (an integer column that became DOUBLE is a float now). */
async function described(duck: Duck, table: string, planned: ColumnSchema[]): Promise<ColumnSchema[]> {
  const rows = await duck.rows<{ column_name: string; column_type: string }>(`DESCRIBE ${table}`);
  return rows.filter((r) => r.column_name !== ROW_NAME).map((r) => {
    const want = planned.find((c) => c.name === r.column_name)?.semanticType;
    return { name: r.column_name, storageType: r.column_type, semanticType: fits(want, r.column_type) ? want! : semanticOf(r.column_type, want) };
  });
}

function fits(semantic: SemanticType | undefined, storage: string): boolean {
  if (!semantic) return false;
  const natural = semanticOf(storage, semantic);
  if (natural === semantic) return true;
  // Text-like meanings share one storage; an identifier may be stored as numbers.
  const textLike: SemanticType[] = ['categorical', 'text', 'identifier'];
  return (textLike.includes(semantic) && storage === 'VARCHAR') || (semantic === 'identifier' && natural === 'integer');
}

/** How many cells each in-place change alters, counted on the rows before the step. */
async function changedCells(duck: Duck, table: string, inPlace: NonNullable<StepPlan['inPlace']>): Promise<{ column: string; cells: number }[]> {
  if (inPlace.length === 0) return [];
  const counts = inPlace.map((c, i) => `count(*) FILTER (WHERE ${sqlIdent(c.column)} IS DISTINCT FROM (${c.expr}))::BIGINT AS c${i}`);
  const [row] = await duck.rows<Record<string, number>>(`SELECT ${counts.join(', ')} FROM ${table}`);
  return inPlace.map((c, i) => ({ column: c.column, cells: Number(row?.[`c${i}`] ?? 0) }));
}

function stepError(index: number, step: RecipeStep, e: unknown): GyreError {
  const where = `Step ${index + 1} (${RECIPE_OP_LABELS[step.op]})`;
  if (e instanceof GyreError) return new GyreError(e.code, `${where}: ${e.message}`, { ...e.details, step: index });
  const message = e instanceof Error ? e.message.replace(/^[A-Za-z ]+ Error: /, '') : String(e);
  return new GyreError('VALIDATION', `${where} failed: ${message}`, { step: index });
}

export async function runSteps(duck: Duck, start: Table, steps: RecipeStep[], options: RunOptions): Promise<RunResult> {
  let current = start;
  let lastInput: Table | null = null;
  let lastTouched: string[] = [];
  const reports: StepReport[] = [];
  const reads: string[] = [];
  let ordered = true;
  for (const [index, step] of steps.entries()) {
    options.onStep?.(index, steps.length);
    const ctx: StepContext = { duck, table: current.name, columns: current.columns, rows: current.rows, resolveVersion: options.resolveVersion };
    const base = { index, op: step.op, rowsBefore: current.rows, added: [], removed: [], changed: [] };
    try {
      let plan: StepPlan;
      try {
        plan = await COMPILERS[step.op](step as never, ctx);
      } catch (e) {
        if (!(e instanceof StepSkipped)) throw e;
        if (options.strict) throw new GyreError('VALIDATION', e.message);
        reports.push({ ...base, status: 'skipped', reason: e.message, rowsAfter: current.rows });
        continue;
      }
      if (plan.partial && options.strict) throw new GyreError('VALIDATION', plan.partial);
      const changed = await changedCells(duck, current.name, plan.inPlace ?? []);
      const name = `t${index + 1}`;
      // Cheap steps stay views (nothing is copied; later queries read through them); heavy ones are computed once.
      await duck.run(`CREATE ${plan.reorders && index < steps.length - 1 ? 'TABLE' : 'VIEW'} ${name} AS ${plan.sql}`);
      if (plan.reorders) ordered = false;
      // Only steps that filter change the row count: counting the others would compute the whole chain again.
      const rows = plan.filters ? Number((await duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${name}`))[0]!.n) : current.rows;
      const columns = await described(duck, name, plan.columns);
      const before = new Set(current.columns.map((c) => c.name));
      const after = new Set(columns.map((c) => c.name));
      const report: StepReport = {
        ...base,
        status: plan.partial ? 'partial' : 'applied',
        ...(plan.partial ? { reason: plan.partial } : {}),
        rowsAfter: rows,
        added: columns.map((c) => c.name).filter((n) => !before.has(n)),
        removed: current.columns.map((c) => c.name).filter((n) => !after.has(n)),
        changed,
        ...(plan.fitted ? { fitted: plan.fitted } : {}),
      };
      reports.push(report);
      reads.push(...(plan.reads ?? []));
      lastTouched = [...new Set([...report.added, ...changed.map((c) => c.column), ...(plan.touched ?? [])])];
      // Relations stay until the connection closes: later views read through earlier ones.
      lastInput = current;
      current = { name, columns, rows };
    } catch (e) {
      const error = stepError(index, step, e);
      if (!options.collectError) throw error;
      return { table: current, lastInput, reports, lastTouched, reads, ordered, error: { index, message: error.message, details: error.details } };
    }
  }
  return { table: current, lastInput, reports, lastTouched, reads, ordered, error: null };
}
