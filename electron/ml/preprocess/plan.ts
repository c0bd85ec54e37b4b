/**
 * What to do with each raw column before an estimator sees it. Defaults come from the column's semantic type
 * and the estimator family; every choice can be overridden per column.
 */
import { GyreError } from '../../contract/errors';
import type { Frame, RawColumn } from './frame';

export type DatePart = 'year' | 'month' | 'dayofweek' | 'hour' | 'days';

export type ColumnStep =
  | { column: string; action: 'drop'; reason: string }
  | {
      column: string;
      action: 'numeric';
      /** 'none' keeps NaN for the estimator to route (trees learn a direction for missing values). */
      impute: 'none' | 'mean' | 'median' | 'constant';
      /** With impute 'constant'. */
      fill?: number;
      /** Adds `<column>_missing` (1 where the value was missing). */
      indicator: boolean;
      scale: 'standard' | 'minmax' | 'none';
      /** Clip at these training quantiles, e.g. [0.01, 0.99]; null = no clipping. */
      clip: [number, number] | null;
    }
  | { column: string; action: 'boolean'; impute: 'none' | 'most_frequent' }
  | {
      column: string;
      action: 'categorical';
      impute: 'most_frequent' | 'missing_level';
      encode: 'onehot' | 'ordinal';
      /** The most frequent levels kept; the rest, and levels first seen when scoring, share "(other)". */
      maxLevels: number;
    }
  /** Parts computed in UTC; a missing date gives NaN parts, or each part's training median with impute 'median'. */
  | { column: string; action: 'datetime'; parts: DatePart[]; impute: 'none' | 'median' };

export type EstimatorFamily = 'trees' | 'linear';

const DEFAULT_MAX_LEVELS = 20;

function distinctPresent(column: RawColumn, rows: Uint32Array, limit: number): number {
  const seen = new Set<string | number>();
  for (const r of rows) {
    const v = column.values[r]!;
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue;
    seen.add(v);
    if (seen.size > limit) break;
  }
  return seen.size;
}

/** Whether any time in the training rows is not midnight UTC (then the hour is worth a feature). */
function hasTimeOfDay(values: Float64Array, rows: Uint32Array): boolean {
  for (const r of rows) {
    const v = values[r]!;
    if (!Number.isNaN(v) && v % 86_400_000 !== 0) return true;
  }
  return false;
}

/** The default step for one column, judged on the training rows only. */
export function defaultStep(column: RawColumn, train: Uint32Array, family: EstimatorFamily): ColumnStep {
  const name = column.name;
  if (column.semanticType === 'identifier') return { column: name, action: 'drop', reason: 'an identifier says nothing general about a row' };
  if (column.semanticType === 'text') return { column: name, action: 'drop', reason: 'free text is not used as a feature yet' };
  if (distinctPresent(column, train, 1) <= 1) return { column: name, action: 'drop', reason: 'it has a single value in the training rows' };
  switch (column.semanticType) {
    case 'integer':
    case 'float':
      return family === 'linear'
        ? { column: name, action: 'numeric', impute: 'median', indicator: hasMissing(column, train), scale: 'standard', clip: null }
        : { column: name, action: 'numeric', impute: 'none', indicator: false, scale: 'none', clip: null };
    case 'boolean':
      return { column: name, action: 'boolean', impute: family === 'linear' ? 'most_frequent' : 'none' };
    case 'categorical':
      return { column: name, action: 'categorical', impute: 'missing_level', encode: family === 'linear' ? 'onehot' : 'ordinal', maxLevels: DEFAULT_MAX_LEVELS };
    case 'datetime': {
      const parts: DatePart[] = ['year', 'month', 'dayofweek', 'days'];
      if (column.kind === 'number' && hasTimeOfDay(column.values, train)) parts.splice(3, 0, 'hour');
      return { column: name, action: 'datetime', parts, impute: family === 'linear' ? 'median' : 'none' };
    }
    default: {
      throw new Error(`No default step for "${name}" of type ${column.semanticType}.`);
    }
  }
}

function hasMissing(column: RawColumn, rows: Uint32Array): boolean {
  for (const r of rows) {
    const v = column.values[r];
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) return true;
  }
  return false;
}

/** Default steps for every column but the target; `overrides` replace the default of the columns they name. */
export function defaultPlan(frame: Frame, target: string, train: Uint32Array, family: EstimatorFamily, overrides: ColumnStep[] = []): ColumnStep[] {
  const chosen = new Map(overrides.map((s) => [s.column, s]));
  return frame.columns.filter((c) => c.name !== target).map((c) => chosen.get(c.name) ?? defaultStep(c, train, family));
}

/** A user's change to one column's step (the contract's ColumnChoice): fields that do not fit the step are ignored. */
export interface StepChange {
  column: string;
  drop?: boolean;
  impute?: 'none' | 'mean' | 'median' | 'constant';
  fill?: number;
  scale?: 'standard' | 'minmax' | 'none';
  clip?: [number, number] | null;
  encode?: 'onehot' | 'ordinal';
  maxLevels?: number;
}

/**
 * Lays the user's changes over a plan. Leaving a column out always applies; a column the defaults drop stays
 * dropped (an identifier or a constant would only add noise). Refuses a change naming a column the plan lacks.
 */
export function applyChanges(plan: ColumnStep[], changes: readonly StepChange[], target: string): ColumnStep[] {
  const byColumn = new Map(plan.map((s) => [s.column, s]));
  for (const c of changes) {
    if (c.column === target) throw new GyreError('VALIDATION', `"${c.column}" is the target; it cannot also be prepared as a feature.`, { field: 'columns', column: c.column });
    if (!byColumn.has(c.column)) throw new GyreError('VALIDATION', `There is no column "${c.column}" in this dataset version.`, { field: 'columns', column: c.column });
  }
  const change = new Map(changes.map((c) => [c.column, c]));
  return plan.map((step) => {
    const c = change.get(step.column);
    if (!c || step.action === 'drop') return step;
    if (c.drop) return { column: step.column, action: 'drop', reason: 'left out by you' };
    if (step.action === 'numeric') {
      return { ...step, ...(c.impute ? { impute: c.impute } : {}), ...(c.fill !== undefined ? { fill: c.fill } : {}), ...(c.scale ? { scale: c.scale } : {}), ...(c.clip !== undefined ? { clip: c.clip } : {}) };
    }
    if (step.action === 'categorical') return { ...step, ...(c.encode ? { encode: c.encode } : {}), ...(c.maxLevels ? { maxLevels: c.maxLevels } : {}) };
    return step;
  });
}
