/**
 * Where a bundle may be written: an absolute path, a folder that does not exist yet (or is empty) or a .zip file
 * that does not exist yet, in a folder that does. Checked when the export is asked for and again before the
 * finished bundle is moved into place: a bundle never replaces anything.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import type { BundleInput } from '../contract/bundles';
import { GyreError } from '../contract/errors';

type Format = NonNullable<BundleInput['format']>;

export const isZipPath = (path: string) => path.toLowerCase().endsWith('.zip');

/** Refuses a relative path: the main process's working folder means nothing to the person who typed it. */
export function absolutePath(path: string, field: string): string {
  if (!isAbsolute(path)) throw new GyreError('VALIDATION', `Give the full path of the bundle ("${path}" is relative).`, { field });
  return path;
}

export function checkBundleTarget(out: string, format: Format): void {
  absolutePath(out, 'out');
  if (format === 'zip' && !isZipPath(out)) throw new GyreError('VALIDATION', `A zip bundle's file name ends in .zip; "${out}" does not.`, { field: 'out' });
  if (format === 'folder' && isZipPath(out)) throw new GyreError('VALIDATION', `"${out}" names a .zip file: ask for the zip format, or give a folder name.`, { field: 'out' });
  const parent = dirname(out);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new GyreError('VALIDATION', `Cannot write the bundle into ${parent}: that folder does not exist.`, { field: 'out', file: parent });
  if (!existsSync(out)) return;
  if (format === 'zip') throw new GyreError('CONFLICT', `${out} already exists; Gyre does not overwrite a bundle: remove it or choose another name.`, { field: 'out', file: out });
  if (!statSync(out).isDirectory()) throw new GyreError('VALIDATION', `${out} is a file, not a folder; choose another name for the bundle folder.`, { field: 'out', file: out });
  if (readdirSync(out).length > 0) throw new GyreError('CONFLICT', `The folder ${out} is not empty; Gyre writes a bundle only into a new or empty folder.`, { field: 'out', file: out });
}
