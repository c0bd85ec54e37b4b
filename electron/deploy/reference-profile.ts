/**
 * reference-profile.json: the training rows as monitoring will compare new data against them — every input
 * column and the target summarized (summaries.ts), and the distribution of the model's own predictions on them.
 */
import type { SemanticType } from '../contract/datasets';
import type { ModelTask } from '../contract/runs';
import type { Frame, RawColumn } from '../ml/preprocess/frame';
import { HISTOGRAM_BINS, QUANTILE_LEVELS, summarizeCategories, summarizeNumbers, type ColumnSummary, type NumberSummary } from './summaries';

export type ReferenceColumn = ColumnSummary & { name: string; role: 'input' | 'target'; semanticType: SemanticType };

export interface PredictionProfile {
  output: 'probabilities' | 'prediction';
  /** What `score` summarizes: the positive class's probability (binary), the top class's (multiclass), the value (regression). */
  scoreOf: string;
  score: NumberSummary;
  /** Classification: rows per predicted class, in class order — binary at the decision threshold, multiclass the most probable. */
  classes: { value: string; count: number }[] | null;
  threshold: number | null;
}

export interface ReferenceProfile {
  format: 'gyre-reference-profile/1';
  /** NAME@VERSION. */
  model: string;
  rows: number;
  /** Which rows, in words: "the 240 training rows of customers v1". */
  rowsLabel: string;
  quantileLevels: readonly number[];
  histogramBins: number;
  /** The model's inputs in its order, then the target. */
  columns: ReferenceColumn[];
  predictions: PredictionProfile;
}

export interface ProfileRequest {
  model: string;
  rowsLabel: string;
  task: ModelTask;
  target: string;
  inputs: string[];
  classLabels: string[] | null;
  threshold: number | null;
  /** The dataset's columns (inputs and target) over all its rows; `rows` picks the reference rows. */
  frame: Frame;
  rows: Uint32Array;
  /** The model's output on the reference rows, in their order: probabilities [rows × classes] or values. */
  predictions: Float64Array;
}

export function referenceProfile(r: ProfileRequest): ReferenceProfile {
  const column = (name: string) => {
    const c = r.frame.columns.find((x) => x.name === name);
    if (!c) throw new Error(`The reference rows have no column "${name}".`);
    return c;
  };
  const columns: ReferenceColumn[] = [
    ...r.inputs.map((name) => summarize(column(name), 'input', r.rows)),
    { ...(r.task === 'regression' ? summarize(column(r.target), 'target', r.rows) : classSummary(column(r.target), r.rows)), name: r.target, role: 'target', semanticType: column(r.target).semanticType },
  ];
  return {
    format: 'gyre-reference-profile/1',
    model: r.model,
    rows: r.rows.length,
    rowsLabel: r.rowsLabel,
    quantileLevels: QUANTILE_LEVELS,
    histogramBins: HISTOGRAM_BINS,
    columns,
    predictions: predictionProfile(r),
  };
}

function summarize(c: RawColumn, role: ReferenceColumn['role'], rows: Uint32Array): ReferenceColumn {
  const summary = c.kind === 'number' ? summarizeNumbers(c.values, rows) : summarizeCategories(c.values, rows);
  return { ...summary, name: c.name, role, semanticType: c.semanticType };
}

/** A classification target as its classes, named as the model names them (booleans "true"/"false"). */
function classSummary(c: RawColumn, rows: Uint32Array): ColumnSummary {
  const text = Array.from(rows, (r) => {
    const v = c.values[r];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return null;
    return c.semanticType === 'boolean' ? (v ? 'true' : 'false') : String(v);
  });
  return summarizeCategories(text, Uint32Array.from(text, (_, i) => i));
}

/** What a model's score is, in words: the positive class's probability, the top class's, or the predicted value. */
export function scoreOfLabel(task: ModelTask, classLabels: readonly string[] | null, target: string): string {
  if (task === 'regression') return `predicted ${target}`;
  return task === 'binary' ? `probability of "${classLabels![1]}"` : 'probability of the most probable class';
}

function predictionProfile(r: ProfileRequest): PredictionProfile {
  const n = r.rows.length;
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  if (r.task === 'regression') return { output: 'prediction', scoreOf: scoreOfLabel(r.task, null, r.target), score: summarizeNumbers(r.predictions, all), classes: null, threshold: null };
  const labels = r.classLabels ?? [];
  const k = labels.length;
  const score = new Float64Array(n);
  const counts = new Map<string, number>(labels.map((l) => [l, 0]));
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (r.predictions[i * k + j]! > r.predictions[i * k + best]!) best = j;
    const predicted = r.task === 'binary' ? (r.predictions[i * k + 1]! >= (r.threshold ?? 0.5) ? 1 : 0) : best;
    score[i] = r.task === 'binary' ? r.predictions[i * k + 1]! : r.predictions[i * k + best]!;
    counts.set(labels[predicted]!, counts.get(labels[predicted]!)! + 1);
  }
  return { output: 'probabilities', scoreOf: scoreOfLabel(r.task, labels, r.target), score: summarizeNumbers(score, all), classes: labels.map((value) => ({ value, count: counts.get(value)! })), threshold: r.task === 'binary' ? (r.threshold ?? 0.5) : null };
}
