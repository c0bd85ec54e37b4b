/**
 * What every tree estimator does before growing: checks the input, folds class weights into row weights, holds
 * out validation rows, and bins the features (into memory the histogram threads can share, when asked).
 */
import { availableParallelism } from 'node:os';
import { GyreError } from '../../contract/errors';
import { seeded, shuffle } from '../random';
import type { Task, TrainingSet } from '../types';
import { binnedMatrix, binOneFeature, edgeSampleRows, MAX_VALUE_BINS, type BinnedMatrix, type BinningJob } from './binning';

/**
 * Below this many rows × features, boosting's worker threads cost more than they save: measured with 100 trees of
 * depth 6 on 20 features (tsx), 1 vs 2 threads: 25k rows 0.84 vs 1.33 s, 50k 1.40 vs 1.60 s, 100k 2.30 vs 2.08 s.
 */
export const BOOSTING_MIN_CELLS = 2_000_000;
/**
 * The same for forests (threads grow whole trees), in rows × features × trees: with 50 trees on 20 features,
 * 5k rows 0.82 vs 0.89 s, 20k rows 2.82 vs 1.77 s.
 */
export const FOREST_MIN_CELLS = 10_000_000;

export function invalid(field: string, message: string, details?: { row: number }): GyreError {
  return new GyreError('VALIDATION', message, { field, ...details });
}

export function checkTrainingSet(train: TrainingSet, task: Task, classes: number): void {
  const { rows, data, names } = train.features;
  if (rows < 1) throw invalid('train', 'There are no training rows.');
  if (data.length !== rows * names.length) throw invalid('train.features', `The feature matrix holds ${data.length} values, not rows × features = ${rows} × ${names.length}.`);
  if (train.target.length !== rows) throw invalid('train.target', `The target has ${train.target.length} values for ${rows} rows.`);
  if (train.weights && train.weights.length !== rows) throw invalid('train.weights', `The weights have ${train.weights.length} values for ${rows} rows.`);
  if (task !== 'regression') {
    if (!Number.isInteger(classes) || classes < 2) throw invalid('classes', `A classification task needs at least 2 classes, not ${classes}.`);
    if (task === 'binary' && classes !== 2) throw invalid('classes', `A binary task has 2 classes, not ${classes}.`);
    for (let r = 0; r < rows; r++) {
      const y = train.target[r]!;
      if (!Number.isInteger(y) || y < 0 || y >= classes) throw invalid('train.target', `Row ${r} has target ${y}; classes are 0…${classes - 1}.`, { row: r });
    }
  } else {
    for (let r = 0; r < rows; r++) if (!Number.isFinite(train.target[r]!)) throw invalid('train.target', `Row ${r} has target ${train.target[r]}, not a finite number.`, { row: r });
  }
}

export function checkRange(field: string, value: number, min: number, max: number, integer = false): void {
  if (!(value >= min && value <= max) || (integer && !Number.isInteger(value))) {
    throw invalid(field, `${field} must be ${integer ? 'an integer ' : ''}between ${min} and ${max}, not ${value}.`);
  }
}

/** Row weights with 'balanced' class weights folded in: n / (classes × count of the class), as scikit-learn. */
export function rowWeights(train: TrainingSet, task: Task, classes: number, classWeight: 'balanced' | null): Float64Array {
  const rows = train.features.rows;
  const w = train.weights ? Float64Array.from(train.weights) : new Float64Array(rows).fill(1);
  if (classWeight !== 'balanced' || task === 'regression') return w;
  const counts = new Float64Array(classes);
  for (let r = 0; r < rows; r++) counts[train.target[r]!]!++;
  for (let r = 0; r < rows; r++) w[r]! *= rows / (classes * counts[train.target[r]!]!);
  return w;
}

/** Training and validation rows (ascending): a seeded random share of the rows is held out. */
export function holdOut(rows: number, fraction: number, seed: number): { fit: Uint32Array; valid: Uint32Array } {
  const all = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) all[r] = r;
  const n = Math.round(rows * fraction);
  if (n === 0) return { fit: all, valid: new Uint32Array(0) };
  if (n >= rows) throw invalid('validationFraction', `A validation fraction of ${fraction} leaves no training rows.`);
  shuffle(all, seeded(seed ^ 0x2545f491));
  return { fit: all.slice(n).sort(), valid: all.slice(0, n).sort() };
}

/** The caller's validation rows (ascending) and every other row, as `holdOut` returns them. */
export function givenHoldOut(rows: number, valid: Uint32Array): { fit: Uint32Array; valid: Uint32Array } {
  const held = new Uint8Array(rows);
  for (const r of valid) {
    if (r >= rows || held[r]) throw invalid('validation', `Validation row ${r} is ${r >= rows ? `beyond the ${rows} training rows` : 'given twice'}.`);
    held[r] = 1;
  }
  const fit = new Uint32Array(rows - valid.length);
  for (let r = 0, at = 0; r < rows; r++) if (!held[r]) fit[at++] = r;
  return { fit, valid };
}

/** How many threads to use: as asked, or with 0 (auto) every core, but one when `work` is below `minWork`. */
export function threadCount(requested: number, work: number, minWork: number): number {
  checkRange('threads', requested, 0, 256, true);
  if (requested > 0) return requested;
  return work < minWork ? 1 : availableParallelism();
}

/** The job that bins every row of the training set; the bins go to `bins` when given (shared memory, say). */
export function binningJob(train: TrainingSet, maxBins: number, seed: number, bins?: Uint8Array): BinningJob {
  checkRange('maxBins', maxBins, 2, MAX_VALUE_BINS, true);
  const { rows, names, data } = train.features;
  return {
    ...{ data, rows, sample: edgeSampleRows(rows, seed), maxBins },
    ...{ thresholds: new Float32Array(names.length * MAX_VALUE_BINS), counts: new Int32Array(names.length), infinity: new Uint8Array(names.length), bins: bins ?? new Uint8Array(rows * names.length) },
  };
}

/** Bins every row of the training set on this thread (into `bins` when given). */
export function binTrainingSet(train: TrainingSet, maxBins: number, seed: number, bins?: Uint8Array): BinnedMatrix {
  const job = binningJob(train, maxBins, seed, bins);
  for (let f = 0; f < train.features.names.length; f++) binOneFeature(job, f);
  return binnedMatrix(job);
}

/** `count` distinct features of `features` in ascending order, drawn with `random`. */
export function sampleFeatures(features: number, count: number, random: { int(n: number): number }): Int32Array {
  const all = Int32Array.from({ length: features }, (_, f) => f);
  if (count >= features) return all;
  for (let i = 0; i < count; i++) {
    const j = i + random.int(features - i);
    const t = all[i]!;
    all[i] = all[j]!;
    all[j] = t;
  }
  return all.slice(0, count).sort();
}
