/** The app version, read once from package.json (bundled by Vite, read directly under tsx), and the code version of runs. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json' with { type: 'json' };

export const APP_VERSION: string = pkg.version;

let commit: string | null | undefined;

/**
 * The Gyre version that trained a run, with the git commit when Gyre runs from a checkout (development, the CLI
 * from source): "0.1.0+3f9c2a1b7d0e". Packaged apps have no checkout and report the version alone.
 */
export function codeVersion(): string {
  commit ??= gitCommit();
  return commit ? `${APP_VERSION}+${commit.slice(0, 12)}` : APP_VERSION;
}

/** HEAD's commit, read from the first `.git` folder above this file (loose ref or packed-refs); null when none. */
function gitCommit(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++, dir = dirname(dir)) {
    const git = join(dir, '.git');
    if (!existsSync(join(git, 'HEAD'))) continue;
    try {
      const head = readFileSync(join(git, 'HEAD'), 'utf8').trim();
      if (!head.startsWith('ref: ')) return /^[0-9a-f]{40}$/.test(head) ? head : null;
      const ref = head.slice(5);
      if (existsSync(join(git, ref))) return readFileSync(join(git, ref), 'utf8').trim();
      const packed = existsSync(join(git, 'packed-refs')) ? readFileSync(join(git, 'packed-refs'), 'utf8') : '';
      return packed.split('\n').find((line) => line.endsWith(` ${ref}`))?.slice(0, 40) ?? null;
    } catch {
      return null;
    }
  }
  return null;
}
