/**
 * Reads a source file into a typed Parquet file with DuckDB: sample → infer types → convert, with clear errors.
 * Runs in a worker process. A column whose inferred type fails later in the file is demoted to text and reported.
 */
import type { ColumnSchema, ImportPreview, ReadOptions, SemanticType } from '../contract/datasets';
import { GyreError } from '../contract/errors';
import { normalizeRows, sqlIdent, sqlString, type Duck } from './duck';
import { describeDuckError, parseError, withoutPath } from './duck-errors';
import { inferColumn, storageFor } from './infer';
import { sampleStats } from './sample-stats';
import { describeSource, sourceRelation, type Source } from './source';

const PREVIEW_ROWS = 20;
const MAX_DEMOTIONS = 20;
const TRUE_WORDS = "('true','yes','t','y')";
const FALSE_WORDS = "('false','no','f','n')";

export interface Plan {
  source: Source;
  columns: ColumnSchema[];
  userTypes: Record<string, SemanticType>;
  warnings: string[];
  /**
   * CSV boolean columns read as text and converted by `selectList` (surrounding spaces allowed). Empty at first:
   * DuckDB's reader parses true/false/t/f/yes/no/y/n/1/0 in any case itself, several times faster.
   */
  booleanWords: Set<string>;
}

/** How to read the file: dialect, names and a type per column (inferred, then the user's choices applied). */
export async function planImport(duck: Duck, path: string, name: string, options: ReadOptions): Promise<Plan> {
  const source = describeSource(path, name, options);
  let sampled;
  try {
    sampled = await sampleStats(duck, sourceRelation(source), source.csv?.decimalSeparator === ',');
  } catch (e) {
    throw await explainReadFailure(duck, source, e);
  }
  if (sampled.rows === 0) {
    const what = source.csv?.header ? 'has a header but no rows' : 'has no rows';
    throw new GyreError('DATASET_PARSE', `${name} ${what}.`, { file: name });
  }
  const userTypes = options.types ?? {};
  const unknown = Object.keys(userTypes).filter((c) => !sampled.stats.some((s) => s.name === c));
  if (unknown.length > 0) throw new GyreError('VALIDATION', `${name} has no column named ${unknown.map((c) => `"${c}"`).join(', ')}.`, { field: 'options.types', file: name });
  const columns = sampled.stats.map((s): ColumnSchema => {
    const inferred = inferColumn(s);
    const chosen = userTypes[s.name];
    return chosen ? { name: s.name, semanticType: chosen, storageType: storageFor(chosen, inferred.storageType) } : { name: s.name, ...inferred };
  });
  const warnings = source.renamed.map((r) => (r.from ? `Column "${r.from}" appears more than once; the copy is named "${r.to}".` : `An unnamed column was named "${r.to}".`));
  return { source, columns, userTypes, warnings, booleanWords: new Set() };
}

/** When even the sample cannot be read: name the line, and for ragged rows list the first few. */
async function explainReadFailure(duck: Duck, source: Source, e: unknown): Promise<GyreError> {
  if (e instanceof GyreError) return e;
  const problem = describeDuckError(withoutPath((e as Error).message, source.path, source.name));
  if (source.csv && /Expected Number of Columns/i.test(problem.reason)) {
    const bad = await firstRejectedLines(duck, source);
    const lines = bad.length ? ` (lines ${bad.join(', ')}${bad.length === 5 ? ', …' : ''})` : '';
    return parseError(source.name, { ...problem, reason: `rows do not all have ${source.names.length} fields${lines}.` }, 'Fix the file, or choose "Skip bad rows" to import without them.');
  }
  if (source.format === 'parquet' && /magic bytes|too small|Parquet/i.test(problem.reason)) {
    return parseError(source.name, { reason: 'is not a complete Parquet file (it may be truncated, or still being copied).' });
  }
  if (/Invalid unicode|not utf-8/i.test(problem.reason)) {
    return parseError(source.name, { ...problem, reason: 'the file is not valid UTF-8 text.' }, 'Choose the Latin-1 encoding if it came from an older system.');
  }
  return parseError(source.name, problem);
}

async function firstRejectedLines(duck: Duck, source: Source): Promise<number[]> {
  try {
    const lenient = { ...source, csv: { ...source.csv!, skipBadRows: true } };
    await duck.run(`SELECT count(*) FROM ${sourceRelation(lenient)}`);
    const rows = await duck.rows<{ line: number }>('SELECT DISTINCT line::INTEGER AS line FROM reject_errors ORDER BY line LIMIT 5');
    return rows.map((r) => r.line);
  } catch {
    return [];
  }
}

/** The SELECT list that stores each column as planned: booleans from words, non-finite floats as missing. */
function selectList(plan: Plan): string {
  return plan.columns
    .map((c) => {
      const id = sqlIdent(c.name);
      if (c.storageType === 'BOOLEAN' && plan.source.csv && plan.booleanWords.has(c.name)) {
        const v = `lower(trim(${id}))`;
        return `CASE WHEN ${id} IS NULL THEN NULL WHEN ${v} IN ${TRUE_WORDS} OR ${v} = '1' THEN true WHEN ${v} IN ${FALSE_WORDS} OR ${v} = '0' THEN false ELSE error('Could not convert column "' || ${sqlString(c.name)} || '" value "' || ${id} || '" to a boolean') END AS ${id}`;
      }
      if (/^(DOUBLE|FLOAT|REAL)$/.test(c.storageType)) return `CASE WHEN isfinite(${id}) THEN ${id} END AS ${id}`;
      if (!plan.source.csv && c.storageType === 'VARCHAR') return `CAST(${id} AS VARCHAR) AS ${id}`;
      if (!plan.source.csv) return `CAST(${id} AS ${c.storageType}) AS ${id}`;
      return id;
    })
    .join(', ');
}

function typedRelation(plan: Plan): string {
  // Booleans that DuckDB's reader rejected are parsed from text by selectList; the rest it parses directly.
  const types = Object.fromEntries(plan.columns.map((c) => [c.name, plan.booleanWords.has(c.name) ? 'VARCHAR' : c.storageType]));
  return sourceRelation(plan.source, types);
}

export async function previewImport(duck: Duck, path: string, ref: string, name: string, options: ReadOptions): Promise<ImportPreview> {
  const plan = await planImport(duck, path, name, options);
  const { rows } = await runDemoting(plan, (p) => duck.arrays(`SELECT ${selectList(p)} FROM (SELECT * FROM ${typedRelation(p)} LIMIT ${PREVIEW_ROWS})`));
  return {
    file: { ref, name, size: plan.source.size },
    format: plan.source.format,
    csv: plan.source.csv,
    columns: plan.columns,
    rows: normalizeRows(rows, plan.columns),
    renamed: plan.source.renamed,
    warnings: plan.warnings,
  };
}

/**
 * Runs `attempt`; when a column's inferred type fails on a later value, stores that column as text and tries
 * again (a warning says so). A type the user chose is never changed behind their back: that fails clearly.
 */
export async function runDemoting<T>(plan: Plan, attempt: (plan: Plan) => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt(plan);
    } catch (e) {
      const problem = describeDuckError(withoutPath((e as Error).message, plan.source.path, plan.source.name));
      const column = plan.columns.find((c) => c.name === problem.column);
      if (!column || column.storageType === 'VARCHAR' || tries >= MAX_DEMOTIONS) throw parseError(plan.source.name, problem);
      if (column.storageType === 'BOOLEAN' && plan.source.csv && !plan.booleanWords.has(column.name)) {
        // " yes " or "TRUE " is still a boolean: read this column as text and convert the words ourselves.
        plan.booleanWords.add(column.name);
        continue;
      }
      if (plan.userTypes[column.name]) {
        throw parseError(plan.source.name, problem, `You chose ${plan.userTypes[column.name]} for "${column.name}"; choose text or fix the value.`);
      }
      plan.warnings.push(`Column "${column.name}" looked like ${column.semanticType} in the first rows, but ${problem.line ? `line ${problem.line}` : 'a later row'} holds a value that is not; it was imported as text.`);
      column.semanticType = 'text';
      column.storageType = 'VARCHAR';
    }
  }
}

/**
 * Rows per Parquet row group. Each writer thread holds a row group until it is full: half DuckDB's default
 * (122,880) took ~30 MB off the import worker's peak and the profile's, at the same speed (docs/architecture.md).
 */
const ROW_GROUP_ROWS = 61_440;

/** Writes the whole source as Parquet (ZSTD) at `target`; returns rows written and rows skipped. */
export async function convertToParquet(duck: Duck, plan: Plan, target: string): Promise<{ rows: number; skippedRows: number }> {
  await runDemoting(plan, (p) =>
    duck.run(`COPY (SELECT ${selectList(p)} FROM ${typedRelation(p)}) TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`),
  );
  const [{ n }] = (await duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM read_parquet(${sqlString(target)})`)) as [{ n: number }];
  let skippedRows = 0;
  if (plan.source.csv?.skipBadRows) {
    const [r] = await duck.rows<{ n: number }>('SELECT count(DISTINCT line)::INTEGER AS n FROM reject_errors');
    skippedRows = Number(r?.n ?? 0);
  }
  if (Number(n) === 0) throw new GyreError('DATASET_PARSE', `${plan.source.name} has no rows that could be read.`, { file: plan.source.name });
  return { rows: Number(n), skippedRows };
}
