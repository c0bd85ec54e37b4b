/** A realistic row to POST to a bundle's /predict, made from its model.json: what the curl example sends. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { BundleField, BundleModel } from '../contract/bundles';
import { GyreError } from '../contract/errors';

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

/** model.json of a bundle folder or .zip. */
export function readBundleModel(path: string, format: 'folder' | 'zip'): BundleModel {
  try {
    const bytes = format === 'zip' ? unzipSync(readFileSync(path), { filter: (f) => f.name === 'model.json' })['model.json'] : readFileSync(join(path, 'model.json'));
    if (!bytes) throw new Error('it has no model.json');
    return JSON.parse(new TextDecoder().decode(bytes)) as BundleModel;
  } catch (e) {
    throw new GyreError('NOT_FOUND', `Cannot read model.json of the bundle at ${path}: ${(e as Error).message}`, { file: path });
  }
}
