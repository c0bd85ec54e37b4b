/**
 * Partial dependence and ICE curves for any model (sklearn.inspection.partial_dependence, method "brute"): set one
 * column to each grid value for every sampled row, score, and average. The grid copies are concatenated so the
 * model is called as few times as the chunk size allows.
 */
import { GyreError } from '../../contract/errors';
import { quantileSorted } from '../metrics/bootstrap';
import type { Frame, RawColumn } from '../preprocess/frame';
import { columnIndex, sampleRows, scoreChecked, takeRows, type ScoreRows } from './frame-edit';

export interface PartialDependenceOptions {
  /** Numeric grid size before duplicates are dropped; default 20 (sklearn's grid_resolution). */
  gridPoints?: number;
  /** Numeric grid spans these quantiles of the non-missing values; default [0.05, 0.95]. */
  percentiles?: [number, number];
  /** String columns: the most frequent categories, at most this many; default 20. */
  maxCategories?: number;
  /** Rows averaged, a seeded sample; default 1000 (all rows when fewer). */
  maxRows?: number;
  /** ICE lines returned, drawn from the averaged rows; default 50, 0 for none. */
  iceRows?: number;
  /** Default 0. */
  seed?: number;
  /** Most rows per model call; default 200,000. */
  chunkRows?: number;
}

export type PartialDependenceGrid = { kind: 'number'; grid: Float64Array } | { kind: 'string'; grid: string[] };

export type PartialDependence = PartialDependenceGrid & {
  column: string;
  /** Mean model output at each grid value. */
  average: Float64Array;
  /** One line per ICE row: the model output of that row at each grid value. */
  ice: { rows: Uint32Array; lines: Float64Array[] };
};

export async function partialDependence(frame: Frame, column: string, score: ScoreRows, options: PartialDependenceOptions = {}): Promise<PartialDependence> {
  const seed = options.seed ?? 0;
  const chunkRows = options.chunkRows ?? 200_000;
  if (!(Number.isInteger(chunkRows) && chunkRows >= 1)) throw new GyreError('VALIDATION', `chunkRows must be a whole number of at least 1, got ${chunkRows}.`, { field: 'chunkRows' });
  const index = columnIndex(frame, column);
  const grid = gridFor(frame.columns[index]!, options);
  const sample = sampleRows(frame.rows, options.maxRows ?? 1000, seed);
  if (sample.length === 0) throw new GyreError('VALIDATION', 'Partial dependence needs at least one row.', { field: 'rows' });
  const data = sample.length === frame.rows ? frame : takeRows(frame, sample);
  const n = data.rows;
  const points = grid.grid.length;

  const scores = new Float64Array(points * n);
  for (let start = 0; start < scores.length; start += chunkRows) {
    const end = Math.min(start + chunkRows, scores.length);
    scores.set(await scoreChecked(score, gridCopies(data, index, grid, start, end)), start);
  }

  const average = new Float64Array(points);
  for (let g = 0; g < points; g++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += scores[g * n + i]!;
    average[g] = sum / n;
  }
  const iceRows = options.iceRows ?? 50;
  const picked = iceRows === 0 ? new Uint32Array(0) : sampleRows(n, iceRows, seed + 1);
  const lines = Array.from(picked, (i) => Float64Array.from({ length: points }, (_, g) => scores[g * n + i]!));
  return { ...grid, column, average, ice: { rows: Uint32Array.from(picked, (i) => sample[i]!), lines } };
}

/** The grid sklearn would use: every distinct value when there are fewer than gridPoints, else quantiles; top categories for strings. */
export function gridFor(column: RawColumn, options: PartialDependenceOptions = {}): PartialDependenceGrid {
  if (column.kind === 'string') return { kind: 'string', grid: topCategories(column, options.maxCategories ?? 20) };
  const gridPoints = options.gridPoints ?? 20;
  const [low, high] = options.percentiles ?? [0.05, 0.95];
  if (!(Number.isInteger(gridPoints) && gridPoints >= 2)) throw new GyreError('VALIDATION', `gridPoints must be a whole number of at least 2, got ${gridPoints}.`, { field: 'gridPoints' });
  if (!(low >= 0 && low < high && high <= 1)) throw new GyreError('VALIDATION', `percentiles must satisfy 0 ≤ low < high ≤ 1, got [${low}, ${high}].`, { field: 'percentiles' });
  const present = column.values.filter((v) => !Number.isNaN(v)).sort();
  if (present.length === 0) throw new GyreError('VALIDATION', `Column "${column.name}" has no values to build a grid from.`, { column: column.name });
  const distinct = unique(present);
  if (distinct.length < gridPoints) return { kind: 'number', grid: distinct };
  const quantiles = Float64Array.from({ length: gridPoints }, (_, i) => quantileSorted(present, low + ((high - low) * i) / (gridPoints - 1)));
  return { kind: 'number', grid: unique(quantiles) };
}

/** Ascending values with repeats dropped. */
function unique(sorted: Float64Array): Float64Array {
  return sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
}

function topCategories(column: Extract<RawColumn, { kind: 'string' }>, max: number): string[] {
  if (!(Number.isInteger(max) && max >= 1)) throw new GyreError('VALIDATION', `maxCategories must be a whole number of at least 1, got ${max}.`, { field: 'maxCategories' });
  const counts = new Map<string, number>();
  for (const v of column.values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size === 0) throw new GyreError('VALIDATION', `Column "${column.name}" has no values to build a grid from.`, { column: column.name });
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, max)
    .map(([value]) => value);
}

/** Rows [start, end) of the virtual frame "grid copy g, data row i" at position g·n + i. */
function gridCopies(data: Frame, index: number, grid: PartialDependenceGrid, start: number, end: number): Frame {
  const n = data.rows;
  const rows = end - start;
  const columns = data.columns.map((c, j): RawColumn => {
    if (j !== index) {
      if (c.kind === 'number') return { ...c, values: Float64Array.from({ length: rows }, (_, r) => c.values[(start + r) % n]!) };
      return { ...c, values: Array.from({ length: rows }, (_, r) => c.values[(start + r) % n] ?? null) };
    }
    if (c.kind === 'number' && grid.kind === 'number') return { ...c, values: Float64Array.from({ length: rows }, (_, r) => grid.grid[Math.floor((start + r) / n)]!) };
    if (c.kind === 'string' && grid.kind === 'string') return { ...c, values: Array.from({ length: rows }, (_, r) => grid.grid[Math.floor((start + r) / n)]!) };
    throw new GyreError('INTERNAL', `The grid of column "${c.name}" does not match its kind.`);
  });
  return { rows, columns };
}
