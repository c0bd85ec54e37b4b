/** What every CLI command shares: the workspace, the dispatcher, and how results and failures are printed. */
import type { Command } from 'commander';
import { GyreError, type Input, type ProcedureName, type Result } from '../contract/index';
import { dispatch } from '../core/dispatch';
import { createHandlers } from '../core/handlers';
import { openWorkspace, resolveWorkspaceDir, type Workspace } from '../core/workspace';

export interface GlobalOptions {
  workspace?: string;
}

let opened: Workspace | undefined;

export function workspaceFor(cmd: Command): Workspace {
  opened ??= openWorkspace(resolveWorkspaceDir(cmd.optsWithGlobals<GlobalOptions>().workspace));
  return opened;
}

export function closeWorkspace(): void {
  opened?.close();
  opened = undefined;
}

/** Calls a procedure exactly as the window would: through the dispatcher, with the same validation. */
export async function callProcedure<K extends ProcedureName>(cmd: Command, name: K, input: Input<K>): Promise<Result<K>> {
  const { envelope } = await dispatch(createHandlers(workspaceFor(cmd), 'cli'), name, input);
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
