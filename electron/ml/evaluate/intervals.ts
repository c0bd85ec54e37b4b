/**
 * Bootstrap confidence intervals for every metric of a task at once, fast enough for the Evaluate stage (200,000
 * rows × 1,000 resamples in seconds). Each resample is the same draw as metrics/bootstrap.ts's `bootstrapInterval`
 * (same seed, same random sequence), kept as how many times each row was drawn; every metric is then computed from
 * those counts in one pass (weighted.ts), so the intervals equal bootstrapInterval's with the metrics/ functions as
 * statistics, to float rounding. A metric undefined on the full data, or on more than half of the resamples, is
 * reported undefined with the reason; the other metrics still get their intervals.
 */
import { GyreError } from '../../contract/errors';
import type { ModelTask } from '../../contract/runs';
import * as m from '../metrics';
import { quantileSorted, type BootstrapOptions, type Interval } from '../metrics/bootstrap';
import { binaryMetrics, multiclassMetrics, regressionMetrics, type WeightedMetrics } from './weighted';

export interface MetricIntervalOptions extends BootstrapOptions {
  /** Number of classes (the width of a probability row); 2 for binary, required for multiclass. */
  classes?: number;
}

/** No interval: the metric's full-data value when it has one, and why there is no interval. */
export interface UndefinedInterval {
  value: number | null;
  undefined: string;
}

export type MetricInterval = Interval | UndefinedInterval;

export function isInterval(result: MetricInterval): result is Interval {
  return !('undefined' in result);
}

/** A metric's value on the full data, or the reason it has none (the error a metrics/ function gave). */
type Point = number | string;

function point(f: () => number | null): Point {
  try {
    const v = f();
    if (v === null) return 'the metric is undefined on these rows';
    return Number.isFinite(v) ? v : `the metric is not finite on these rows (${v})`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The full-data values, computed exactly as judge.ts computes a run's metrics. */
function pointValues(task: ModelTask, yTrue: m.Labels, predictions: Float64Array, k: number): Record<string, Point> {
  if (task === 'regression') {
    return {
      mae: point(() => m.meanAbsoluteError(yTrue, predictions)),
      rmse: point(() => m.rootMeanSquaredError(yTrue, predictions)),
      r2: point(() => m.r2Score(yTrue, predictions)),
      mape: point(() => m.meanAbsolutePercentageError(yTrue, predictions)),
    };
  }
  const labels = Int32Array.from(yTrue);
  const predicted = m.argmaxLabels(predictions, k);
  const common = {
    accuracy: point(() => m.accuracy(labels, predicted)),
    balancedAccuracy: point(() => m.balancedAccuracy(labels, predicted)),
    logLoss: point(() => m.logLoss(labels, predictions, k)),
  };
  if (task === 'binary') {
    const positive = m.positiveColumn(predictions, k);
    return {
      ...common,
      precision: point(() => m.precisionRecallF1(labels, predicted, 'binary').precision),
      recall: point(() => m.precisionRecallF1(labels, predicted, 'binary').recall),
      f1: point(() => m.precisionRecallF1(labels, predicted, 'binary').f1),
      rocAuc: point(() => m.rocAuc(labels, positive)),
      prAuc: point(() => m.averagePrecision(labels, positive)),
      brier: point(() => m.brierScore(labels, positive)),
    };
  }
  return {
    ...common,
    f1Macro: point(() => m.precisionRecallF1(labels, predicted, 'macro').f1),
    precisionMacro: point(() => m.precisionRecallF1(labels, predicted, 'macro').precision),
    recallMacro: point(() => m.precisionRecallF1(labels, predicted, 'macro').recall),
    f1Weighted: point(() => m.precisionRecallF1(labels, predicted, 'weighted').f1),
    rocAucOvr: point(() => m.rocAucOvr(labels, predictions, k)),
  };
}

/** Bad input refuses the whole report; a metric that is merely undefined on these rows does not. */
function checkInput(task: ModelTask, yTrue: m.Labels, predictions: Float64Array, k: number): void {
  if (task === 'regression') {
    if (yTrue.length !== predictions.length) {
      throw new GyreError('VALIDATION', `y_true has ${yTrue.length} rows but the predictions have ${predictions.length}.`, { field: 'predictions' });
    }
    for (const [field, values] of [['y_true', yTrue], ['predictions', predictions]] as const) {
      const row = values.findIndex((v) => !Number.isFinite(v));
      if (row >= 0) throw new GyreError('VALIDATION', `${field} must be finite; row ${row} holds ${values[row]}.`, { field, row });
    }
    return;
  }
  if (task === 'binary' && k !== 2) throw new GyreError('VALIDATION', `A binary task has 2 classes; got classes = ${k}.`, { field: 'classes' });
  m.checkProba(predictions, yTrue.length, k);
  m.checkLabels('y_true', yTrue, k);
}

function checkOptions(rows: number, resamples: number, level: number): void {
  // The same refusals as bootstrapInterval.
  if (!(rows >= 1)) throw new GyreError('VALIDATION', 'A confidence interval needs at least one row.', { field: 'rows' });
  if (!(Number.isInteger(resamples) && resamples >= 10)) throw new GyreError('VALIDATION', `resamples must be a whole number of at least 10, got ${resamples}.`, { field: 'resamples' });
  if (!(level > 0 && level < 1)) throw new GyreError('VALIDATION', `level must be between 0 and 1, got ${level}.`, { field: 'level' });
}

function weightedFor(task: ModelTask, yTrue: m.Labels, predictions: Float64Array, k: number): WeightedMetrics {
  if (task === 'binary') return binaryMetrics(yTrue, predictions);
  if (task === 'multiclass') return multiclassMetrics(yTrue, predictions, k);
  return regressionMetrics(yTrue, predictions);
}

/** Dividing by 2³² or multiplying by 2⁻³² gives the same double; the product is the cheaper. */
const TWO_TO_MINUS_32 = 2 ** -32;

/**
 * One resample as bootstrapInterval draws it (`sample[i] = random.int(rows)` for each row, random = seeded(seed)),
 * kept as how many times each row was drawn. The generator is random.ts's mulberry32 written out with its state in
 * a local: through the `seeded()` closure the draws take twice as long, and they are most of a report's time.
 * Takes and returns the generator's state (the seed, `>>> 0`, for the first resample).
 */

export function drawCounts(state: number, counts: Uint32Array): number {
  const rows = counts.length;
  counts.fill(0);
  for (let i = 0; i < rows; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const row = Math.floor(((t ^ (t >>> 14)) >>> 0) * TWO_TO_MINUS_32 * rows);
    counts[row]!++;
  }
  return state;
}

/**
 * Percentile bootstrap intervals for the metrics judge.ts records for `task`, keyed by the same names.
 * `predictions` are probabilities (n × classes, row-major) for classification, values for regression.
 */
export function metricIntervals(task: ModelTask, yTrue: m.Labels, predictions: Float64Array, options: MetricIntervalOptions = {}): Record<string, MetricInterval> {
  const rows = yTrue.length;
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const k = task === 'regression' ? 1 : (options.classes ?? (task === 'binary' ? 2 : NaN));
  checkOptions(rows, resamples, level);
  if (task === 'multiclass' && !(Number.isInteger(k) && k >= 3)) {
    throw new GyreError('VALIDATION', `A multiclass task needs classes (3 or more); got ${options.classes}.`, { field: 'classes' });
  }
  checkInput(task, yTrue, predictions, k);
  const points = pointValues(task, yTrue, predictions, k);
  const weighted = weightedFor(task, yTrue, predictions, k);
  const { keys, evaluate } = weighted;

  const values = keys.map(() => new Float64Array(resamples));
  const kept = new Int32Array(keys.length);
  const counts = new Uint32Array(rows);
  const out = new Float64Array(keys.length);
  let state = (options.seed ?? 0) >>> 0;
  for (let b = 0; b < resamples; b++) {
    state = drawCounts(state, counts);
    evaluate(counts, out);
    for (let j = 0; j < keys.length; j++) {
      const v = out[j]!;
      if (Number.isFinite(v)) values[j]![kept[j]!++] = v;
    }
  }

  const tail = (1 - level) / 2;
  const result: Record<string, MetricInterval> = {};
  keys.forEach((key, j) => {
    const value = points[key]!;
    if (typeof value === 'string') {
      result[key] = { value: null, undefined: value };
      return;
    }
    const skipped = resamples - kept[j]!;
    if (kept[j]! < resamples / 2) {
      result[key] = { value, undefined: `The metric was undefined on ${skipped} of ${resamples} resamples of these ${rows} rows: too few rows (or too few of a class) for an interval.` };
      return;
    }
    const sorted = values[j]!.subarray(0, kept[j]).sort();
    result[key] = { value, low: quantileSorted(sorted, tail), high: quantileSorted(sorted, 1 - tail), resamples: kept[j]!, skipped };
  });
  return result;
}
