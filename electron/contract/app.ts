/** Facts about the running studio: version, workspace, which host serves it. */
import { z } from 'zod';
import { procedure } from './procedure';

export type HostKind = 'electron' | 'web' | 'cli' | 'test';

export interface AppInfo {
  version: string;
  host: HostKind;
  workspace: string;
  schemaVersion: number;
  platform: string;
}

/** A connection to another machine: one Gyre refused, or one seen leaving this machine (there should be none). */
export interface NetworkConnection {
  host: string;
  port: number;
  /** ISO time. */
  at: string;
  /** Which Gyre process: Electron main, Electron window, browser host, CLI, job worker. */
  process: string;
  pid: number;
}

/** A part of Gyre that could reach a network, and what keeps it from doing so. */
export interface OfflineComponent {
  name: string;
  how: string;
}

/** A socket Gyre listens on (the browser host, a bundle's local server): reachable only as its address says. */
export interface NetworkListener {
  what: string;
  /** 127.0.0.1:PORT, or 0.0.0.0:PORT when a bundle server was asked to listen on every interface. */
  address: string;
}

/** Settings → Network: the outbound connections Gyre can make (none), and the evidence for it. */
export interface NetworkReport {
  /** Connections seen leaving this machine since this host started: empty unless the guard failed. */
  outbound: NetworkConnection[];
  components: OfflineComponent[];
  listeners: NetworkListener[];
  /** Attempts refused since this host started, in it and in the processes it started. */
  refused: NetworkConnection[];
}

export const appProcedures = {
  'app.info': procedure(z.object({}).default({})).query<AppInfo>([]),
  'app.network': procedure(z.object({}).default({})).query<NetworkReport>(['servers']),
};
