/**
 * A charter's success criteria applied to a run: the run's value of each criterion's metric, and whether it
 * reaches the target, only the acceptable level, or neither. Shared by the leaderboard, the CLI and the stage state.
 */
import type { Metric } from './charter-vocabulary';
import type { SuccessCriterion } from './charters';
import type { Run } from './runs';

/** The run metric each charter metric reads, by task family: built once, read on every sort comparison. */
const KEYS = {
  shared: { accuracy: 'accuracy', balanced_accuracy: 'balancedAccuracy', pr_auc: 'prAuc', log_loss: 'logLoss', mae: 'mae', rmse: 'rmse', r2: 'r2', mape: 'mape' },
  binary: { precision: 'precision', recall: 'recall', f1: 'f1', roc_auc: 'rocAuc' },
  multiclass: { precision: 'precisionMacro', recall: 'recallMacro', f1: 'f1Macro', roc_auc: 'rocAucOvr' },
} as const;
const METRIC_KEY: Record<'binary' | 'multiclass', Partial<Record<Metric, string>>> = {
  binary: { ...KEYS.shared, ...KEYS.binary },
  multiclass: { ...KEYS.shared, ...KEYS.multiclass },
};

/** Where a charter metric sits in a run of a task: a test metric by key, the one-row p95 latency, or the file size in MB; null where the task has no such metric. */
export function criterionSource(task: Run['task'], metric: Metric): { metric: string } | 'latency' | 'size' | null {
  if (metric === 'p95_latency_ms') return 'latency';
  if (metric === 'model_size_mb') return 'size';
  const name = METRIC_KEY[task === 'multiclass' ? 'multiclass' : 'binary'][metric];
  return name ? { metric: name } : null;
}

/** A run's value of a charter metric: a test metric (per task), the scoring latency or the file size. */
export function criterionValue(run: Pick<Run, 'task' | 'metrics' | 'cost' | 'onnx'>, metric: Metric): number | null {
  const source = criterionSource(run.task, metric);
  if (source === 'latency') return run.cost?.latencyP95Ms ?? null;
  if (source === 'size') return run.onnx.size / 1_000_000;
  const value = source ? run.metrics[source.metric] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** 'target': meets the goal; 'acceptable': good enough to ship, short of the goal; 'fail': below acceptable; 'unknown': not measured. */
export type Verdict = 'target' | 'acceptable' | 'fail' | 'unknown';

export function verdict(value: number | null, c: SuccessCriterion): Verdict {
  if (value === null) return 'unknown';
  const atLeast = (limit: number) => (c.direction === 'higher' ? value >= limit : value <= limit);
  if (atLeast(c.target)) return 'target';
  return atLeast(c.acceptable) ? 'acceptable' : 'fail';
}

/** A run passes the charter when every criterion is at least acceptable. */
export function passesCharter(run: Pick<Run, 'task' | 'metrics' | 'cost' | 'onnx'>, criteria: readonly SuccessCriterion[]): boolean {
  return criteria.length > 0 && criteria.every((c) => {
    const v = verdict(criterionValue(run, c.metric), c);
    return v === 'target' || v === 'acceptable';
  });
}
