/**
 * A model's performance on a batch's rows whose outcome arrived: every metric of its task (the run's metric keys),
 * the same under the charter's names, the charter's criteria judged, and fairness per sensitive attribute.
 */
import { METRICS, type Metric } from '../../contract/charter-vocabulary';
import type { CharterContent } from '../../contract/charters';
import { criterionSource, verdict } from '../../contract/criteria';
import type { BatchPerformance } from '../../contract/monitor';
import type { ModelTask } from '../../contract/runs';
import { takeRows } from '../../ml/explain/frame-edit';
import { columnNamed, fairness } from '../../ml/evaluate/report';
import type { Frame } from '../../ml/preprocess/frame';
import { batchMetric } from '../../core/monitor-rules';
import { taskMetrics } from './judge';

export interface PerformanceRequest {
  task: ModelTask;
  classLabels: string[] | null;
  /** Per batch row: class index or value; NaN where no outcome arrived. */
  yTrue: Float64Array;
  /** The model's output per batch row: probabilities rows × classes, or values. */
  predictions: Float64Array;
  /** The batch's columns (sensitive attributes are read from it where it has them). */
  frame: Frame;
  unmatchedOutcomes: number;
  charter: CharterContent | null;
}

/** Null when no batch row has an outcome. */
export function batchPerformance(r: PerformanceRequest): BatchPerformance | null {
  const known: number[] = [];
  for (let i = 0; i < r.yTrue.length; i++) if (!Number.isNaN(r.yTrue[i]!)) known.push(i);
  if (known.length === 0) return null;
  const k = r.task === 'regression' ? 1 : r.classLabels!.length;
  const rows = Uint32Array.from(known);
  const yTrue = Float64Array.from(known, (i) => r.yTrue[i]!);
  const predictions = new Float64Array(known.length * k);
  known.forEach((row, j) => predictions.set(r.predictions.subarray(row * k, row * k + k), j * k));
  const metrics = taskMetrics(r.task, k, yTrue, predictions).metrics as Record<string, number | null>;

  const byMetric: Partial<Record<Metric, number | null>> = {};
  for (const metric of METRICS) {
    const source = batchMetric(metric) ? criterionSource(r.task, metric) : null;
    if (source && typeof source === 'object' && source.metric in metrics) byMetric[metric] = metrics[source.metric] ?? null;
  }
  const criteria = (r.charter?.successCriteria ?? [])
    .filter((c) => batchMetric(c.metric) && c.metric in byMetric)
    .map((c) => {
      const value = byMetric[c.metric] ?? null;
      return { metric: c.metric, value, acceptable: c.acceptable, target: c.target, direction: c.direction, verdict: verdict(value, c) };
    });

  const frame = takeRows(r.frame, rows);
  const attributes = (r.charter?.constraints.sensitiveAttributes ?? []).map((a) => ({ attribute: a.name, column: columnNamed(frame.columns, a.name)?.name ?? null, maxDisparity: a.maxDisparity }));
  const sections = fairness({ task: r.task, classLabels: r.classLabels, yTrue, predictions, frame, rowNumbers: rows }, attributes);
  return { rows: known.length, unmatchedOutcomes: r.unmatchedOutcomes, metrics, byMetric, criteria, fairness: sections };
}
