/**
 * Worker threads for tree growth. The binned matrix, row index, row values, histograms and boosting state live in
 * SharedArrayBuffers; each job (histograms, partition, row passes; whole trees for forests) is cut into
 * units that the threads claim from a shared counter as they go free. Boosting's jobs reach the workers through
 * shared memory too (`job-channel.ts`), forests' by message. No unit's result depends on which thread ran
 * it (a feature's histogram is always summed in row order by one thread; a forest tree is seeded by its number),
 * so the model does not depend on the thread count.
 *
 * A bundle must emit `histogram-worker` as an entry of its own beside the module holding this code (see
 * `startWorker`).
 */
import { Worker } from 'node:worker_threads';
import { isShared, localEngine, runParallelJob, type ClosableEngine, type ParallelJob } from './engine';
import { growForestTrees, type ForestJob, type NumberedTree } from './forest-trees';
import { jobUnits, type HistogramSpace } from './histogram';
import { closeChannel, finished, jobChannel, ring, type JobChannel } from './job-channel';
import { chunksOf, nodeRows, PARTITION_CHUNK } from './partition';
import { rowsUnits, type BoostRows } from './rows';

/** What the main thread sends a histogram worker: after 'attach', its jobs come through `channel`. */
export type ToHistogramWorker =
  | { type: 'attach'; space: HistogramSpace; boost: BoostRows | null; counter: Int32Array; channel: JobChannel }
  | { type: 'forest'; job: ForestJob; counter: Int32Array };

/** What a histogram worker answers: one message per message it was sent (`trees` for a forest job). */
export type FromHistogramWorker = { type: 'ready' } | { type: 'done'; trees?: NumberedTree[] } | { type: 'failed'; message: string };

/**
 * Starts one histogram worker. From a build, `histogram-worker.js` beside this module. From TypeScript sources,
 * `histogram-worker.ts` through tsx: Node 20 does not apply `--import tsx` to a worker's entry (execArgv or not,
 * it fails with ERR_UNKNOWN_FILE_EXTENSION), so a two-line bootstrap registers tsx inside the worker first.
 */
function startWorker(): Worker {
  // File names are built from variables, so bundlers leave them alone rather than inline the worker as an asset.
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const entry = new URL(`./histogram-worker.${ext}`, import.meta.url);
  if (ext === 'js') return new Worker(entry);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/** One worker and the promise of its next answer. */
class HistogramWorker {
  private readonly worker: Worker;
  private pending: { resolve: (trees: NumberedTree[]) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor() {
    this.worker = startWorker();
    this.worker.on('message', (m: FromHistogramWorker) => this.answer(m));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`histogram worker exited with code ${code}`)));
  }

  private answer(m: FromHistogramWorker): void {
    const p = this.pending;
    this.pending = null;
    switch (m.type) {
      case 'ready':
        return p?.resolve([]);
      case 'done':
        return p?.resolve(m.trees ?? []);
      case 'failed':
        return p?.reject(new Error(m.message));
      default:
        throw new Error(`unknown message from histogram worker: ${JSON.stringify(m)}`);
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const p = this.pending;
    this.pending = null;
    p?.reject(this.failure);
  }

  /** Throws the worker's failure, if it has failed or exited. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  send(message: ToHistogramWorker): Promise<NumberedTree[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('histogram worker closed');
    await this.worker.terminate();
  }
}

async function closeAll(workers: HistogramWorker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.close()));
}

/**
 * An engine over `space` (and `boost`, for boosting's row passes) using `threads` threads: this one and
 * threads − 1 workers. With one thread, or a space not in shared memory, it runs here and starts nothing.
 */
export async function openEngine(space: HistogramSpace, slots: number, threads: number, boost: BoostRows | null = null): Promise<ClosableEngine> {
  if (threads <= 1 || !isShared(space)) return localEngine(space, slots, boost);
  const workers = Array.from({ length: threads - 1 }, () => new HistogramWorker());
  const counter = new Int32Array(new SharedArrayBuffer(4));
  // Room for the largest job: a row list (gathering a subsample) and the rest.
  const channel = jobChannel(4 * (boost?.fit.length ?? 0) + (1 << 20));
  const close = async () => {
    closeChannel(channel);
    await closeAll(workers);
  };
  try {
    await Promise.all(workers.map((w) => w.send({ type: 'attach', space, boost, counter, channel })));
  } catch (e) {
    await close();
    throw e;
  }
  const local = localEngine(space, slots, boost);
  /** Every thread claims units of the job; a job of one unit stays on this thread. */
  const parallel = async (job: ParallelJob, units: number) => {
    if (units < 2) return runParallelJob(space, boost, job, new Int32Array(1));
    Atomics.store(counter, 0, 0);
    ring(channel, job);
    runParallelJob(space, boost, job, counter);
    await finished(channel, workers.length, () => workers.forEach((w) => w.check()));
  };
  return {
    space,
    slots,
    threads,
    async run(job) {
      // A small node is not worth a message round trip.
      const rows = job.build.length === 4 ? job.build[1]! - job.build[0]! : Infinity;
      await parallel({ type: 'histograms', job }, rows < 4096 ? 1 : jobUnits(job));
    },
    async partition(nodes) {
      const count = nodes.length / 5;
      const { rows, largest } = nodeRows(nodes);
      if (rows < 2 * PARTITION_CHUNK) return local.partition(nodes);
      // Whole nodes share out evenly enough when none holds more than half the rows.
      if (2 * largest <= rows && count <= space.counts.length) {
        await parallel({ type: 'partition', job: { phase: 'nodes', nodes, chunks: new Int32Array(0) } }, count);
        return space.counts.slice(0, count);
      }
      const chunks = chunksOf(nodes, space.counts.length);
      if (!chunks || chunks.length / 3 < 2) return local.partition(nodes);
      for (const phase of [1, 2] as const) await parallel({ type: 'partition', job: { phase, nodes, chunks } }, chunks.length / 3);
      const lefts = new Int32Array(nodes.length / 5);
      for (let u = 0; u < chunks.length / 3; u++) lefts[chunks[3 * u]!]! += space.counts[u]!;
      return lefts;
    },
    async rows(job) {
      await parallel({ type: 'rows', job }, rowsUnits(boost!, job));
    },
    close,
  };
}

/**
 * Grows a forest's trees on `threads` threads (this one and threads − 1 workers), each claiming whole trees; the
 * job's arrays must be in shared memory. Resolves once every thread is done, with every tree grown.
 */
export async function growForestInThreads(job: ForestJob, threads: number, shouldStop: () => boolean, onTree: (finished: number) => void): Promise<NumberedTree[]> {
  const workers = Array.from({ length: threads - 1 }, () => new HistogramWorker());
  try {
    const counter = new Int32Array(new SharedArrayBuffer(8));
    const answers = workers.map((w) => w.send({ type: 'forest', job, counter }));
    const mine = await growForestTrees(job, counter, shouldStop, onTree);
    return [...mine, ...(await Promise.all(answers)).flat()];
  } finally {
    await closeAll(workers);
  }
}
