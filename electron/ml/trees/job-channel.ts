/**
 * Jobs for the boosting engine's worker threads through shared memory instead of messages: the main thread writes
 * a job (v8-serialized) and rings a doorbell; each worker, waiting on the doorbell between jobs (a short spin, then
 * Atomics.wait), runs its share and counts itself done. A postMessage round trip measured ~100 µs here and passes
 * through both event loops; the doorbell answers in a few µs, and a tree needs about 16 round trips.
 */
import { deserialize, serialize } from 'node:v8';

/** Slots of `control`: the job number (−1 closes the channel), workers done with it, its length, a failure flag. */
const DOORBELL = 0;
const DONE = 1;
const LENGTH = 2;
const FAILED = 3;
/** Polls of a slot before sleeping on it: a few µs, about what the main thread takes between two jobs. */
const SPINS = 4000;

export interface JobChannel {
  control: Int32Array;
  /** The current job's bytes. */
  bytes: Uint8Array;
  /** The first failure's message (UTF-8, zero-padded). */
  failure: Uint8Array;
}

/** `Atomics.waitAsync` (ES2024; the lib this project compiles against predates it). */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, ms: number): { async: boolean; value: Promise<string> | string } }).waitAsync;

export function jobChannel(capacity: number): JobChannel {
  return { control: new Int32Array(new SharedArrayBuffer(16)), bytes: new Uint8Array(new SharedArrayBuffer(capacity)), failure: new Uint8Array(new SharedArrayBuffer(1024)) };
}

/** Main thread: hands `job` to every worker (the previous job must be finished). */
export function ring(channel: JobChannel, job: unknown): void {
  const { control, bytes } = channel;
  const data = serialize(job);
  if (data.length > bytes.length) throw new Error(`job of ${data.length} bytes exceeds the channel's ${bytes.length}`);
  bytes.set(data);
  Atomics.store(control, LENGTH, data.length);
  Atomics.store(control, DONE, 0);
  Atomics.add(control, DOORBELL, 1);
  Atomics.notify(control, DOORBELL);
}

/**
 * Main thread: resolves once `workers` workers are done with the current job; rejects with a worker's failure.
 * `check` is asked now and then while waiting, and throws if a worker has died.
 */
export async function finished(channel: JobChannel, workers: number, check: () => void): Promise<void> {
  const { control } = channel;
  for (let spin = 0; spin < SPINS && Atomics.load(control, DONE) < workers; spin++);
  for (let done = Atomics.load(control, DONE); done < workers; done = Atomics.load(control, DONE)) {
    check();
    const wait = waitAsync(control, DONE, done, 200);
    if (wait.async) await wait.value;
  }
  if (Atomics.load(control, FAILED) === 1) {
    Atomics.store(control, FAILED, 0);
    const message = new TextDecoder().decode(channel.failure.slice()).replace(/\0+$/, '');
    channel.failure.fill(0);
    throw new Error(message);
  }
}

/** Main thread: ends every worker's `serve` loop. */
export function closeChannel(channel: JobChannel): void {
  Atomics.store(channel.control, DOORBELL, -1);
  Atomics.notify(channel.control, DOORBELL);
}

/**
 * Worker: runs every job rung on a new channel until it is closed (blocking this thread's event loop meanwhile).
 * It counts jobs from 0, not from the doorbell's value when it starts: the first job may already be rung by then.
 */
export function serve(channel: JobChannel, run: (job: unknown) => void): void {
  const { control, bytes } = channel;
  for (let seen = 0; ; ) {
    for (let spin = 0; spin < SPINS && Atomics.load(control, DOORBELL) === seen; spin++);
    Atomics.wait(control, DOORBELL, seen);
    const bell = Atomics.load(control, DOORBELL);
    if (bell < 0) return;
    if (bell === seen) continue;
    seen = bell;
    try {
      run(deserialize(Buffer.from(bytes.subarray(0, Atomics.load(control, LENGTH)))));
    } catch (e) {
      if (Atomics.compareExchange(control, FAILED, 0, 1) === 0) {
        const text = new TextEncoder().encode(e instanceof Error ? e.message : String(e));
        channel.failure.set(text.subarray(0, channel.failure.length));
      }
    }
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}
