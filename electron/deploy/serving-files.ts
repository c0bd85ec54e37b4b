/**
 * What a bundle needs on disk before Gyre serves it: checked against its MANIFEST (and against the manifest Gyre
 * recorded when it exported it), a .zip unpacked once under the workspace, and a module-resolution hook so the
 * bundle's bare `onnxruntime-node` / `hyparquet` imports load Gyre's own installed packages — no `npm install`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzip } from 'fflate';
import type { VerifyResult } from '../contract/bundles';
import { GyreError } from '../contract/errors';
import { isSafePath, MANIFEST } from './write-bundle';

/** An exported bundle as serving needs it (a row of the `bundles` table). */
export interface ServedBundle {
  id: string;
  /** NAME@VERSION. */
  ref: string;
  path: string;
  format: 'folder' | 'zip';
  manifestSha256: string;
}

export type VerifyBundle = (path: string) => Promise<VerifyResult>;

/** The packages a bundle imports by name; hyparquet is optional (Parquet input to predict.mjs only). */
const PACKAGES = ['onnxruntime-node', 'hyparquet'];

/** Where a bundle's served copy and prediction log live: `<workspace>/serving/<bundleId>/`. */
export function servingFolder(root: string, bundleId: string): string {
  return join(root, bundleId);
}

/** The folder to run serve.mjs in: the bundle folder itself, or the unpacked copy of a .zip — verified either way. */
export async function prepareBundle(root: string, bundle: ServedBundle, verify: VerifyBundle): Promise<string> {
  if (bundle.format === 'folder') {
    await checked(bundle, bundle.path, verify);
    return bundle.path;
  }
  const copy = join(servingFolder(root, bundle.id), 'bundle');
  // Unpacked once: a copy whose MANIFEST is the exported one is re-verified (cheap) instead of unpacked again.
  if (existsSync(join(copy, MANIFEST)) && sha256(readFileSync(join(copy, MANIFEST))) === bundle.manifestSha256) {
    await checked(bundle, copy, verify);
    return copy;
  }
  await checked(bundle, bundle.path, verify);
  await unpack(bundle.path, copy);
  return copy;
}

async function checked(bundle: ServedBundle, path: string, verify: VerifyBundle): Promise<void> {
  const result = await verify(path);
  if (!result.ok) {
    const what = [...result.altered.map((f) => `${f} is altered`), ...result.missing.map((f) => `${f} is missing`), ...result.extra.map((f) => `${f} is not in ${MANIFEST}`), ...result.problems];
    throw new GyreError('VALIDATION', `${bundle.ref} at ${path} does not match its ${MANIFEST}, so Gyre will not serve it: ${what.join('; ')}. Export the model version again.`, {
      file: path,
      altered: result.altered,
      missing: result.missing,
      extra: result.extra,
    });
  }
  // A consistent bundle whose manifest was rewritten is not the one Gyre exported.
  const manifest = bundle.format === 'zip' && path === bundle.path ? await zipEntry(path, MANIFEST) : await readFile(join(path, MANIFEST));
  if (sha256(manifest) !== bundle.manifestSha256) {
    throw new GyreError('VALIDATION', `${MANIFEST} of ${bundle.ref} at ${path} is not the one Gyre wrote when it exported the bundle (its SHA-256 changed), so Gyre will not serve it. Export the model version again.`, { file: join(path, MANIFEST) });
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function inflate(zip: Uint8Array, filter?: (name: string) => boolean): Promise<Record<string, Uint8Array>> {
  return new Promise((resolve, reject) => unzip(zip, filter ? { filter: (f) => filter(f.name) } : {}, (error, files) => (error ? reject(error) : resolve(files))));
}

/** One entry of a .zip, inflated off the event loop; empty when the zip has no such entry. */
export async function zipEntry(path: string, name: string): Promise<Uint8Array> {
  return (await inflate(await readFile(path), (n) => n === name))[name] ?? new Uint8Array();
}

/** Inflates off the event loop into a hidden sibling, then renames it into place: a half-written copy is never served. */
async function unpack(zipPath: string, folder: string): Promise<void> {
  const files = await inflate(await readFile(zipPath));
  const temp = `${folder}.partial-${randomBytes(4).toString('hex')}`;
  try {
    for (const [name, bytes] of Object.entries(files)) {
      if (name.endsWith('/')) continue;
      if (!isSafePath(name)) throw new GyreError('VALIDATION', `${zipPath} holds "${name}", a path outside the bundle.`, { file: zipPath });
      const path = join(temp, ...name.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
    }
    rmSync(folder, { recursive: true, force: true });
    renameSync(temp, folder);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    throw e;
  }
}

/** Where Gyre's own copy of each package is, as file URLs; a package that is not installed is left out. */
function packageUrls(): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      urls[name] = import.meta.resolve(name);
    } catch {
      // Only hyparquet may be missing: the bundle's own message then says to install it.
    }
  }
  if (!urls['onnxruntime-node']) throw new GyreError('INTERNAL', 'Gyre cannot find its own onnxruntime-node package to serve the bundle with; reinstall Gyre.');
  return urls;
}

/**
 * Writes the two small modules the child is started with (`--import` the returned URL): one registers the other as
 * a resolve hook mapping the bundle's bare package names to Gyre's packages. Rewritten at every start, so they follow
 * Gyre to wherever it is installed now.
 */
export function writeResolveHooks(root: string): string {
  mkdirSync(root, { recursive: true });
  const hooks = join(root, 'resolve-hooks.mjs');
  const entry = join(root, 'resolve-packages.mjs');
  const header = '// Written by Gyre for the bundles it serves locally: a bundle imports its packages by name and has no node_modules.\n';
  writeFileSync(
    hooks,
    `${header}const PACKAGES = ${JSON.stringify(packageUrls(), null, 2)};\n\n` +
      'export async function resolve(specifier, context, nextResolve) {\n' +
      '  return Object.hasOwn(PACKAGES, specifier) ? { url: PACKAGES[specifier], shortCircuit: true } : nextResolve(specifier, context);\n}\n',
  );
  writeFileSync(entry, `${header}import { register } from 'node:module';\n\nregister('./resolve-hooks.mjs', import.meta.url);\n`);
  return pathToFileURL(entry).href;
}
