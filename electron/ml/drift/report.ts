/**
 * The drift report of a Monitor batch: each model input of the batch against the model version's training rows
 * (drift, chart, data quality), the drift of the model's scores and predicted classes, and the verdict on the share
 * of drifted features. Pure computation over columns already read; the monitor job reads and scores.
 */
import type { BatchColumnQuality, DriftReport, DriftSettings, DriftVerdict, FeatureDrift } from '../../contract/monitor';
import type { Frame, RawColumn } from '../preprocess/frame';
import { categoricalDrift, datetimeDrift, notInBatch, numericDrift } from './feature';
import { categoricalQuality, numericQuality } from './quality';
import { booleanCounts, classCounts, presentSorted, stringCounts } from './sides';

/** One side of the model's output: per row, its score and (classification) the index of the class it predicts. */
export interface PredictionSide {
  score: Float64Array;
  /** −1 for a row with no output (NaN). */
  classes: Int32Array | null;
}

export interface DriftInput {
  settings: DriftSettings;
  /** "the 8,000 training rows of customers v1". */
  referenceLabel: string;
  /** The training dataset version's columns. */
  reference: Frame;
  /** Which rows of `reference` are the reference (the training rows). */
  referenceRows: Uint32Array;
  /** The batch: the model inputs it has, with the same names, kinds and semantic types as in `reference`. */
  batch: Frame;
  /** The model's inputs, in its order. */
  features: string[];
  /** Per input: batch values that could not be read as its type. */
  unreadable: Record<string, number>;
  /** Inputs absent from the batch. */
  missingColumns: string[];
  /** Batch columns the model does not read. */
  extraColumns: string[];
  /** The model's output on the reference rows and on the batch; `scoreOf` names the score. */
  prediction: { scoreOf: string; classLabels: string[] | null; reference: PredictionSide; batch: PredictionSide };
}

/** The name of the predicted classes' entry in a report. */
export const PREDICTED_CLASS = 'predicted class';

/**
 * Every input's drift in the model's order, the predictions' drift and the batch's quality. An input absent from the
 * batch and a date are shown but not counted in the share of drifted features; the predictions never are.
 * Quality lists the inputs the batch has (an absent one is in `quality.missingColumns`).
 */
export function driftReport(input: DriftInput): DriftReport {
  const batchColumns = new Map(input.batch.columns.map((c) => [c.name, c]));
  const features: FeatureDrift[] = [];
  const columns: BatchColumnQuality[] = [];
  let counted = 0;
  let drifted = 0;
  for (const name of input.features) {
    const compared = compareColumn(input, referenceColumn(input.reference, name), batchColumns.get(name));
    features.push(compared.drift);
    if (compared.quality) columns.push(compared.quality);
    if (compared.counted) {
      counted++;
      if (compared.drift.drifted) drifted++;
    }
  }
  const shareDrifted = counted > 0 ? drifted / counted : 0;
  return {
    settings: input.settings,
    referenceLabel: input.referenceLabel,
    referenceRows: input.referenceRows.length,
    batchRows: input.batch.rows,
    features,
    prediction: predictionDrift(input.prediction, input.settings),
    quality: { rows: input.batch.rows, columns, missingColumns: [...input.missingColumns], extraColumns: [...input.extraColumns] },
    counted,
    drifted,
    shareDrifted,
    verdict: verdictOf(drifted, counted, shareDrifted, input.settings),
  };
}

function verdictOf(drifted: number, counted: number, shareDrifted: number, settings: DriftSettings): DriftVerdict {
  if (counted > 0 && shareDrifted >= settings.driftShare) return 'drift';
  return drifted > 0 ? 'some_drift' : 'stable';
}

function referenceColumn(reference: Frame, name: string): RawColumn {
  const column = reference.columns.find((c) => c.name === name);
  if (!column) throw new Error(`The model input "${name}" is not a column of the reference rows.`);
  return column;
}

/** How a column is compared: booleans are categories ("false"/"true"), dates are charted but not judged. */
function roleOf(column: RawColumn): 'numeric' | 'datetime' | 'categorical' {
  if (column.kind === 'string' || column.semanticType === 'boolean') return 'categorical';
  return column.semanticType === 'datetime' ? 'datetime' : 'numeric';
}

interface ComparedColumn {
  drift: FeatureDrift;
  quality: BatchColumnQuality | null;
  /** Whether it counts in the share of drifted features. */
  counted: boolean;
}

function compareColumn(input: DriftInput, reference: RawColumn, batch: RawColumn | undefined): ComparedColumn {
  const { settings, referenceRows: rows } = input;
  const role = roleOf(reference);
  if (!batch) return { drift: notInBatch(reference.name, role === 'categorical' ? 'categorical' : 'numeric', presentCount(reference, rows), settings), quality: null, counted: false };
  if (batch.kind !== reference.kind || batch.semanticType !== reference.semanticType) {
    throw new Error(`The batch column "${batch.name}" is ${batch.semanticType} but the model input is ${reference.semanticType}; read the batch with the reference's types.`);
  }
  const sizes = { reference: rows.length, batch: input.batch.rows };
  const unreadable = input.unreadable[reference.name] ?? 0;
  if (reference.kind === 'number' && batch.kind === 'number' && role !== 'categorical') {
    const ref = presentSorted(reference.values, rows);
    const bat = presentSorted(batch.values);
    const drift = role === 'datetime' ? datetimeDrift(reference.name, ref, bat, settings) : numericDrift(reference.name, ref, bat, settings);
    return { drift, quality: numericQuality(reference.name, ref, bat, sizes, role === 'numeric', unreadable), counted: role === 'numeric' };
  }
  const counts =
    reference.kind === 'string' && batch.kind === 'string' ? stringCounts(reference.values, rows, batch.values)
    : reference.kind === 'number' && batch.kind === 'number' ? booleanCounts(reference.values, rows, batch.values)
    : null;
  if (!counts) throw new Error(`The batch column "${batch.name}" is not stored as its reference column is.`);
  return { drift: categoricalDrift(reference.name, counts, settings), quality: categoricalQuality(reference.name, counts, sizes, unreadable), counted: true };
}

/** Values present (not missing) in a column at `rows`. */
function presentCount(column: RawColumn, rows: Uint32Array): number {
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = column.values[rows[i]!];
    if (v !== null && v !== undefined && !(typeof v === 'number' && Number.isNaN(v))) count++;
  }
  return count;
}

function predictionDrift(p: DriftInput['prediction'], settings: DriftSettings): DriftReport['prediction'] {
  const score = numericDrift(p.scoreOf, presentSorted(p.reference.score), presentSorted(p.batch.score), settings);
  const withClasses = p.classLabels && p.reference.classes && p.batch.classes;
  const classes = withClasses ? categoricalDrift(PREDICTED_CLASS, classCounts(p.classLabels!, p.reference.classes!, p.batch.classes!), settings) : null;
  return { scoreOf: p.scoreOf, score, classes };
}

/**
 * From a model's raw output (probabilities rows × k in class order, or values), the score and predicted class per
 * row, as the deployment's reference profile defines them: binary → P(class 1), predicted when ≥ threshold (0.5 when
 * null); multiclass → the top probability and its class (the first on a tie); regression → the value, no classes.
 * A row whose score is NaN has class −1. A regression side shares `output`.
 */
export function predictionSide(task: 'binary' | 'multiclass' | 'regression', k: number, threshold: number | null, output: Float64Array): PredictionSide {
  if (task === 'regression') return { score: output, classes: null };
  const n = Math.floor(output.length / k);
  const score = new Float64Array(n);
  const classes = new Int32Array(n);
  const cut = threshold ?? 0.5;
  for (let i = 0; i < n; i++) {
    const row = i * k;
    let predicted = 0;
    if (task === 'binary') predicted = output[row + 1]! >= cut ? 1 : 0;
    else for (let j = 1; j < k; j++) if (output[row + j]! > output[row + predicted]!) predicted = j;
    const s = task === 'binary' ? output[row + 1]! : output[row + predicted]!;
    score[i] = s;
    classes[i] = Number.isNaN(s) ? -1 : predicted;
  }
  return { score, classes };
}
