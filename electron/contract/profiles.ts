/** Explore stage: the profile of a dataset version — overview, per-column statistics, correlations and alerts. */
import { z } from 'zod';
import type { Job } from './jobs';
import { procedure } from './procedure';
import type { SemanticType } from './datasets';

export interface Histogram {
  /** Bin edges, length = counts.length + 1; for datetimes, epoch milliseconds. */
  edges: number[];
  counts: number[];
}

export interface ColumnProfile {
  name: string;
  semanticType: SemanticType;
  storageType: string;
  missing: number;
  missingPct: number;
  distinct: number;
  /** Numbers (and booleans as 0/1) */
  numeric?: {
    min: number;
    max: number;
    mean: number;
    std: number;
    skewness: number;
    quantiles: { p05: number; p25: number; p50: number; p75: number; p95: number };
    zeros: number;
    negative: number;
  };
  datetime?: { min: string; max: string };
  text?: { minLength: number; meanLength: number; maxLength: number };
  histogram?: Histogram;
  /** Most frequent values, most frequent first (categorical, boolean, text, identifier). */
  topValues?: { value: string; count: number }[];
}

export interface CorrelationMatrix {
  columns: string[];
  /** Row-major, symmetric; null where it cannot be computed (constant column). */
  values: (number | null)[][];
}

export const ALERT_KINDS = [
  'constant',
  'high_cardinality',
  'mostly_missing',
  'skewed',
  'high_correlation',
  'duplicate_rows',
  'imbalanced_target',
  'target_leakage',
  'identifier',
  'personal_data',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface Alert {
  kind: AlertKind;
  severity: 'info' | 'warning' | 'critical';
  columns: string[];
  /** What was found, with the numbers. */
  message: string;
  /** What to do about it. */
  suggestion: string;
}

export interface TargetAnalysis {
  column: string;
  kind: 'classification' | 'regression';
  /** Classification: count per class. */
  classes?: { value: string; count: number }[];
  /** Regression: the target's histogram. */
  histogram?: Histogram;
  /**
   * Each feature's strength of relation to the target, 0..1, strongest first: |Pearson| between numbers, the
   * correlation ratio η between a number and categories, Cramér's V between categories.
   */
  relations: { column: string; measure: 'pearson' | 'correlation_ratio' | 'cramers_v'; value: number }[];
  /** Classification: box plot figures of the most related numeric features, per class. */
  byClass?: { column: string; classes: { value: string; min: number; q1: number; median: number; q3: number; max: number }[] }[];
  /** Regression: up to 500 sampled (feature, target) points for the most related numeric features. */
  scatter?: { column: string; points: [number, number][] }[];
}

export interface Profile {
  versionId: string;
  computedAt: string;
  overview: {
    rows: number;
    columns: number;
    missingCells: number;
    missingCellsPct: number;
    duplicateRows: number;
    /** Size of the stored Parquet object. */
    storedBytes: number;
    typeCounts: Partial<Record<SemanticType, number>>;
    /** True above 100,000 rows: distinct counts (HyperLogLog) and quantiles (t-digest) are then approximate. */
    approximate: boolean;
  };
  columns: ColumnProfile[];
  correlations: { pearson: CorrelationMatrix; spearman: CorrelationMatrix; cramersV: CorrelationMatrix; sampledRows: number };
  /** Missing count per column and the most common patterns of missingness across columns. */
  missingness: { patterns: { columns: string[]; rows: number }[] };
  target: TargetAnalysis | null;
  alerts: Alert[];
}

export const profileProcedures = {
  /** The cached profile of a version, or null if none was computed yet (or for another target). */
  'profiles.get': procedure(z.object({ versionId: z.string().min(1), target: z.string().optional() })).query<Profile | null>(['profiles']),
  /** Starts a profile job; its result is the Profile. */
  'profiles.compute': procedure(z.object({ versionId: z.string().min(1), target: z.string().optional() })).mutation<Job>(['jobs']),
};
