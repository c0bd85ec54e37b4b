/** Starts job workers as Electron utility processes (the desktop app's equivalent of child_process.fork). */
import { join } from 'node:path';
import { utilityProcess } from 'electron';
import type { FromWorker, SpawnWorker, ToWorker } from '../jobs/protocol';

export function utilityWorkerSpawner(entry = join(__dirname, 'worker.js')): SpawnWorker {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Gyre job worker', stdio: 'inherit' });
    return {
      send: (message: ToWorker) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (m: unknown) => listener(m as FromWorker)),
      onExit: (listener) => child.on('exit', (code: number) => listener(code, null)),
      kill: () => void child.kill(),
    };
  };
}
