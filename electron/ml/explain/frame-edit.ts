/**
 * Small edits of raw frames for the model-agnostic explainers: pick rows, swap one column while sharing the
 * others, fill a column with one value, and a seeded row sample. Nothing here mutates its input.
 */
import { GyreError } from '../../contract/errors';
import type { Frame, RawColumn } from '../preprocess/frame';
import { seeded, shuffle } from '../random';

/** Any model seen through raw frames: one number per row (a probability or the regression value). */
export type ScoreRows = (frame: Frame) => Promise<Float64Array>;

/** The position of a column by name, or a GyreError naming it. */
export function columnIndex(frame: Frame, name: string): number {
  const index = frame.columns.findIndex((c) => c.name === name);
  if (index < 0) throw new GyreError('VALIDATION', `The table has no column "${name}".`, { column: name });
  return index;
}

/** The column's values at the given rows, in that order. */
export function gatherColumn(column: RawColumn, rows: ArrayLike<number>): RawColumn {
  if (column.kind === 'number') {
    const values = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) values[i] = column.values[rows[i]!]!;
    return { ...column, values };
  }
  const values = new Array<string | null>(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = column.values[rows[i]!] ?? null;
  return { ...column, values };
}

/** A frame of the given rows (repeats allowed), every column gathered. */
export function takeRows(frame: Frame, rows: ArrayLike<number>): Frame {
  return { rows: rows.length, columns: frame.columns.map((c) => gatherColumn(c, rows)) };
}

/** The frame with column `index` replaced; every other column is the same object, not a copy. */
export function replaceColumn(frame: Frame, index: number, column: RawColumn): Frame {
  return { rows: frame.rows, columns: frame.columns.map((c, i) => (i === index ? column : c)) };
}

/** A column like `column` holding `value` in each of `rows` rows. */
export function constantColumn(column: RawColumn, value: number | string | null, rows: number): RawColumn {
  if (column.kind === 'number') return { ...column, values: new Float64Array(rows).fill(typeof value === 'number' ? value : NaN) };
  return { ...column, values: new Array<string | null>(rows).fill(typeof value === 'string' ? value : null) };
}

/** Up to `max` distinct row indices drawn with the seed, ascending; every row when `max` is absent or large enough. */
export function sampleRows(rows: number, max: number | undefined, seed: number): Uint32Array {
  const all = Uint32Array.from({ length: rows }, (_, i) => i);
  if (max === undefined || max >= rows) return all;
  if (!(Number.isInteger(max) && max >= 1)) throw new GyreError('VALIDATION', `The row limit must be a whole number of at least 1, got ${max}.`, { field: 'maxRows' });
  return shuffle(all, seeded(seed)).slice(0, max).sort();
}

/** Calls `score` and checks it answered one number per row. */
export async function scoreChecked(score: ScoreRows, frame: Frame): Promise<Float64Array> {
  const out = await score(frame);
  if (out.length !== frame.rows) throw new GyreError('INTERNAL', `The model returned ${out.length} scores for ${frame.rows} rows.`);
  return out;
}
