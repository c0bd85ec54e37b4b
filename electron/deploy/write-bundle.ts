/**
 * Writes a finished bundle, all or nothing: a folder is written into a hidden sibling and renamed into place; a
 * zip is built in memory (fflate), written to a hidden sibling file and renamed. MANIFEST.json comes last, listing
 * every other file with its SHA-256 and size.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import type { ManifestFile } from '../contract/bundles';
import { GyreError } from '../contract/errors';
import { checkBundleTarget } from './target';

export const MANIFEST = 'MANIFEST.json';

export interface BundleFile {
  /** Relative, '/'-separated. */
  path: string;
  bytes: Uint8Array;
}

/** Each file's checksum and size, sorted by path; refuses a path twice or one that could leave the bundle. */
export function manifestFiles(files: BundleFile[]): ManifestFile[] {
  const seen = new Set<string>();
  for (const f of files) {
    if (!isSafePath(f.path) || f.path === MANIFEST) throw new Error(`A bundle cannot hold a file at "${f.path}".`);
    if (seen.has(f.path)) throw new Error(`Two files of the bundle are both named "${f.path}".`);
    seen.add(f.path);
  }
  return files
    .map((f) => ({ path: f.path, sha256: createHash('sha256').update(f.bytes).digest('hex'), size: f.bytes.byteLength }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A relative '/'-separated path that stays inside the bundle. */
export function isSafePath(path: string): boolean {
  return path.length > 0 && !path.startsWith('/') && !path.includes('\\') && !/^[A-Za-z]:/.test(path) && path.split('/').every((p) => p !== '' && p !== '.' && p !== '..');
}

/** Writes the files (MANIFEST.json last) and returns the bundle's size in bytes. */
export function writeBundle(out: string, format: 'folder' | 'zip', files: BundleFile[], createdAt: Date): number {
  checkBundleTarget(out, format);
  const temp = join(dirname(out), `.${basename(out)}.partial-${randomBytes(4).toString('hex')}`);
  try {
    if (format === 'zip') return writeZip(out, temp, files, createdAt);
    for (const f of files) {
      const path = join(temp, ...f.path.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.bytes);
    }
    if (existsSync(out)) rmdirSync(out); // empty: checkBundleTarget said so
    renameSync(temp, out);
    return files.reduce((s, f) => s + f.bytes.byteLength, 0);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    if (e instanceof GyreError) throw e;
    throw new GyreError('FORBIDDEN', `Cannot write the bundle to ${out}: ${(e as Error).message}`, { file: out });
  }
}

function writeZip(out: string, temp: string, files: BundleFile[], createdAt: Date): number {
  const entries: Zippable = {};
  // Insertion order is the archive's order: MANIFEST.json stays last.
  for (const f of files) entries[f.path] = [f.bytes, { mtime: createdAt }];
  const zip = zipSync(entries, { level: 6 });
  writeFileSync(temp, zip);
  renameSync(temp, out);
  return zip.byteLength;
}
