#!/usr/bin/env node
/**
 * Batch scoring with this bundle's model: reads CSV, TSV, JSON Lines or Parquet in chunks and writes the input's
 * columns with the predictions appended (label and p_<class> per class, or prediction), as CSV or JSON Lines by the
 * output's extension. Memory stays flat whatever the file's size. With --candidate, a second bundle's model scores the
 * same rows and its columns follow, prefixed candidate_. Run `node predict.mjs --help`.
 */
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCandidateModel } from './arms.mjs';
import { Chunk, ChunkWriter, scoringModel } from './chunks.mjs';
import { BadLine, csvCell, jsonSafe, openReader } from './formats.mjs';
import { loadModel, RowError } from './rows.mjs';
import { scoreInWorkers } from './parallel.mjs';
import { startScoringThread } from './score-thread.mjs';

/** Workers by default: one per core, at most 16 (on 2 cores, 2 workers score 1.2–1.5× as fast as one parsing thread). */
function defaultWorkers() {
  return Math.min(availableParallelism(), 16);
}

const HELP = `Usage: node predict.mjs INPUT --out OUTPUT [options]
  INPUT           a .csv, .tsv, .jsonl or .parquet file (Parquet needs \`npm install hyparquet\`)
  --out OUTPUT    where to write the scored rows: .csv or .jsonl
  --skip-bad      write rows that cannot be scored to OUTPUT.rejected.jsonl, with why, and go on
                  (by default the first such row stops the run, naming its row and the reason)
  --chunk N       rows scored per onnxruntime run (default 65536)
  --threads N     onnxruntime threads per model session (default: one per core; with workers, 1)
  --workers N     CSV input: threads that each parse, score and write a share of the batches, the file
                  read and the output written in order by the main thread (default: one per core,
                  at most 16: ${defaultWorkers()} here)
  --candidate DIR also score with the model in another bundle folder (same target), its columns
                  prefixed candidate_ (candidate_label, candidate_p_<class> or candidate_prediction)`;

function readOptions() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string', short: 'o' }, 'skip-bad': { type: 'boolean' }, chunk: { type: 'string', default: '65536' }, threads: { type: 'string', default: '0' }, workers: { type: 'string', default: String(defaultWorkers()) }, candidate: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`--workers ${values.workers}: give a whole number, 1 or more.`);
  return { input: positionals[0], out: resolve(values.out), format, skipBad: Boolean(values['skip-bad']), chunk, threads, workers, candidate: values.candidate === undefined ? null : resolve(values.candidate) };
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
 * Scores on this thread and one scoring thread per model: two chunks take turns, one filled here while the other is
 * scored and written, in order. The path for JSON Lines and Parquet, and for CSV with --workers 1.
 */
async function scoreHere({ reader, models, options, onChunk, onRejected }) {
  const writer = new ChunkWriter({ models, kind: reader.kind, columns: reader.columns, delimiter: reader.delimiter, format: options.format });
  const scorers = models.map((m) => startScoringThread(m.loaded, options.threads));
  for (const m of models) await m.loaded.session.release();
  let chunk = new Chunk(models, options.chunk);
  let spare = new Chunk(models, options.chunk);
  let inFlight = Promise.resolve();
  let records = 0;
  const flush = async () => {
    if (chunk.n === 0) return;
    const full = chunk;
    const scored = Promise.all(scorers.map((s, i) => s.score(full.inputs[i], full.n)));
    const previous = inFlight;
    inFlight = previous.then(async () => onChunk(writer.text(full, await scored), full.n));
    // A failure is thrown where the next flush, or the end, awaits it; this only keeps Node from calling it unhandled.
    inFlight.catch(() => undefined);
    await previous; // the spare chunk's rows are written: it can be filled again
    [chunk, spare] = [spare, full];
    chunk.n = 0;
  };
  try {
    for await (const batch of reader.batches()) {
      for (let k = 0; k < batch.n; k++) {
        records++;
        try {
          writer.fill(chunk, batch, k);
        } catch (error) {
          if (!(error instanceof RowError)) throw error;
          await onRejected(batch, k, error, records);
          continue;
        }
        if (chunk.n === options.chunk) await flush();
      }
    }
    await flush();
    await inFlight;
  } finally {
    // On a failure the error reported is the first one; a chunk still being written fails too (its scorer is gone).
    await Promise.all(scorers.map((s) => s.close()));
    await inFlight.then(
      () => undefined,
      () => undefined,
    );
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
  let rows = 0;
  let bad = 0;
  if (options.format === 'csv') await out.write([...columns, ...added].map(csvCell).join(',') + '\n');

  // A record that cannot be scored: the run stops, naming it, or (--skip-bad) it is set aside with why.
  const reject = async (batch, k, error, record) => {
    const reason = `${where(record, batch.lines[k])}: ${error.message}`;
    if (!rejected) throw new Error(`${reason} (--skip-bad sets such rows aside and goes on)`, { cause: error });
    bad++;
    const text = kind === 'csv' ? batch.raw[k] : batch.objects[k] instanceof BadLine ? batch.objects[k].text : batch.objects[k];
    await rejected.write(JSON.stringify({ [kind === 'parquet' ? 'row' : 'line']: batch.lines[k], reason: error.message, code: error.code, ...error.details, record: text }, jsonSafe) + '\n');
  };
  const write = async (text, n) => {
    await out.write(text);
    rows += n;
  };

  try {
    if (kind === 'csv' && options.workers > 1) {
      for (const m of models) await m.loaded.session.release();
      const dirs = models.map((m) => m.loaded.dir);
      await scoreInWorkers({ reader, dirs, threads: options.threads || 1, workers: options.workers, chunk: options.chunk, skipBad: options.skipBad, format: options.format, onChunk: write, onRejected: reject });
    } else {
      await scoreHere({ reader, models, options, onChunk: write, onRejected: reject });
    }
    await out.close();
    await rejected?.close();
    renameSync(tmp, options.out);
  } catch (error) {
    await Promise.all([out.discard(), rejected?.discard()]);
    rmSync(tmp, { force: true });
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  const skipped = bad ? ` (${bad.toLocaleString('en')} rejected → ${options.out}.rejected.jsonl)` : '';
  console.error(`Scored ${rows.toLocaleString('en')} rows${skipped} in ${seconds.toFixed(2)} s: ${Math.round(rows / seconds).toLocaleString('en')} rows/s → ${options.out}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
