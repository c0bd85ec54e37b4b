/** The words a charter is written in: tasks, roles, metrics and which metric fits which task. Shared by every side. */

export const TASKS = ['binary_classification', 'multiclass_classification', 'regression'] as const;
export type Task = (typeof TASKS)[number];

export const TASK_LABELS: Record<Task, string> = {
  binary_classification: 'Binary classification',
  multiclass_classification: 'Multiclass classification',
  regression: 'Regression',
};

export const ROLES = ['product', 'data_engineer', 'data_scientist', 'mlops', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  product: 'Product',
  data_engineer: 'Data engineer',
  data_scientist: 'Data scientist',
  mlops: 'MLOps',
  reviewer: 'Reviewer',
};

export const USAGES = ['online', 'batch'] as const;
export type Usage = (typeof USAGES)[number];

export const DIRECTIONS = ['higher', 'lower'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const METRICS = [
  'accuracy',
  'balanced_accuracy',
  'precision',
  'recall',
  'f1',
  'roc_auc',
  'pr_auc',
  'log_loss',
  'mae',
  'rmse',
  'r2',
  'mape',
  'p95_latency_ms',
  'model_size_mb',
] as const;
export type Metric = (typeof METRICS)[number];

type MetricFamily = 'classification' | 'regression' | 'any';

export interface MetricInfo {
  label: string;
  /** Which way is better; the default direction of a new criterion. */
  direction: Direction;
  family: MetricFamily;
  /** Bounds a value can take, where the metric has them. */
  min?: number;
  max?: number;
  unit?: string;
}

export const METRIC_INFO: Record<Metric, MetricInfo> = {
  accuracy: { label: 'Accuracy', direction: 'higher', family: 'classification', min: 0, max: 1 },
  balanced_accuracy: { label: 'Balanced accuracy', direction: 'higher', family: 'classification', min: 0, max: 1 },
  precision: { label: 'Precision', direction: 'higher', family: 'classification', min: 0, max: 1 },
  recall: { label: 'Recall', direction: 'higher', family: 'classification', min: 0, max: 1 },
  f1: { label: 'F1', direction: 'higher', family: 'classification', min: 0, max: 1 },
  roc_auc: { label: 'ROC AUC', direction: 'higher', family: 'classification', min: 0, max: 1 },
  pr_auc: { label: 'PR AUC', direction: 'higher', family: 'classification', min: 0, max: 1 },
  log_loss: { label: 'Log loss', direction: 'lower', family: 'classification', min: 0 },
  mae: { label: 'MAE', direction: 'lower', family: 'regression', min: 0 },
  rmse: { label: 'RMSE', direction: 'lower', family: 'regression', min: 0 },
  r2: { label: 'R²', direction: 'higher', family: 'regression', max: 1 },
  mape: { label: 'MAPE', direction: 'lower', family: 'regression', min: 0 },
  p95_latency_ms: { label: 'p95 latency', direction: 'lower', family: 'any', min: 0, unit: 'ms' },
  model_size_mb: { label: 'Model size', direction: 'lower', family: 'any', min: 0, unit: 'MB' },
};

export function metricFitsTask(metric: Metric, task: Task): boolean {
  const family = METRIC_INFO[metric].family;
  if (family === 'any') return true;
  return family === 'regression' ? task === 'regression' : task !== 'regression';
}

export function metricsForTask(task: Task): Metric[] {
  return METRICS.filter((m) => metricFitsTask(m, task));
}
