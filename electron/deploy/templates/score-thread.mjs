/**
 * predict.mjs's scoring thread, both ends: onnxruntime-node runs a session on the thread that calls it, so scoring
 * on a worker lets the main thread read and write the next chunk meanwhile. Its own session, the same model (this
 * bundle's, or a candidate's from its folder).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import ort from 'onnxruntime-node';
import { loadModel, Predictions } from './rows.mjs';

/** Starts the thread; `score(inputs, rows)` sends a copy of the chunk's columns and resolves to its Predictions. */
export function startScoringThread(loaded, threads) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { threads, dir: loaded.dir } });
  const waiting = new Map();
  let next = 0;
  const failAll = (error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.on('message', ({ id, result, error }) => {
    const job = waiting.get(id);
    waiting.delete(id);
    if (error) job.reject(new Error(`onnxruntime failed: ${error}`));
    else job.resolve(new Predictions(loaded.model, result, job.rows));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`The scoring thread stopped (exit code ${code}).`)));
  return {
    score(inputs, rows) {
      const columns = inputs.columns.map((c) => (Array.isArray(c) ? (rows === c.length ? c : c.slice(0, rows)) : c.subarray(0, rows)));
      return new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject, rows });
        worker.postMessage({ id, columns, rows });
      });
    },
    close: () => worker.terminate(),
  };
}

async function serveChunks() {
  const loaded = await loadModel({ threads: workerData.threads, dir: workerData.dir });
  parentPort.on('message', async ({ id, columns, rows }) => {
    try {
      const feeds = Object.fromEntries(loaded.fields.map((f, j) => [f.name, new ort.Tensor(f.elemType, columns[j], [rows, 1])]));
      const out = await loaded.session.run(feeds, loaded.outputs);
      // Copies, so that the buffers can move to the main thread whoever owns the tensors' memory.
      const result = Object.fromEntries(Object.entries(out).map(([name, t]) => [name, { data: ArrayBuffer.isView(t.data) ? t.data.slice() : t.data, dims: t.dims }]));
      const transfer = Object.values(result).flatMap((r) => (ArrayBuffer.isView(r.data) ? [r.data.buffer] : []));
      parentPort.postMessage({ id, result }, transfer);
    } catch (error) {
      parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}

if (!isMainThread && workerData?.threads !== undefined) await serveChunks();
