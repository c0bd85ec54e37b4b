/**
 * The parts of an evaluation report computed from the model's output on the rows evaluated: curves, the threshold
 * table, the worst rows and the weakest slices, and fairness per sensitive attribute. (Metric intervals, the gate
 * and the explanations are assembled beside it: they need the charter, the clock and the model itself.)
 */
import type { ErrorAnalysis, EvaluationCurves, FairnessSection, GroupFairness, ThresholdTable, WorstRow } from '../../contract/evaluations';
import * as m from '../metrics';
import { quantileSorted } from '../metrics/bootstrap';
import { calibration, prPoints, residualSample, rocPoints } from '../metrics/curves';
import type { Frame, RawColumn } from '../preprocess/frame';
import type { Task } from '../types';
import { checkFairness, groupFairness, SMALL_GROUP_ROWS } from './fairness';
import { errorSlices } from './slices';
import { bestThreshold, gainAndLift, thresholdSweep } from './thresholds';

export interface ScoredRows {
  task: Task;
  /** Class labels in class-index order; null for regression. */
  classLabels: string[] | null;
  /** Per evaluated row: class index or value. */
  yTrue: Float64Array;
  /** Probabilities [rows × classes], row-major, or predicted values. */
  predictions: Float64Array;
  /** The evaluated rows' columns (model inputs and sensitive attributes), in the same order as yTrue. */
  frame: Frame;
  /** Each evaluated row's number in the dataset version. */
  rowNumbers: Uint32Array;
}

const classes = (s: ScoredRows) => s.classLabels?.length ?? 1;

export function curves(s: ScoredRows): EvaluationCurves {
  if (s.task === 'regression') return { residuals: residualSample(s.yTrue, s.predictions) };
  const labels = Int32Array.from(s.yTrue);
  const confusion = m.confusionMatrix(labels, m.argmaxLabels(s.predictions, classes(s)), classes(s));
  if (s.task === 'multiclass') return { confusion };
  const positive = m.positiveColumn(s.predictions, classes(s));
  const lift = gainAndLift(labels, positive);
  let roc: EvaluationCurves['roc'];
  try {
    roc = rocPoints(labels, positive);
  } catch {
    // One class among the rows: no ROC curve.
    roc = null;
  }
  return {
    roc,
    pr: prPoints(labels, positive),
    calibration: calibration(labels, positive),
    confusion,
    ...(lift
      ? {
          gain: { share: lift.gain.share, gain: lift.gain.gain, lift: lift.gain.share.map((x, i) => (x > 0 ? lift.gain.gain[i]! / x : 1)) },
          deciles: lift.deciles.map((d) => ({ decile: d.decile, gain: d.gain, lift: d.lift, responseRate: d.responseRate })),
        }
      : {}),
  };
}

/** Binary only: precision, recall, F1, accuracy and the confusion counts at every threshold worth showing. */
export function thresholdTable(s: ScoredRows): ThresholdTable | null {
  if (s.task !== 'binary') return null;
  const sweep = thresholdSweep(Int32Array.from(s.yTrue), m.positiveColumn(s.predictions, 2));
  const column = <K extends keyof (typeof sweep.points)[number]>(key: K) => sweep.points.map((p) => p[key]);
  return {
    threshold: column('threshold'),
    precision: column('precision'),
    recall: column('recall'),
    f1: column('f1'),
    accuracy: column('accuracy'),
    tp: column('tp'),
    fp: column('fp'),
    tn: column('tn'),
    fn: column('fn'),
    bestF1: bestThreshold(sweep, 'f1').threshold,
  };
}

/** Per row: log loss of the true class (classification) or absolute error (regression); and whether it was wrong. */
function rowLoss(s: ScoredRows): { loss: Float64Array; error: Float64Array; predicted: Float64Array } {
  const n = s.yTrue.length;
  const loss = new Float64Array(n);
  const error = new Float64Array(n);
  const predicted = new Float64Array(n);
  if (s.task === 'regression') {
    for (let i = 0; i < n; i++) {
      predicted[i] = s.predictions[i]!;
      loss[i] = error[i] = Math.abs(s.yTrue[i]! - s.predictions[i]!);
    }
    return { loss, error, predicted };
  }
  const k = classes(s);
  const argmax = m.argmaxLabels(s.predictions, k);
  for (let i = 0; i < n; i++) {
    const p = s.predictions[i * k + s.yTrue[i]!]!;
    loss[i] = -Math.log(Math.min(1, Math.max(p, 1e-15)));
    predicted[i] = argmax[i]!;
    error[i] = argmax[i] === s.yTrue[i] ? 0 : 1;
  }
  return { loss, error, predicted };
}

/** A raw value as people read it: dates as ISO text, yes/no as true/false, missing as null. */
export function cellValue(column: RawColumn, row: number): string | number | null {
  const v = column.values[row];
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (Number.isNaN(v)) return null;
  if (column.semanticType === 'datetime') return new Date(v).toISOString();
  if (column.semanticType === 'boolean') return v ? 'true' : 'false';
  return v;
}

const WORST_ROWS = 50;

export function errorAnalysis(s: ScoredRows, exclude: readonly string[] = []): ErrorAnalysis {
  const { loss, error, predicted } = rowLoss(s);
  const label = (v: number) => (s.classLabels ? s.classLabels[v]! : v);
  const order = Array.from(loss.keys()).sort((a, b) => loss[b]! - loss[a]! || a - b);
  const worst: WorstRow[] = order.slice(0, WORST_ROWS).map((i) => ({
    row: s.rowNumbers[i]!,
    values: Object.fromEntries(s.frame.columns.map((c) => [c.name, cellValue(c, i)])),
    actual: label(s.yTrue[i]!),
    predicted: label(predicted[i]!),
    score: s.task === 'regression' ? predicted[i]! : s.predictions[i * classes(s) + s.yTrue[i]!]!,
    loss: loss[i]!,
  }));
  const report = errorSlices(s.frame, error, { exclude });
  const slice = (x: { column: string; label: string; rows: number; meanError: number; difference: number }) => ({ column: x.column, label: x.label, rows: x.rows, error: x.meanError, difference: x.difference });
  return {
    measure: s.task === 'regression' ? 'mean absolute error' : 'share misclassified',
    overall: report.overallError,
    worst,
    columns: report.columns.map((c) => ({ column: c.column, slices: c.slices.map(slice) })),
    weakest: report.weakest.map(slice),
    minRows: report.minRows,
  };
}

/** The column a sensitive attribute names: by its exact name, else ignoring case and surrounding spaces. */
export function columnNamed<C extends { name: string }>(columns: readonly C[], name: string): C | undefined {
  return columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toLowerCase() === name.trim().toLowerCase());
}

export interface SensitiveAttribute {
  attribute: string;
  /** The frame column it is read from; null when the dataset has none by that name. */
  column: string | null;
  maxDisparity: number | null;
}

const MAX_GROUPS = 20;

/** Group per row: the value as text; numbers with many distinct values fall into five quantile bands. */
function groupsOf(column: RawColumn): (string | null)[] {
  const raw = Array.from({ length: column.values.length }, (_, i) => cellValue(column, i));
  const distinct = new Set(raw.filter((v) => v !== null));
  if (column.kind === 'string' || column.semanticType === 'boolean' || distinct.size <= MAX_GROUPS) return raw.map((v) => (v === null ? null : String(v)));
  const sorted = (raw.filter((v) => typeof v === 'number') as number[]).sort((a, b) => a - b);
  const edges = [0.2, 0.4, 0.6, 0.8].map((q) => quantileSorted(sorted, q));
  const fmt = (v: number) => Number(v.toPrecision(3)).toString();
  return raw.map((v) => {
    if (typeof v !== 'number') return v === null ? null : String(v);
    const band = edges.findIndex((e) => v < e);
    const b = band === -1 ? 4 : band;
    return b === 0 ? `< ${fmt(edges[0]!)}` : b === 4 ? `≥ ${fmt(edges[3]!)}` : `${fmt(edges[b - 1]!)} – ${fmt(edges[b]!)}`;
  });
}

export function fairness(s: ScoredRows, attributes: readonly SensitiveAttribute[]): FairnessSection[] {
  const empty = { groups: [], demographicParityDifference: null, demographicParityRatio: null, equalizedOddsDifference: null, equalizedOddsRatio: null, passed: null };
  return attributes.map((a): FairnessSection => {
    const column = a.column === null ? undefined : s.frame.columns.find((c) => c.name === a.column);
    if (!column) return { attribute: a.attribute, column: null, maxDisparity: a.maxDisparity, note: `No column named "${a.attribute}" in this dataset version: name the column it is recorded in to check it.`, ...empty };
    const groups = groupsOf(column);
    if (s.task === 'regression') return { attribute: a.attribute, column: column.name, maxDisparity: a.maxDisparity, note: 'Per-group error of a regression model; the disparity limit applies to classification rates.', ...empty, groups: regressionGroups(s, groups) };
    const yTrue = Int32Array.from(s.yTrue);
    const yPred = m.argmaxLabels(s.predictions, classes(s));
    const report = groupFairness(groups, yTrue, yPred);
    const rows: GroupFairness[] = report.groups.map((g) => ({ group: g.group, count: g.count, share: g.share, selectionRate: g.selectionRate, tpr: g.tpr, fpr: g.fpr, precision: g.precision, accuracy: g.accuracy, small: g.small }));
    if (s.task === 'multiclass') return { attribute: a.attribute, column: column.name, maxDisparity: a.maxDisparity, note: `Rates are one-vs-rest for the class "${s.classLabels![1] ?? s.classLabels![0]}"; accuracy counts every class.`, ...empty, groups: rows };
    const check = a.maxDisparity === null ? null : checkFairness(report, a.maxDisparity, 'difference');
    return {
      attribute: a.attribute,
      column: column.name,
      maxDisparity: a.maxDisparity,
      groups: rows,
      demographicParityDifference: report.demographicParityDifference,
      demographicParityRatio: report.demographicParityRatio,
      equalizedOddsDifference: report.equalizedOddsDifference,
      equalizedOddsRatio: report.equalizedOddsRatio,
      passed: check?.passed ?? null,
    };
  });
}

function regressionGroups(s: ScoredRows, groups: (string | null)[]): GroupFairness[] {
  const sums = new Map<string, { count: number; error: number }>();
  groups.forEach((g, i) => {
    const key = g ?? '(missing)';
    const acc = sums.get(key) ?? { count: 0, error: 0 };
    acc.count += 1;
    acc.error += Math.abs(s.yTrue[i]! - s.predictions[i]!);
    sums.set(key, acc);
  });
  return [...sums.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([group, v]) => ({ group, count: v.count, share: v.count / groups.length, selectionRate: null, tpr: null, fpr: null, precision: null, accuracy: null, mae: v.error / v.count, small: v.count < SMALL_GROUP_ROWS }));
}
