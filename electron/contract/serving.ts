/**
 * Serving a bundle locally: Gyre starts the bundle's own serve.mjs as a child process (the same server that runs on
 * a customer's machine), verified against its MANIFEST first, and reads its live counters from GET /metrics.
 * Servers belong to the app session: they stop when Gyre closes and none starts again on the next launch.
 */
import { z } from 'zod';
import { procedure } from './procedure';

export const SERVE_HOSTS = ['127.0.0.1', '0.0.0.0'] as const;
export type ServeHost = (typeof SERVE_HOSTS)[number];

/** Shadow: the candidate scores every request too, only logged. A/B: the candidate answers `share` of the requests. */
export const SERVE_MODES = ['shadow', 'ab'] as const;
export type ServeMode = (typeof SERVE_MODES)[number];

export const ServeInput = z
  .object({
    projectId: z.string().min(1),
    bundleId: z.string().min(1),
    /** 0 picks a free port. */
    port: z.number().int().min(0, 'A port is 0 to 65535.').max(65535, 'A port is 0 to 65535.').default(8080),
    /** Loopback by default: only this machine can call it. 0.0.0.0 listens on every network interface. */
    host: z.enum(SERVE_HOSTS).default('127.0.0.1'),
    /** A second exported bundle scored beside the first. */
    candidateBundleId: z.string().min(1).optional(),
    mode: z.enum(SERVE_MODES).optional(),
    /** A/B only: the fraction of requests (0–1) the candidate answers. */
    share: z.number().gt(0, 'The candidate’s share is above 0.').lt(1, 'The candidate’s share is below 1.').optional(),
  })
  .refine((s) => s.candidateBundleId === undefined || s.candidateBundleId !== s.bundleId, { message: 'The candidate is another bundle than the one served.', path: ['candidateBundleId'] })
  .refine((s) => s.candidateBundleId !== undefined || (s.mode === undefined && s.share === undefined), { message: 'A mode or share needs a candidate bundle.', path: ['candidateBundleId'] });
export type ServeInput = z.input<typeof ServeInput>;

/** Read from the server's GET /metrics when the list is asked for; the last reading is kept once it stops. */
export interface ServerStats {
  /** POST /predict requests answered (the app's own /metrics reads are not counted). */
  requests: number;
  /** Of those, answered with a 4xx or 5xx. */
  errors: number;
  /** Rows scored (a request may send an array of rows). */
  rows: number;
  /** /predict latency, estimated from the histogram's buckets; null before the first request. */
  p50Ms: number | null;
  p95Ms: number | null;
  /** With a candidate: rows each arm answered (shadow: production answers all). */
  arms: { production: number; candidate: number } | null;
  /** Shadow mode: rows the candidate scored beside production, by whether it agreed (same label; within 1 %). */
  shadow: { agree: number; disagree: number; error: number } | null;
  /** When this reading was taken. */
  readAt: string;
}

export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

/** One local server, as the Deploy stage shows it. */
export interface ServerStatus {
  id: string;
  projectId: string;
  bundleId: string;
  /** NAME@VERSION of the served bundle. */
  ref: string;
  candidate: { bundleId: string; ref: string; mode: ServeMode; share: number | null } | null;
  state: ServerState;
  host: ServeHost;
  /** The port asked for (0: any free one) and, once listening, the one it got. */
  requestedPort: number;
  port: number | null;
  /** http://HOST:PORT once listening (127.0.0.1 when it listens on every interface). */
  url: string | null;
  pid: number | null;
  startedAt: string;
  /** Milliseconds from starting the process to it listening. */
  readyMs: number | null;
  stoppedAt: string | null;
  /** Where the bundle was exported (a folder or a .zip). */
  bundlePath: string;
  /** The folder serve.mjs runs from: the bundle folder itself, or the unpacked copy of a .zip. */
  servedFrom: string;
  /** Where every prediction is appended as one JSON line (the Monitor stage reads it). */
  logPath: string;
  /** Why it failed, in a sentence; `output` holds the end of what the process printed. */
  error: string | null;
  output: string;
  stats: ServerStats | null;
}

/** A realistic input row for a bundle, from its model.json: middle of each range, first category, a date. */
export interface ServeExample {
  row: Record<string, string | number | null>;
}

export const servingProcedures = {
  /** Verifies the bundle against its MANIFEST, then starts its serve.mjs; resolves once it listens (or failed). */
  'serving.start': procedure(ServeInput).mutation<ServerStatus>(['servers']),
  /** Stops a server: SIGTERM (requests in flight finish), SIGKILL after a grace. */
  'serving.stop': procedure(z.object({ id: z.string().min(1) })).mutation<ServerStatus>(['servers']),
  /** This session's servers of a project, running ones with live counters read now. */
  'serving.list': procedure(z.object({ projectId: z.string().min(1) })).query<ServerStatus[]>(['servers']),
  /** A row to POST to the bundle's /predict, for the curl example. */
  'serving.example': procedure(z.object({ projectId: z.string().min(1), bundleId: z.string().min(1) })).query<ServeExample>(['bundles']),
};
