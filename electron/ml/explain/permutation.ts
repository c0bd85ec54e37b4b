/**
 * Permutation feature importance (sklearn.inspection.permutation_importance): how much a metric drops when one
 * column's values are shuffled across rows, breaking its link to the target while keeping its distribution.
 */
import { GyreError } from '../../contract/errors';
import type { Frame } from '../preprocess/frame';
import { seeded, shuffle } from '../random';
import { columnIndex, gatherColumn, replaceColumn, sampleRows, takeRows } from './frame-edit';

/** A metric of the model on a frame (its target included), e.g. ROC AUC or RMSE. */
export type EvaluateFrame = (frame: Frame) => Promise<number>;

export interface PermutationOptions {
  /** Shuffles per column; default 5. */
  repeats?: number;
  /** Default 0. Every column sees the same sequence of shuffles, as in sklearn. */
  seed?: number;
  /** Columns to permute; default every column (leave the target out of this list). */
  columns?: string[];
  /** Evaluate on a seeded sample of this many rows; default all rows. */
  maxRows?: number;
  /** True for accuracy/AUC/R², false for errors like RMSE; decides the sign of the drop. */
  higherIsBetter: boolean;
}

export interface ColumnImportance {
  column: string;
  /** Mean drop in score over the repeats; positive = the model relies on this column. */
  mean: number;
  /** Population standard deviation of the drops (numpy's np.std, ddof 0). */
  std: number;
  /** The drop of each repeat, in order. */
  values: Float64Array;
}

export interface PermutationImportance {
  /** The metric on the unpermuted (sampled) frame. */
  baseline: number;
  /** Most important first. */
  importances: ColumnImportance[];
}

export async function permutationImportance(frame: Frame, evaluate: EvaluateFrame, options: PermutationOptions): Promise<PermutationImportance> {
  const repeats = options.repeats ?? 5;
  const seed = options.seed ?? 0;
  if (!(Number.isInteger(repeats) && repeats >= 1)) throw new GyreError('VALIDATION', `repeats must be a whole number of at least 1, got ${repeats}.`, { field: 'repeats' });
  if (frame.rows < 2) throw new GyreError('VALIDATION', 'Permutation importance needs at least 2 rows.', { field: 'rows' });
  const names = options.columns ?? frame.columns.map((c) => c.name);
  const indices = names.map((name) => columnIndex(frame, name));
  const data = options.maxRows === undefined || options.maxRows >= frame.rows ? frame : takeRows(frame, sampleRows(frame.rows, options.maxRows, seed));
  const baseline = await evaluate(data);
  if (!Number.isFinite(baseline)) throw new GyreError('VALIDATION', `The metric is not defined on these rows (got ${baseline}).`, { field: 'evaluate' });

  const importances: ColumnImportance[] = [];
  for (const [k, index] of indices.entries()) {
    const random = seeded(seed);
    const order = Uint32Array.from({ length: data.rows }, (_, i) => i);
    const values = new Float64Array(repeats);
    for (let r = 0; r < repeats; r++) {
      shuffle(order, random);
      const permuted = replaceColumn(data, index, gatherColumn(data.columns[index]!, order));
      const score = await evaluate(permuted);
      values[r] = options.higherIsBetter ? baseline - score : score - baseline;
    }
    importances.push({ column: names[k]!, ...meanStd(values), values });
  }
  importances.sort((a, b) => b.mean - a.mean);
  return { baseline, importances };
}

function meanStd(values: Float64Array): { mean: number; std: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length) };
}
