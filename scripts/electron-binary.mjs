// Finds the installed Electron executable without triggering the electron package's download-on-require.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('../node_modules/electron/', import.meta.url));

/** @returns {string | null} the executable's path, or null when no Electron runtime is installed */
export function electronBinary() {
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkgDir, 'dist');
  const full = join(dist, relative);
  return existsSync(full) ? full : null;
}
