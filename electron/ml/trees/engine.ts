/**
 * Tree-growth work on this thread: the jobs every thread can run (histograms, partition, boosting row passes),
 * each cut into units claimed from a shared counter, and the single-thread engine. `threads.ts` adds worker
 * threads that claim units of the same jobs.
 */
import type { HistogramEngine } from './grow';
import { jobUnits, runUnit, type HistogramJob, type HistogramSpace, type SplitScan } from './histogram';
import { partitionNode, runPartitionJob, type PartitionJob } from './partition';
import { runRowsJob, type BoostRows, type RowsJob } from './rows';
import { scanUnit } from './split';

/** One job for all threads. */
export type ParallelJob =
  | { type: 'histograms'; job: HistogramJob }
  | { type: 'partition'; job: PartitionJob }
  | { type: 'rows'; job: RowsJob };

/** An engine that may hold worker threads: `close()` ends them (always call it, also on failure). */
export interface ClosableEngine extends HistogramEngine {
  threads: number;
  /** Runs a boosting row pass (needs the `boost` state the engine was opened with). */
  rows(job: RowsJob): Promise<void> | void;
  close(): Promise<void>;
}

/** Runs this thread's share of a job: claims units from `counter` until none is left. */
export function runParallelJob(space: HistogramSpace, boost: BoostRows | null, job: ParallelJob, counter: Int32Array): void {
  switch (job.type) {
    case 'histograms': {
      const units = jobUnits(job.job);
      const scanning = job.job.scan ? (job.job as HistogramJob & { scan: SplitScan }) : null;
      for (let u = Atomics.add(counter, 0, 1); u < units; u = Atomics.add(counter, 0, 1)) {
        runUnit(space, job.job, u);
        if (scanning) scanUnit(space, scanning, u);
      }
      return;
    }
    case 'partition':
      return runPartitionJob(space, job.job, counter);
    case 'rows':
      if (!boost) throw new Error('row pass without boosting state');
      return runRowsJob(space, boost, job.job, counter);
    default:
      throw new Error(`unknown parallel job ${JSON.stringify(job)}`);
  }
}

/** Partitions nodes one after another on this thread (see `HistogramEngine.partition`). */
export function partitionHere(space: HistogramSpace, nodes: Int32Array): Int32Array {
  const lefts = new Int32Array(nodes.length / 5);
  for (let k = 0; k < lefts.length; k++) lefts[k] = partitionNode(space, nodes, k);
  return lefts;
}

/** An engine that runs every job on this thread. */
export function localEngine(space: HistogramSpace, slots: number, boost: BoostRows | null = null): ClosableEngine {
  const counter = new Int32Array(1);
  const run = (job: ParallelJob) => {
    counter[0] = 0;
    runParallelJob(space, boost, job, counter);
  };
  return {
    space,
    slots,
    threads: 1,
    run: (job) => run({ type: 'histograms', job }),
    partition: (nodes) => partitionHere(space, nodes),
    rows: (job) => run({ type: 'rows', job }),
    close: async () => undefined,
  };
}

export function isShared(space: HistogramSpace): boolean {
  const arrays = [space.bins, space.index, space.values, space.hist, space.scratchIndex, space.counts, space.candidates];
  return arrays.every((a) => a.buffer instanceof SharedArrayBuffer);
}

/** Typed arrays for a histogram space: in shared memory when more than one thread will use them. */
export function allocate(shared: boolean) {
  const make = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return {
    u8: (n: number) => new Uint8Array(make(n)),
    u32: (n: number) => new Uint32Array(make(4 * n)),
    i32: (n: number) => new Int32Array(make(4 * n)),
    f32: (n: number) => new Float32Array(make(4 * n)),
    f64: (n: number) => new Float64Array(make(8 * n)),
  };
}
