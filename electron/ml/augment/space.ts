/**
 * The space SMOTE looks for neighbours in. Every continuous feature is standardized over the rows being resampled
 * (tree models see unscaled features, and a raw distance would be ruled by the widest column); a missing value sits
 * at the mean with a missing flag; each category that differs — or a value present in one row and missing in the
 * other — costs 1, one standard deviation, as SMOTE-NC prices a category.
 */
import type { Features } from '../types';
import type { FeatureLayout } from './layout';

/** Mean and standard deviation of each continuous group's present values, and whether any value is missing. */
export interface GroupScales {
  mean: Float64Array;
  std: Float64Array;
  hasMissing: Uint8Array;
}

/** One class's rows in the search space: row-major numbers (`dims` per row) and codes (`codeCount` per row). */
export interface SearchPoints {
  n: number;
  dims: number;
  values: Float64Array;
  codeCount: number;
  /** The discrete groups' category codes in layout order, then the missing flags of continuous groups that have gaps. */
  codes: Int32Array;
}

export const continuousGroups = (layout: FeatureLayout) => layout.groups.filter((g) => g.kind === 'continuous');
export const discreteGroups = (layout: FeatureLayout) => layout.groups.filter((g) => g.kind === 'discrete');

/** Whether `row`'s value of a continuous group is missing: NaN, or its missing flag set. */
export function isMissing(data: Float32Array, rows: number, row: number, feature: number, indicator: number): boolean {
  return Number.isNaN(data[feature * rows + row]!) || (indicator >= 0 && data[indicator * rows + row] === 1);
}

export function groupScales(features: Features, layout: FeatureLayout): GroupScales {
  const groups = continuousGroups(layout);
  const out: GroupScales = { mean: new Float64Array(groups.length), std: new Float64Array(groups.length), hasMissing: new Uint8Array(groups.length) };
  const { rows, data } = features;
  groups.forEach((g, i) => {
    let n = 0;
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      if (isMissing(data, rows, r, g.feature, g.indicator)) continue;
      n++;
      sum += data[g.feature * rows + r]!;
    }
    const mean = n ? sum / n : 0;
    let squares = 0;
    for (let r = 0; r < rows; r++) if (!isMissing(data, rows, r, g.feature, g.indicator)) squares += (data[g.feature * rows + r]! - mean) ** 2;
    const std = n ? Math.sqrt(squares / n) : 0;
    out.mean[i] = mean;
    out.std[i] = std > 0 ? std : 1;
    out.hasMissing[i] = n < rows ? 1 : 0;
  });
  return out;
}

/** A one-hot group's code is the index of its hot feature; a single feature's code is its value; missing is −1. */
function categoryCode(data: Float32Array, rows: number, row: number, features: number[]): number {
  if (features.length === 1) {
    const v = data[features[0]! * rows + row]!;
    return Number.isNaN(v) ? -1 : Math.round(v);
  }
  for (let i = 0; i < features.length; i++) if (data[features[i]! * rows + row] === 1) return i;
  return -1;
}

/** The search-space coordinates of `rows` (input row numbers, one class's). */
export function searchPoints(features: Features, layout: FeatureLayout, scales: GroupScales, rows: Uint32Array): SearchPoints {
  const continuous = continuousGroups(layout);
  const discrete = discreteGroups(layout);
  const flagged = continuous.flatMap((_, i) => (scales.hasMissing[i] ? [i] : []));
  const dims = continuous.length;
  const codeCount = discrete.length + flagged.length;
  const values = new Float64Array(rows.length * dims);
  const codes = new Int32Array(rows.length * codeCount);
  const { rows: total, data } = features;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    continuous.forEach((g, d) => {
      values[i * dims + d] = isMissing(data, total, r, g.feature, g.indicator) ? 0 : (data[g.feature * total + r]! - scales.mean[d]!) / scales.std[d]!;
    });
    discrete.forEach((g, c) => (codes[i * codeCount + c] = categoryCode(data, total, r, g.features)));
    flagged.forEach((d, c) => {
      const g = continuous[d]!;
      codes[i * codeCount + discrete.length + c] = isMissing(data, total, r, g.feature, g.indicator) ? 1 : 0;
    });
  }
  return { n: rows.length, dims, values, codeCount, codes };
}

/** The squared distance between points `a` and `b`, summed in a fixed order: the same bits on every machine. */
export function distance(points: SearchPoints, a: number, b: number): number {
  const { dims, values, codeCount, codes } = points;
  let dist = 0;
  for (let d = 0; d < dims; d++) {
    const t = values[a * dims + d]! - values[b * dims + d]!;
    dist += t * t;
  }
  for (let c = 0; c < codeCount; c++) if (codes[a * codeCount + c] !== codes[b * codeCount + c]) dist += 1;
  return dist;
}
