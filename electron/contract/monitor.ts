/**
 * The Monitor stage: batches of production inputs (a file, or a bundle server's prediction log) compared with the
 * model version's training rows — drift per feature and of the predictions, the batch's data quality, and, when the
 * true outcomes arrive, the charter's metrics and fairness per batch — with alert rules read from the charter (and
 * custom ones) raising alerts that open the next iteration of the cycle.
 */
import { z } from 'zod';
import { METRICS, type Metric } from './charter-vocabulary';
import type { Verdict } from './criteria';
import type { FairnessSection } from './evaluations';
import type { Job } from './jobs';
import { procedure } from './procedure';
import { ModelRef } from './registry';
import type { ModelKind, ModelTask, RunRequest } from './runs';

/** The statistics a feature's drift can be decided by. */
export const DRIFT_METHODS = ['psi', 'ks', 'chi2', 'js', 'wasserstein'] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];
export const NUMERIC_METHODS = ['psi', 'ks', 'js', 'wasserstein'] as const satisfies readonly DriftMethod[];
export const CATEGORICAL_METHODS = ['psi', 'chi2', 'js'] as const satisfies readonly DriftMethod[];

export const DRIFT_METHOD_LABELS: Record<DriftMethod, string> = {
  psi: 'Population stability index (PSI)',
  ks: 'Kolmogorov–Smirnov test (p-value)',
  chi2: 'Chi-squared test (p-value)',
  js: 'Jensen–Shannon distance',
  wasserstein: 'Wasserstein distance (in reference standard deviations)',
};

/**
 * How drift is decided, per project. PSI is the default for both kinds: a test's p-value shrinks with the batch's
 * size, so on large batches a KS or chi-squared test flags differences too small to matter.
 */
export const DriftSettings = z.object({
  numericMethod: z.enum(NUMERIC_METHODS).default('psi'),
  categoricalMethod: z.enum(CATEGORICAL_METHODS).default('psi'),
  thresholds: z
    .object({
      /** Drifted above: 0.1–0.2 is a moderate shift, above 0.2 a significant one (the industry's rule of thumb). */
      psi: z.number().positive().max(10).default(0.2),
      /** Drifted when the test's p-value is below. */
      ksPValue: z.number().gt(0).lt(1).default(0.05),
      chi2PValue: z.number().gt(0).lt(1).default(0.05),
      /** Drifted above (base 2, so 0 to 1). */
      js: z.number().gt(0).max(1).default(0.1),
      /** Drifted above, in standard deviations of the reference. */
      wasserstein: z.number().positive().max(100).default(0.1),
    })
    .default({ psi: 0.2, ksPValue: 0.05, chi2PValue: 0.05, js: 0.1, wasserstein: 0.1 }),
  /** The batch as a whole has drifted when at least this share of its features has. */
  driftShare: z.number().gt(0).max(1).default(0.3),
});
export type DriftSettings = z.infer<typeof DriftSettings>;
export const DEFAULT_DRIFT_SETTINGS: DriftSettings = DriftSettings.parse({});

/** A chart of one feature's distribution in the reference and in the batch, as shares (each side sums to 1). */
export type DistributionChart =
  | { kind: 'numeric'; /** Bin edges, bins + 1 of them, over both sides' range. */ edges: number[]; reference: number[]; batch: number[] }
  | { kind: 'categorical'; /** The most frequent categories of either side; the rest summed as "(other)". */ categories: string[]; reference: number[]; batch: number[] };

export interface FeatureDrift {
  name: string;
  kind: 'numeric' | 'categorical';
  /** Values present (not missing) on each side. */
  reference: number;
  batch: number;
  psi: number | null;
  ks: { statistic: number; pValue: number } | null;
  chi2: { statistic: number; pValue: number; dof: number } | null;
  js: number | null;
  /** In the feature's own units, and divided by the reference's standard deviation. */
  wasserstein: number | null;
  wassersteinSd: number | null;
  /** The statistic that decided, its value and threshold; null when it could not be computed (see `note`). */
  method: DriftMethod;
  score: number | null;
  threshold: number;
  drifted: boolean;
  chart: DistributionChart | null;
  /** Why a statistic is missing, e.g. "no values in the batch". */
  note: string | null;
}

export interface BatchColumnQuality {
  name: string;
  /** Share of rows with no value (0–1), in the reference and in the batch. */
  missingReference: number;
  missingBatch: number;
  /** Categorical: batch values the model never saw in training (count of rows, up to 5 examples). */
  unseen: { rows: number; examples: string[] } | null;
  /** Numeric: batch values outside the training range [min, max]. */
  outOfRange: { below: number; above: number; min: number; max: number } | null;
  /** Values that could not be read as the column's type (e.g. "abc" in a number column): a schema violation. */
  unreadable: number;
}

export interface DataQuality {
  rows: number;
  columns: BatchColumnQuality[];
  /** Model inputs the batch lacks (a schema violation: the model cannot score these rows as trained). */
  missingColumns: string[];
  /** Batch columns the model does not read. */
  extraColumns: string[];
}

export type DriftVerdict = 'drift' | 'some_drift' | 'stable';

export interface DriftReport {
  settings: DriftSettings;
  /** "the 8,000 training rows of customers v1". */
  referenceLabel: string;
  referenceRows: number;
  batchRows: number;
  features: FeatureDrift[];
  /** The model's score (positive-class probability, top probability, or the predicted value) and predicted classes. */
  prediction: { scoreOf: string; score: FeatureDrift; classes: FeatureDrift | null };
  quality: DataQuality;
  /** Inputs counted in the share (absent ones and dates are not), and how many of them drifted. */
  counted: number;
  drifted: number;
  shareDrifted: number;
  verdict: DriftVerdict;
}

/** The charter's metrics on the batch's rows whose outcome is known. */
export interface BatchPerformance {
  /** Batch rows with an outcome; outcome rows matching no batch row. */
  rows: number;
  unmatchedOutcomes: number;
  /** Every metric of the task, by the run's metric keys (accuracy, rocAuc, mae…). */
  metrics: Record<string, number | null>;
  /** The same values under the charter's metric names (accuracy, roc_auc, mae…): every one the task has. */
  byMetric: Partial<Record<Metric, number | null>>;
  criteria: { metric: Metric; value: number | null; acceptable: number; target: number; direction: 'higher' | 'lower'; verdict: Verdict }[];
  fairness: FairnessSection[];
}

export const BatchSource = z.discriminatedUnion('kind', [
  /** A CSV, TSV, JSON, JSON Lines or Parquet file of production inputs (other columns are kept, the id among them). */
  z.object({ kind: z.literal('file'), path: z.string().trim().min(1, 'Give the path of the batch file.').max(4096) }),
  /** A prediction log written by the bundle's serve.mjs: its inputs, and the outputs it answered, are read as logged. */
  z.object({ kind: z.literal('log'), path: z.string().trim().min(1, 'Give the path of the prediction log.').max(4096) }),
]);
export type BatchSource = z.infer<typeof BatchSource>;

export const BatchOutcomes = z.object({
  /** A file (CSV, JSON, Parquet…) of the true outcomes that arrived later. */
  path: z.string().trim().min(1, 'Give the path of the outcomes file.').max(4096),
  /** The column both files share: the batch's id column, or a log's request id (X-Request-Id). */
  idColumn: z.string().trim().min(1, 'Name the id column that joins outcomes to predictions.'),
  /** The outcomes file's column holding the outcome; the model's target name when omitted. */
  outcomeColumn: z.string().trim().min(1).optional(),
});
export type BatchOutcomes = z.infer<typeof BatchOutcomes>;

export const AddBatchInput = z.object({
  projectId: z.string().min(1),
  /** NAME@VERSION; NAME alone is its production version. */
  model: ModelRef,
  source: BatchSource,
  outcomes: BatchOutcomes.optional(),
  /** What to call it on the time line; the file's name when omitted. */
  name: z.string().trim().max(200).optional(),
  /** When the batch's rows were seen (ISO date-time); a log's last timestamp, or now, when omitted. */
  observedAt: z.string().datetime({ offset: true }).optional(),
});
export type AddBatchInput = z.input<typeof AddBatchInput>;

export interface BatchSummary {
  id: string;
  projectId: string;
  /** The model version it was compared with: NAME@VERSION and id. */
  model: string;
  versionId: string;
  name: string;
  source: BatchSource;
  outcomes: BatchOutcomes | null;
  rows: number;
  observedAt: string;
  createdAt: string;
  verdict: DriftVerdict;
  drifted: number;
  features: number;
  shareDrifted: number;
  /** Headline values for the time line: every charter metric measured on the batch (null without outcomes). */
  metrics: Partial<Record<Metric, number | null>> | null;
  /** Per sensitive attribute of the charter: its demographic parity difference on the batch (null without outcomes). */
  fairness: Record<string, number | null> | null;
  /** Alerts this batch raised (any status). */
  alerts: number;
  /** The batch's rows as stored in the workspace (inputs, id, outcome): what "Start next iteration" merges. */
  objectSha256: string;
  jobId: string;
}

export interface BatchRecord extends BatchSummary {
  drift: DriftReport;
  performance: BatchPerformance | null;
}

/** Alert rules. From the charter: a success criterion's acceptable level, a sensitive attribute's disparity, and drift. */
export const RULE_KINDS = ['metric', 'drift_share', 'feature_drift', 'prediction_drift', 'fairness', 'missing_rate', 'schema'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const AlertRuleInput = z.discriminatedUnion('kind', [
  /** A metric on the batch's outcomes worse than `threshold` (below, or above for lower-is-better metrics). */
  z.object({ kind: z.literal('metric'), metric: z.enum(METRICS), threshold: z.number().finite() }),
  /** The share of drifted features at or above `threshold`. */
  z.object({ kind: z.literal('drift_share'), threshold: z.number().gt(0).max(1) }),
  /** A named feature drifted (by the project's method and threshold). */
  z.object({ kind: z.literal('feature_drift'), feature: z.string().trim().min(1, 'Name the feature.') }),
  /** The model's predictions drifted. */
  z.object({ kind: z.literal('prediction_drift') }),
  /** A sensitive attribute's demographic parity difference above `threshold`. */
  z.object({ kind: z.literal('fairness'), attribute: z.string().trim().min(1, 'Name the attribute.'), threshold: z.number().min(0).max(1) }),
  /** Any input's missing share in the batch above `threshold` (0–1). */
  z.object({ kind: z.literal('missing_rate'), threshold: z.number().gt(0).max(1) }),
  /** Any schema violation: a model input missing from the batch, or values that cannot be read as its type. */
  z.object({ kind: z.literal('schema') }),
]);
export type AlertRuleInput = z.infer<typeof AlertRuleInput>;

export type RuleSeverity = 'critical' | 'warning';

export type AlertRule = AlertRuleInput & {
  id: string;
  /** Charter rules follow the charter's latest version; custom rules are the project's own. */
  origin: 'charter' | 'custom';
  severity: RuleSeverity;
  enabled: boolean;
  /** The rule in a sentence: "ROC AUC below 0.80 (the charter's acceptable level)". */
  description: string;
};

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface MonitorAlert {
  id: string;
  projectId: string;
  batchId: string;
  batchName: string;
  model: string;
  ruleId: string;
  kind: RuleKind;
  severity: RuleSeverity;
  /** "ROC AUC fell to 0.71 on batch March (acceptable: 0.80)". */
  title: string;
  value: number | null;
  threshold: number | null;
  status: AlertStatus;
  createdAt: string;
  updatedAt: string;
  /** Who moved it last, and why. */
  actor: string | null;
  note: string;
  /** The charter version "Start next iteration" wrote for it, if any. */
  iteration: { charterVersion: number; datasetVersionId: string; batchIds: string[] } | null;
}

export interface MonitorSettings {
  drift: DriftSettings;
  /** The charter's rules (one per success criterion and sensitive attribute, drift share, schema) then custom ones. */
  rules: AlertRule[];
  /** The charter's retraining trigger, in its own words (shown beside the rules it is read as). */
  retrainingTrigger: string;
}

/** The next iteration a "Start next iteration" made: what to train on and with what. */
export interface NextIteration {
  charterVersion: number;
  /** The new dataset version (the training version plus the labeled batches' rows), or the recipe's output on it. */
  dataset: { id: string; versionId: string; name: string; version: number };
  /** The version the batches were merged into, when a recipe was replayed on the merge. */
  merged: { versionId: string; version: number } | null;
  recipe: { id: string; name: string; version: number } | null;
  /** Batch rows added, and which batches. */
  rowsAdded: number;
  batchIds: string[];
  /** The production run's training request, to prefill the Train wizard (versionId replaced). */
  train: { target: string; task: ModelTask; models: ModelKind[]; split: RunRequest['split']; seed: number; params: RunRequest['params']; columns?: RunRequest['columns']; resample?: RunRequest['resample'] };
  /** NAME@VERSION the new model is compared with on the latest batch. */
  production: string;
  latestBatchId: string | null;
}

/** A candidate version and production scored on one batch with outcomes: the charter's metrics side by side. */
export interface BatchComparison {
  batchId: string;
  batchName: string;
  rows: number;
  production: { model: string; performance: BatchPerformance };
  candidate: { model: string; performance: BatchPerformance };
  /** E.g. that the candidate learned from these rows. */
  notes: string[];
}

/** The whole cycle at a glance, for the project dashboard. */
export interface ProjectOverview {
  production: { model: string; versionId: string; since: string | null } | null;
  /** The newest batch of the production version, if any. */
  latestBatch: BatchSummary | null;
  openAlerts: number;
  acknowledgedAlerts: number;
  /** Newest first, a few of each kind: jobs that finished, versions saved, alerts raised. */
  activity: { at: string; kind: 'job' | 'alert' | 'charter' | 'model'; text: string; /** A job's record: hosts title it as their jobs list does. */ job?: Job }[];
}

const Id = z.string().min(1);

export const monitorProcedures = {
  /** Compares a batch with the model version's training rows as a job whose result is a BatchSummary. */
  'monitor.addBatch': procedure(AddBatchInput).mutation<Job>(['jobs']),
  /** Batches of the project (or one model version), newest observed first. */
  'monitor.batches': procedure(z.object({ projectId: Id, model: ModelRef.optional() })).query<BatchSummary[]>(['monitor']),
  'monitor.batch': procedure(z.object({ projectId: Id, id: Id })).query<BatchRecord>(['monitor']),
  'monitor.settings': procedure(z.object({ projectId: Id })).query<MonitorSettings>(['monitor', 'charters']),
  'monitor.saveDrift': procedure(z.object({ projectId: Id, drift: DriftSettings })).mutation<MonitorSettings>(['monitor']),
  'monitor.addRule': procedure(z.object({ projectId: Id, rule: AlertRuleInput, severity: z.enum(['critical', 'warning']).default('warning') })).mutation<AlertRule>(['monitor']),
  /** Turns any rule on or off; removes a custom one. */
  'monitor.updateRule': procedure(z.object({ projectId: Id, ruleId: Id, enabled: z.boolean().optional(), remove: z.boolean().optional() })).mutation<MonitorSettings>(['monitor']),
  'monitor.alerts': procedure(z.object({ projectId: Id, status: z.enum(ALERT_STATUSES).optional() })).query<MonitorAlert[]>(['monitor']),
  'monitor.setAlertStatus': procedure(z.object({ projectId: Id, id: Id, status: z.enum(ALERT_STATUSES), note: z.string().trim().max(2000).default('') })).mutation<MonitorAlert>(['monitor']),
  /**
   * From an alert, as a job whose result is a NextIteration: a new charter version noting why, the labeled batches
   * merged into a new dataset version (the recipe replayed on it), and the production run's training request to
   * prefill the Train wizard with.
   */
  'monitor.nextIteration': procedure(z.object({ projectId: Id, alertId: Id, reason: z.string().trim().max(1000).optional() })).mutation<Job>(['jobs']),
  /** A candidate version and production scored on a batch with outcomes (a job whose result is a BatchComparison). */
  'monitor.compare': procedure(z.object({ projectId: Id, batchId: Id, candidate: ModelRef })).mutation<Job>(['jobs']),
  'monitor.overview': procedure(z.object({ projectId: Id })).query<ProjectOverview>(['monitor', 'models', 'jobs', 'charters']),
};
