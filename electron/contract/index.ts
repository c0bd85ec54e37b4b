/**
 * The one contract between the renderer and the main process. Every procedure is declared here once;
 * the IPC bridge, the preload, the browser host's HTTP API, the CLI and the renderer client derive from it.
 */
import type { z } from 'zod';
import { appProcedures } from './app';
import { archiveProcedures } from './archive';
import { bundleProcedures } from './bundles';
import { charterProcedures } from './charters';
import { datasetProcedures } from './datasets';
import { evaluationProcedures } from './evaluations';
import { importProcedures } from './imports';
import { jobProcedures } from './jobs';
import { labelProcedures } from './labels';
import { leaderboardProcedures } from './leaderboard';
import { profileProcedures } from './profiles';
import type { EventName, GyreEvents } from './events';
import type { Procedure } from './procedure';
import { projectProcedures } from './projects';
import { recipeProcedures } from './recipes';
import { registryProcedures } from './registry';
import { runProcedures } from './runs';
import { servingProcedures } from './serving';
import { shadowProcedures } from './shadow';
import { syntheticProcedures } from './synthetic';
import { monitorProcedures } from './monitor';
import { stageProcedures } from './stages';
import { studyProcedures } from './studies';
import { tourProcedures } from './tour';

export const procedures = {
  ...appProcedures,
  ...projectProcedures,
  ...charterProcedures,
  ...stageProcedures,
  ...jobProcedures,
  ...datasetProcedures,
  ...profileProcedures,
  ...runProcedures,
  ...leaderboardProcedures,
  ...studyProcedures,
  ...evaluationProcedures,
  ...registryProcedures,
  ...importProcedures,
  ...bundleProcedures,
  ...servingProcedures,
  ...shadowProcedures,
  ...recipeProcedures,
  ...labelProcedures,
  ...syntheticProcedures,
  ...monitorProcedures,
  ...archiveProcedures,
  ...tourProcedures,
} satisfies Record<string, Procedure<z.ZodType, unknown>>;

export type Procedures = typeof procedures;
export type ProcedureName = keyof Procedures;
export const PROCEDURE_NAMES = Object.keys(procedures) as ProcedureName[];

/** What a caller passes (defaults may be omitted). */
export type Input<K extends ProcedureName> = z.input<Procedures[K]['input']>;
/** What a handler receives, after parsing and defaults. */
export type ParsedInput<K extends ProcedureName> = z.output<Procedures[K]['input']>;
export type Result<K extends ProcedureName> = Procedures[K] extends Procedure<z.ZodType, infer R> ? R : never;

/** The service side: one function per procedure. */
export type Handlers = { [K in ProcedureName]: (input: ParsedInput<K>) => Result<K> | Promise<Result<K>> };

/** Success or a serialized GyreError: what every transport carries. */
export type Envelope<R> = { ok: true; result: R } | { ok: false; error: import('./errors').GyreErrorShape };

/** `projects.create` → `{ projects: { create: fn } }`: the shape of window.gyre and of the typed client. */
type Split<K extends string> = K extends `${infer NS}.${infer M}` ? [NS, M] : never;
export type Namespaces = Split<ProcedureName>[0];
/** The typed client the renderer uses: resolves with the result or rejects with a GyreError. */
export type GyreApi = {
  [NS in Namespaces]: {
    [K in ProcedureName as Split<K>[0] extends NS ? Split<K>[1] : never]: (input: Input<K>) => Promise<Result<K>>;
  };
};

/**
 * What the preload exposes as `window.gyre`: the same named functions, resolving with an Envelope
 * (class instances do not survive contextBridge), plus event subscription. No raw channel.
 */
export type GyreBridge = {
  [NS in Namespaces]: {
    [K in ProcedureName as Split<K>[0] extends NS ? Split<K>[1] : never]: (input: Input<K>) => Promise<Envelope<Result<K>>>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: GyreEvents[E]) => void): () => void;
  /** The path of a file the user dropped or picked (Electron's webUtils); the page never sees the file system otherwise. */
  pathForFile(file: File): string;
};

/** `projects.create` → ['projects', 'create']. */
export function splitProcedureName(name: ProcedureName): [string, string] {
  const dot = name.indexOf('.');
  return [name.slice(0, dot), name.slice(dot + 1)];
}

export function isProcedureName(name: string): name is ProcedureName {
  return Object.prototype.hasOwnProperty.call(procedures, name);
}

export * from './app';
export * from './bundles';
export * from './charter-vocabulary';
export * from './charters';
export * from './criteria';
export * from './datasets';
export * from './evaluations';
export * from './imports';
export * from './jobs';
export * from './labels';
export * from './monitor';
export * from './leaderboard';
export * from './runs';
export * from './serving';
export * from './profiles';
export * from './errors';
export * from './events';
export * from './procedure';
export * from './projects';
export * from './recipe-text';
export * from './recipes';
export * from './registry';
export * from './resample';
export * from './stages';
export * from './studies';
export * from './shadow';
export * from './synthetic';
export * from './archive';
export * from './tour';
