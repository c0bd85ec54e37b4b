/**
 * Gyre makes no outbound connections, and each of its processes enforces it: installed first, this guard refuses every
 * TCP or TLS connection to another machine before a name is looked up or a packet is sent, and records it. Loopback
 * and Unix sockets stay open (the browser host, bundle servers, tests). Node's diagnostics channels report what listens
 * and any connection that reached another machine anyway.
 */
import dc from 'node:diagnostics_channel';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import type { ClientRequest } from 'node:http';
import net, { type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkConnection } from '../contract/app';

/** The file every process of one Gyre session appends to: named by the first, inherited by the processes it starts. */
export const NETWORK_LOG_ENV = 'GYRE_NETWORK_LOG';

interface Entry extends NetworkConnection {
  kind: 'refused' | 'outbound';
}

interface GuardState {
  process: string;
  /** Entries the log file could not take (kept for this process's own report). */
  unlogged: Entry[];
  servers: Set<Server>;
  watched: WeakSet<Socket>;
}

/** On globalThis: one guard per process, however many copies of this module are loaded (tsx, a bundle, a test). */
const holder = globalThis as typeof globalThis & { __gyreNetworkGuard?: GuardState };

/** The error a refused connection fails with, on the socket, request or fetch that asked for it. */
export class OutboundRefused extends Error {
  readonly code = 'GYRE_OFFLINE';
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`Gyre makes no outbound connections: refused ${formatAddress(host, port)}`);
  }
}

export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** This machine: `localhost`, 127.0.0.0/8 and ::1 (also written in full, or IPv4-mapped). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(h) || /^::ffff:127\./.test(h);
  return false;
}

/** A URL the desktop window may load: Gyre's own files, inline data, developer tools, or this machine. */
export function isLocalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false; // not a URL at all: nothing to load
  }
  if (['file:', 'data:', 'blob:', 'devtools:', 'about:'].includes(parsed.protocol)) return true;
  return ['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol) && isLoopbackHost(parsed.hostname);
}

/**
 * Where Socket#connect(...) is going, from any of its forms: (options), (port, host), (path), or net.connect's
 * normalized [options, callback]. null: a Unix socket or named pipe.
 */
export function connectTarget(args: readonly unknown[]): { host: string; port: number } | null {
  const first: unknown = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first !== null && typeof first === 'object') {
    const o = first as { path?: unknown; host?: unknown; port?: unknown };
    if (o.path !== undefined && o.path !== null) return null;
    return { host: typeof o.host === 'string' && o.host !== '' ? o.host : 'localhost', port: Number(o.port) };
  }
  if (typeof first === 'string' && !/^\s*\d+\s*$/.test(first)) return null;
  return { host: typeof args[1] === 'string' && args[1] !== '' ? args[1] : 'localhost', port: Number(first) };
}

/** Installs the guard in this process, once; `processName` says which Gyre process it is in the records. */
export function installNetworkGuard(processName: string): void {
  if (holder.__gyreNetworkGuard) return;
  const state: GuardState = { process: processName, unlogged: [], servers: new Set(), watched: new WeakSet() };
  holder.__gyreNetworkGuard = state;
  if (!process.env[NETWORK_LOG_ENV]) {
    const path = join(tmpdir(), `gyre-network-${process.pid}-${randomBytes(4).toString('hex')}.jsonl`);
    process.env[NETWORK_LOG_ENV] = path;
    process.once('exit', () => rmSync(path, { force: true }));
  }
  refuseOutbound();
  observe(state);
}

/** The name this process's guard records under, or null when no guard is installed here. */
export function guardedProcess(): string | null {
  return holder.__gyreNetworkGuard?.process ?? null;
}

/** Every TCP client in Node (net.connect, tls.connect, http(s).request, fetch through undici) connects through here. */
function refuseOutbound(): void {
  const connect = net.Socket.prototype.connect;
  function guardedConnect(this: Socket, ...args: unknown[]): Socket {
    const target = connectTarget(args);
    if (target === null || isLoopbackHost(target.host)) return Reflect.apply(connect, this, args) as Socket;
    const error = new OutboundRefused(target.host, target.port);
    recordConnection('refused', target.host, target.port);
    // Asynchronously, as a failed connection is: callers attach their 'error' listeners after connect() returns.
    process.nextTick(() => this.destroy(error));
    return this;
  }
  net.Socket.prototype.connect = guardedConnect as unknown as typeof connect;
}

/** Diagnostics channels: servers that listen (for the settings page), and any socket that reached another machine. */
function observe(state: GuardState): void {
  const watch = (socket: Socket) => {
    if (state.watched.has(socket)) return;
    state.watched.add(socket);
    const check = () => {
      const address = socket.remoteAddress;
      if (address && !isLoopbackHost(address)) recordConnection('outbound', address, socket.remotePort ?? 0);
    };
    if (socket.remoteAddress) check();
    else socket.once('connect', check);
  };
  dc.subscribe('net.client.socket', (m) => watch((m as { socket: Socket }).socket));
  dc.subscribe('undici:client:connected', (m) => watch((m as { socket: Socket }).socket));
  dc.subscribe('http.client.request.start', (m) => {
    const request = (m as { request: ClientRequest }).request;
    if (request.socket) watch(request.socket);
    else request.once('socket', watch);
  });
  dc.subscribe('tracing:net.server.listen:asyncEnd', (m) => {
    const server = (m as { server: Server }).server;
    state.servers.add(server);
    server.once('close', () => state.servers.delete(server));
  });
}

/** Records a connection in this session's log; `processName` for one made on a process's behalf (the Electron window's). */
export function recordConnection(kind: Entry['kind'], host: string, port: number, processName?: string): void {
  const state = holder.__gyreNetworkGuard;
  const entry: Entry = { kind, host, port, at: new Date().toISOString(), process: processName ?? state?.process ?? 'unguarded', pid: process.pid };
  const path = process.env[NETWORK_LOG_ENV];
  // A read-only temp folder must not hide it: this process's report still shows it.
  if (!path || !appendEntry(path, entry)) state?.unlogged.push(entry);
}

function appendEntry(path: string, entry: Entry): boolean {
  try {
    appendFileSync(path, JSON.stringify(entry) + '\n');
    return true;
  } catch {
    return false; // the caller keeps the entry in memory instead
  }
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'ws:': 80, 'https:': 443, 'wss:': 443, 'ftp:': 21 };

/** Records a request the desktop window was not allowed to send, by its URL's host and port. */
export function recordRefusedUrl(url: string, processName: string): void {
  let host = url;
  let port = 0;
  try {
    const parsed = new URL(url);
    host = parsed.hostname.replace(/^\[(.*)\]$/, '$1') || parsed.protocol;
    port = Number(parsed.port) || (DEFAULT_PORTS[parsed.protocol] ?? 0);
  } catch {
    // Not a URL: recorded as it was given.
  }
  recordConnection('refused', host, port, processName);
}

/** What this session refused, and what left the machine despite the guard (nothing, or the guard has a hole). */
export function connectionRecords(): { refused: NetworkConnection[]; outbound: NetworkConnection[] } {
  const entries = [...readLog(), ...(holder.__gyreNetworkGuard?.unlogged ?? [])].sort((a, b) => a.at.localeCompare(b.at));
  const strip = ({ kind: _kind, ...connection }: Entry): NetworkConnection => connection;
  return { refused: entries.filter((e) => e.kind === 'refused').map(strip), outbound: entries.filter((e) => e.kind === 'outbound').map(strip) };
}

function readLog(): Entry[] {
  const path = process.env[NETWORK_LOG_ENV];
  if (!path || !existsSync(path)) return [];
  const entries: Entry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      entries.push(JSON.parse(line) as Entry);
    } catch {
      // The line another process is appending right now: it is read whole next time.
    }
  }
  return entries;
}

/** The addresses this process listens on now (seen through the diagnostics channel since the guard was installed). */
export function listeningAddresses(): string[] {
  const addresses: string[] = [];
  for (const server of holder.__gyreNetworkGuard?.servers ?? []) {
    const a = server.address();
    if (a) addresses.push(typeof a === 'string' ? a : formatAddress(a.address, a.port));
  }
  return addresses;
}
