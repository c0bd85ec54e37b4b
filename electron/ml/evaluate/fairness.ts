/**
 * Group fairness of a classifier's predictions, with Fairlearn's definitions (`fairlearn.metrics`): per-group
 * selection rate, TPR, FPR, precision and accuracy, and the between-groups disparities (max − min, min / max).
 * A multiclass target is scored one-vs-rest for the chosen positive class.
 */
import { GyreError } from '../../contract/errors';
import { checkLabels, checkRows, type Labels } from '../metrics/classification';

/** The name the group of rows with no group value is reported under. */
export const MISSING_GROUP = '(missing)';

/** Below this many rows a group's rates are shown but flagged: a few rows swing them wildly. */
export const SMALL_GROUP_ROWS = 30;

export interface FairnessOptions {
  /** The class counted as positive; default 1. Any other class counts as negative (one-vs-rest). */
  positive?: number;
  /** Groups with fewer rows get counts only: their rates are null and they take no part in the disparities. Default 1. */
  minGroupRows?: number;
}

/** One group's rates. A rate whose denominator is 0 (TPR of a group with no positives) is null, never NaN. */
export interface GroupRates {
  group: string;
  /** True for the rows whose group value was missing (null). */
  missing: boolean;
  count: number;
  /** count / all rows. */
  share: number;
  /** Rows whose true class is the positive class. */
  positives: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** Share of rows predicted positive (Fairlearn `selection_rate`). */
  selectionRate: number | null;
  /** tp / (tp + fn): recall among the group's actual positives. */
  tpr: number | null;
  /** fp / (fp + tn): false alarms among the group's actual negatives. */
  fpr: number | null;
  /** tp / (tp + fp). */
  precision: number | null;
  /** Share of rows whose predicted class is the true class (all classes, not one-vs-rest). */
  accuracy: number | null;
  /** Fewer than SMALL_GROUP_ROWS rows: the numbers are unreliable. */
  small: boolean;
  /** Fewer than minGroupRows rows: counts only, left out of the disparities. */
  countsOnly: boolean;
}

export interface FairnessReport {
  positive: number;
  groups: GroupRates[];
  overall: GroupRates;
  /** max − min selection rate over the groups (Fairlearn `demographic_parity_difference`). */
  demographicParityDifference: number | null;
  /** min / max selection rate; null when every group's selection rate is 0 (Fairlearn gives nan). */
  demographicParityRatio: number | null;
  /** The larger of the TPR and FPR differences (Fairlearn `equalized_odds_difference`). */
  equalizedOddsDifference: number | null;
  /** The smaller of the TPR and FPR ratios (Fairlearn `equalized_odds_ratio`). */
  equalizedOddsRatio: number | null;
}

export type DisparityMeasure = 'difference' | 'ratio';

export interface FairnessCheck {
  measure: DisparityMeasure;
  allowed: number;
  demographicParity: { value: number | null; passed: boolean | null };
  equalizedOdds: { value: number | null; passed: boolean | null };
  /** False if either fails; null if neither fails but one could not be measured. */
  passed: boolean | null;
}

function invalid(message: string, field: string): GyreError {
  return new GyreError('VALIDATION', message, { field });
}

function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

interface Counts {
  tp: Float64Array;
  fp: Float64Array;
  tn: Float64Array;
  fn: Float64Array;
  /** Rows whose predicted class is the true class (differs from tp + tn one-vs-rest in a multiclass target). */
  hits: Float64Array;
}

/** Group index per row, groups in order of first appearance; null becomes its own group. */
function indexGroups(groups: readonly (string | null)[]): { keys: (string | null)[]; of: Uint32Array } {
  const index = new Map<string | null, number>();
  const of = new Uint32Array(groups.length);
  for (let i = 0; i < groups.length; i++) {
    const key = groups[i] ?? null;
    let g = index.get(key);
    if (g === undefined) {
      g = index.size;
      index.set(key, g);
    }
    of[i] = g;
  }
  return { keys: [...index.keys()], of };
}

function countConfusion(of: Uint32Array, groupCount: number, yTrue: Labels, yPred: Labels, positive: number): Counts {
  const counts = {
    tp: new Float64Array(groupCount), fp: new Float64Array(groupCount), tn: new Float64Array(groupCount), fn: new Float64Array(groupCount),
    hits: new Float64Array(groupCount),
  };
  for (let i = 0; i < of.length; i++) {
    if (yTrue[i] === yPred[i]) counts.hits[of[i]!]! += 1;
    const actual = yTrue[i] === positive;
    const predicted = yPred[i] === positive;
    const cell = actual ? (predicted ? counts.tp : counts.fn) : predicted ? counts.fp : counts.tn;
    cell[of[i]!]! += 1;
  }
  return counts;
}

function ratesOf(key: string | null, counts: Counts, g: number, rows: number, minGroupRows: number): GroupRates {
  const [tp, fp, tn, fn] = [counts.tp[g]!, counts.fp[g]!, counts.tn[g]!, counts.fn[g]!];
  const count = tp + fp + tn + fn;
  const countsOnly = count < minGroupRows;
  const known = (r: number | null) => (countsOnly ? null : r);
  return {
    group: key ?? MISSING_GROUP,
    missing: key === null,
    count,
    share: count / rows,
    positives: tp + fn,
    tp, fp, tn, fn,
    selectionRate: known(rate(tp + fp, count)),
    tpr: known(rate(tp, tp + fn)),
    fpr: known(rate(fp, fp + tn)),
    precision: known(rate(tp, tp + fp)),
    accuracy: known(rate(counts.hits[g]!, count)),
    small: count < SMALL_GROUP_ROWS,
    countsOnly,
  };
}

/** Fairlearn's "between_groups" method over the groups where the rate is defined: max − min and min / max. */
function between(groups: GroupRates[], pick: (g: GroupRates) => number | null): { difference: number | null; ratio: number | null } {
  let min = Infinity;
  let max = -Infinity;
  for (const g of groups) {
    const v = pick(g);
    if (v === null) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (max === -Infinity) return { difference: null, ratio: null };
  return { difference: max - min, ratio: max === 0 ? null : min / max };
}

function worst(a: number | null, b: number | null, pick: (x: number, y: number) => number): number | null {
  if (a === null || b === null) return a ?? b;
  return pick(a, b);
}

function checkOptions(positive: number, minGroupRows: number): void {
  if (!Number.isInteger(positive) || positive < 0) throw invalid(`The positive class must be a class index (0, 1, 2, …); got ${positive}.`, 'positive');
  if (!Number.isInteger(minGroupRows) || minGroupRows < 1) throw invalid(`minGroupRows must be a whole number of at least 1; got ${minGroupRows}.`, 'minGroupRows');
}

/**
 * Rates per group and the disparities between groups. Unlike Fairlearn, which (through scikit-learn's normalised
 * confusion matrix) counts an undefined TPR or FPR as 0, an undefined rate here is null and left out of the
 * disparities, so a group with no positives cannot fake a TPR gap. Groups are listed largest first.
 */
export function groupFairness(groups: readonly (string | null)[], yTrue: Labels, yPred: Labels, options: FairnessOptions = {}): FairnessReport {
  const positive = options.positive ?? 1;
  const minGroupRows = options.minGroupRows ?? 1;
  checkOptions(positive, minGroupRows);
  checkRows('groups', groups.length, 'y_true', yTrue.length);
  checkRows('y_true', yTrue.length, 'y_pred', yPred.length);
  checkLabels('y_true', yTrue, Infinity);
  checkLabels('y_pred', yPred, Infinity);
  if (options.positive === undefined) {
    for (const [field, labels] of [['y_true', yTrue], ['y_pred', yPred]] as const) {
      const beyond = labels.find((c) => c > 1);
      if (beyond !== undefined) throw invalid(`${field} holds class ${beyond}, so the target is multiclass: say which class is positive.`, 'positive');
    }
  }
  const { keys, of } = indexGroups(groups);
  const c = countConfusion(of, keys.length, yTrue, yPred, positive);
  const rows = yTrue.length;
  const perGroup = keys
    .map((key, g) => ratesOf(key, c, g, rows, minGroupRows))
    .sort((a, b) => b.count - a.count || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  const sum = (a: Float64Array) => Float64Array.of(a.reduce((s, v) => s + v, 0));
  const all = { tp: sum(c.tp), fp: sum(c.fp), tn: sum(c.tn), fn: sum(c.fn), hits: sum(c.hits) };
  const overall = ratesOf('(all)', all, 0, rows, 1);
  const measured = perGroup.filter((g) => !g.countsOnly);
  const selection = between(measured, (g) => g.selectionRate);
  const tpr = between(measured, (g) => g.tpr);
  const fpr = between(measured, (g) => g.fpr);
  return {
    positive,
    groups: perGroup,
    overall,
    demographicParityDifference: selection.difference,
    demographicParityRatio: selection.ratio,
    equalizedOddsDifference: worst(tpr.difference, fpr.difference, Math.max),
    equalizedOddsRatio: worst(tpr.ratio, fpr.ratio, Math.min),
  };
}

/**
 * Pass or fail against an allowed disparity: a difference passes at or below `allowed` (e.g. 0.1), a ratio at
 * or above it (e.g. 0.8, the "four-fifths rule"). A disparity that could not be measured neither passes nor fails.
 */
export function checkFairness(report: FairnessReport, allowed: number, measure: DisparityMeasure): FairnessCheck {
  if (!(allowed >= 0 && allowed <= 1)) throw invalid(`The allowed ${measure} must be between 0 and 1; got ${allowed}.`, 'allowed');
  const judge = (value: number | null) => ({
    value,
    passed: value === null ? null : measure === 'difference' ? value <= allowed : value >= allowed,
  });
  const demographicParity = judge(measure === 'difference' ? report.demographicParityDifference : report.demographicParityRatio);
  const equalizedOdds = judge(measure === 'difference' ? report.equalizedOddsDifference : report.equalizedOddsRatio);
  const verdicts = [demographicParity.passed, equalizedOdds.passed];
  const passed = verdicts.includes(false) ? false : verdicts.includes(null) ? null : true;
  return { measure, allowed, demographicParity, equalizedOdds, passed };
}
