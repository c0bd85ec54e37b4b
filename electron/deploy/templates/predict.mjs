#!/usr/bin/env node
/**
 * Batch scoring with this bundle's model: reads CSV, TSV, JSON Lines or Parquet in chunks and writes the input's
 * columns with the predictions appended (label and p_<class> per class, or prediction), as CSV or JSON Lines by the
 * output's extension. Memory stays flat whatever the file's size. With --candidate, a second bundle's model scores the
 * same rows and its columns follow, prefixed candidate_. Run `node predict.mjs --help`.
 */
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCandidateModel } from './arms.mjs';
import { BadLine, csvCell, jsonSafe, openReader } from './formats.mjs';
import { addedColumns, InputColumns, loadModel, RowError } from './rows.mjs';
import { startScoringThread } from './score-thread.mjs';

const HELP = `Usage: node predict.mjs INPUT --out OUTPUT [options]
  INPUT           a .csv, .tsv, .jsonl or .parquet file (Parquet needs \`npm install hyparquet\`)
  --out OUTPUT    where to write the scored rows: .csv or .jsonl
  --skip-bad      write rows that cannot be scored to OUTPUT.rejected.jsonl, with why, and go on
                  (by default the first such row stops the run, naming its row and the reason)
  --chunk N       rows scored per onnxruntime run (default 65536)
  --threads N     onnxruntime threads (default: one per core)
  --candidate DIR also score with the model in another bundle folder (same target), its columns
                  prefixed candidate_ (candidate_label, candidate_p_<class> or candidate_prediction)`;

function readOptions() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string', short: 'o' }, 'skip-bad': { type: 'boolean' }, chunk: { type: 'string', default: '65536' }, threads: { type: 'string', default: '0' }, candidate: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return null;
  if (positionals.length !== 1) throw new Error(`Give one input file (${positionals.length} given). ${HELP}`);
  if (!values.out) throw new Error('Say where to write the scored rows: --out OUTPUT.csv (or .jsonl).');
  const format = /\.(jsonl|ndjson)$/i.test(values.out) ? 'jsonl' : /\.csv$/i.test(values.out) ? 'csv' : null;
  if (!format) throw new Error(`--out ${values.out}: end it in .csv or .jsonl.`);
  const chunk = Number(values.chunk);
  const threads = Number(values.threads);
  if (!Number.isInteger(chunk) || chunk < 1) throw new Error(`--chunk ${values.chunk}: give a whole number of rows.`);
  if (!Number.isInteger(threads) || threads < 0) throw new Error(`--threads ${values.threads}: give a whole number (0: one per core).`);
  return { input: positionals[0], out: resolve(values.out), format, skipBad: Boolean(values['skip-bad']), chunk, threads, candidate: values.candidate === undefined ? null : resolve(values.candidate) };
}

/** A file written through a stream that waits when the disk is behind. */
class Output {
  constructor(path) {
    this.stream = createWriteStream(path);
    this.error = null;
    // Kept, and thrown by the next write or close; after a failure elsewhere the file is removed anyway.
    this.stream.on('error', (error) => (this.error ??= error));
  }

  async write(text) {
    if (this.error) throw this.error;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  /** Stops writing and waits for the file to close: one still being opened would otherwise appear after its removal. */
  discard() {
    if (this.stream.closed) return Promise.resolve();
    return new Promise((done) => {
      this.stream.once('close', done);
      this.stream.destroy();
    });
  }

  close() {
    if (this.error) return Promise.reject(this.error);
    return new Promise((done, fail) => this.stream.end((error) => (error ? fail(error) : done())));
  }
}

/**
 * A model this run scores with (this bundle's, or the candidate's) and where its inputs are among the file's
 * `columns`: `at[j]` is field j's column (-1: absent), `fieldOf[c]` the field column c holds (-1: none).
 */
function scoringModel(loaded, columns, prefix) {
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
class Chunk {
  constructor(models, size) {
    this.inputs = models.map((m) => new InputColumns(m.loaded.fields, size));
    this.raw = new Array(size);
    this.cells = new Array(size);
    this.objects = new Array(size);
    this.n = 0;
  }
}

async function main() {
  const options = readOptions();
  if (!options) return void console.log(HELP);
  const name = basename(options.input);
  const loaded = await loadModel({ threads: options.threads });
  const candidate = options.candidate && (await loadCandidateModel(options.candidate, loaded, options.threads));
  const reader = await openReader(options.input);
  const { columns } = reader;
  const kind = reader.kind;
  const models = [scoringModel(loaded, columns, ''), ...(candidate ? [scoringModel(candidate, columns, 'candidate_')] : [])];
  models.forEach(({ lacking }, i) => {
    // A CSV or Parquet file has its columns once for all rows; in JSON Lines each row names its own.
    const which = models.length > 1 ? ` (${i === 0 ? 'production' : 'candidate'})` : '';
    if (kind !== 'jsonl' && lacking.length) throw new Error(`${name} lacks ${lacking.length === 1 ? 'the column' : 'columns'} the model${which} needs: ${lacking.join(', ')}.`);
  });
  const added = models.flatMap((m) => m.added);

  const started = performance.now();
  const tmp = `${options.out}.partial`;
  const out = new Output(tmp);
  const rejected = options.skipBad ? new Output(`${options.out}.rejected.jsonl`) : null;
  const where = (record, line) => (kind === 'parquet' ? `${name}, row ${line}` : kind === 'csv' ? `${name}, row ${record} (line ${line})` : `${name}, line ${line}`);
  let chunk = new Chunk(models, options.chunk);
  let rows = 0;
  let records = 0;
  let bad = 0;
  if (options.format === 'csv') await out.write([...columns, ...added].map(csvCell).join(',') + '\n');

  const fill = (batch, k) => {
    const n = chunk.n;
    if (kind === 'csv') {
      const cells = batch.cells[k];
      if (cells instanceof BadLine) throw new RowError('MALFORMED_CSV', `${cells.reason}.`);
      if (cells !== null && cells.length !== columns.length) throw new RowError('WRONG_WIDTH', `has ${cells.length} values; the header has ${columns.length}.`);
      for (let i = 0; i < models.length; i++) setRow(i, n, cells, batch.raw[k], null);
      chunk.raw[n] = batch.raw[k];
      chunk.cells[n] = cells;
    } else {
      const object = batch.objects[k];
      if (object instanceof BadLine) throw new RowError('MALFORMED_JSON', `${object.reason}.`);
      for (let i = 0; i < models.length; i++) setRow(i, n, null, null, object);
      chunk.objects[n] = object;
    }
    chunk.n++;
  };

  // Row n of model i's inputs. A row the candidate cannot take is refused as production's are, naming the candidate.
  const setRow = (i, n, cells, raw, object) => {
    const inputs = chunk.inputs[i];
    try {
      if (kind === 'csv') {
        if (cells === null) inputs.setLine(n, raw, reader.delimiter, models[i].fieldOf);
        else inputs.setText(n, cells, '', models[i].at);
      } else if (kind === 'jsonl') inputs.setJson(n, object);
      else inputs.setValue(n, object);
    } catch (error) {
      if (i === 0 || !(error instanceof RowError)) throw error;
      throw new RowError(error.code, `the candidate ${models[i].loaded.id}: ${error.message}`, error.details);
    }
  };

  const write = async (full, scored) => {
    const lines = new Array(full.n);
    for (let r = 0; r < full.n; r++) lines[r] = options.format === 'csv' ? csvLine(full, r, scored) : jsonLine(full, r, scored.flatMap((s) => s.values(r)));
    await out.write(lines.join('\n') + '\n');
    rows += full.n;
  };

  // Two chunks take turns: one is filled while the other is scored on the scoring thread and written, in order.
  const scorers = models.map((m) => startScoringThread(m.loaded, options.threads));
  for (const m of models) await m.loaded.session.release();
  const closeScorers = () => Promise.all(scorers.map((s) => s.close()));
  let spare = new Chunk(models, options.chunk);
  let inFlight = Promise.resolve();
  const flush = async () => {
    if (chunk.n === 0) return;
    const full = chunk;
    const scored = Promise.all(scorers.map((s, i) => s.score(full.inputs[i], full.n)));
    const previous = inFlight;
    inFlight = previous.then(async () => write(full, await scored));
    // A failure is thrown where the next flush, or the end, awaits it; this only keeps Node from calling it unhandled.
    inFlight.catch(() => undefined);
    await previous; // the spare chunk's rows are written: it can be filled again
    [chunk, spare] = [spare, full];
    chunk.n = 0;
  };

  const cellsOf = (c, r) => c.cells[r] ?? c.raw[r].split(reader.delimiter);
  const csvLine = (c, r, scored) => {
    const line = kind === 'csv' ? (reader.delimiter === ',' ? c.raw[r] : cellsOf(c, r).map(csvCell).join(',')) : columns.map((col) => csvCell(c.objects[r][col])).join(',');
    return scored.length === 1 ? line + scored[0].csvTail(r) : line + scored[0].csvTail(r) + scored[1].csvTail(r);
  };

  const jsonLine = (c, r, values) => {
    const object = kind === 'csv' ? Object.fromEntries(cellsOf(c, r).map((cell, i) => [columns[i], cell])) : { ...c.objects[r] };
    added.forEach((col, i) => (object[col] = values[i]));
    return JSON.stringify(object, jsonSafe);
  };

  try {
    for await (const batch of reader.batches()) {
      for (let k = 0; k < batch.n; k++) {
        records++;
        try {
          fill(batch, k);
        } catch (error) {
          if (!(error instanceof RowError)) throw error;
          const reason = `${where(records, batch.lines[k])}: ${error.message}`;
          if (!rejected) throw new Error(`${reason} (--skip-bad sets such rows aside and goes on)`, { cause: error });
          bad++;
          const record = kind === 'csv' ? batch.raw[k] : batch.objects[k] instanceof BadLine ? batch.objects[k].text : batch.objects[k];
          await rejected.write(JSON.stringify({ [kind === 'parquet' ? 'row' : 'line']: batch.lines[k], reason: error.message, code: error.code, ...error.details, record }, jsonSafe) + '\n');
          continue;
        }
        if (chunk.n === options.chunk) await flush();
      }
    }
    await flush();
    await inFlight;
    await out.close();
    await rejected?.close();
    renameSync(tmp, options.out);
  } catch (error) {
    await closeScorers();
    // The error reported is this one; a chunk still being written fails too (its scorer is gone) and is dropped.
    await inFlight.then(
      () => undefined,
      () => undefined,
    );
    await Promise.all([out.discard(), rejected?.discard()]);
    rmSync(tmp, { force: true });
    throw error;
  }
  await closeScorers();
  const seconds = (performance.now() - started) / 1000;
  const skipped = bad ? ` (${bad.toLocaleString('en')} rejected → ${options.out}.rejected.jsonl)` : '';
  console.error(`Scored ${rows.toLocaleString('en')} rows${skipped} in ${seconds.toFixed(2)} s: ${Math.round(rows / seconds).toLocaleString('en')} rows/s → ${options.out}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
