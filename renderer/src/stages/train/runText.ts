/** How runs read on the Train page: each task's headline metrics with their direction, numbers, sizes and times. */
import type { ModelKind, ModelTask, Run } from '@contract';

export interface MetricColumn {
  key: string;
  label: string;
  better: 'higher' | 'lower';
}

/** The metrics a data scientist scans first for each task, best-known first. */
export const HEADLINE: Record<ModelTask, MetricColumn[]> = {
  binary: [
    { key: 'rocAuc', label: 'ROC AUC', better: 'higher' },
    { key: 'prAuc', label: 'PR AUC', better: 'higher' },
    { key: 'accuracy', label: 'Accuracy', better: 'higher' },
    { key: 'f1', label: 'F1', better: 'higher' },
    { key: 'logLoss', label: 'Log loss', better: 'lower' },
  ],
  multiclass: [
    { key: 'accuracy', label: 'Accuracy', better: 'higher' },
    { key: 'balancedAccuracy', label: 'Balanced acc.', better: 'higher' },
    { key: 'f1Macro', label: 'F1 (macro)', better: 'higher' },
    { key: 'rocAucOvr', label: 'ROC AUC (OvR)', better: 'higher' },
    { key: 'logLoss', label: 'Log loss', better: 'lower' },
  ],
  regression: [
    { key: 'rmse', label: 'RMSE', better: 'lower' },
    { key: 'mae', label: 'MAE', better: 'lower' },
    { key: 'r2', label: 'R²', better: 'higher' },
    { key: 'mape', label: 'MAPE', better: 'lower' },
  ],
};

/** Every metric a run can carry, labelled, for the run's full table. */
export const METRIC_LABELS: Record<string, string> = {
  ...Object.fromEntries(Object.values(HEADLINE).flat().map((m) => [m.key, m.label])),
  balancedAccuracy: 'Balanced accuracy',
  precision: 'Precision',
  recall: 'Recall',
  brier: 'Brier score',
  precisionMacro: 'Precision (macro)',
  recallMacro: 'Recall (macro)',
  f1Weighted: 'F1 (weighted)',
};

export const SHORT_MODEL_NAMES: Record<ModelKind, string> = {
  baseline: 'Baseline',
  linear: 'Linear',
  tree: 'Decision tree',
  rf: 'Random forest',
  gbdt: 'Boosted trees',
  mlp: 'Neural network',
  imported: 'Imported',
};

/** Four significant decimals for scores; large values (RMSE in dollars) with thousands separators. */
export function formatMetric(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (Math.abs(v) >= 1000) return v.toLocaleString('en', { maximumFractionDigits: 1 });
  return v.toFixed(4);
}

export function formatSeconds(s: number): string {
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 90) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`;
}

/** What a run predicts, for grouping: runs are comparable when they share a target and a task. */
export function problemKey(run: Pick<Run, 'target' | 'task'>): string {
  return `${run.target}\u0000${run.task}`;
}

export const TASK_WORDS: Record<ModelTask, string> = { binary: 'binary classification', multiclass: 'multiclass classification', regression: 'regression' };
