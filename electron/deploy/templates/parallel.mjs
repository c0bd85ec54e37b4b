/**
 * predict.mjs on a CSV file with more than one worker, both ends. The main thread reads the file and splits it into
 * records (formats.mjs: quoting, line numbers) — a fraction of the work — and hands each batch of records to the
 * next free worker thread; a worker fills the models' inputs, scores them with its own onnxruntime sessions and
 * writes the output's text, which the main thread appends in the file's order. Rows that cannot be scored come back
 * by their place in the batch, so messages and the rejected file name the same row and line as the one-thread path.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Chunk, ChunkWriter, scoringModel } from './chunks.mjs';
import { BadLine } from './formats.mjs';
import { loadModel, RowError, score } from './rows.mjs';

/** Batches a worker may have waiting beyond the one it scores: enough to keep it busy, few enough to bound memory. */
const QUEUED_PER_WORKER = 2;

/**
 * Scores `reader`'s batches on `workers` threads, calling `onChunk(text, rows)` and `onRejected(batch, k, error,
 * record)` in the file's order (`record`: the record's number in the file, 1-based); `onRejected` throws to stop.
 * `dirs`: the bundle folders of the models (this bundle's, then the candidate's).
 */
export async function scoreInWorkers({ reader, dirs, threads, workers, chunk, skipBad, format, onChunk, onRejected }) {
  const pool = Array.from({ length: workers }, () => startWorker({ dirs, threads, skipBad, format, columns: reader.columns, delimiter: reader.delimiter }));
  const inFlight = [];
  let next = 0;
  let records = 0;
  const drainOne = async () => {
    const { batch, result } = inFlight.shift();
    const done = await result;
    for (const { k, code, message, details } of done.rejected) await onRejected(batch, k, new RowError(code, message, details), batch.first + k + 1);
    if (done.rows) await onChunk(done.text, done.rows);
  };
  try {
    for await (const read of reader.batches()) {
      for (const batch of pieces(read, chunk)) {
        const worker = pool[next++ % pool.length];
        batch.first = records; // records before this batch: a rejected record's number is batch.first + k + 1
        records += batch.n;
        inFlight.push({ batch, result: worker.score(batch) });
        if (inFlight.length >= workers * (1 + QUEUED_PER_WORKER)) await drainOne();
      }
    }
    while (inFlight.length) await drainOne();
  } finally {
    // Results still awaited are dropped with their workers; their rejections are not this run's error.
    for (const { result } of inFlight) result.catch(() => undefined);
    await Promise.all(pool.map((w) => w.close()));
  }
}

/** A reader's batch in pieces of at most `rows` records (--chunk: the rows of one onnxruntime run). */
function* pieces(batch, rows) {
  if (batch.n <= rows) return yield batch;
  for (let a = 0; a < batch.n; a += rows) {
    const b = Math.min(a + rows, batch.n);
    yield { n: b - a, lines: batch.lines.slice(a, b), raw: batch.raw.slice(a, b), cells: batch.cells.slice(a, b) };
  }
}

function startWorker(data) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { ...data, predictWorker: true } });
  const exited = new Promise((done) => worker.once('exit', done));
  const waiting = new Map();
  let id = 0;
  let failure = null;
  const failAll = (error) => {
    failure ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on('message', (message) => {
    const job = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.fatal) job.reject(new Error(message.fatal));
    else job.resolve(message);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`A scoring worker stopped (exit code ${code}).`)));
  return {
    score(batch) {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        const key = id++;
        waiting.set(key, { resolve, reject });
        // BadLine is a class: it crosses as its fields and is made again on the other side.
        const cells = batch.cells.map((c) => (c instanceof BadLine ? { bad: true, text: c.text, reason: c.reason } : c));
        worker.postMessage({ id: key, batch: { n: batch.n, raw: batch.raw, cells } });
      });
    },
    close: () => closeWorker(worker, exited),
  };
}

/**
 * Asks the worker to release its sessions and end; terminating a thread whose onnxruntime sessions are alive can abort
 * the whole process ("terminate called after throwing an instance of 'Napi::Error'"). Terminated when it does not end.
 */
async function closeWorker(worker, exited) {
  worker.postMessage({ close: true });
  const timer = setTimeout(() => void worker.terminate(), 5000);
  await exited;
  clearTimeout(timer);
}

/** The worker: its own sessions of the models, on `threads` onnxruntime threads each. */
async function serveBatches() {
  const { dirs, threads, skipBad, format, columns, delimiter } = workerData;
  const models = [];
  for (const [i, dir] of dirs.entries()) models.push(scoringModel(await loadModel({ threads, dir }), columns, i === 0 ? '' : 'candidate_'));
  const writer = new ChunkWriter({ models, kind: 'csv', columns, delimiter, format });
  const active = new Set();
  parentPort.on('message', (message) => {
    if (!message.close) {
      const job = scoreBatch(message).finally(() => active.delete(job));
      return void active.add(job);
    }
    // A session is released only once no run of it is under way.
    void Promise.allSettled([...active]).then(async () => {
      for (const m of models) await m.loaded.session.release();
      parentPort.close();
    });
  });

  async function scoreBatch({ id, batch }) {
    try {
      batch.cells = batch.cells.map((c) => (c && !Array.isArray(c) ? new BadLine(c.text, c.reason) : c));
      const chunk = new Chunk(models, batch.n);
      const rejected = [];
      for (let k = 0; k < batch.n; k++) {
        try {
          writer.fill(chunk, batch, k);
        } catch (error) {
          if (!(error instanceof RowError)) throw error;
          rejected.push({ k, code: error.code, message: error.message, details: error.details });
          // Without --skip-bad the first such row ends the run: the rest of the batch is not scored.
          if (!skipBad) break;
        }
      }
      if (!skipBad && rejected.length) return parentPort.postMessage({ id, rows: 0, text: '', rejected });
      if (chunk.n === 0) return parentPort.postMessage({ id, rows: 0, text: '', rejected });
      const scored = await Promise.all(models.map((m, i) => score(m.loaded, chunk.inputs[i], chunk.n)));
      parentPort.postMessage({ id, rows: chunk.n, text: writer.text(chunk, scored), rejected });
    } catch (error) {
      parentPort.postMessage({ id, fatal: error instanceof Error ? error.message : String(error) });
    }
  }
}

if (!isMainThread && workerData?.predictWorker) await serveBatches();
