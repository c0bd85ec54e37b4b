/**
 * Batch scoring of a file of any size with an exported Gyre model: DuckDB streams the file in typed chunks,
 * onnxruntime scores them in batches, and the rows are written out with their predictions appended.
 * A missing column or a value that cannot be read as its column's type stops with the file, line and column.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { DuckDBDoubleVector } from '@duckdb/node-api';
import { GyreError } from '../contract/errors';
import type { SchemaEntry } from '../ml/pipeline';
import { decodeModel, modelMetadata } from '../ml/onnx/graph';
import { createSession, scoreColumns, type ScoringSession } from '../ml/onnx/runtime';
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

/** How each model input is read from the file's text: numbers, yes/no words, dates, or text. */
function castExpr(entry: SchemaEntry): string {
  const c = sqlIdent(entry.name);
  if (entry.input === 'string') return c;
  if (entry.input === 'double') return `epoch_ms(TRY_CAST(${c} AS TIMESTAMP))::DOUBLE`;
  if (entry.type === 'boolean') return `TRY_CAST(${c} AS BOOLEAN)::DOUBLE`;
  return `TRY_CAST(${c} AS DOUBLE)`;
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
      // Every input column as text (written back unchanged) and each model input as its type.
      const select = [...columns.map((c) => `${sqlIdent(c)}::VARCHAR`), ...schema.map(castExpr)].join(', ');
      const stream = await duck.connection.stream(`SELECT ${select} FROM ${relation}`);
      const out = createWriteStream(tmp);
      let added: string[] | null = null;
      // The header waits for the first batch: a file without class labels tells its class count only then.
      const header = (k: number) => {
        const labels = classLabels ?? Array.from({ length: k }, (_, i) => String(i));
        added = [...(outputs.includes('label') ? ['predicted_label'] : []), ...(outputs.includes('probabilities') ? labels.map((l) => `probability_${l}`) : []), ...(outputs.includes('prediction') ? ['prediction'] : [])];
        out.write([...columns, ...added].map(csvField).join(',') + '\n');
      };
      let rows = 0;
      let text: string[][] = columns.map(() => []);
      let values: (Float32Array | Float64Array | string[])[] = [];
      const flush = async (n: number) => {
        if (n === 0 && added) return;
        const feeds = Object.fromEntries(schema.map((e, i) => [e.name, values[i]!]));
        const scored = await scoreColumns(scoring.session, feeds, n, { outputs });
        const label = scored.label?.data;
        const proba = scored.probabilities?.data as Float32Array | undefined;
        const k = scored.probabilities?.dims[1] ?? 0;
        const pred = scored.prediction?.data as Float32Array | undefined;
        if (!added) header(k);
        const lines: string[] = [];
        for (let r = 0; r < n; r++) {
          const extra: unknown[] = [];
          if (label) extra.push(label[r]);
          if (proba) for (let j = 0; j < k; j++) extra.push(proba[r * k + j]);
          if (pred) extra.push(pred[r]);
          lines.push([...text.map((col) => col[r]), ...extra].map(csvField).join(','));
        }
        if (!out.write(lines.join('\n') + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      };
      const fresh = () => {
        text = columns.map(() => []);
        values = schema.map((e) => (e.input === 'string' ? [] : e.input === 'double' ? new Float64Array(BATCH_ROWS) : new Float32Array(BATCH_ROWS)));
      };
      fresh();
      // Where each model input's original text sits among the columns, for error messages.
      const textIndex = schema.map((e) => columns.indexOf(e.name));
      let inBatch = 0;
      for (let chunk = await stream.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await stream.fetchChunk()) {
        const textVectors = columns.map((_, i) => chunk.getColumnVector(i));
        const valueVectors = schema.map((_, j) => chunk.getColumnVector(columns.length + j));
        for (let r = 0; r < chunk.rowCount; r++) {
          if (inBatch === BATCH_ROWS) {
            await flush(inBatch);
            rows += inBatch;
            fresh();
            inBatch = 0;
          }
          const rowText = textVectors.map((v) => v.getItem(r) as string | null);
          rowText.forEach((t, i) => text[i]!.push(t as string));
          schema.forEach((e, j) => {
            const target = values[j]!;
            if (e.input === 'string') return void (target as string[]).push((valueVectors[j]!.getItem(r) as string | null) ?? '');
            const v = (valueVectors[j] as DuckDBDoubleVector).getItem(r);
            const raw = rowText[textIndex[j]!];
            if (v === null && raw !== null && raw !== undefined && raw.trim() !== '') {
              const line = rows + inBatch + 2;
              throw new GyreError('VALIDATION', `${input.inputName}, line ${line}, column "${e.name}": "${raw}" is not ${e.input === 'double' ? 'a date' : e.type === 'boolean' ? 'a yes/no value' : 'a number'}.`, { file: input.inputName, row: line, column: e.name });
            }
            (target as Float32Array)[inBatch] = v ?? NaN;
          });
          inBatch++;
        }
        input.onProgress?.(rows + inBatch);
      }
      values = values.map((v) => (v instanceof Float32Array || v instanceof Float64Array ? v.subarray(0, inBatch) : v));
      await flush(inBatch);
      rows += inBatch;
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
      return { rows, passedThrough, addedColumns: added ?? [], provider: scoring.provider };
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
