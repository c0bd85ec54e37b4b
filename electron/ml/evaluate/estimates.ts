/** Every metric of the report as the screen shows it: the value on the rows evaluated and its 95% bootstrap interval. */
import type { MetricEstimate } from '../../contract/evaluations';
import { GyreError } from '../../contract/errors';
import type { Task } from '../types';
import { isInterval, metricIntervals } from './intervals';

/** `point` holds every metric of the task on the full rows (null where undefined); intervals are added where they exist. */
export function metricEstimates(task: Task, yTrue: Float64Array, predictions: Float64Array, point: Record<string, number | null>, options: { classes: number; resamples: number; seed: number }): Record<string, MetricEstimate> {
  let intervals: ReturnType<typeof metricIntervals>;
  try {
    intervals = metricIntervals(task, task === 'regression' ? yTrue : Int32Array.from(yTrue), predictions, options);
  } catch (error) {
    // Too few rows for any interval: the values stand alone, with the reason.
    if (!(error instanceof GyreError)) throw error;
    return Object.fromEntries(Object.entries(point).map(([k, v]) => [k, { value: v, low: null, high: null, note: error.message }]));
  }
  return Object.fromEntries(
    Object.entries(point).map(([key, value]): [string, MetricEstimate] => {
      const found = intervals[key];
      if (!found) return [key, { value, low: null, high: null }];
      if (isInterval(found)) return [key, { value, low: found.low, high: found.high }];
      return [key, { value, low: null, high: null, note: found.undefined }];
    }),
  );
}
