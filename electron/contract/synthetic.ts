/**
 * Synthetic data (Prepare stage): a Gaussian copula fitted on a dataset version generates new rows that keep each
 * column's distribution and the columns' correlations without copying a real row. The new rows become a dataset
 * version whose lineage names its source; the quality report (computed by electron/ml/synthetic/) is kept with it.
 */
import { z } from 'zod';
import type { SemanticType } from './datasets';
import type { Job } from './jobs';
import { procedure } from './procedure';
import { ProjectId } from './projects';

/** Most rows one request may generate: the generated columns are held in memory while copies are checked. */
export const MAX_SYNTHETIC_ROWS = 1_000_000;

export const SynthesizeInput = z.object({
  projectId: ProjectId,
  /** The dataset version the generator learns from. */
  versionId: z.string().min(1, 'Choose the dataset version to learn from.'),
  rows: z
    .number({ error: 'Say how many rows to generate.' })
    .int('Rows must be a whole number.')
    .min(1, 'Generate at least one row.')
    .max(MAX_SYNTHETIC_ROWS, `Generate at most ${MAX_SYNTHETIC_ROWS.toLocaleString('en')} rows at a time.`),
  /** The same seed, version and row count give the same rows. */
  seed: z.number().int().min(0).max(2_147_483_647).default(42),
  /** The dataset to add the version to; default `<source dataset>-synthetic`. */
  name: z.string().trim().min(1).max(200).optional(),
});
export type SynthesizeInput = z.input<typeof SynthesizeInput>;

/** What happened to a column of the source: modeled, replaced by fresh identifiers, or left out. */
export interface SyntheticColumn {
  name: string;
  semanticType: SemanticType;
  treatment: 'modeled' | 'new-identifiers' | 'dropped';
  /** Why, in a sentence, for a column that is not modeled; how, for one that is (e.g. "rounded to 2 decimals"). */
  note: string | null;
  /** Categories seen in a single real row: generated rows can carry them, and a rare value can point at one person. */
  rareCategories: number;
}

/** Before/after shares for a column's chart: bins of a number's range, or categories (the most frequent, then "(other)"). */
export type ColumnChart =
  | { kind: 'histogram'; edges: number[]; real: number[]; synthetic: number[]; dates: boolean }
  | { kind: 'bars'; labels: string[]; real: number[]; synthetic: number[] };

export interface NumberSummary {
  mean: number;
  std: number;
  min: number;
  max: number;
}

/** How far one synthetic column is from the real one. */
export interface ColumnQuality {
  name: string;
  semanticType: SemanticType;
  kind: 'numeric' | 'categorical';
  /** Share of missing values on each side. */
  missing: { real: number; synthetic: number };
  /** Numbers: the two-sample Kolmogorov–Smirnov statistic (largest gap between the two CDFs, 0 … 1). */
  ks: number | null;
  /** Numbers: the Wasserstein-1 (earth mover's) distance in the column's unit, and divided by the real standard deviation. */
  wasserstein: number | null;
  wassersteinScaled: number | null;
  /** Categories and booleans: total variation distance of the shares, ½·Σ|p − q| (0 same … 1 disjoint). */
  totalVariation: number | null;
  /** KS for numbers, total variation for categories: the one figure the table sorts and judges by. */
  distance: number;
  summary: { real: NumberSummary | null; synthetic: NumberSummary | null } | null;
  chart: ColumnChart;
}

/**
 * Pairwise association of every modeled pair, on each side (dython's `associations`): Pearson's r between two numbers
 * (−1 … 1), the correlation ratio η between a category and a number, Cramér's V between two categories (both 0 … 1).
 */
export interface AssociationComparison {
  columns: string[];
  /** `real[i][j]`; null where a pair has no spread to measure (a constant column, no rows with both present). */
  real: (number | null)[][];
  synthetic: (number | null)[][];
  /** Mean and largest |synthetic − real| over the pairs (the diagonal left out). */
  meanAbsDifference: number;
  largest: { a: string; b: string; real: number; synthetic: number } | null;
  /** Rows each side's matrix was computed on (a seeded sample above 20,000). */
  rows: { real: number; synthetic: number };
}

/** Can a classifier tell real rows from synthetic ones? A gradient-boosted model's ROC AUC on held-out rows. */
export interface DiscriminatorResult {
  /** 0.5: indistinguishable; 1: every row told apart. Null when there were too few rows to train on. */
  auc: number | null;
  model: string;
  trainRows: number;
  testRows: number;
}

/** Distances to the closest real row (standardized numbers, categories: a mismatch counts as one standard deviation). */
export interface NearestNeighbourCheck {
  /** Percentile levels of the two distributions below, e.g. [0.05, 0.25, 0.5, 0.75, 0.95]. */
  levels: number[];
  /** Synthetic rows to their nearest reference real row. */
  syntheticToReal: number[];
  /** Held-out real rows to their nearest reference real row: how close a genuinely new row from the population sits. */
  realToReal: number[];
  /** Share of synthetic rows closer to a real row than the 5th percentile of the real→real distances (≈ 0.05 expected). */
  closerThanRealP5: number;
  /** The smallest synthetic→real distance seen. */
  minimum: number;
  sample: { synthetic: number; reference: number; holdout: number };
}

export interface PrivacyCheck {
  /** Rows compared exactly, on every generated column, with every real row. */
  checkedColumns: string[];
  /** Generated rows that equalled a real row; each was drawn again (`resampled`) or, after 10 tries, left out (`dropped`). */
  exactCopies: { found: number; resampled: number; dropped: number; remaining: 0 };
  nearestNeighbour: NearestNeighbourCheck | null;
}

export interface SyntheticVerdict {
  /** good: hard to tell apart; fair: usable with care; poor: some columns or relations are off. */
  level: 'good' | 'fair' | 'poor';
  headline: string;
  /** Plain-language findings, most important first. */
  findings: string[];
}

export interface SyntheticReport {
  method: 'gaussian-copula';
  seed: number;
  source: { versionId: string; label: string; rows: number };
  rowsRequested: number;
  rowsGenerated: number;
  columns: SyntheticColumn[];
  /** Added toward independence so the correlation matrix was valid (0 when it already was). */
  shrinkage: number;
  quality: ColumnQuality[];
  /** Rows per side the columns were compared on (a seeded sample above 50,000). */
  qualityRows: { real: number; synthetic: number };
  association: AssociationComparison | null;
  discriminator: DiscriminatorResult;
  privacy: PrivacyCheck;
  verdict: SyntheticVerdict;
  /** Milliseconds per step, for the curious. */
  timings: Record<string, number>;
}

/** A synthetic version as the Prepare stage lists it. */
export interface SyntheticSummary {
  id: string;
  /** The synthetic dataset version, and its dataset. */
  versionId: string;
  datasetId: string;
  datasetName: string;
  version: number;
  sourceVersionId: string;
  sourceLabel: string;
  rows: number;
  seed: number;
  level: SyntheticVerdict['level'];
  auc: number | null;
  /** The largest per-column distance. */
  worstDistance: number | null;
  createdAt: string;
}

export interface SyntheticRecord extends SyntheticSummary {
  report: SyntheticReport;
}

export const syntheticProcedures = {
  /** Fits the generator on a dataset version and generates rows, as a job whose result is a SyntheticSummary. */
  'synthetic.generate': procedure(SynthesizeInput).mutation<Job>(['jobs']),
  /** The project's synthetic versions, newest first. */
  'synthetic.list': procedure(z.object({ projectId: ProjectId })).query<SyntheticSummary[]>(['synthetic', 'datasets']),
  /** The quality report of a synthetic dataset version; null for a version that is not synthetic. */
  'synthetic.report': procedure(z.object({ projectId: ProjectId, versionId: z.string().min(1) })).query<SyntheticRecord | null>(['synthetic']),
};
