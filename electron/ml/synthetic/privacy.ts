/**
 * Distance to the closest real record: how near each synthetic row sits to a real row, against how near a held-out
 * real row sits to the other real rows. Synthetic rows far closer than that would be near-copies of real people.
 */
import type { NearestNeighbourCheck } from '../../contract/synthetic';
import { shuffle, type Random } from '../random';
import { sampleRows, type CopulaColumn, type EncodedTable } from './copula';

export const NEIGHBOUR_ROWS = { reference: 3_000, holdout: 1_000, synthetic: 1_000 };
export const LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95];

interface Space {
  /** Per column: standardize (numbers) or compare for equality (categories, booleans). */
  numeric: boolean[];
  mean: Float64Array;
  std: Float64Array;
}

function spaceOf(columns: CopulaColumn[], real: EncodedTable): Space {
  const numeric = columns.map((c) => c.encoding === 'number' && c.semanticType !== 'boolean');
  const mean = new Float64Array(columns.length);
  const std = new Float64Array(columns.length).fill(1);
  real.columns.forEach((column, j) => {
    if (!numeric[j] || column.kind !== 'number') return;
    let n = 0;
    let sum = 0;
    for (const v of column.values) {
      if (Number.isNaN(v)) continue;
      n++;
      sum += v;
    }
    const m = n ? sum / n : 0;
    let squares = 0;
    for (const v of column.values) if (!Number.isNaN(v)) squares += (v - m) ** 2;
    mean[j] = m;
    std[j] = n > 1 && squares > 0 ? Math.sqrt(squares / (n - 1)) : 1;
  });
  return { numeric, mean, std };
}

/** Row-major points: standardized numbers (NaN missing), category codes (−1 missing). */
function points(table: EncodedTable, rows: ArrayLike<number>, space: Space): Float64Array {
  const c = table.columns.length;
  const out = new Float64Array(rows.length * c);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    for (let j = 0; j < c; j++) {
      const column = table.columns[j]!;
      const v = column.kind === 'number' ? column.values[row]! : column.codes[row]!;
      out[i * c + j] = space.numeric[j] ? (v - space.mean[j]!) / space.std[j]! : Number.isNaN(v) ? -1 : v;
    }
  }
  return out;
}

/**
 * Squared distance: a standardized difference squared per number, 1 for a category mismatch (a one-hot encoding
 * scaled by 1/√2), 1 where only one side is missing. Stops early once past `bound`.
 */
function distance2(a: Float64Array, i: number, b: Float64Array, k: number, numeric: boolean[], bound: number): number {
  const c = numeric.length;
  let d = 0;
  for (let j = 0; j < c && d < bound; j++) {
    const x = a[i * c + j]!;
    const y = b[k * c + j]!;
    if (numeric[j]) {
      const mx = Number.isNaN(x);
      const my = Number.isNaN(y);
      d += mx || my ? (mx && my ? 0 : 1) : (x - y) ** 2;
    } else d += x === y ? 0 : 1;
  }
  return d;
}

function nearest(queries: Float64Array, reference: Float64Array, numeric: boolean[]): Float64Array {
  const c = numeric.length;
  const q = queries.length / c;
  const r = reference.length / c;
  const out = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    let best = Infinity;
    for (let k = 0; k < r && best > 0; k++) best = Math.min(best, distance2(queries, i, reference, k, numeric, best));
    out[i] = Math.sqrt(best);
  }
  return out;
}

/** Numpy's default (linear) percentile of sorted values. */
function percentile(sorted: Float64Array, level: number): number {
  const pos = level * (sorted.length - 1);
  const i = Math.floor(pos);
  return i + 1 < sorted.length ? sorted[i]! + (pos - i) * (sorted[i + 1]! - sorted[i]!) : sorted[i]!;
}

/** Null when the real rows are too few to hold some out (fewer than 25). */
export function nearestNeighbours(columns: CopulaColumn[], real: EncodedTable, synthetic: EncodedTable, random: Random): NearestNeighbourCheck | null {
  const holdout = Math.min(NEIGHBOUR_ROWS.holdout, Math.floor(real.rows * 0.2));
  if (holdout < 5 || synthetic.rows === 0) return null;
  const order = shuffle(Uint32Array.from({ length: real.rows }, (_, i) => i), random);
  const held = order.subarray(0, holdout);
  const reference = order.subarray(holdout, holdout + Math.min(NEIGHBOUR_ROWS.reference, real.rows - holdout));
  const synth = sampleRows(synthetic.rows, NEIGHBOUR_ROWS.synthetic, random);
  const space = spaceOf(columns, real);
  const base = points(real, reference, space);
  const fromSynthetic = nearest(points(synthetic, synth, space), base, space.numeric).sort();
  const fromReal = nearest(points(real, held, space), base, space.numeric).sort();
  const p5 = percentile(fromReal, 0.05);
  return {
    levels: LEVELS,
    syntheticToReal: LEVELS.map((l) => percentile(fromSynthetic, l)),
    realToReal: LEVELS.map((l) => percentile(fromReal, l)),
    closerThanRealP5: fromSynthetic.filter((d) => d < p5).length / fromSynthetic.length,
    minimum: fromSynthetic[0]!,
    sample: { synthetic: synth.length, reference: reference.length, holdout },
  };
}
