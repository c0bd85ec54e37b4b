/**
 * Bootstrap confidence intervals for any metric: the test rows resampled with replacement (seeded, so the same
 * rows give the same interval), the metric computed on each resample, and the percentile interval of those values
 * (scipy.stats.bootstrap's "percentile" method). A resample on which the metric is undefined (ROC AUC with one
 * class drawn) is skipped and counted.
 */
import { GyreError } from '../../contract/errors';
import { seeded } from '../random';

export interface Interval {
  /** The metric on the rows as they are. */
  value: number;
  low: number;
  high: number;
  /** Resamples the interval was computed from, and those skipped because the metric was undefined on them. */
  resamples: number;
  skipped: number;
}

export interface BootstrapOptions {
  /** Default 1000. */
  resamples?: number;
  /** Default 0.95. */
  level?: number;
  /** Default 0. */
  seed?: number;
}

/** The q-quantile of ascending values, interpolated linearly between ranks (numpy's default "linear" method). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** `statistic` gets the row indices of one sample (the identity for the value itself) and returns the metric. */
export function bootstrapInterval(rows: number, statistic: (rows: Uint32Array) => number, options: BootstrapOptions = {}): Interval {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (!(rows >= 1)) throw new GyreError('VALIDATION', 'A confidence interval needs at least one row.', { field: 'rows' });
  if (!(Number.isInteger(resamples) && resamples >= 10)) throw new GyreError('VALIDATION', `resamples must be a whole number of at least 10, got ${resamples}.`, { field: 'resamples' });
  if (!(level > 0 && level < 1)) throw new GyreError('VALIDATION', `level must be between 0 and 1, got ${level}.`, { field: 'level' });
  const value = statistic(Uint32Array.from({ length: rows }, (_, i) => i));
  const random = seeded(options.seed ?? 0);
  const sample = new Uint32Array(rows);
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < rows; i++) sample[i] = random.int(rows);
    let v: number;
    try {
      v = statistic(sample);
    } catch {
      continue;
    }
    if (Number.isFinite(v)) values.push(v);
  }
  const skipped = resamples - values.length;
  if (values.length < resamples / 2) {
    throw new GyreError('VALIDATION', `The metric was undefined on ${skipped} of ${resamples} resamples of these ${rows} rows: too few rows (or too few of a class) for an interval.`, { field: 'rows' });
  }
  values.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { value, low: quantileSorted(values, tail), high: quantileSorted(values, 1 - tail), resamples: values.length, skipped };
}
