/**
 * Runs one task in the built worker (`out/main/worker.js`, the bundle the desktop app starts), as the job queue
 * does, and measures it from outside: seconds from the task's first progress report to its result (process
 * start-up excluded, as Python's is for pandas) and the process's peak resident memory (VmHWM, Linux).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fork } from 'node:child_process';
import type { FromWorker, ToWorker } from '../../electron/jobs/protocol';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const WORKER_BUNDLE = join(root, 'out', 'main', 'worker.js');

export interface WorkerRun {
  seconds: number;
  /** Null where /proc is not available. */
  peakRssBytes: number | null;
  result: unknown;
}

function highWaterMark(pid: number): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

export function runInWorker(message: Omit<ToWorker, 'type'>): Promise<WorkerRun> {
  if (!existsSync(WORKER_BUNDLE)) throw new Error(`${WORKER_BUNDLE} is missing: run npm run build first.`);
  const child = fork(WORKER_BUNDLE, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  let started: number | null = null;
  let peak: number | null = null;
  // VmHWM only grows; sample it until the result arrives (the worker exits 50 ms after sending it).
  const poll = setInterval(() => (peak = highWaterMark(child.pid!) ?? peak), 20);
  return new Promise((resolve, reject) => {
    child.on('message', (m: FromWorker) => {
      if (m.type === 'progress') started ??= performance.now();
      else {
        const seconds = (performance.now() - (started ?? performance.now())) / 1000;
        clearInterval(poll);
        peak = highWaterMark(child.pid!) ?? peak;
        if (m.type === 'failed') reject(new Error(m.error.message));
        else resolve({ seconds, peakRssBytes: peak, result: m.result });
      }
    });
    child.on('exit', (code) => {
      clearInterval(poll);
      reject(new Error(`worker exited with code ${code} before its result`));
    });
    child.send({ type: 'run', ...message } satisfies ToWorker);
  });
}
