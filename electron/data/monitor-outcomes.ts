/**
 * The true outcomes of a monitoring batch, from a file that arrived later: checked (one row per id, classes the model
 * knows, numbers for a regression) and joined to the batch's rows by id, all in DuckDB.
 */
import { GyreError } from '../contract/errors';
import { sqlIdent, sqlString, type Duck } from './duck';
import { describeDuckError, parseError, withoutPath } from './duck-errors';
import { describeSource, MISSING_MARKERS, sourceRelation } from './source';

/** Per batch row, in batch order (read beside the batch table with a POSITIONAL JOIN): `y` (class index or value) and `target`. */
export const TRUTH_TABLE = 'gyre_monitor_truth';
/** The outcomes file as read: `id` and `t` (trimmed text, null for blank). */
const OUTCOMES_TABLE = 'gyre_monitor_outcomes';
/** Each outcome row checked: `row` (1-based), `id`, `t`, `y`, and `target` (the class label, or the number). */
const VALUES_TABLE = 'gyre_monitor_outcome_values';

export interface OutcomesJoin {
  outcomes: { path: string; displayName: string; idColumn: string; outcomeColumn: string };
  task: 'binary' | 'multiclass' | 'regression';
  classLabels: string[] | null;
  /** The batch's table, whose `id` column holds each row's id as text. */
  batchTable: string;
  /** A log joined by requestId: an outcome id `${requestId}/${i}` names the i-th row of a request, as in the shadow report. */
  byRequest: boolean;
}

/** '"a", "b", "c"' — names for a message, the first 20. */
export function quoteList(names: readonly string[]): string {
  const shown = names.slice(0, 20).map((n) => `"${n}"`).join(', ');
  return names.length > 20 ? `${shown}, … (${names.length} in all)` : shown || 'none';
}

/** Reads, checks and joins the outcomes into TRUTH_TABLE; the caller drops it. */
export async function joinOutcomes(duck: Duck, join: OutcomesJoin): Promise<{ matched: number; unmatchedOutcomes: number }> {
  try {
    await readOutcomes(duck, join.outcomes);
    await refuseDuplicateIds(duck, join.outcomes);
    await duck.run(`CREATE OR REPLACE TEMP TABLE ${VALUES_TABLE} AS ${join.task === 'regression' ? numberValues() : classValues(join.classLabels!)}`);
    await refuseUnreadable(duck, join);
    await duck.run(`CREATE OR REPLACE TEMP TABLE ${TRUTH_TABLE} AS ${truthSelect(join)}`);
    const [{ matched, unmatched }] = (await duck.rows<{ matched: number; unmatched: number }>(
      `SELECT (SELECT count(y)::BIGINT FROM ${TRUTH_TABLE}) AS matched,
        (SELECT count(*)::BIGINT FROM ${VALUES_TABLE} WHERE row NOT IN (SELECT row1 FROM ${TRUTH_TABLE} WHERE row1 IS NOT NULL UNION SELECT row2 FROM ${TRUTH_TABLE} WHERE row2 IS NOT NULL)) AS unmatched`,
    )) as [{ matched: number; unmatched: number }];
    return { matched: Number(matched), unmatchedOutcomes: Number(unmatched) };
  } finally {
    for (const table of [OUTCOMES_TABLE, VALUES_TABLE]) await duck.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

async function readOutcomes(duck: Duck, file: OutcomesJoin['outcomes']): Promise<void> {
  const source = describeSource(file.path, file.displayName, {});
  const relation = sourceRelation(source);
  try {
    const names = (await duck.rows<{ column_name: string }>(`DESCRIBE SELECT * FROM ${relation}`)).map((d) => d.column_name);
    for (const [column, field] of [[file.idColumn, 'outcomes.idColumn'], [file.outcomeColumn, 'outcomes.outcomeColumn']] as const) {
      if (!names.includes(column)) throw new GyreError('VALIDATION', `${file.displayName} has no column "${column}" (its columns: ${quoteList(names)}).`, { file: file.displayName, column, field });
    }
    const text = (column: string) => `NULLIF(trim(CAST(${sqlIdent(column)} AS VARCHAR)), '')`;
    await duck.run(`CREATE OR REPLACE TEMP TABLE ${OUTCOMES_TABLE} AS SELECT ${text(file.idColumn)} AS id, ${text(file.outcomeColumn)} AS t FROM ${relation}`);
  } catch (e) {
    if (e instanceof GyreError) throw e;
    throw parseError(source.name, describeDuckError(withoutPath((e as Error).message, source.path, source.name)));
  }
}

/** Two outcomes for one id cannot both be true: the file is refused with the first such pair. */
async function refuseDuplicateIds(duck: Duck, file: OutcomesJoin['outcomes']): Promise<void> {
  const [dup] = await duck.rows<{ id: string; first: number; second: number }>(
    `SELECT id, rows[1] AS first, rows[2] AS second FROM (
      SELECT id, list(row ORDER BY row) AS rows FROM (SELECT rowid + 1 AS row, id FROM ${OUTCOMES_TABLE} WHERE id IS NOT NULL) GROUP BY id HAVING count(*) > 1
    ) ORDER BY second LIMIT 1`,
  );
  if (!dup) return;
  throw new GyreError('VALIDATION', `${file.displayName}: the id "${dup.id}" is in rows ${Number(dup.first)} and ${Number(dup.second)} of column "${file.idColumn}"; each outcome needs its own id.`, {
    file: file.displayName,
    row: Number(dup.second),
    column: file.idColumn,
  });
}

function numberValues(): string {
  return `SELECT row, id, t, CASE WHEN isfinite(v) THEN v END AS y, CASE WHEN isfinite(v) THEN v END AS target
    FROM (SELECT rowid + 1 AS row, id, t, TRY_CAST(t AS DOUBLE) AS v FROM ${OUTCOMES_TABLE})`;
}

/**
 * Each outcome as the model's class index: by its label; yes/no words for a true/false target; and by number for
 * numeric labels, so a Parquet file's 1.0 is the class "1".
 */
function classValues(classLabels: readonly string[]): string {
  const labels = (alias: string) => `(VALUES ${classLabels.map((l, i) => `(${i}, ${sqlString(l)})`).join(', ')}) AS ${alias}(idx, label)`;
  const yesNo = classLabels.length === 2 && [...classLabels].sort().join() === 'false,true';
  const key = yesNo ? `CASE TRY_CAST(o.t AS BOOLEAN) WHEN true THEN 'true' WHEN false THEN 'false' ELSE o.t END` : 'o.t';
  return `SELECT o.row, o.id, o.t, coalesce(a.idx, b.idx)::DOUBLE AS y, coalesce(a.label, b.label) AS target
    FROM (SELECT rowid + 1 AS row, id, t FROM ${OUTCOMES_TABLE}) o
    LEFT JOIN ${labels('a')} ON a.label = ${key}
    LEFT JOIN (SELECT TRY_CAST(label AS DOUBLE) AS num, min(idx) AS idx, arg_min(label, idx) AS label FROM ${labels('l')} GROUP BY num HAVING num IS NOT NULL) b
      ON b.num = TRY_CAST(o.t AS DOUBLE)`;
}

/** An outcome that is neither missing nor a class the model knows (or, for a regression, a number) stops the read. */
async function refuseUnreadable(duck: Duck, join: OutcomesJoin): Promise<void> {
  const regression = join.task === 'regression';
  const bad = regression ? 'TRY_CAST(t AS DOUBLE) IS NULL' : 'y IS NULL';
  const [first] = await duck.rows<{ row: number; t: string }>(
    `SELECT row, t FROM ${VALUES_TABLE} WHERE t IS NOT NULL AND ${bad} AND t NOT IN (${MISSING_MARKERS.map(sqlString).join(', ')}) ORDER BY row LIMIT 1`,
  );
  if (!first) return;
  const { displayName, outcomeColumn } = join.outcomes;
  const what = regression ? 'is not a number (the model predicts numbers)' : `is not a class the model knows (it knows ${quoteList(join.classLabels!)})`;
  throw new GyreError('VALIDATION', `${displayName}, row ${Number(first.row)}, column "${outcomeColumn}": "${first.t}" ${what}.`, { file: displayName, row: Number(first.row), column: outcomeColumn });
}

/**
 * Per batch row in order: the outcome whose id is the row's id, or for a log's request its `${requestId}/${i}`
 * (which wins), with the outcome rows that matched (`row1`, `row2`) to count those that matched none.
 */
function truthSelect(join: OutcomesJoin): string {
  const keys = join.byRequest
    ? `SELECT rowid AS r, trim(id) AS k, trim(id) || '/' || (row_number() OVER (PARTITION BY id ORDER BY rowid) - 1) AS k2 FROM ${join.batchTable}`
    : `SELECT rowid AS r, trim(id) AS k, NULL::VARCHAR AS k2 FROM ${join.batchTable}`;
  return `SELECT CASE WHEN v2.row IS NOT NULL THEN v2.y ELSE v1.y END AS y, CASE WHEN v2.row IS NOT NULL THEN v2.target ELSE v1.target END AS target,
      v1.row AS row1, v2.row AS row2
    FROM (${keys}) b LEFT JOIN ${VALUES_TABLE} v1 ON v1.id = b.k LEFT JOIN ${VALUES_TABLE} v2 ON v2.id = b.k2
    ORDER BY b.r`;
}
