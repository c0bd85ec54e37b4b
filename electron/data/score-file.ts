/**
 * Batch scoring of a file of any size with an exported Gyre model: DuckDB streams the file in typed chunks,
 * onnxruntime scores them in batches, and the rows are written out with their predictions appended.
 * A missing column or a value that cannot be read as its column's type stops with the file, line and column.
 *
 * DuckDB also writes each row's own columns as one CSV line: decoding every cell into a JavaScript string and
 * joining them again took most of the time and memory (a string per cell held until its batch was written).
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { DuckDBDoubleVector, DuckDBVector } from '@duckdb/node-api';
import { GyreError } from '../contract/errors';
import type { SchemaEntry } from '../ml/pipeline';
import { decodeModel, modelMetadata } from '../ml/onnx/graph';
import { createSession, scoreColumns, type OutputColumn, type ScoringSession } from '../ml/onnx/runtime';
import { sqlIdent, withDuck } from './duck';
import { describeSource, sourceRelation } from './source';

const BATCH_ROWS = 65_536;

export interface ScoreFileInput {
  onnx: Uint8Array;
  inputPath: string;
  /** How the user names the input file in messages. */
  inputName: string;
  outPath: string;
  cudaInstalled?: () => boolean;
  onProgress?: (rows: number) => void;
  /** False: write only the added columns (a caller joining them back to rows it keeps typed). Default true. */
  keepInputColumns?: boolean;
}

export interface ScoreFileResult {
  rows: number;
  /** Columns of the input the model does not use: written out unchanged. */
  passedThrough: string[];
  addedColumns: string[];
  provider: string;
}

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A number as `csvField` writes it, without its checks: never quoted. */
function numberField(v: number): string {
  return Number.isNaN(v) ? '' : String(v);
}

/** The model's raw-column schema and class labels, from the metadata Gyre writes into every file it exports. */
function readSchema(onnx: Uint8Array, session: ScoringSession): { schema: SchemaEntry[]; classLabels: string[] | null } {
  const meta = modelMetadata(decodeModel(onnx));
  const classLabels = meta.class_labels ? (JSON.parse(meta.class_labels) as string[] | null) : null;
  if (meta.feature_schema) return { schema: JSON.parse(meta.feature_schema) as SchemaEntry[], classLabels };
  // A file not made by Gyre: take its inputs as they are declared.
  return {
    schema: session.session.inputMetadata.map((m) => {
      const type = m.isTensor ? m.type : 'float32';
      return { name: m.name, type: type === 'string' ? 'categorical' : 'float', input: type === 'string' ? 'string' : type === 'float64' ? 'double' : 'float' };
    }),
    classLabels,
  };
}

/** A column's text as `csvField` writes it, computed by DuckDB: quoted when it holds a quote, a comma or a line break. */
function csvExpr(column: string): string {
  const text = `${sqlIdent(column)}::VARCHAR`;
  // The pattern reaches RE2 with its backslashes: \n and \r are the line-break characters.
  return `CASE WHEN ${text} IS NULL THEN '' WHEN regexp_matches(${text}, '[",\\n\\r]') THEN '"' || replace(${text}, '"', '""') || '"' ELSE ${text} END`;
}

/** How each model input is read from the file's text: numbers, yes/no words, dates, or text. */
function castExpr(entry: SchemaEntry): string {
  const c = sqlIdent(entry.name);
  if (entry.input === 'string') return c;
  if (entry.input === 'double') return `epoch_ms(TRY_CAST(${c} AS TIMESTAMP))::DOUBLE`;
  if (entry.type === 'boolean') return `TRY_CAST(${c} AS BOOLEAN)::DOUBLE`;
  return `TRY_CAST(${c} AS DOUBLE)`;
}

/** The model's outputs as CSV columns after the input's own: label, one probability per class, or the prediction. */
class OutputColumns {
  header: string[] | null = null;

  constructor(private readonly outputs: readonly string[], private readonly classLabels: string[] | null) {}

  /** Names the added columns on the first batch: a file without class labels tells its class count only then. */
  name(classes: number): string[] {
    const labels = this.classLabels ?? Array.from({ length: classes }, (_, i) => String(i));
    this.header ??= [
      ...(this.outputs.includes('label') ? ['predicted_label'] : []),
      ...(this.outputs.includes('probabilities') ? labels.map((l) => `probability_${l}`) : []),
      ...(this.outputs.includes('prediction') ? ['prediction'] : []),
    ];
    return this.header;
  }
}

/**
 * The query's columns, in order: the row's own columns as one CSV line, each model input as its type, then for
 * each non-text input its text where the cast gave nothing (to tell a missing value from an unreadable one).
 */
function scoringQuery(relation: string, columns: readonly string[], schema: readonly SchemaEntry[]): string {
  const line = columns.length ? `concat_ws(',', ${columns.map(csvExpr).join(', ')})` : "''";
  const failed = schema.filter((e) => e.input !== 'string').map((e) => `CASE WHEN ${castExpr(e)} IS NULL THEN ${sqlIdent(e.name)}::VARCHAR END`);
  return `SELECT ${[line, ...schema.map(castExpr), ...failed].join(', ')} FROM ${relation}`;
}

/** One batch of rows: their CSV lines and each model input as the typed column its ONNX input takes. */
class RowBatch {
  readonly lines: string[] = [];
  readonly values: (Float32Array | Float64Array | string[])[];

  constructor(private readonly schema: readonly SchemaEntry[], private readonly ownColumns = true) {
    this.values = schema.map((e) => (e.input === 'string' ? [] : e.input === 'double' ? new Float64Array(BATCH_ROWS) : new Float32Array(BATCH_ROWS)));
  }

  get rows(): number {
    return this.lines.length;
  }

  /**
   * Appends rows [start, end) of a chunk laid out as `scoringQuery` says. Returns the first value that could not
   * be read though its text holds something (the earliest row, then the first input in schema order), if any.
   */
  read(vectors: readonly DuckDBVector[], start: number, end: number): { row: number; entry: number; text: string } | null {
    const at = this.rows - start;
    const lines = vectors[0]!;
    for (let r = start; r < end; r++) this.lines.push(lines.getItem(r) as string);
    let bad: { row: number; entry: number; text: string } | null = null;
    for (let j = 0, failed = 1 + this.schema.length; j < this.schema.length; j++) {
      const vector = vectors[1 + j]!;
      if (this.schema[j]!.input === 'string') {
        const target = this.values[j] as string[];
        for (let r = start; r < end; r++) target.push((vector.getItem(r) as string | null) ?? '');
        continue;
      }
      const target = this.values[j] as Float32Array | Float64Array;
      const texts = vectors[failed++]!;
      for (let r = start; r < end; r++) {
        const v = (vector as DuckDBDoubleVector).getItem(r);
        target[at + r] = v ?? NaN;
        const text = v === null ? (texts.getItem(r) as string | null) : null;
        if (text !== null && text.trim() !== '') {
          if (!bad || at + r < bad.row) bad = { row: at + r, entry: j, text };
          break;
        }
      }
    }
    return bad;
  }

  /** The model's input columns, as long as the rows read. */
  feeds(): Record<string, Float32Array | Float64Array | string[]> {
    return Object.fromEntries(this.schema.map((e, j) => {
      const v = this.values[j]!;
      return [e.name, v instanceof Float32Array || v instanceof Float64Array ? v.subarray(0, this.rows) : v];
    }));
  }

  /** The rows as CSV: each row's own line, then its scored columns. */
  csv(scored: Record<string, OutputColumn>): string {
    const label = scored.label?.data;
    const proba = scored.probabilities?.data as Float32Array | undefined;
    const k = scored.probabilities?.dims[1] ?? 0;
    const pred = scored.prediction?.data as Float32Array | undefined;
    const out = new Array<string>(this.rows);
    // A model has few labels: each is quoted (or not) once. Numbers never need quotes.
    const labels = new Map<unknown, string>();
    const labelField = (v: unknown) => {
      let field = labels.get(v);
      if (field === undefined) labels.set(v, (field = csvField(v)));
      return field;
    };
    for (let r = 0; r < this.rows; r++) {
      let line = this.lines[r]!;
      if (label) line += ',' + labelField(label[r]);
      if (proba) for (let j = 0; j < k; j++) line += ',' + numberField(proba[r * k + j]!);
      if (pred) line += ',' + numberField(pred[r]!);
      // Without the row's own columns, its line is empty and the first added column needs no separator.
      out[r] = this.ownColumns ? line : line.slice(1);
    }
    return out.join('\n') + '\n';
  }
}

export async function scoreFile(input: ScoreFileInput): Promise<ScoreFileResult> {
  const scoring = await createSession(input.onnx, { provider: 'auto', cudaInstalled: input.cudaInstalled });
  const { schema, classLabels } = readSchema(input.onnx, scoring);
  const outputs = scoring.session.outputNames.filter((n) => n === 'label' || n === 'probabilities' || n === 'prediction');
  const source = describeSource(input.inputPath, input.inputName, {});
  const tmp = `${input.outPath}.partial`;
  try {
    const result = await withDuck(async (duck) => {
      const relation = sourceRelation(source);
      const columns = (await duck.rows<{ column_name: string }>(`DESCRIBE SELECT * FROM ${relation}`)).map((r) => r.column_name);
      const missing = schema.filter((e) => !columns.includes(e.name)).map((e) => e.name);
      if (missing.length) throw new GyreError('VALIDATION', `${input.inputName} lacks ${missing.length === 1 ? 'the column' : 'columns'} the model needs: ${missing.map((m) => `"${m}"`).join(', ')}.`, { file: input.inputName, column: missing[0] });
      const passedThrough = columns.filter((c) => !schema.some((e) => e.name === c));
      const keep = input.keepInputColumns ?? true;
      const own = keep ? columns : [];
      const stream = await duck.connection.stream(scoringQuery(relation, own, schema));
      const out = createWriteStream(tmp);
      const added = new OutputColumns(outputs, classLabels);
      let rows = 0;
      let batch = new RowBatch(schema, keep);
      const flush = async () => {
        if (batch.rows === 0 && added.header) return;
        const scored = await scoreColumns(scoring.session, batch.feeds(), batch.rows, { outputs });
        if (!added.header) out.write([...own, ...added.name(scored.probabilities?.dims[1] ?? 0)].map(csvField).join(',') + '\n');
        if (batch.rows > 0 && !out.write(batch.csv(scored))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        rows += batch.rows;
        batch = new RowBatch(schema, keep);
      };
      // DuckDB reads and casts the next chunk on its own threads while this one is taken apart here.
      let next = stream.fetchChunk();
      for (let chunk = await next; chunk && chunk.rowCount > 0; chunk = await next) {
        next = stream.fetchChunk();
        // A failure below leaves the fetch already asked for: its own failure is not this run's error.
        next.catch(() => undefined);
        const vectors = Array.from({ length: chunk.columnCount }, (_, i) => chunk.getColumnVector(i));
        for (let start = 0; start < chunk.rowCount;) {
          if (batch.rows === BATCH_ROWS) await flush();
          const end = Math.min(chunk.rowCount, start + BATCH_ROWS - batch.rows);
          const bad = batch.read(vectors, start, end);
          if (bad) throw unreadable(input.inputName, schema[bad.entry]!, bad.text, rows + bad.row + 2);
          start = end;
        }
        input.onProgress?.(rows + batch.rows);
      }
      await flush();
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
      return { rows, passedThrough, addedColumns: added.header ?? [], provider: scoring.provider };
    });
    await rename(tmp, input.outPath);
    return result;
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    await scoring.session.release();
  }
}

function unreadable(inputName: string, entry: SchemaEntry, text: string, line: number): GyreError {
  const what = entry.input === 'double' ? 'a date' : entry.type === 'boolean' ? 'a yes/no value' : 'a number';
  return new GyreError('VALIDATION', `${inputName}, line ${line}, column "${entry.name}": "${text}" is not ${what}.`, { file: inputName, row: line, column: entry.name });
}
