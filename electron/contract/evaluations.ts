/**
 * Evaluation reports: a run's exported ONNX file scored on a dataset version (its own test rows, an out-of-time
 * set, a new batch), with every metric's bootstrap confidence interval, the curves, the errors and for whom they
 * happen, fairness across the charter's sensitive attributes, explanations, and the charter's success gate.
 */
import { z } from 'zod';
import type { Metric } from './charter-vocabulary';
import type { Verdict } from './criteria';
import type { Job } from './jobs';
import { procedure } from './procedure';
import type { ModelKind, ModelTask } from './runs';

export const EvaluateInput = z.object({
  runId: z.string().min(1),
  /** The dataset version to score; default the run's own. It must have the run's input columns and target. */
  versionId: z.string().min(1).optional(),
  /**
   * 'test': the run's held-out rows (only on its own version, and the default there); 'all': every row with a
   * target (the only choice on another version: none of its rows trained the model, as far as Gyre knows).
   */
  rows: z.enum(['test', 'all']).optional(),
  /** Bootstrap resamples for the confidence intervals. */
  resamples: z.number().int().min(100, 'Use at least 100 resamples.').max(10_000).default(1000),
  /** How often each column is shuffled for permutation importance. */
  repeats: z.number().int().min(1).max(50).default(5),
  /** Columns to check for fairness besides the charter's sensitive attributes. */
  sensitive: z.array(z.string().min(1)).max(50).default([]),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
});
export type EvaluateInput = z.input<typeof EvaluateInput>;

/** A metric on the rows evaluated, with its 95% percentile bootstrap interval. */
export interface MetricEstimate {
  /** null where the metric is undefined on these rows (one class present). */
  value: number | null;
  low: number | null;
  high: number | null;
  /** Why there is no interval, when there is none. */
  note?: string;
}

/** One charter criterion measured on this evaluation. */
export interface GateCriterion {
  metric: Metric;
  label: string;
  direction: 'higher' | 'lower';
  acceptable: number;
  target: number;
  value: number | null;
  /** The interval, for metrics computed from the rows (latency and size have none). */
  low: number | null;
  high: number | null;
  verdict: Verdict;
}

export interface SuccessGate {
  criteria: GateCriterion[];
  /** Every criterion at least acceptable; null when the charter has none. */
  passed: boolean | null;
  /** One row per call through onnxruntime, measured by this evaluation. */
  latency: { p50Ms: number; p95Ms: number };
  sizeBytes: number;
}

export interface ThresholdTable {
  /** Ascending; at each, a row is predicted positive when its score is at or above it. Parallel arrays. */
  threshold: number[];
  precision: number[];
  recall: number[];
  f1: number[];
  accuracy: number[];
  tp: number[];
  fp: number[];
  tn: number[];
  fn: number[];
  /** The threshold with the best F1 (ties: nearest 0.5). */
  bestF1: number;
}

export interface EvaluationCurves {
  /** Binary: false-positive rate (x) against true-positive rate (y); null when the rows hold one class. */
  roc?: { x: number[]; y: number[] } | null;
  pr?: { x: number[]; y: number[] };
  calibration?: { predicted: number[]; observed: number[]; count: number[] };
  /** Binary: share of rows contacted, highest scores first, against the share of positives found, and the lift. */
  gain?: { share: number[]; gain: number[]; lift: number[] };
  deciles?: { decile: number; gain: number; lift: number; responseRate: number }[];
  /** Classification: rows = true class, columns = predicted, in class-label order. */
  confusion?: number[][];
  /** Regression: up to 500 (predicted, actual) pairs. */
  residuals?: { predicted: number[]; actual: number[] };
}

/** A row the model got most wrong. */
export interface WorstRow {
  /** The row's number in the dataset version (0-based). */
  row: number;
  /** Its raw values, by column (the model's input columns). */
  values: Record<string, string | number | null>;
  actual: string | number;
  predicted: string | number;
  /** Classification: the probability given to the true class; regression: the prediction. */
  score: number;
  /** Classification: log loss of the row; regression: absolute error. */
  loss: number;
}

export interface ErrorSlice {
  column: string;
  label: string;
  rows: number;
  /** Error rate (classification) or mean absolute error (regression) of the slice. */
  error: number;
  /** error − the overall error: positive is worse than overall. */
  difference: number;
}

export interface ErrorAnalysis {
  /** 'share misclassified' or 'mean absolute error'. */
  measure: string;
  overall: number;
  worst: WorstRow[];
  columns: { column: string; slices: ErrorSlice[] }[];
  /** Slices of at least `minRows` rows, the weakest first. */
  weakest: ErrorSlice[];
  minRows: number;
}

export interface GroupFairness {
  group: string;
  count: number;
  share: number;
  selectionRate: number | null;
  tpr: number | null;
  fpr: number | null;
  precision: number | null;
  accuracy: number | null;
  /** Regression: the group's mean absolute error. */
  mae?: number | null;
  /** Fewer than 30 rows: the numbers are unreliable. */
  small: boolean;
}

export interface FairnessSection {
  /** The attribute as the charter (or the request) names it, and the column it was read from. */
  attribute: string;
  column: string | null;
  /** Why it could not be checked (no such column, regression without a rule…). */
  note?: string;
  /** The charter's largest allowed difference between groups; null for attributes the request added. */
  maxDisparity: number | null;
  groups: GroupFairness[];
  demographicParityDifference: number | null;
  demographicParityRatio: number | null;
  equalizedOddsDifference: number | null;
  equalizedOddsRatio: number | null;
  /** Whether the differences are within maxDisparity; null when not judged. */
  passed: boolean | null;
}

export interface Explanations {
  /** What the importance measures: how much this metric worsens when a column's values are shuffled (its name). */
  metric: string;
  /** Which way the metric is better: a worse score is a lower ROC AUC but a higher RMSE. */
  better: 'higher' | 'lower';
  baseline: number;
  repeats: number;
  /** Rows the importance was computed on (a seeded sample of the rows evaluated). */
  rows: number;
  importance: { column: string; mean: number; std: number }[];
  /** What partial dependence averages: "probability of churned = true", "predicted price"… */
  output: string;
  /** 'date' grids hold epoch milliseconds. */
  dependence: { column: string; kind: 'number' | 'date' | 'string'; grid: (number | string)[]; average: number[]; ice: number[][] }[];
}

export interface EvaluationReport {
  task: ModelTask;
  target: string;
  /** Rows evaluated, and in words which. */
  rows: number;
  rowsLabel: string;
  classLabels: string[] | null;
  /** Binary: the class whose probability is the score. */
  positiveLabel: string | null;
  metrics: Record<string, MetricEstimate>;
  resamples: number;
  gate: SuccessGate;
  curves: EvaluationCurves;
  thresholds: ThresholdTable | null;
  errors: ErrorAnalysis;
  fairness: FairnessSection[];
  explanations: Explanations;
  /** Seconds each part took. */
  timings: Record<string, number>;
}

export interface Evaluation {
  id: string;
  projectId: string;
  runId: string;
  /** The run's model, for lists. */
  model: ModelKind;
  versionId: string;
  dataset: { id: string; name: string; version: number };
  jobId: string | null;
  rows: 'test' | 'all';
  createdAt: string;
  /** The gate's verdict, for lists. */
  passed: boolean | null;
}

export type EvaluationDetail = Evaluation & { report: EvaluationReport };

/**
 * A per-prediction explanation: each column's contribution to one row's output (Shapley values), adding up to
 * prediction − baseValue (up to sampling error when sampled).
 */
export interface RowExplanation {
  row: number;
  /**
   * 'tree': exact TreeSHAP on the model's own trees, per feature and summed into the raw column each came from;
   * 'exact' / 'sampled': model-agnostic Shapley values of the raw columns, enumerated or sampled.
   */
  method: 'exact' | 'sampled' | 'tree';
  /** What the numbers are: "log-odds of churned = true", "probability of churned = true", "predicted price". */
  output: string;
  /** The output averaged over the evaluation's reference rows. */
  baseValue: number;
  prediction: number;
  /** standardError is 0 unless sampled. */
  contributions: { column: string; value: string | number | null; contribution: number; standardError: number }[];
}

export const evaluationProcedures = {
  /** Scores a run's file on a dataset version and writes the report: a job. */
  'evaluations.start': procedure(EvaluateInput).mutation<Job>(['jobs']),
  /** A project's evaluations (or one run's), newest first. */
  'evaluations.list': procedure(z.object({ projectId: z.string().min(1), runId: z.string().min(1).optional() })).query<Evaluation[]>(['evaluations']),
  'evaluations.get': procedure(z.object({ id: z.string().min(1) })).query<EvaluationDetail>(['evaluations']),
  /** Why the model predicted what it did for one evaluated row (its number in the dataset version). */
  'evaluations.explainRow': procedure(z.object({ id: z.string().min(1), row: z.number().int().min(0) })).query<RowExplanation>(['evaluations']),
};
