/** Worker thread entry of the tree-growth pool (`threads.ts`): attaches to the shared state, then runs its share of each job. */
import { parentPort } from 'node:worker_threads';
import { runParallelJob } from './engine';
import { growForestTrees } from './forest-trees';
import type { HistogramSpace } from './histogram';
import type { BoostRows } from './rows';
import type { FromHistogramWorker, ToHistogramWorker } from './threads';

let attached: { space: HistogramSpace; boost: BoostRows | null; counter: Int32Array } | null = null;
const port = parentPort!;
const reply = (m: FromHistogramWorker) => port.postMessage(m);

async function handle(m: ToHistogramWorker): Promise<FromHistogramWorker> {
  switch (m.type) {
    case 'attach':
      attached = { space: m.space, boost: m.boost, counter: m.counter };
      return { type: 'ready' };
    case 'run':
      if (!attached) throw new Error('job before attach');
      runParallelJob(attached.space, attached.boost, m.job, attached.counter);
      return { type: 'done' };
    case 'forest':
      return { type: 'done', trees: await growForestTrees(m.job, m.counter) };
    default:
      throw new Error(`unknown message to histogram worker: ${JSON.stringify(m)}`);
  }
}

port.on('message', (m: ToHistogramWorker) => {
  handle(m).then(reply, (e: unknown) => reply({ type: 'failed', message: e instanceof Error ? e.message : String(e) }));
});
