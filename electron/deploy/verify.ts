/**
 * `gyre verify`: checks a bundle folder or .zip against its MANIFEST.json after it crossed an air gap — every listed
 * file's SHA-256 and size recomputed (streamed from a folder, inflated one entry at a time from a zip), and what is
 * altered, missing or extra reported. OK only when nothing is.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { BundleManifest, ManifestFile, VerifyResult } from '../contract/bundles';
import { GyreError } from '../contract/errors';
import { sha256File } from '../core/store/hash-file';
import { MANIFEST, isSafePath } from './write-bundle';

/** A bundle's files, wherever they are. */
interface BundleReader {
  /** Every file's path, '/'-separated. */
  paths: string[];
  /** The file's SHA-256 and size; throws when it cannot be read. */
  digest(path: string): Promise<{ sha256: string; size: number }>;
  text(path: string): string;
}

export async function verify(path: string): Promise<VerifyResult> {
  if (!existsSync(path)) throw new GyreError('NOT_FOUND', `There is no bundle at ${path}.`, { file: path });
  const reader = statSync(path).isDirectory() ? folderReader(path) : zipReader(path);
  const manifest = readManifest(reader, path);
  const result: VerifyResult = { ok: false, checked: 0, altered: [], missing: [], extra: [], problems: [] };
  const present = new Set(reader.paths);
  const listed = new Set<string>();
  for (const file of manifest.files) {
    if (!isSafePath(file.path)) {
      result.problems.push(`MANIFEST.json lists "${file.path}", a path outside the bundle.`);
      continue;
    }
    if (listed.has(file.path)) result.problems.push(`MANIFEST.json lists ${file.path} twice.`);
    listed.add(file.path);
    if (!present.has(file.path)) {
      result.missing.push(file.path);
      continue;
    }
    result.checked++;
    try {
      const actual = await reader.digest(file.path);
      if (actual.sha256 !== file.sha256 || actual.size !== file.size) result.altered.push(file.path);
    } catch (e) {
      result.altered.push(file.path);
      result.problems.push(`${file.path} cannot be read: ${(e as Error).message}`);
    }
  }
  result.extra = reader.paths.filter((p) => p !== MANIFEST && !listed.has(p)).sort();
  result.ok = result.altered.length + result.missing.length + result.extra.length + result.problems.length === 0;
  return result;
}

function readManifest(reader: BundleReader, where: string): BundleManifest {
  if (!reader.paths.includes(MANIFEST)) throw new GyreError('VALIDATION', `${where} has no ${MANIFEST}: it is not a Gyre bundle, or the manifest was lost on the way.`, { file: where });
  let manifest: unknown;
  try {
    manifest = JSON.parse(reader.text(MANIFEST));
  } catch (e) {
    throw new GyreError('VALIDATION', `${MANIFEST} in ${where} is not JSON (${(e as Error).message}); the bundle cannot be checked.`, { file: where });
  }
  const m = manifest as Partial<BundleManifest> | null;
  const wellFormed = (f: Partial<ManifestFile>) => typeof f?.path === 'string' && typeof f.sha256 === 'string' && typeof f.size === 'number';
  if (typeof m !== 'object' || m === null || m.format !== 'gyre-bundle/1' || !Array.isArray(m.files) || !m.files.every(wellFormed)) {
    throw new GyreError('VALIDATION', `${MANIFEST} in ${where} is not a gyre-bundle/1 manifest (format, and files with path, sha256 and size).`, { file: where });
  }
  return m as BundleManifest;
}

function folderReader(root: string): BundleReader {
  const paths: string[] = [];
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(folder, entry.name), `${prefix}${entry.name}/`);
      else paths.push(prefix + entry.name);
    }
  };
  walk(root, '');
  const file = (path: string) => join(root, ...path.split('/'));
  return {
    paths,
    digest: async (path) => ({ sha256: await sha256File(file(path)), size: statSync(file(path)).size }),
    text: (path) => readFileSync(file(path), 'utf8'),
  };
}

function zipReader(zipPath: string): BundleReader {
  const data = readFileSync(zipPath);
  const paths: string[] = [];
  try {
    // The filter sees every entry and inflates none: the listing costs no decompression.
    unzipSync(data, {
      filter: (f) => {
        if (!f.name.endsWith('/')) paths.push(f.name);
        return false;
      },
    });
  } catch (e) {
    throw new GyreError('VALIDATION', `${zipPath} is not a readable zip file (${(e as Error).message}).`, { file: zipPath });
  }
  const entry = (path: string) => {
    const bytes = unzipSync(data, { filter: (f) => f.name === path })[path];
    if (!bytes) throw new Error('the entry is not in the archive');
    return bytes;
  };
  return {
    paths,
    digest: async (path) => {
      const bytes = entry(path);
      return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength };
    },
    text: (path) => new TextDecoder().decode(entry(path)),
  };
}
