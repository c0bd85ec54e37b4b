/**
 * What every recipe step compiles to: a SELECT over the current table (materialized by the engine), the columns after
 * it, and what it learned from the data. Steps never see the user's text as SQL: names go through sqlIdent, values
 * through sqlString/number printing, expressions through the expression compiler.
 */
import type { ColumnSchema, SemanticType } from '../../contract/datasets';
import { GyreError } from '../../contract/errors';
import type { RecipeStep } from '../../contract/recipes';
import { sqlIdent, type Duck } from '../duck';

export interface StepContext {
  duck: Duck;
  /**
   * The current relation (a view over the previous steps, or a table where a heavy step was materialized): every row
   * so far, in order, with the hidden column ROW holding each row's position in the version the recipe started from.
   */
  table: string;
  columns: ColumnSchema[];
  rows: number;
  /** The Parquet file and columns of another dataset version (for join). */
  resolveVersion(versionId: string): { label: string; path: string; columns: ColumnSchema[] };
}

export interface StepPlan {
  /** SELECT … FROM ctx.table — the rows after the step, in order. */
  sql: string;
  /** Semantic types of the columns after the step (storage types are read back from the result). */
  columns: ColumnSchema[];
  /** Some named columns were absent and were left out (replay on a version without them). */
  partial?: string;
  /** The step may remove (or, joining, repeat) rows: the engine counts them; other steps keep every row. */
  filters?: boolean;
  /**
   * A join (or semi-join) whose rows may come out of order: computed once into a table rather than again by every
   * later query, and the output is sorted back into row order at the end (one sort, not one per step).
   */
  reorders?: boolean;
  /** Columns changed in place: the engine counts the cells where `expr` differs from the column before. */
  inPlace?: { column: string; expr: string }[];
  /** Columns whose distributions a preview should chart (besides those added or changed). */
  touched?: string[];
  fitted?: Record<string, unknown>;
  /** Other dataset versions read (lineage). */
  reads?: string[];
}

/** The step could not apply at all on this version (replay): reported, or an error in strict mode. */
export class StepSkipped extends Error {}

export type StepCompiler<S extends RecipeStep> = (step: S, ctx: StepContext) => Promise<StepPlan>;

/** The named columns present and absent; all absent → the step cannot apply. */
export function present(ctx: StepContext, names: string[]): { found: string[]; missing: string[]; partial?: string } {
  const have = new Set(ctx.columns.map((c) => c.name));
  const found = names.filter((n) => have.has(n));
  const missing = names.filter((n) => !have.has(n));
  if (found.length === 0 && names.length > 0) throw new StepSkipped(`${quoteList(missing)} ${missing.length === 1 ? 'is' : 'are'} not in this version.`);
  return missing.length ? { found, missing, partial: `${quoteList(missing)} ${missing.length === 1 ? 'is' : 'are'} not in this version and ${missing.length === 1 ? 'was' : 'were'} left out.` } : { found, missing };
}

/** The one column a step works on; absent → skipped. */
export function column(ctx: StepContext, name: string): ColumnSchema {
  const c = ctx.columns.find((x) => x.name === name);
  if (!c) throw new StepSkipped(`"${name}" is not in this version.`);
  return c;
}

export function quoteList(names: string[]): string {
  const q = names.map((n) => `"${n}"`);
  return q.length <= 2 ? q.join(' and ') : `${q.slice(0, -1).join(', ')} and ${q.at(-1)}`;
}

export const isNumeric = (c: ColumnSchema) => /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/.test(c.storageType);
export const isText = (c: ColumnSchema) => c.storageType === 'VARCHAR';
export const isTemporal = (c: ColumnSchema) => /^(DATE|TIMESTAMP|TIME)/.test(c.storageType);

/** A refusal that belongs to the step's settings, not to the data: always an error, in replay too. */
export function invalid(message: string, details: Record<string, unknown> = {}): GyreError {
  return new GyreError('VALIDATION', message, details);
}

/** The hidden column that carries each row's position in the input version through every step (0-based). */
export const ROW = '"__gyre_row"';
export const ROW_NAME = '__gyre_row';

/** `SELECT <row>, a, b AS c, …` — an explicit list keeps column order exact; the row position always comes along. */
export function selectList(items: { expr: string; as: string }[], prefix = ''): string {
  return [`${prefix}${ROW}`, ...items.map((i) => (i.expr === sqlIdent(i.as) ? i.expr : `${i.expr} AS ${sqlIdent(i.as)}`))].join(', ');
}

/** Every current column as itself, with some replaced by expressions. */
export function passThrough(ctx: StepContext, replace: Map<string, string> = new Map()): { expr: string; as: string }[] {
  return ctx.columns.map((c) => ({ expr: replace.get(c.name) ?? sqlIdent(c.name), as: c.name }));
}

/** A semantic type for a storage type a step produced. */
export function semanticOf(storageType: string, fallback?: SemanticType): SemanticType {
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)/.test(storageType)) return fallback === 'identifier' ? 'identifier' : 'integer';
  if (/^(FLOAT|DOUBLE|REAL|DECIMAL)/.test(storageType)) return 'float';
  if (storageType === 'BOOLEAN') return 'boolean';
  if (/^(DATE|TIMESTAMP)/.test(storageType)) return 'datetime';
  return fallback && ['categorical', 'text', 'identifier'].includes(fallback) ? fallback : 'categorical';
}

/** A number as a SQL literal (finite only). */
export function sqlNumber(n: number): string {
  if (!Number.isFinite(n)) throw invalid(`${n} is not a finite number.`);
  return Number.isInteger(n) ? `${n}` : `${n}::DOUBLE`;
}
