/** A realistic row to POST to a bundle's /predict, made from its model.json: what the curl example sends. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BundleField, BundleModel } from '../contract/bundles';
import { GyreError } from '../contract/errors';
import { zipEntry } from './serving-files';

type Value = string | number | null;

/** The middle of a number's observed range (whole when the range is), a date's middle as YYYY-MM-DD, the first category. */
export function exampleValue(f: BundleField): Value {
  const hasRange = f.minimum !== undefined && f.maximum !== undefined;
  const middle = hasRange ? (f.minimum! + f.maximum!) / 2 : null;
  if (f.type === 'string') return f.categories?.[0] ?? (f.nullable ? null : 'text');
  if (f.format === 'date-time') return new Date(middle ?? Date.UTC(2024, 0, 15)).toISOString().slice(0, 10);
  if (middle === null) return f.nullable ? null : 0;
  return Number.isInteger(f.minimum) && Number.isInteger(f.maximum) ? Math.round(middle) : Math.round(middle * 100) / 100;
}

export function exampleRow(fields: BundleField[]): Record<string, Value> {
  return Object.fromEntries(fields.map((f) => [f.name, exampleValue(f)]));
}

/** model.json of a bundle folder or .zip, read without holding the main process's event loop (a zip may be large). */
export async function readBundleModel(path: string, format: 'folder' | 'zip'): Promise<BundleModel> {
  try {
    const bytes = format === 'zip' ? await zipEntry(path, 'model.json') : await readFile(join(path, 'model.json'));
    if (bytes.byteLength === 0) throw new Error('it has no model.json');
    return JSON.parse(new TextDecoder().decode(bytes)) as BundleModel;
  } catch (e) {
    throw new GyreError('NOT_FOUND', `Cannot read model.json of the bundle at ${path}: ${(e as Error).message}`, { file: path });
  }
}
