/**
 * Shadow validation inside Gyre: a candidate model version compared with the production one, either on a dataset
 * version (both score every row; the target column, where present, gives the outcomes) or on a prediction log that
 * a bundle's serve.mjs wrote with `--candidate` (shadow or A/B), with outcomes from a dataset version joined by an
 * id column. The report's shape is ShadowReport (contract/bundles.ts), computed by electron/deploy/shadow-report.ts.
 */
import { z } from 'zod';
import type { Job } from './jobs';
import { procedure } from './procedure';
import { ModelRef } from './registry';

const Outcomes = z.object({
  /** A dataset version holding the true outcomes that arrived later. */
  versionId: z.string().min(1),
  /** Its column holding the request id (X-Request-Id) each outcome belongs to. */
  idColumn: z.string().min(1),
  /** Its column holding the outcome. */
  outcomeColumn: z.string().min(1),
});

export const ShadowSource = z.discriminatedUnion('kind', [
  /** Both versions score every row of a dataset version; its target column, if it has one, is the outcome. */
  z.object({ kind: z.literal('dataset'), versionId: z.string().min(1) }),
  /** A prediction log (JSONL) written by serve.mjs run with --candidate; outcomes optional. */
  z.object({ kind: z.literal('log'), path: z.string().trim().min(1, 'Give the path of the prediction log.').max(4096), outcomes: Outcomes.optional() }),
]);
export type ShadowSource = z.infer<typeof ShadowSource>;

export const ShadowInput = z.object({
  projectId: z.string().min(1),
  /** The version answering today. */
  production: ModelRef,
  /** The version on trial. */
  candidate: ModelRef,
  source: ShadowSource,
});
export type ShadowInput = z.input<typeof ShadowInput>;

/** A shadow report as the Deploy stage lists it. */
export interface ShadowSummary {
  id: string;
  /** NAME@VERSION of each. */
  production: string;
  candidate: string;
  mode: ShadowReport['mode'];
  /** "customers v2 (300 rows)" or the log's path. */
  sourceLabel: string;
  rows: number;
  agreementRate: number | null;
  /** Both models' headline metric where outcomes were known: accuracy (classification) or MAE (regression). */
  headline: { metric: 'accuracy' | 'mae'; production: number | null; candidate: number | null } | null;
  /** What to keep in mind reading it, e.g. that a model was trained on these rows. */
  notes: string[];
  createdAt: string;
}

export interface ShadowRecord extends ShadowSummary {
  source: ShadowSource;
  report: ShadowReport;
}

export const shadowProcedures = {
  /** Compares a candidate version with production as a job whose result is a ShadowSummary. */
  'shadow.start': procedure(ShadowInput).mutation<Job>(['jobs']),
  /** The project's shadow reports, newest first. */
  'shadow.list': procedure(z.object({ projectId: z.string().min(1) })).query<ShadowSummary[]>(['shadow']),
  'shadow.get': procedure(z.object({ id: z.string().min(1) })).query<ShadowRecord>(['shadow']),
};

/* The report, computed by electron/deploy/shadow-report.ts from a prediction log (or rows scored by both, as one). */
/** How one model's predictions are spread: by predicted label (classification) or by quantiles (regression). */
export type PredictionDistribution =
  | {
      kind: 'labels';
      rows: number;
      /** Rows per predicted label, and their share of `rows`, labels in class order. */
      counts: Record<string, number>;
      shares: Record<string, number>;
      /** Each class's mean predicted probability. */
      meanProbability: Record<string, number>;
    }
  | {
      kind: 'values';
      rows: number;
      mean: number | null;
      /** `quantiles[i]` is at `levels[i]`, interpolated linearly (numpy's default); empty when there are no rows. */
      levels: number[];
      quantiles: number[];
    };

/** How far the candidate's predictions are from production's. */
export interface DistributionDistance {
  /** Total variation distance between the predicted-label shares, ½·Σ|p − q| (0 same, 1 disjoint); null for a regression. */
  labelTotalVariation: number | null;
  /**
   * Population Stability Index of the candidate's values against production's, in 10 bins cut at production's
   * deciles (shares floored at 1e-4): per class probability, or "prediction" for a regression. Under 0.1 is commonly
   * read as no shift, over 0.25 as a large one. Null when either side has no rows.
   */
  psi: Record<string, number | null>;
}

/** One row where the two models differ, as logged. */
export interface ShadowDisagreement {
  requestId: string;
  ts: string;
  inputs: Record<string, unknown>;
  production: Record<string, unknown>;
  candidate: Record<string, unknown>;
}

/** Shadow mode: both models scored every row; how often and how far they differ. */
export interface ShadowComparison {
  /** Rows both models scored (rows the candidate failed on are not among them). */
  compared: number;
  agreed: number;
  /** agreed / compared; null when nothing was compared. */
  agreementRate: number | null;
  /** What agreeing means here, in words: "the same label", or "|candidate − production| ≤ …". */
  agreementRule: string;
  /** Regression: mean and median |candidate − production|; null for a classification. */
  meanAbsoluteDifference: number | null;
  medianAbsoluteDifference: number | null;
  /** Rows the candidate could not score, and how many per error code. */
  candidateErrors: number;
  errorCodes: Record<string, number>;
  /** The first 20 rows where the two differ, in log order. */
  disagreements: ShadowDisagreement[];
}

/** A model's metrics on the rows whose true outcome is known; null where the metric does not apply. */
export interface ArmMetrics {
  rows: number;
  accuracy: number | null;
  /** Binary only, from the positive class's probability; null when the rows hold one class. */
  rocAuc: number | null;
  mae: number | null;
  rmse: number | null;
}

export interface ShadowReport {
  /** shadow: production answered and the candidate scored the same rows; ab: each request answered by one arm. */
  mode: 'shadow' | 'ab';
  task: 'classification' | 'regression';
  /** NAME@VERSION of each model. */
  production: string;
  candidate: string;
  /** Rows logged with a candidate. */
  rows: number;
  /** Rows answered by each arm (in shadow mode production answers every row). */
  arms: { production: number; candidate: number };
  /** Lines that are not such rows: blank, not JSON, or logged by a server without a candidate. */
  skippedLines: number;
  /** Shadow: both models over the same rows; A/B: each arm over the rows it answered. */
  distributions: { production: PredictionDistribution; candidate: PredictionDistribution };
  distance: DistributionDistance;
  shadow: ShadowComparison | null;
  /** With outcomes given: how many rows had one, and how many of those are a class neither model knows (left out). */
  outcomes: { matched: number; unknownLabels: number } | null;
  /** With outcomes given: both models' metrics (shadow: on the same rows; A/B: each arm on its own rows). */
  metrics: { production: ArmMetrics; candidate: ArmMetrics } | null;
}
