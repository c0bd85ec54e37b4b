/** Starts workers as Node child processes (CLI, browser host, tests); TypeScript sources run through tsx. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromWorker, SpawnWorker, ToWorker } from './protocol';

export function nodeWorkerSpawner(entry = fileURLToPath(new URL('./worker.ts', import.meta.url))): SpawnWorker {
  return () => {
    const child = fork(entry, [], {
      // tsx by its resolved URL: a bare `--import tsx` is looked up from the working directory, which may be anywhere.
      execArgv: entry.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    return {
      send: (message: ToWorker) => void child.send(message),
      onMessage: (listener) => child.on('message', (m) => listener(m as FromWorker)),
      onExit: (listener) => child.on('exit', (code, signal) => listener(code, signal)),
      kill: () => void child.kill('SIGKILL'),
    };
  };
}
