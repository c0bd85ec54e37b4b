/** The real `gyre` CLI as a user runs it, on a given workspace, from the folder above it: exit code, stdout, stderr. */
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GYRE_BIN = fileURLToPath(new URL('../../bin/gyre.mjs', import.meta.url));

export function runGyre(workspace: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [GYRE_BIN, ...args], { encoding: 'utf8', cwd: dirname(workspace), env: { ...process.env, GYRE_WORKSPACE: workspace }, maxBuffer: 1 << 26 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
