/**
 * The Gaussian copula: every column mapped to normal scores through its own marginal, the scores' correlation matrix
 * (made positive definite) and its Cholesky factor. Sampling draws correlated normals and maps each back through its
 * column's inverse CDF, so marginals come from the data and dependence from the correlation.
 */
import type { SemanticType } from '../../contract/datasets';
import type { Frame, RawColumn } from '../preprocess/frame';
import { seeded, shuffle, type Random } from '../random';
import { correlationMatrix, validCholesky } from './linalg';
import { fitColumn, valueAt, type FittedColumn, type Marginal } from './marginals';
import { fillNormals, normalCdf, normalQuantile } from './normal';

export interface CopulaColumn {
  name: string;
  semanticType: SemanticType;
  storageType: string;
  /** Numbers (NaN missing) or category indexes into the marginal's levels (−1 missing). */
  encoding: 'number' | 'category';
  marginal: Marginal;
}

export interface CopulaModel {
  columns: CopulaColumn[];
  /** Row-major C × C correlation of the normal scores, as sampled from (after any shrinkage). */
  correlation: Float64Array;
  /** Its lower-triangular Cholesky factor. */
  factor: Float64Array;
  /** How far the pairwise correlations were pulled toward independence to make the matrix valid (0 … 1). */
  shrinkage: number;
  /** Rows the correlation was estimated on (every row's values shape the marginals). */
  fitRows: number;
}

export type EncodedColumn = { kind: 'number'; values: Float64Array } | { kind: 'category'; codes: Int32Array };

/** Rows in the copula's terms, column by column, in the model's column order. */
export interface EncodedTable {
  rows: number;
  columns: EncodedColumn[];
}

/** Correlations are estimated on at most this many rows (every row shapes the marginals): a standard error ≤ 0.005. */
export const FIT_ROWS = 50_000;

/** Independent seeded streams for fitting, sampling and the report's samples, from one user seed. */
export function stream(seed: number, purpose: number): Random {
  return seeded((Math.imul(seed >>> 0, 2654435761) + Math.imul(purpose, 40503)) >>> 0);
}

/** A seeded sample of `max` row indexes out of `n` (all of them when n ≤ max), ascending. */
export function sampleRows(n: number, max: number, random: Random): Uint32Array {
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  if (n <= max) return all;
  return shuffle(all, random).subarray(0, max).sort();
}

/**
 * Scores spread at random within a few-valued column's intervals correlate with another column `retained` times as
 * strongly as the latent normal does (exactly so against a continuous column; to first order between two few-valued
 * ones), and sampling through the intervals weakens it once more: the measured correlation is divided back.
 */
function latentCorrelation(measured: Float64Array, retained: number[]): Float64Array {
  const c = retained.length;
  return measured.map((r, k) => {
    const [i, j] = [Math.floor(k / c), k % c];
    return i === j ? 1 : Math.max(-0.999, Math.min(0.999, r / (retained[i]! * retained[j]!)));
  });
}

/** Below this correlation ratio a category's order follows its frequencies: no other column says better. */
const ORDER_ETA = 0.05;

/**
 * The order of a category's intervals decides what one correlation can carry: frequency order (the usual choice)
 * scrambles a category that rises with a number. Levels are ordered by their mean normal score in the column they are
 * most associated with (largest correlation ratio η), or kept in frequency order when none reaches ORDER_ETA.
 */
function associatedOrder(levels: string[], values: (string | null)[], fitRows: Uint32Array, scores: Float64Array[], self: number): string[] | null {
  const index = new Map(levels.map((l, i) => [l, i]));
  const codes = Int32Array.from(fitRows, (r) => (values[r] === null ? -1 : (index.get(values[r]!) ?? -1)));
  let best: { eta: number; means: Float64Array } | null = null;
  for (const [j, z] of scores.entries()) {
    if (j === self) continue;
    const sums = new Float64Array(levels.length);
    const counts = new Float64Array(levels.length);
    let total = 0;
    let n = 0;
    for (let i = 0; i < codes.length; i++) {
      if (codes[i]! < 0 || Number.isNaN(z[i]!)) continue;
      sums[codes[i]!]! += z[i]!;
      counts[codes[i]!]!++;
      total += z[i]!;
      n++;
    }
    if (n < 2) continue;
    const mean = total / n;
    const means = sums.map((s, k) => (counts[k]! > 0 ? s / counts[k]! : mean));
    let between = 0;
    let all = 0;
    for (let k = 0; k < levels.length; k++) between += counts[k]! * (means[k]! - mean) ** 2;
    for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0 && !Number.isNaN(z[i]!)) all += (z[i]! - mean) ** 2;
    const eta = all > 0 ? Math.sqrt(between / all) : 0;
    if (eta >= ORDER_ETA && (!best || eta > best.eta)) best = { eta, means };
  }
  if (!best) return null;
  const { means } = best;
  return levels.map((level, k) => ({ level, mean: means[k]! })).sort((a, b) => a.mean - b.mean || (a.level < b.level ? -1 : 1)).map((x) => x.level);
}

export function fitCopula(frame: Frame, storageTypes: Record<string, string>, seed: number): CopulaModel {
  const random = stream(seed, 1);
  const fitRows = sampleRows(frame.rows, FIT_ROWS, random);
  const storage = (c: RawColumn) => storageTypes[c.name] ?? 'DOUBLE';
  const toScores = (u: Float64Array) => u.map((p) => (Number.isNaN(p) ? NaN : normalQuantile(p)));
  const fitted: FittedColumn[] = frame.columns.map((c) => fitColumn(c, storage(c), fitRows, random));
  const scores = fitted.map((f) => toScores(f.u));
  frame.columns.forEach((c, j) => {
    const m = fitted[j]!.marginal;
    if (c.kind !== 'string' || m.kind !== 'categorical' || m.levels.length < 3) return;
    const order = associatedOrder(m.levels, c.values, fitRows, scores, j);
    if (!order) return;
    fitted[j] = fitColumn(c, storage(c), fitRows, random, order);
    scores[j] = toScores(fitted[j]!.u);
  });
  const columns = frame.columns.map((c, j): CopulaColumn => ({ name: c.name, semanticType: c.semanticType, storageType: storage(c), encoding: c.kind === 'number' ? 'number' : 'category', marginal: fitted[j]!.marginal }));
  const { factor, matrix, shrinkage } = validCholesky(
    latentCorrelation(
      correlationMatrix(scores),
      fitted.map((f) => f.retained),
    ),
    columns.length,
  );
  return { columns, correlation: matrix, factor, shrinkage, fitRows: fitRows.length };
}

function emptyColumn(c: CopulaColumn, rows: number): EncodedColumn {
  return c.encoding === 'number' ? { kind: 'number', values: new Float64Array(rows) } : { kind: 'category', codes: new Int32Array(rows) };
}

/** Writes one generated row at `row` of `out`. `eps` and `z` are scratch arrays of the column count. */
function sampleRow(model: CopulaModel, random: Random, out: EncodedColumn[], row: number, eps: Float64Array): void {
  const c = model.columns.length;
  fillNormals(eps, random);
  for (let j = 0; j < c; j++) {
    let z = 0;
    for (let k = 0; k <= j; k++) z += model.factor[j * c + k]! * eps[k]!;
    const m = model.columns[j]!.marginal;
    const column = out[j]!;
    const missing = m.kind === 'missing' || (m.missing > 0 && random.next() < m.missing);
    const value = missing ? NaN : valueAt(m as Exclude<Marginal, { kind: 'missing' }>, normalCdf(z));
    if (column.kind === 'number') column.values[row] = value;
    else column.codes[row] = missing ? -1 : value;
  }
}

/** Room for `n` generated rows. */
export function allocateTable(model: CopulaModel, n: number): EncodedTable {
  return { rows: n, columns: model.columns.map((c) => emptyColumn(c, n)) };
}

/** Generates rows `from` … `to` − 1 of `table` (so a long run can report progress between slices). */
export function sampleInto(model: CopulaModel, table: EncodedTable, from: number, to: number, random: Random): void {
  const eps = new Float64Array(model.columns.length);
  for (let r = from; r < to; r++) sampleRow(model, random, table.columns, r, eps);
}

/** `n` new rows from the fitted copula. */
export function sampleCopula(model: CopulaModel, n: number, random: Random): EncodedTable {
  const table = allocateTable(model, n);
  sampleInto(model, table, 0, n, random);
  return table;
}

/** Redraws the rows listed, in place (what the copy check asks for). */
export function resampleRows(model: CopulaModel, table: EncodedTable, rows: ArrayLike<number>, random: Random): void {
  const eps = new Float64Array(model.columns.length);
  for (let i = 0; i < rows.length; i++) sampleRow(model, random, table.columns, rows[i]!, eps);
}

/** Real rows in the model's terms: numbers as read, categories as indexes of the model's levels (−1: missing or unseen). */
export function encodeFrame(model: CopulaModel, frame: Frame): EncodedTable {
  const columns = model.columns.map((c): EncodedColumn => {
    const raw = frame.columns.find((f) => f.name === c.name);
    if (!raw) throw new Error(`The table has no column "${c.name}".`);
    if (raw.kind === 'number') return { kind: 'number', values: raw.values.map((v) => (Number.isFinite(v) ? v : NaN)) };
    const index = new Map(c.marginal.kind === 'categorical' ? c.marginal.levels.map((l, i) => [l, i]) : []);
    return { kind: 'category', codes: Int32Array.from(raw.values, (v) => (v === null ? -1 : (index.get(v) ?? -1))) };
  });
  return { rows: frame.rows, columns };
}

/** Keeps only the listed rows, in order. */
export function takeRows(table: EncodedTable, rows: ArrayLike<number>): EncodedTable {
  const pick = <A extends Float64Array | Int32Array>(a: A): A => {
    const out = new (a.constructor as new (n: number) => A)(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = a[rows[i]!]!;
    return out;
  };
  return { rows: rows.length, columns: table.columns.map((c) => (c.kind === 'number' ? { kind: 'number', values: pick(c.values) } : { kind: 'category', codes: pick(c.codes) })) };
}
