/**
 * Applies a fitted preprocessor to rows of a frame: column-major float32 features, as estimators take them.
 * ±Infinity counts as missing, as in the exported graph (`onnx.ts`) and at import.
 */
import type { Features } from '../types';
import { datePart, MISSING_LEVEL, stepFeatures, type FittedPreprocessor, type FittedStep } from './fit';
import { columnOf, type Frame, type RawColumn } from './frame';

/** Writes one step's features for `rows` into `data` from feature index `first`; returns how many it wrote. */
function writeStep(step: FittedStep, column: RawColumn, rows: Uint32Array, data: Float32Array, first: number): number {
  const n = rows.length;
  const at = (feature: number, i: number) => (first + feature) * n + i;
  switch (step.action) {
    case 'drop':
      return 0;
    case 'numeric': {
      const values = column.values as Float64Array;
      for (let i = 0; i < n; i++) {
        const raw = values[rows[i]!]!;
        const missing = !Number.isFinite(raw);
        const v = missing ? (step.fill ?? NaN) : Math.min(step.clipHigh, Math.max(step.clipLow, raw));
        data[at(0, i)] = (v - step.center) / step.scale;
        if (step.indicator) data[at(1, i)] = missing ? 1 : 0;
      }
      return step.indicator ? 2 : 1;
    }
    case 'boolean': {
      const values = column.values as Float64Array;
      for (let i = 0; i < n; i++) {
        const raw = values[rows[i]!]!;
        data[at(0, i)] = !Number.isFinite(raw) ? (step.fill ?? NaN) : raw ? 1 : 0;
      }
      return 1;
    }
    case 'categorical': {
      const values = column.values as (string | null)[];
      const index = new Map(step.levels.map((l, k) => [l, k]));
      const other = step.levels.length;
      const width = step.encode === 'onehot' ? other + 1 : 1;
      if (step.encode === 'onehot') data.fill(0, first * n, (first + width) * n);
      for (let i = 0; i < n; i++) {
        const v = values[rows[i]!] ?? (index.has(MISSING_LEVEL) ? MISSING_LEVEL : step.fill);
        // A level never seen in training (or cut by maxLevels) is "(other)"; a missing value with no fill is NaN.
        const code = v === null ? -1 : (index.get(v) ?? other);
        if (step.encode === 'ordinal') data[at(0, i)] = code === -1 ? NaN : code;
        else if (code !== -1) data[at(code, i)] = 1;
      }
      return width;
    }
    case 'datetime': {
      const values = column.values as Float64Array;
      step.parts.forEach((part, p) => {
        for (let i = 0; i < n; i++) {
          const v = datePart(values[rows[i]!]!, part);
          data[at(p, i)] = Number.isNaN(v) && step.fills ? step.fills[p]! : v;
        }
      });
      return step.parts.length;
    }
  }
}

export function transform(fitted: FittedPreprocessor, frame: Frame, rows: Uint32Array = Uint32Array.from({ length: frame.rows }, (_, i) => i)): Features {
  const data = new Float32Array(fitted.featureNames.length * rows.length);
  let first = 0;
  for (const step of fitted.steps) {
    const written = writeStep(step, columnOf(frame, step.column), rows, data, first);
    if (written !== stepFeatures(step).length) throw new Error(`Step for "${step.column}" wrote ${written} features, expected ${stepFeatures(step).length}.`);
    first += written;
  }
  return { rows: rows.length, names: fitted.featureNames, data };
}
