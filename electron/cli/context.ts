/** What every CLI command shares: the workspace, the dispatcher, and how results and failures are printed. */
import type { Command } from 'commander';
import { GyreError, type Input, type ProcedureName, type Result } from '../contract/index';
import type { EventName, GyreEvents } from '../contract/events';
import { dispatch } from '../core/dispatch';
import { createCore, type Core } from '../core/handlers';
import { openWorkspace, resolveWorkspaceDir, type Workspace } from '../core/workspace';
import { nodeWorkerSpawner } from '../jobs/spawn-node';

export interface GlobalOptions {
  workspace?: string;
}

let opened: { ws: Workspace; core: Core } | undefined;
type Listener = <E extends EventName>(event: E, payload: GyreEvents[E]) => void;
const listeners = new Set<Listener>();

/** Events from this process's job queue (the CLI runs its own jobs), e.g. for a progress line. */
export function onEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function coreFor(cmd: Command, host: 'cli' | 'web' = 'cli'): { ws: Workspace; core: Core } {
  if (!opened) {
    const ws = openWorkspace(resolveWorkspaceDir(cmd.optsWithGlobals<GlobalOptions>().workspace));
    const core = createCore({ ws, host, spawnWorker: nodeWorkerSpawner(), emit: (event, payload) => listeners.forEach((l) => l(event, payload)) });
    opened = { ws, core };
  }
  return opened;
}

export async function closeWorkspace(): Promise<void> {
  if (!opened) return;
  const { ws, core } = opened;
  opened = undefined;
  await core.close();
  ws.close();
}

/** Calls a procedure exactly as the window would: through the dispatcher, with the same validation. */
export async function callProcedure<K extends ProcedureName>(cmd: Command, name: K, input: Input<K>): Promise<Result<K>> {
  const { envelope } = await dispatch(coreFor(cmd).core.handlers, name, input);
  if (!envelope.ok) throw new GyreError(envelope.error.code, envelope.error.message, envelope.error.details);
  return envelope.result as Result<K>;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Prints rows as aligned columns. */
export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write([line(headers), ...rows.map(line)].join('\n') + '\n');
}

/** Local time as YYYY-MM-DD HH:MM (Swedish locale formatting happens to be ISO-like). */
export function shortDate(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString('sv-SE').slice(0, 16) : '—';
}
