/**
 * A worker process: receives one `run` message, does the job, reports progress, sends its outcome and exits (or,
 * asked to keep alive, waits for the next one).
 * Runs as a Node child process or an Electron utilityProcess; a native crash here fails only this job.
 */
import { GyreError } from '../contract/errors';
import { toErrorShape } from '../core/dispatch';
import { installNetworkGuard } from '../core/network';
import type { FromWorker, ToWorker } from './protocol';
import { runTask } from './tasks';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

installNetworkGuard('job worker');

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(message: FromWorker): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'run': {
      let last = 0;
      const report = (progress: number, text: string) => {
        last = Math.max(last, Math.min(1, progress));
        send({ type: 'progress', progress: last, message: text });
      };
      try {
        const result = await runTask(message.kind, message.input, { jobId: message.jobId, workspaceDir: message.workspaceDir, report });
        send({ type: 'done', result });
      } catch (e) {
        send({ type: 'failed', error: toErrorShape(e) });
      }
      // Let the IPC channel flush before exiting; a warm worker waits for its next task (its owner ends it).
      if (!message.keepAlive) setTimeout(() => process.exit(0), 50);
      break;
    }
    default:
      throw new GyreError('INTERNAL', `Unknown worker message ${JSON.stringify(message)}`);
  }
}

if (parentPort) parentPort.on('message', (e) => void handle(e.data as ToWorker));
else process.on('message', (m) => void handle(m as ToWorker));
