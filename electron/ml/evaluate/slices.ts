/**
 * Error analysis by slices: each raw column cut into slices (quantile bins of a number, the top categories of a
 * string, and "missing"), the mean error of each, and the weakest slices across all columns.
 */
import { GyreError } from '../../contract/errors';
import type { Frame, RawColumn } from '../preprocess/frame';

export const TOP_CATEGORIES = 10;

export interface SliceOptions {
  /** Quantile bins per number column; default 5. */
  bins?: number;
  /** Fewest rows a slice needs to be ranked; default the larger of 30 and 1% of rows. */
  minRows?: number;
  /** Columns to leave out, such as identifiers. */
  exclude?: readonly string[];
  /** How many of the weakest slices to rank; default 10. */
  top?: number;
}

export interface Slice {
  column: string;
  label: string;
  /** 'range' is a bin [lower, upper) (the last one closed); 'value' one distinct number; 'category' one string. */
  kind: 'range' | 'value' | 'category' | 'other' | 'missing';
  /** Exact edges of a range, or the value of a 'value' slice (lower = upper). */
  lower?: number;
  upper?: number;
  rows: number;
  /** Mean of the per-row error: the error rate for 0/1 errors, the mean absolute error for regression. */
  meanError: number;
  /** meanError − the mean error over all rows; positive means worse than overall. */
  difference: number;
}

export interface ColumnSlices {
  column: string;
  slices: Slice[];
}

export interface SliceReport {
  rows: number;
  overallError: number;
  minRows: number;
  columns: ColumnSlices[];
  /** Slices with at least minRows rows, highest mean error first (ties: more rows first). */
  weakest: Slice[];
}

interface Cut {
  /** Slice index per row. */
  of: Uint32Array;
  slices: Omit<Slice, 'column' | 'rows' | 'meanError' | 'difference'>[];
}

function invalid(message: string, field: string): GyreError {
  return new GyreError('VALIDATION', message, { field });
}

/** Edges as short as they can be while still telling every edge apart: 3 significant digits, more if needed. */
function edgeLabels(edges: number[], datetime: boolean): string[] {
  const formats: ((v: number) => string)[] = datetime
    ? [(v) => new Date(v).toISOString().slice(0, 10), (v) => new Date(v).toISOString().slice(0, 16).replace('T', ' '), (v) => new Date(v).toISOString()]
    : [3, 4, 5, 6, 8, 10, 12, 15, 17].map((p) => (v: number) => String(Number(v.toPrecision(p))));
  for (const format of formats) {
    const labels = edges.map((v) => (Number.isFinite(v) ? format(v) : String(v)));
    if (new Set(labels).size === labels.length) return labels;
  }
  return edges.map(String);
}

/**
 * Lower edges of the quantile bins, each an actual value of the column (the value at rank ⌊i·m/bins⌋ of the m
 * sorted values), deduplicated: every bin holds at least its own lower edge, so ties never leave a bin empty.
 */
function lowerEdges(sorted: Float64Array, bins: number): number[] {
  const edges: number[] = [];
  for (let i = 0; i < bins; i++) {
    const v = sorted[Math.floor((i * sorted.length) / bins)]!;
    if (edges.length === 0 || v > edges[edges.length - 1]!) edges.push(v);
  }
  return edges;
}

function distinctValues(sorted: Float64Array, limit: number): number[] | null {
  const values: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    if (values.length === limit) return null;
    values.push(sorted[i]!);
  }
  return values;
}

/** The last index whose edge is at or below v. */
function binOf(edges: number[], v: number): number {
  let lo = 0;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function valueLabels(values: number[], semanticType: string): string[] {
  if (semanticType === 'boolean') return values.map((v) => (v === 0 ? 'false' : v === 1 ? 'true' : String(v)));
  return edgeLabels(values, semanticType === 'datetime');
}

/** A number column: one slice per distinct value when there are at most `bins` of them, else quantile bins. */
function cutNumbers(values: Float64Array, bins: number, semanticType: string): Cut {
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  const max = present[present.length - 1]!;
  const few = distinctValues(present, bins);
  const edges = few ?? lowerEdges(present, bins);
  const points = few || edges[edges.length - 1] === max ? edges : [...edges, max];
  const labels = valueLabels(points, semanticType);
  const slices: Cut['slices'] = edges.map((lower, b) => {
    const last = b === edges.length - 1;
    const upper = few ? lower : last ? max : edges[b + 1]!;
    if (lower === upper) return { label: labels[b]!, kind: few ? 'value' : 'range', lower, upper };
    return { label: `[${labels[b]}, ${labels[b + 1]}${last ? ']' : ')'}`, kind: 'range', lower, upper };
  });
  const missing = slices.length;
  const of = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) of[i] = Number.isNaN(values[i]!) ? missing : binOf(edges, values[i]!);
  if (present.length < values.length) slices.push({ label: 'missing', kind: 'missing' });
  return { of, slices };
}

/** A string column: the most frequent categories (ties by name), the rest as "other", and "missing". */
function cutStrings(values: readonly (string | null)[]): Cut {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP_CATEGORIES).map(([v]) => v);
  const slices: Cut['slices'] = top.map((label) => ({ label, kind: 'category' }));
  const index = new Map(top.map((v, i) => [v, i]));
  const other = top.length < counts.size ? slices.push({ label: 'other', kind: 'other' }) - 1 : -1;
  const missing = values.includes(null) ? slices.push({ label: 'missing', kind: 'missing' }) - 1 : -1;
  const of = Uint32Array.from(values, (v) => (v === null ? missing : index.get(v) ?? other));
  return { of, slices };
}

function cutColumn(column: RawColumn, bins: number): Cut {
  if (column.kind === 'number') return cutNumbers(column.values, bins, column.semanticType);
  return cutStrings(column.values);
}

function measure(column: string, cut: Cut, error: Float64Array, overall: number): Slice[] {
  const sum = new Float64Array(cut.slices.length);
  const rows = new Float64Array(cut.slices.length);
  for (let i = 0; i < error.length; i++) {
    sum[cut.of[i]!]! += error[i]!;
    rows[cut.of[i]!]! += 1;
  }
  return cut.slices.map((s, k) => {
    const meanError = sum[k]! / rows[k]!;
    return { column, ...s, rows: rows[k]!, meanError, difference: meanError - overall };
  });
}

function checkInputs(frame: Frame, error: Float64Array, bins: number): void {
  if (frame.rows === 0) throw invalid('The table is empty; slices need at least one row.', 'frame');
  if (error.length !== frame.rows) throw invalid(`The table has ${frame.rows} rows but the errors have ${error.length}.`, 'error');
  for (let i = 0; i < error.length; i++) {
    if (!Number.isFinite(error[i]!)) throw new GyreError('VALIDATION', `Errors must be finite numbers; row ${i} holds ${error[i]}.`, { field: 'error', row: i });
  }
  for (const c of frame.columns) {
    if (c.values.length !== frame.rows) throw new GyreError('VALIDATION', `Column "${c.name}" has ${c.values.length} values for ${frame.rows} rows.`, { field: 'frame', column: c.name });
  }
  if (!Number.isInteger(bins) || bins < 2) throw invalid(`bins must be a whole number of at least 2; got ${bins}.`, 'bins');
}

/**
 * Slices of every column not excluded, with each slice's mean error and its difference from the overall mean;
 * `error` is 0/1 per row for classification or the absolute error for regression.
 */
export function errorSlices(frame: Frame, error: Float64Array, options: SliceOptions = {}): SliceReport {
  const bins = options.bins ?? 5;
  checkInputs(frame, error, bins);
  const minRows = options.minRows ?? Math.max(30, Math.ceil(frame.rows / 100));
  const exclude = new Set(options.exclude ?? []);
  let total = 0;
  for (let i = 0; i < error.length; i++) total += error[i]!;
  const overallError = total / frame.rows;
  const columns = frame.columns
    .filter((c) => !exclude.has(c.name))
    .map((c) => ({ column: c.name, slices: measure(c.name, cutColumn(c, bins), error, overallError) }));
  const weakest = columns
    .flatMap((c) => c.slices)
    .filter((s) => s.rows >= minRows)
    .sort((a, b) => b.meanError - a.meanError || b.rows - a.rows)
    .slice(0, options.top ?? 10);
  return { rows: frame.rows, overallError, minRows, columns, weakest };
}
