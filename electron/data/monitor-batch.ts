/**
 * A monitoring batch as the Monitor stage reads it: production inputs from a file or a bundle server's prediction log,
 * typed as the model's training data, with the outputs a log answered and the outcomes that arrived later, written to
 * Parquet in batch order. DuckDB reads, casts and joins; only what JavaScript needs per row comes out, from vectors.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { DuckDBDoubleVector } from '@duckdb/node-api';
import type { ColumnSchema, SemanticType } from '../contract/datasets';
import { GyreError } from '../contract/errors';
import type { BatchSource } from '../contract/monitor';
import type { Frame } from '../ml/preprocess/frame';
import { sqlIdent, sqlString, type Duck } from './duck';
import { describeDuckError, parseError, withoutPath } from './duck-errors';
import { readFrame } from './frame-reader';
import { joinOutcomes, quoteList, TRUTH_TABLE } from './monitor-outcomes';
import { describeSource, sourceRelation, type Source } from './source';

/** A model input, typed as in the model's training dataset version. */
export interface BatchInputColumn {
  name: string;
  semanticType: SemanticType;
}

export interface ReadBatchRequest {
  source: BatchSource;
  /** How messages name the file ("march.csv"). */
  displayName: string;
  inputs: BatchInputColumn[];
  /** NAME@VERSION: a log's rows are the ones this version answered (entry.model), or scored in shadow (entry.shadow.model). */
  model: string;
  task: 'binary' | 'multiclass' | 'regression';
  classLabels: string[] | null;
  /**
   * The column joining outcomes: a file's own column (kept as text). A log's rows are joined by requestId (its
   * "requestId" or null), or by an input it logged under this name.
   */
  idColumn: string | null;
  outcomes: { path: string; displayName: string; idColumn: string; outcomeColumn: string } | null;
  /** The model's target name: the outcome column is stored under it. */
  target: string;
  /** Where to write the batch's rows as Parquet: the inputs (typed), `__id` (text or null), the target (null where none). */
  parquetPath: string;
}

export interface BatchRead {
  rows: number;
  /** The inputs present, in `inputs` order, as a Frame (read back from parquetPath). */
  frame: Frame;
  /** Per present input: values that could not be read as its type (they are missing in the frame). */
  unreadable: Record<string, number>;
  /** Inputs the batch lacks. */
  missingColumns: string[];
  /** A file's columns that are not inputs; a log's input keys that are not. */
  extraColumns: string[];
  /** Per row: the id as text (a file's idColumn, a log's requestId); null when no idColumn. */
  ids: (string | null)[] | null;
  /** A log: the outputs as served, rows × k probabilities in classLabels order, or values; null for a file. */
  logged: Float64Array | null;
  /** A log: the first and last ts of the rows read (ISO). */
  period: { first: string; last: string } | null;
  outcomes: null | {
    /** Per batch row: class index (classification) or value (regression); NaN where no outcome arrived. */
    yTrue: Float64Array;
    /** Batch rows with an outcome. */
    matched: number;
    /** Outcome rows whose id matches no batch row. */
    unmatchedOutcomes: number;
  };
}

/** The batch's rows: input i typed as `i<i>`, `u<i>` true where its raw value was unreadable, `id`, and a log's `o<j>`. */
const BATCH_TABLE = 'gyre_monitor_batch';
/** A log's lines that this model answered or shadowed. */
const LOG_TABLE = 'gyre_monitor_log';

/** What loading the batch table found. */
interface Loaded {
  present: BatchInputColumn[];
  missing: string[];
  extra: string[];
  /** Whether `id` holds the batch's ids (else it is null or a log's requestId kept only for joining). */
  hasIds: boolean;
  /** A log joined by requestId: an outcome id `${requestId}/${i}` names the i-th row of a request, as in the shadow report. */
  byRequest: boolean;
  /** A log: output values per row. */
  outputs: number;
  period: { first: string; last: string } | null;
}

/** How an input is stored: numbers as DOUBLE, as the frame reads them. */
function storageOf(type: SemanticType): 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP' | 'VARCHAR' {
  if (type === 'integer' || type === 'float') return 'DOUBLE';
  if (type === 'boolean') return 'BOOLEAN';
  if (type === 'datetime') return 'TIMESTAMP';
  return 'VARCHAR';
}

interface RawInput {
  input: BatchInputColumn;
  /** The SQL reading its raw value, and that value's DuckDB type. */
  expr: string;
  type: string;
}

/**
 * The batch table's query: each raw value cast to its input's type (text trimmed when needed: DuckDB reads " true " as
 * no boolean), unreadable where the cast failed on something that is not blank, and `carried` columns passed through.
 */
function typedSelect(from: string, raws: RawInput[], carried: { name: string; expr: string }[]): string {
  const read = [...raws.map((r, i) => `${r.expr} AS r${i}`), ...carried.map((c) => `${c.expr} AS ${c.name}`)];
  const cast = raws.map((r, i) => {
    const to = storageOf(r.input.semanticType);
    const raw = `r${i}`;
    if (to === 'VARCHAR') return `${r.type === 'VARCHAR' ? raw : `CAST(${raw} AS VARCHAR)`} AS v${i}`;
    // Trimmed only where the plain cast failed: most values need no trim.
    if (r.type === 'VARCHAR' && to !== 'DOUBLE') return `coalesce(TRY_CAST(${raw} AS ${to}), TRY_CAST(trim(${raw}) AS ${to})) AS v${i}`;
    return `TRY_CAST(${raw} AS ${to}) AS v${i}`;
  });
  const typed = [
    // Not-finite numbers are missing, as the import stores them.
    ...raws.map((r, i) => (storageOf(r.input.semanticType) === 'DOUBLE' ? `CASE WHEN isfinite(v${i}) THEN v${i} END AS i${i}` : `v${i} AS i${i}`)),
    ...raws.map((r, i) => {
      if (storageOf(r.input.semanticType) === 'VARCHAR') return `false AS u${i}`;
      return `CASE WHEN v${i} IS NULL AND r${i} IS NOT NULL THEN ${r.type === 'VARCHAR' ? `trim(r${i}) <> ''` : 'true'} ELSE false END AS u${i}`;
    }),
    ...carried.map((c) => c.name),
  ];
  return `SELECT ${typed.join(', ')} FROM (SELECT *${cast.map((c) => `, ${c}`).join('')} FROM (SELECT ${read.join(', ')} FROM ${from}))`;
}

/** Runs a query reading a user's file; DuckDB's failure becomes one sentence naming the file (and line, column). */
async function reading<T>(source: Source, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof GyreError) throw e;
    throw parseError(source.name, describeDuckError(withoutPath((e as Error).message, source.path, source.name)));
  }
}

function splitColumns(request: ReadBatchRequest, names: readonly string[]): { present: BatchInputColumn[]; missing: string[]; extra: string[] } {
  const given = new Set(names);
  const inputs = new Set(request.inputs.map((i) => i.name));
  return {
    present: request.inputs.filter((i) => given.has(i.name)),
    missing: request.inputs.filter((i) => !given.has(i.name)).map((i) => i.name),
    extra: names.filter((n) => !inputs.has(n)),
  };
}

async function loadFile(duck: Duck, request: ReadBatchRequest, path: string): Promise<Loaded> {
  const source = describeSource(path, request.displayName, {});
  const relation = sourceRelation(source);
  const described = await reading(source, () => duck.rows<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${relation}`));
  const types = new Map(described.map((d) => [d.column_name, d.column_type]));
  const names = described.map((d) => d.column_name);
  const { present, missing, extra } = splitColumns(request, names);
  const idColumn = request.idColumn ?? request.outcomes?.idColumn ?? null;
  if (idColumn !== null && !types.has(idColumn)) {
    throw new GyreError('VALIDATION', `${request.displayName} has no column "${idColumn}" to join the outcomes by (its columns: ${quoteList(names)}).`, { file: request.displayName, column: idColumn, field: 'outcomes.idColumn' });
  }
  const raws = present.map((input) => ({ input, expr: sqlIdent(input.name), type: types.get(input.name)! }));
  const id = { name: 'id', expr: idColumn === null ? 'NULL::VARCHAR' : `CAST(${sqlIdent(idColumn)} AS VARCHAR)` };
  await reading(source, () => duck.run(`CREATE OR REPLACE TEMP TABLE ${BATCH_TABLE} AS ${typedSelect(relation, raws, [id])}`));
  return { present, missing, extra, hasIds: idColumn !== null, byRequest: false, outputs: 0, period: null };
}

/** The log's lines this model answered (their outputs), or scored in shadow without an error (the shadow's outputs). */
function logLines(path: string, model: string): string {
  const relation = `read_json(${sqlString(path)}, format = 'newline_delimited', columns = {ts: 'VARCHAR', model: 'VARCHAR', requestId: 'VARCHAR', inputs: 'JSON', outputs: 'JSON', shadow: 'JSON'})`;
  const m = sqlString(model);
  return `SELECT ts, requestId, inputs, CASE WHEN model = ${m} THEN outputs ELSE json_extract(shadow, '/outputs') END AS outputs FROM ${relation}
    WHERE model = ${m} OR (json_extract_string(shadow, '/model') = ${m} AND json_extract_string(shadow, '/error') IS NULL)`;
}

async function loadLog(duck: Duck, request: ReadBatchRequest, path: string): Promise<Loaded> {
  const source = describeSource(path, request.displayName, { format: 'jsonl' });
  try {
    await duck.run(`CREATE OR REPLACE TEMP TABLE ${LOG_TABLE} AS ${logLines(path, request.model)}`);
  } catch (e) {
    const bad = await firstBadLine(path);
    if (!bad) throw parseError(source.name, describeDuckError(withoutPath((e as Error).message, source.path, source.name)));
    throw new GyreError('DATASET_PARSE', `${request.displayName}, line ${bad.line}: not a JSON object (${JSON.stringify(bad.text.slice(0, 40))}${bad.text.length > 40 ? '…' : ''}); a prediction log has one per line.`, { file: request.displayName, row: bad.line });
  }
  const [{ n, first, last }] = (await duck.rows<{ n: number; first: string | null; last: string | null }>(`SELECT count(*)::BIGINT AS n, min(ts) AS first, max(ts) AS last FROM ${LOG_TABLE}`)) as [{ n: number; first: string | null; last: string | null }];
  if (Number(n) === 0) throw await noPredictions(duck, request, path);
  const keys = (await duck.columns(`SELECT DISTINCT unnest(json_keys(inputs)) AS key FROM ${LOG_TABLE} ORDER BY key`))[0] as string[];
  const { present, missing, extra } = splitColumns(request, keys);
  const idColumn = request.idColumn ?? request.outcomes?.idColumn ?? null;
  const byRequest = idColumn === null || idColumn === 'requestId';
  if (!byRequest && !keys.includes(idColumn)) {
    throw new GyreError('VALIDATION', `${request.displayName} has neither a requestId nor an input "${idColumn}" to join the outcomes by (its inputs: ${quoteList(keys)}).`, { file: request.displayName, column: idColumn, field: 'outcomes.idColumn' });
  }
  const pointers = present.map((i) => sqlString(jsonPointer(i.name)));
  const outputs = request.task === 'regression' ? [jsonPointer('prediction')] : (request.classLabels ?? []).map((l) => jsonPointer('probabilities', l));
  const from = `(SELECT ${[
    pointers.length ? `json_extract_string(inputs, [${pointers.join(', ')}]) AS x` : 'NULL AS x',
    `json_extract_string(outputs, [${outputs.map(sqlString).join(', ')}]) AS p`,
    byRequest ? 'requestId AS key' : `json_extract_string(inputs, ${sqlString(jsonPointer(idColumn))}) AS key`,
  ].join(', ')} FROM ${LOG_TABLE})`;
  const raws = present.map((input, i) => ({ input, expr: `x[${i + 1}]`, type: 'VARCHAR' }));
  const carried = [{ name: 'id', expr: 'key' }, ...outputs.map((_, j) => ({ name: `o${j}`, expr: `TRY_CAST(p[${j + 1}] AS DOUBLE)` }))];
  await duck.run(`CREATE OR REPLACE TEMP TABLE ${BATCH_TABLE} AS ${typedSelect(from, raws, carried)}`);
  const period = first !== null && last !== null ? { first: isoOf(first), last: isoOf(last) } : null;
  return { present, missing, extra, hasIds: idColumn !== null, byRequest, outputs: outputs.length, period };
}

/** A JSON Pointer (RFC 6901): any key works, quotes and dots included, where a JSONPath would need escaping. */
function jsonPointer(...keys: string[]): string {
  return keys.map((k) => `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function isoOf(ts: string): string {
  const t = Date.parse(ts);
  return Number.isNaN(t) ? ts : new Date(t).toISOString();
}

async function noPredictions(duck: Duck, request: ReadBatchRequest, path: string): Promise<GyreError> {
  const relation = `read_json(${sqlString(path)}, format = 'newline_delimited', columns = {model: 'VARCHAR', shadow: 'JSON'})`;
  const models = (await duck.columns(`SELECT DISTINCT m FROM (SELECT model AS m FROM ${relation} UNION ALL SELECT json_extract_string(shadow, '/model') FROM ${relation}) WHERE m IS NOT NULL ORDER BY m`))[0] as string[];
  const holds = models.length ? `it holds predictions of ${quoteList(models)}` : 'no line names a model';
  return new GyreError('VALIDATION', `${request.displayName} has no predictions of ${request.model} (${holds}).`, { file: request.displayName, field: 'model' });
}

/** The first line that is not a JSON object, found after DuckDB failed: the sentence does not depend on DuckDB's wording. */
async function firstBadLine(path: string): Promise<{ line: number; text: string } | null> {
  const stream = createReadStream(path, 'utf8');
  try {
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      line++;
      if (text.trim() !== '' && !isJsonObject(text)) return { line, text };
    }
    return null;
  } finally {
    stream.destroy();
  }
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** DOUBLE columns of a query, row-major (rows × width), NaN for null. */
async function readDoubles(duck: Duck, sql: string, width: number, rows: number): Promise<Float64Array> {
  const out = new Float64Array(rows * width);
  const result = await duck.connection.stream(sql);
  let offset = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const n = chunk.rowCount;
    for (let j = 0; j < width; j++) {
      const vector = chunk.getColumnVector(j) as DuckDBDoubleVector;
      for (let r = 0; r < n; r++) out[(offset + r) * width + j] = vector.getItem(r) ?? NaN;
    }
    offset += n;
  }
  return out;
}

async function readTexts(duck: Duck, sql: string, rows: number): Promise<(string | null)[]> {
  const out = new Array<string | null>(rows);
  const result = await duck.connection.stream(sql);
  let offset = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const at = offset;
    chunk.visitColumnValues(0, (v, r) => void (out[at + r] = v === null ? null : String(v)));
    offset += chunk.rowCount;
  }
  return out;
}

/** The batch's rows to Parquet in order: inputs under their names, `__id`, and the outcome under the target's name. */
async function writeBatch(duck: Duck, request: ReadBatchRequest, present: BatchInputColumn[], withOutcomes: boolean): Promise<void> {
  const target = withOutcomes ? 't.target' : request.task === 'regression' ? 'NULL::DOUBLE' : 'NULL::VARCHAR';
  const columns = [...present.map((p, i) => `b.i${i} AS ${sqlIdent(p.name)}`), 'b.id AS "__id"', `${target} AS ${sqlIdent(request.target)}`];
  const from = withOutcomes ? `${BATCH_TABLE} b POSITIONAL JOIN ${TRUTH_TABLE} t` : `${BATCH_TABLE} b`;
  await duck.run(`COPY (SELECT ${columns.join(', ')} FROM ${from}) TO ${sqlString(request.parquetPath)} (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1, ROW_GROUP_SIZE 61440)`);
}

/** Reads a monitoring batch, writes its rows to `parquetPath`, and returns what the drift report and metrics need. */
export async function readBatch(duck: Duck, request: ReadBatchRequest): Promise<BatchRead> {
  if (request.task !== 'regression' && !request.classLabels?.length) throw new Error(`A ${request.task} model needs its class labels to read a batch.`);
  try {
    const loaded = request.source.kind === 'file' ? await loadFile(duck, request, request.source.path) : await loadLog(duck, request, request.source.path);
    const { present } = loaded;
    const counts = (await duck.arrays(`SELECT count(*)::BIGINT${present.map((_, i) => `, count_if(u${i})::BIGINT`).join('')} FROM ${BATCH_TABLE}`)).rows[0]!.map(Number);
    const rows = counts[0]!;
    if (rows === 0) throw new GyreError('VALIDATION', `${request.displayName} has no rows.`, { file: request.displayName });
    const truth = request.outcomes
      ? await joinOutcomes(duck, { outcomes: request.outcomes, task: request.task, classLabels: request.classLabels, batchTable: BATCH_TABLE, byRequest: loaded.byRequest })
      : null;
    await writeBatch(duck, request, present, truth !== null);
    const schema: ColumnSchema[] = present.map((p) => ({ name: p.name, semanticType: p.semanticType, storageType: storageOf(p.semanticType) }));
    const frame = present.length ? await readFrame(duck, request.parquetPath, schema) : { rows, columns: [] };
    const outputs = Array.from({ length: loaded.outputs }, (_, j) => `o${j}`);
    return {
      rows,
      frame,
      unreadable: Object.fromEntries(present.map((p, i) => [p.name, counts[i + 1]!])),
      missingColumns: loaded.missing,
      extraColumns: loaded.extra,
      ids: loaded.hasIds ? await readTexts(duck, `SELECT id FROM ${BATCH_TABLE}`, rows) : null,
      logged: outputs.length ? await readDoubles(duck, `SELECT ${outputs.join(', ')} FROM ${BATCH_TABLE}`, outputs.length, rows) : null,
      period: loaded.period,
      outcomes: truth && { yTrue: await readDoubles(duck, `SELECT y FROM ${TRUTH_TABLE}`, 1, rows), matched: truth.matched, unmatchedOutcomes: truth.unmatchedOutcomes },
    };
  } finally {
    for (const table of [BATCH_TABLE, LOG_TABLE, TRUTH_TABLE]) await duck.run(`DROP TABLE IF EXISTS ${table}`);
  }
}
