/** Worker thread entry of the tuning pool (`pool.ts`): receives the study's data once, then fits one trial per message. */
import { parentPort } from 'node:worker_threads';
import { TrialEvaluator } from './objective';
import type { FromTrialWorker, ToTrialWorker } from './pool';

const port = parentPort!;
let evaluator: TrialEvaluator | null = null;

async function handle(m: ToTrialWorker): Promise<FromTrialWorker> {
  switch (m.type) {
    case 'init':
      // One thread per trial: the pool, not the trees, uses the cores.
      evaluator = new TrialEvaluator(m.data, { threads: 1 });
      return { type: 'ready' };
    case 'trial':
      if (!evaluator) throw new Error('trial before init');
      return { type: 'outcome', outcome: await evaluator.run(m.request) };
    default:
      throw new Error(`unknown message to trial worker: ${JSON.stringify(m)}`);
  }
}

port.on('message', (m: ToTrialWorker) => {
  handle(m).then(
    (answer) => port.postMessage(answer),
    (e: unknown) => port.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) } satisfies FromTrialWorker),
  );
});
