/**
 * What predict.mjs does to each record, on the main thread or on a worker (parallel.mjs): a model's inputs found
 * among the file's columns, records filled into typed input columns chunk by chunk, and each scored chunk written
 * out as CSV or JSON Lines — the input's columns with the predictions appended.
 */
import { BadLine, csvCell, jsonSafe } from './formats.mjs';
import { addedColumns, InputColumns, RowError } from './rows.mjs';

/**
 * A model this run scores with (this bundle's, or the candidate's) and where its inputs are among the file's
 * `columns`: `at[j]` is field j's column (-1: absent), `fieldOf[c]` the field column c holds (-1: none).
 */
export function scoringModel(loaded, columns, prefix) {
  const at = loaded.fields.map((f) => columns.indexOf(f.name));
  const fieldOf = new Int32Array(columns.length).fill(-1);
  at.forEach((c, j) => c >= 0 && (fieldOf[c] = j));
  let added = addedColumns(loaded.model).map((c) => prefix + c);
  if (added.some((c) => columns.includes(c))) added = added.map((c) => `predicted_${c}`);
  return { loaded, at, fieldOf, added, lacking: loaded.fields.filter((_, j) => at[j] < 0).map((f) => `"${f.name}"`) };
}

/**
 * The rows of one chunk: each model's inputs in typed columns, and what the output copies of it (its CSV text
 * or cells, or its object), held until the chunk is scored and written.
 */
export class Chunk {
  constructor(models, size) {
    this.inputs = models.map((m) => new InputColumns(m.loaded.fields, size));
    this.raw = new Array(size);
    this.cells = new Array(size);
    this.objects = new Array(size);
    this.n = 0;
  }
}

/** Filling chunks from a reader's batches (formats.mjs) and writing them scored, for one input file and output format. */
export class ChunkWriter {
  /** `kind`: the reader's (csv, jsonl, parquet); `format`: the output's (csv, jsonl). */
  constructor({ models, kind, columns, delimiter, format }) {
    Object.assign(this, { models, kind, columns, delimiter, format });
    this.added = models.flatMap((m) => m.added);
  }

  /** Adds record k of `batch` to `chunk`; a RowError says why it cannot be scored (the chunk is left as it was). */
  fill(chunk, batch, k) {
    const n = chunk.n;
    if (this.kind === 'csv') {
      const cells = batch.cells[k];
      if (cells instanceof BadLine) throw new RowError('MALFORMED_CSV', `${cells.reason}.`);
      if (cells !== null && cells.length !== this.columns.length) throw new RowError('WRONG_WIDTH', `has ${cells.length} values; the header has ${this.columns.length}.`);
      for (let i = 0; i < this.models.length; i++) this.setRow(chunk, i, n, cells, batch.raw[k], null);
      chunk.raw[n] = batch.raw[k];
      chunk.cells[n] = cells;
    } else {
      const object = batch.objects[k];
      if (object instanceof BadLine) throw new RowError('MALFORMED_JSON', `${object.reason}.`);
      for (let i = 0; i < this.models.length; i++) this.setRow(chunk, i, n, null, null, object);
      chunk.objects[n] = object;
    }
    chunk.n++;
  }

  /** Row n of model i's inputs. A row the candidate cannot take is refused as production's are, naming the candidate. */
  setRow(chunk, i, n, cells, raw, object) {
    const inputs = chunk.inputs[i];
    const model = this.models[i];
    try {
      if (this.kind === 'csv') {
        if (cells === null) inputs.setLine(n, raw, this.delimiter, model.fieldOf);
        else inputs.setText(n, cells, '', model.at);
      } else if (this.kind === 'jsonl') inputs.setJson(n, object);
      else inputs.setValue(n, object);
    } catch (error) {
      if (i === 0 || !(error instanceof RowError)) throw error;
      throw new RowError(error.code, `the candidate ${model.loaded.id}: ${error.message}`, error.details);
    }
  }

  /** The output's text for a chunk and each model's Predictions of it: one line per row, each ending in a line break. */
  text(chunk, scored) {
    const lines = new Array(chunk.n);
    for (let r = 0; r < chunk.n; r++) lines[r] = this.format === 'csv' ? this.csvLine(chunk, r, scored) : this.jsonLine(chunk, r, scored.flatMap((s) => s.values(r)));
    return lines.join('\n') + '\n';
  }

  cellsOf(c, r) {
    return c.cells[r] ?? c.raw[r].split(this.delimiter);
  }

  csvLine(c, r, scored) {
    const line = this.kind === 'csv' ? (this.delimiter === ',' ? c.raw[r] : this.cellsOf(c, r).map(csvCell).join(',')) : this.columns.map((col) => csvCell(c.objects[r][col])).join(',');
    return scored.length === 1 ? line + scored[0].csvTail(r) : line + scored[0].csvTail(r) + scored[1].csvTail(r);
  }

  jsonLine(c, r, values) {
    const object = this.kind === 'csv' ? Object.fromEntries(this.cellsOf(c, r).map((cell, i) => [this.columns[i], cell])) : { ...c.objects[r] };
    this.added.forEach((col, i) => (object[col] = values[i]));
    return JSON.stringify(object, jsonSafe);
  }
}
