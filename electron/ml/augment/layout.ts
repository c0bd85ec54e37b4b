/**
 * Which features SMOTE interpolates and which it treats as categories, read from a fitted preprocessor: a number is
 * continuous (with its missing flag, if it has one); a one-hot group, an ordinal code or a yes/no is one category.
 */
import { stepFeatures, type FittedPreprocessor } from '../preprocess/fit';

export type FeatureGroup =
  /** A number: NaN, or 1 in its `indicator` feature (−1: none), marks a missing value. Date parts are numbers too. */
  | { kind: 'continuous'; feature: number; indicator: number }
  /** One category spread over `features`: one feature holds its code (ordinal, 0/1), several are a one-hot group. */
  | { kind: 'discrete'; features: number[] };

export interface FeatureLayout {
  groups: FeatureGroup[];
}

/** Every feature a plain number: classic SMOTE. */
export function continuousLayout(features: number): FeatureLayout {
  return { groups: Array.from({ length: features }, (_, f) => ({ kind: 'continuous' as const, feature: f, indicator: -1 })) };
}

export function layoutOf(preprocessor: FittedPreprocessor): FeatureLayout {
  const groups: FeatureGroup[] = [];
  let first = 0;
  for (const step of preprocessor.steps) {
    const width = stepFeatures(step).length;
    switch (step.action) {
      case 'drop':
        break;
      case 'numeric':
        groups.push({ kind: 'continuous', feature: first, indicator: step.indicator ? first + 1 : -1 });
        break;
      case 'datetime':
        for (let p = 0; p < width; p++) groups.push({ kind: 'continuous', feature: first + p, indicator: -1 });
        break;
      case 'boolean':
      case 'categorical':
        groups.push({ kind: 'discrete', features: Array.from({ length: width }, (_, i) => first + i) });
        break;
      default: {
        const unknown: never = step;
        throw new Error(`Unknown preprocessing step ${JSON.stringify(unknown)}`);
      }
    }
    first += width;
  }
  return { groups };
}

/** Checks that the groups cover features 0…count−1 exactly once: a layout from another preprocessor would not. */
export function checkLayout(layout: FeatureLayout, count: number): void {
  const seen = new Uint8Array(count);
  const mark = (f: number) => {
    if (!(f >= 0 && f < count) || seen[f]) throw new Error(`The feature layout does not match the ${count} features (feature ${f}).`);
    seen[f] = 1;
  };
  for (const g of layout.groups) {
    if (g.kind === 'continuous') {
      mark(g.feature);
      if (g.indicator >= 0) mark(g.indicator);
    } else g.features.forEach(mark);
  }
  const missing = seen.indexOf(0);
  if (missing !== -1) throw new Error(`The feature layout leaves feature ${missing} out.`);
}
