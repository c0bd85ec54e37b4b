/**
 * Fits a column plan on the training rows and applies it to any rows: the fitted state is plain data (stored
 * with a run, read by the ONNX exporter), and `transform` gives the column-major float32 features estimators use.
 */
import type { Frame, RawColumn } from './frame';
import { columnOf } from './frame';
import type { ColumnStep, DatePart } from './plan';

export const MISSING_LEVEL = '(missing)';
export const OTHER_LEVEL = '(other)';

export type FittedStep =
  | { action: 'drop'; column: string; reason: string }
  /** value → clip to [clipLow, clipHigh] → NaN replaced by fill (null: kept) → (value − center) / scale. */
  | { action: 'numeric'; column: string; clipLow: number; clipHigh: number; fill: number | null; indicator: boolean; center: number; scale: number }
  | { action: 'boolean'; column: string; fill: number | null }
  /**
   * Levels kept, most frequent first. One-hot: one feature per level plus "(other)" for the rest and for levels
   * first seen when scoring. Ordinal: the level's index, "(other)" = levels.length. A missing value is the
   * "(missing)" level when it is one, else `fill`.
   */
  | { action: 'categorical'; column: string; encode: 'onehot' | 'ordinal'; levels: string[]; fill: string | null }
  | { action: 'datetime'; column: string; parts: DatePart[]; fills: number[] | null };

export interface FittedPreprocessor {
  steps: FittedStep[];
  featureNames: string[];
}

const DAY_MS = 86_400_000;

function presentValues(values: Float64Array, rows: Uint32Array): Float64Array {
  const out: number[] = [];
  for (const r of rows) if (Number.isFinite(values[r]!)) out.push(values[r]!);
  return Float64Array.from(out);
}

/** numpy's default (linear) quantile of sorted values. */
export function quantileSorted(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return values.length ? s / values.length : 0;
}

function fitNumeric(step: Extract<ColumnStep, { action: 'numeric' }>, values: Float64Array, rows: Uint32Array): FittedStep {
  const present = presentValues(values, rows).sort();
  const [clipLow, clipHigh] = step.clip ? [quantileSorted(present, step.clip[0]), quantileSorted(present, step.clip[1])] : [-Infinity, Infinity];
  const clipped = present.map((v) => Math.min(clipHigh, Math.max(clipLow, v)));
  const fill = step.impute === 'none' ? null : step.impute === 'constant' ? (step.fill ?? 0) : step.impute === 'mean' ? mean(clipped) : quantileSorted(clipped.sort(), 0.5);
  // The scaler sees what the imputer gives it, as in a scikit-learn Pipeline(imputer, scaler).
  const missing = rows.length - present.length;
  const seen = fill === null ? clipped : Float64Array.from([...clipped, ...new Array<number>(missing).fill(fill)]);
  let center = 0;
  let scale = 1;
  if (step.scale === 'standard') {
    center = mean(seen);
    const variance = mean(seen.map((v) => (v - center) ** 2));
    scale = variance > 0 ? Math.sqrt(variance) : 1;
  } else if (step.scale === 'minmax' && seen.length) {
    let [lo, hi] = [Infinity, -Infinity];
    for (const v of seen) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    center = lo;
    scale = hi > lo ? hi - lo : 1;
  }
  return { action: 'numeric', column: step.column, clipLow, clipHigh, fill, indicator: step.indicator, center, scale };
}

function fitBoolean(step: Extract<ColumnStep, { action: 'boolean' }>, values: Float64Array, rows: Uint32Array): FittedStep {
  if (step.impute === 'none') return { action: 'boolean', column: step.column, fill: null };
  const present = presentValues(values, rows);
  const ones = present.reduce((s, v) => s + (v ? 1 : 0), 0);
  return { action: 'boolean', column: step.column, fill: ones * 2 > present.length ? 1 : 0 };
}

function fitCategorical(step: Extract<ColumnStep, { action: 'categorical' }>, values: (string | null)[], rows: Uint32Array): FittedStep {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const v = values[r] ?? (step.impute === 'missing_level' ? MISSING_LEVEL : null);
    if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const byFrequency = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([v]) => v);
  const levels = byFrequency.slice(0, step.maxLevels);
  const fill = step.impute === 'most_frequent' ? (byFrequency.find((v) => v !== MISSING_LEVEL) ?? null) : null;
  return { action: 'categorical', column: step.column, encode: step.encode, levels, fill };
}

/** One date part of epoch milliseconds, in UTC; day of week counts from Monday = 0, as pandas does. */
export function datePart(ms: number, part: DatePart): number {
  if (!Number.isFinite(ms)) return NaN;
  const days = Math.floor(ms / DAY_MS);
  switch (part) {
    case 'days':
      return days;
    case 'dayofweek':
      return (((days + 3) % 7) + 7) % 7;
    case 'hour':
      return Math.floor((ms - days * DAY_MS) / 3_600_000);
    case 'year':
      return new Date(ms).getUTCFullYear();
    case 'month':
      return new Date(ms).getUTCMonth() + 1;
    default: {
      const unknown: never = part;
      throw new Error(`Unknown date part ${String(unknown)}`);
    }
  }
}

function fitDatetime(step: Extract<ColumnStep, { action: 'datetime' }>, values: Float64Array, rows: Uint32Array): FittedStep {
  const present = presentValues(values, rows);
  const fills = step.impute === 'median' ? step.parts.map((p) => quantileSorted(present.map((v) => datePart(v, p)).sort(), 0.5)) : null;
  return { action: 'datetime', column: step.column, parts: step.parts, fills };
}

function fitStep(step: ColumnStep, column: RawColumn, rows: Uint32Array): FittedStep {
  if (step.action === 'drop') return step;
  if (step.action === 'categorical') {
    if (column.kind !== 'string') throw new Error(`"${column.name}" holds numbers; encode it as numeric, or change its type to categorical when importing.`);
    return fitCategorical(step, column.values, rows);
  }
  if (column.kind !== 'number') throw new Error(`"${column.name}" holds text; it cannot be used as ${step.action}.`);
  if (step.action === 'numeric') return fitNumeric(step, column.values, rows);
  if (step.action === 'boolean') return fitBoolean(step, column.values, rows);
  return fitDatetime(step, column.values, rows);
}

/** The feature names a fitted step produces, in order. */
export function stepFeatures(step: FittedStep): string[] {
  switch (step.action) {
    case 'drop':
      return [];
    case 'numeric':
      return step.indicator ? [step.column, `${step.column}_missing`] : [step.column];
    case 'boolean':
      return [step.column];
    case 'categorical':
      return step.encode === 'ordinal' ? [step.column] : [...step.levels, OTHER_LEVEL].map((l) => `${step.column}=${l}`);
    case 'datetime':
      return step.parts.map((p) => `${step.column}.${p}`);
  }
}

/** The raw column each feature is computed from, one per feature in `featureNames` order (`feature_sources` metadata). */
export function featureSources(fitted: FittedPreprocessor): string[] {
  return fitted.steps.flatMap((step) => stepFeatures(step).map(() => step.column));
}

export function fitPreprocessor(frame: Frame, plan: ColumnStep[], train: Uint32Array): FittedPreprocessor {
  const steps = plan.map((step) => fitStep(step, columnOf(frame, step.column), train));
  return { steps, featureNames: steps.flatMap(stepFeatures) };
}
