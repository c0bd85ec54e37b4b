/**
 * Local serving: an exported bundle's own serve.mjs run as a child process of Gyre (the Electron binary as Node, or
 * Node), verified first, one server per bundle, stopped with SIGTERM and a grace. Servers live as long as this
 * process: none is remembered across launches. Plain Node; the core binds it to the `serving.*` procedures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { GyreError } from '../contract/errors';
import type { ServeHost, ServeMode, ServerStatus } from '../contract/serving';
import { prepareBundle, servingFolder, writeResolveHooks, type ServedBundle, type VerifyBundle } from './serving-files';
import { serverStats } from './serving-metrics';

export interface ServingOptions {
  /** `<workspace>/serving`: unpacked zips, prediction logs and the resolve hooks. */
  dir: string;
  verify: VerifyBundle;
  /** A server changed state on its own (it exited): hosts tell the windows. */
  onChange?: () => void;
  /** How long serve.mjs may take to listen (it loads the model first). */
  startTimeoutMs?: number;
  /** How long a stopping server may finish its requests before it is killed. */
  graceMs?: number;
}

export interface StartRequest {
  projectId: string;
  bundle: ServedBundle;
  port: number;
  host: ServeHost;
  candidate?: { bundle: ServedBundle; mode: ServeMode; share: number | null };
}

interface Entry {
  status: ServerStatus;
  child: ChildProcess | null;
  /** Resolves once the child has exited (at once when there is none). */
  exited: Promise<void>;
  /** What the process printed, stdout and stderr together; only the end is kept. */
  output: string;
  /** The end of stderr alone: why it failed. */
  stderr: string;
  stopping: boolean;
}

const OUTPUT_KEPT = 4000;
const METRICS_TIMEOUT_MS = 1000;

export class BundleServers {
  private readonly entries = new Map<string, Entry>();
  private closed = false;
  /** A last resort if this process exits without close(): no server outlives Gyre. */
  private readonly killAll = () => {
    for (const e of this.entries.values()) if (e.child && e.child.exitCode === null && e.child.signalCode === null) e.child.kill('SIGKILL');
  };

  private watchingExit = false;

  constructor(private readonly options: ServingOptions) {}

  /** Verifies the bundle, starts serve.mjs and resolves when it listens, or with the reason it failed. */
  async start(request: StartRequest): Promise<ServerStatus> {
    if (this.closed) throw new GyreError('CONFLICT', 'Gyre is closing; no server can start now.');
    this.refuseConflicts(request);
    const entry = this.add(request);
    try {
      if (request.port !== 0) await portIsFree(request.port, request.host);
      entry.status.servedFrom = await prepareBundle(this.options.dir, request.bundle, this.options.verify);
      const candidateDir = request.candidate ? await prepareBundle(this.options.dir, request.candidate.bundle, this.options.verify) : null;
      if (entry.stopping) return this.finish(entry, 'stopped', null);
      await this.launch(entry, candidateDir);
    } catch (e) {
      this.entries.delete(entry.status.id);
      throw e;
    }
    return { ...entry.status };
  }

  async stop(id: string): Promise<ServerStatus> {
    const entry = this.entries.get(id);
    if (!entry) throw new GyreError('NOT_FOUND', `No server ${id} in this session.`, { field: 'id' });
    if (entry.status.state === 'stopped' || entry.status.state === 'failed') return { ...entry.status };
    entry.stopping = true;
    if (entry.status.state === 'running') await this.readStats(entry);
    await this.terminate(entry);
    return this.finish(entry, 'stopped', null);
  }

  /** A project's servers, newest first; running ones with counters read from /metrics now. */
  async list(projectId: string): Promise<ServerStatus[]> {
    const entries = [...this.entries.values()].filter((e) => e.status.projectId === projectId);
    await Promise.all(entries.filter((e) => e.status.state === 'running').map((e) => this.readStats(e)));
    return entries.map((e) => ({ ...e.status })).reverse();
  }

  /** Where each running server listens, in every project (Settings → Network lists them); read-only. */
  listening(): { ref: string; host: ServeHost; port: number }[] {
    return [...this.entries.values()].flatMap((e) => (e.status.state === 'running' && e.status.port !== null ? [{ ref: e.status.ref, host: e.status.host, port: e.status.port }] : []));
  }

  /** Stops every server (in parallel) and refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.entries.values()].map((e) => (e.status.state === 'running' || e.status.state === 'starting' ? this.stop(e.status.id) : undefined)));
    process.removeListener('exit', this.killAll);
    this.watchingExit = false;
  }

  private refuseConflicts({ bundle, port }: StartRequest): void {
    for (const e of this.entries.values()) {
      const live = e.status.state === 'running' || e.status.state === 'starting';
      if (!live) continue;
      if (e.status.bundleId === bundle.id) throw new GyreError('CONFLICT', `${bundle.ref} is already being served${e.status.url ? ` at ${e.status.url}` : ''}; stop that server first.`, { field: 'bundleId' });
      if (port !== 0 && (e.status.port === port || e.status.requestedPort === port)) throw new GyreError('CONFLICT', `Port ${port} is already used by the server of ${e.status.ref}; pick another port, or 0 for any free one.`, { field: 'port', port });
    }
  }

  /** Records the server as starting (so a second start on the bundle is refused at once); an earlier stopped one is replaced. */
  private add({ projectId, bundle, port, host, candidate }: StartRequest): Entry {
    for (const [id, e] of this.entries) if (e.status.bundleId === bundle.id) this.entries.delete(id);
    const folder = servingFolder(this.options.dir, bundle.id);
    const status: ServerStatus = {
      id: 'srv_' + randomBytes(6).toString('hex'),
      projectId,
      bundleId: bundle.id,
      ref: bundle.ref,
      candidate: candidate ? { bundleId: candidate.bundle.id, ref: candidate.bundle.ref, mode: candidate.mode, share: candidate.share } : null,
      state: 'starting',
      host,
      requestedPort: port,
      port: null,
      url: null,
      pid: null,
      startedAt: new Date().toISOString(),
      readyMs: null,
      stoppedAt: null,
      bundlePath: bundle.path,
      servedFrom: bundle.path,
      logPath: join(folder, 'predictions.jsonl'),
      error: null,
      output: '',
      stats: null,
    };
    const entry: Entry = { status, child: null, exited: Promise.resolve(), output: '', stderr: '', stopping: false };
    this.entries.set(status.id, entry);
    return entry;
  }

  private launch(entry: Entry, candidateDir: string | null): Promise<void> {
    const s = entry.status;
    mkdirSync(servingFolder(this.options.dir, s.bundleId), { recursive: true });
    const args = ['--import', writeResolveHooks(this.options.dir), join(s.servedFrom, 'serve.mjs'), '--port', String(s.requestedPort), '--host', s.host, '--log', s.logPath];
    if (s.candidate && candidateDir) args.push('--candidate', candidateDir, '--mode', s.candidate.mode, ...(s.candidate.mode === 'ab' && s.candidate.share !== null ? ['--share', String(s.candidate.share)] : []));
    const started = performance.now();
    // The Electron binary runs as plain Node with ELECTRON_RUN_AS_NODE; under Node the variable is ignored.
    const child = spawn(process.execPath, args, { cwd: s.servedFrom, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    entry.child = child;
    s.pid = child.pid ?? null;
    // 'error' without 'exit' when the process could not be started at all.
    entry.exited = new Promise((done) => {
      child.once('exit', () => done());
      child.once('error', () => done());
    });
    if (!this.watchingExit) process.once('exit', this.killAll);
    this.watchingExit = true;
    const keep = (chunk: Buffer) => {
      entry.output = (entry.output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
      s.output = entry.output;
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.stderr!.on('data', (chunk: Buffer) => (entry.stderr = (entry.stderr + chunk.toString('utf8')).slice(-OUTPUT_KEPT)));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.fail(entry, `${s.ref} did not start listening within ${Math.round(this.timeout() / 1000)} s.`);
        void this.terminate(entry);
        resolve();
      }, this.timeout());
      const onData = () => {
        const m = / on http:\/\/\S+:(\d+)/.exec(entry.output);
        if (!m || s.state !== 'starting') return;
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        s.port = Number(m[1]);
        // Every interface includes loopback: this machine calls it there.
        s.url = `http://127.0.0.1:${s.port}`;
        s.readyMs = Math.round(performance.now() - started);
        s.state = 'running';
        resolve();
      };
      child.stdout!.on('data', onData);
      child.once('error', (e) => {
        clearTimeout(timer);
        this.fail(entry, `Could not start ${process.execPath}: ${e.message}`);
        resolve();
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (entry.stopping) return resolve();
        const wasRunning = s.state === 'running';
        if (s.state === 'starting' || wasRunning) this.fail(entry, exitReason(s, code, signal, entry.stderr, wasRunning));
        if (wasRunning) this.options.onChange?.();
        resolve();
      });
    });
  }

  private timeout(): number {
    return this.options.startTimeoutMs ?? 30_000;
  }

  private fail(entry: Entry, reason: string): void {
    this.finish(entry, 'failed', reason);
  }

  private finish(entry: Entry, state: 'stopped' | 'failed', error: string | null): ServerStatus {
    const s = entry.status;
    s.state = state;
    s.error = error;
    s.stoppedAt ??= new Date().toISOString();
    return { ...s };
  }

  /** SIGTERM (serve.mjs finishes the requests in flight and flushes its log), SIGKILL once the grace is over. */
  private async terminate(entry: Entry): Promise<void> {
    const child = entry.child;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<boolean>((done) => (timer = setTimeout(() => done(true), this.options.graceMs ?? 5000)));
    const killed = await Promise.race([entry.exited.then(() => false), graceOver]);
    clearTimeout(timer);
    if (killed) {
      child.kill('SIGKILL');
      await entry.exited;
    }
  }

  private async readStats(entry: Entry): Promise<void> {
    const url = entry.status.url;
    if (!url) return;
    try {
      const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(METRICS_TIMEOUT_MS) });
      if (res.ok) entry.status.stats = serverStats(await res.text());
    } catch {
      // Busy or exiting: the last reading stays, and the exit handler reports a server that died.
    }
  }
}

/** Why the process ended before (or while) serving, in a sentence: a busy port is named. */
function exitReason(s: ServerStatus, code: number | null, signal: NodeJS.Signals | null, stderr: string, wasRunning: boolean): string {
  if (/EADDRINUSE/.test(stderr)) return `Port ${s.requestedPort} on ${s.host} is already in use by another program; pick another port, or 0 for any free one.`;
  if (/EACCES/.test(stderr) && s.requestedPort < 1024) return `Port ${s.requestedPort} needs administrator rights; pick a port above 1023.`;
  const how = signal ? `was ended by ${signal}` : `exited with code ${code}`;
  const last = stderr.trim().split('\n').slice(-3).join(' ').slice(-400);
  return `${s.ref}’s server ${how} ${wasRunning ? 'while serving' : 'before it listened'}${last ? `: ${last}` : '.'}`;
}

/** Refuses a port something else listens on, before the bundle is verified and the child started. */
function portIsFree(port: number, host: ServeHost): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') reject(new GyreError('CONFLICT', `Port ${port} on ${host} is already in use by another program; pick another port, or 0 for any free one.`, { field: 'port', port }));
      else if (e.code === 'EACCES') reject(new GyreError('FORBIDDEN', `Port ${port} on ${host} needs administrator rights; pick a port above 1023.`, { field: 'port', port }));
      else reject(new GyreError('VALIDATION', `Cannot listen on ${host}:${port}: ${e.message}`, { field: 'port', port }));
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
