/**
 * The charter's success gate on an evaluation: each criterion's value measured on the rows evaluated (with its
 * interval), the one-row latency measured through onnxruntime, or the file's size — judged against "acceptable"
 * and "target" the way the leaderboard judges runs.
 */
import { METRIC_INFO } from '../../contract/charter-vocabulary';
import type { SuccessCriterion } from '../../contract/charters';
import { criterionSource, verdict } from '../../contract/criteria';
import type { GateCriterion, MetricEstimate, SuccessGate } from '../../contract/evaluations';
import type { Task } from '../types';

export function successGate(criteria: readonly SuccessCriterion[], task: Task, metrics: Record<string, MetricEstimate>, latency: { p50Ms: number; p95Ms: number }, sizeBytes: number): SuccessGate {
  const judged = criteria.flatMap((c): GateCriterion[] => {
    const source = criterionSource(task, c.metric);
    // A criterion of another task family (say, RMSE on a classifier) does not apply to this model.
    if (source === null) return [];
    const measured =
      source === 'latency' ? { value: latency.p95Ms, low: null, high: null } : source === 'size' ? { value: sizeBytes / 1_000_000, low: null, high: null } : (metrics[source.metric] ?? { value: null, low: null, high: null });
    return [{ metric: c.metric, label: METRIC_INFO[c.metric].label, direction: c.direction, acceptable: c.acceptable, target: c.target, value: measured.value, low: measured.low, high: measured.high, verdict: verdict(measured.value, c) }];
  });
  return {
    criteria: judged,
    passed: judged.length === 0 ? null : judged.every((c) => c.verdict === 'target' || c.verdict === 'acceptable'),
    latency,
    sizeBytes,
  };
}
