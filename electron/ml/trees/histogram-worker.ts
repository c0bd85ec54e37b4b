/**
 * Worker thread entry of the tree-growth pool (`threads.ts`): attaches to the shared state, then runs its share of
 * each job that comes through the job channel until the channel closes; or grows forest trees when told to.
 */
import { parentPort } from 'node:worker_threads';
import { runParallelJob, type ParallelJob } from './engine';
import { growForestTrees } from './forest-trees';
import { serve } from './job-channel';
import type { FromHistogramWorker, ToHistogramWorker } from './threads';

const port = parentPort!;
const reply = (m: FromHistogramWorker) => port.postMessage(m);

async function handle(m: ToHistogramWorker): Promise<FromHistogramWorker> {
  switch (m.type) {
    case 'attach':
      return { type: 'ready' };
    case 'forest':
      return { type: 'done', trees: await growForestTrees(m.job, m.counter) };
    default:
      throw new Error(`unknown message to histogram worker: ${JSON.stringify(m)}`);
  }
}

port.on('message', (m: ToHistogramWorker) => {
  const answered = handle(m).then(reply, (e: unknown) => reply({ type: 'failed', message: e instanceof Error ? e.message : String(e) }));
  // Once attached, this thread serves the job channel (blocking its event loop) until the engine closes.
  if (m.type === 'attach') void answered.then(() => serve(m.channel, (job) => runParallelJob(m.space, m.boost, job as ParallelJob, m.counter)));
});
