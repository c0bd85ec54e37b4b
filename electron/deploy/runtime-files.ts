/**
 * The runtime files every bundle carries (HTTP server, batch scoring, Python scoring…), kept in
 * electron/deploy/templates/ and copied as they are. electron-vite emits the folder beside the bundled main
 * script (electron.vite.config.ts), so it is found from source and from a build alike, as the migrations are.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Beside this file in the source tree; beside the bundled scripts in a build. */
export function defaultTemplatesDir(): string {
  return fileURLToPath(new URL('./templates', import.meta.url));
}

/** Left behind by editors, Python and npm beside the templates; never part of a bundle. */
const SKIPPED = new Set(['__pycache__', 'node_modules']);

/**
 * Every file under `dir`, by its path relative to it ('/'-separated), sorted; none when the folder is absent.
 * Hidden files and caches are left out.
 */
export function runtimeFiles(dir: string = defaultTemplatesDir()): { path: string; bytes: Uint8Array }[] {
  if (!existsSync(dir)) return [];
  const found: { path: string; bytes: Uint8Array }[] = [];
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
      const path = prefix + entry.name;
      if (entry.isDirectory()) walk(join(folder, entry.name), `${path}/`);
      else if (entry.isFile()) found.push({ path, bytes: readFileSync(join(folder, entry.name)) });
    }
  };
  walk(dir, '');
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
