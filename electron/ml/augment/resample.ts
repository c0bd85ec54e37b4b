/**
 * Resampling a classifier's training set for class imbalance, scikit-learn style: `fitResample(train)` returns the
 * new set and where each of its rows came from. `resampleTraining` is what a pipeline calls: it sets the rows an
 * estimator stops early on aside first, so that they are never resampled nor a SMOTE neighbour, and puts them back
 * after, marked as the validation rows. Pure: typed arrays in, typed arrays out (SMOTE's neighbour search may run
 * in onnxruntime, which is computation, not I/O).
 */
import { GyreError } from '../../contract/errors';
import { RESAMPLE_DEFAULTS, resampledCounts, type ResampleRecord, type ResampleSetting } from '../../contract/resample';
import { seeded } from '../random';
import type { TrainingSet } from '../types';
import { checkLayout, continuousLayout, type FeatureLayout } from './layout';
import { oversampleRows, rowsByClass, undersampleRows } from './sampling';
import { smoteRows, type SmoteRows } from './smote';

export interface ResampleOptions {
  classes: number;
  /** Class names, for notes and the record; "0", "1"… when absent. */
  classLabels?: readonly string[];
  seed: number;
  /** Which features are numbers and which are categories; every feature a number (classic SMOTE) when absent. */
  layout?: FeatureLayout;
}

export interface Resampled {
  set: TrainingSet;
  /** Per row of `set`: the input row it is (kept or copied), or the base row a synthetic row was drawn from. */
  source: Uint32Array;
  /** Per row of `set`: −1 for an input row; the row a synthetic row was drawn towards. */
  neighbour: Int32Array;
  before: number[];
  after: number[];
  synthetic: number;
  duplicated: number;
  dropped: number;
  notes: string[];
}

/** Decorrelates resampling's random numbers from the split's and the estimators', which use the same seed. */
const SEED_MIX = 0x5eed_a11c;

export async function fitResample(train: TrainingSet, setting: ResampleSetting, options: ResampleOptions): Promise<Resampled> {
  checkInput(train, setting, options.classes);
  const labels = options.classLabels ?? Array.from({ length: options.classes }, (_, c) => String(c));
  const byClass = rowsByClass(train.target, options.classes);
  const before = byClass.map((m) => m.length);
  const wanted = resampledCounts(before, setting.method, setting.ratio);
  const random = seeded((options.seed ^ SEED_MIX) >>> 0);
  const n = train.features.rows;
  let kept: Uint32Array;
  let smote: SmoteRows | null = null;
  if (setting.method === 'undersample') kept = undersampleRows(byClass, wanted, random);
  else if (setting.method === 'oversample') kept = oversampleRows(byClass, wanted, random);
  else {
    const layout = options.layout ?? continuousLayout(train.features.names.length);
    checkLayout(layout, train.features.names.length);
    smote = await smoteRows(train, layout, { byClass, wanted, k: setting.k ?? RESAMPLE_DEFAULTS.k, labels }, random);
    kept = Uint32Array.from({ length: n + smote.copies.length }, (_, i) => (i < n ? i : smote!.copies[i - n]!));
  }
  const out = assemble(train, kept, smote);
  const after = rowsByClass(out.set.target, options.classes).map((m) => m.length);
  const notes = [...(smote?.notes ?? []), ...unchangedNote(before, after, setting)];
  return { ...out, before, after, synthetic: smote?.rows ?? 0, duplicated: Math.max(0, kept.length - n), dropped: Math.max(0, n - kept.length), notes };
}

function checkInput(train: TrainingSet, setting: ResampleSetting, classes: number): void {
  const fail = (field: string, message: string) => new GyreError('VALIDATION', message, { field });
  if (!(setting.ratio > 0 && setting.ratio <= 1)) throw fail('resample.ratio', `The resampling ratio is minority:majority, above 0 and at most 1; got ${setting.ratio}.`);
  if (setting.method === 'smote' && setting.k !== undefined && !(Number.isInteger(setting.k) && setting.k >= 1)) throw fail('resample.k', `SMOTE needs a whole number of neighbours, at least 1; got ${setting.k}.`);
  if (!(Number.isInteger(classes) && classes >= 2)) throw fail('resample', 'Resampling balances classes; this target has none (regression) or only one.');
  const { target, features } = train;
  if (target.length !== features.rows) throw new Error(`The target has ${target.length} values for ${features.rows} rows.`);
  for (let r = 0; r < target.length; r++) {
    const y = target[r]!;
    if (!(Number.isInteger(y) && y >= 0 && y < classes)) throw fail('target', `Row ${r} has class ${y}; classes are 0…${classes - 1}.`);
  }
}

/** The kept and copied input rows in the order given, then the synthetic rows. */
function assemble(train: TrainingSet, kept: Uint32Array, smote: SmoteRows | null): Pick<Resampled, 'set' | 'source' | 'neighbour'> {
  const { rows: N, names, data: X } = train.features;
  const made = smote?.rows ?? 0;
  const total = kept.length + made;
  const data = new Float32Array(names.length * total);
  for (let f = 0; f < names.length; f++) {
    const to = f * total;
    const from = f * N;
    for (let i = 0; i < kept.length; i++) data[to + i] = X[from + kept[i]!]!;
    if (smote) data.set(smote.data.subarray(f * made, (f + 1) * made), to + kept.length);
  }
  const source = new Uint32Array(total);
  source.set(kept);
  const neighbour = new Int32Array(total).fill(-1);
  const target = new Float64Array(total);
  for (let i = 0; i < kept.length; i++) target[i] = train.target[kept[i]!]!;
  if (smote) {
    source.set(smote.base, kept.length);
    neighbour.set(smote.neighbour, kept.length);
    target.set(smote.target, kept.length);
  }
  // A synthetic row weighs what its base row weighs.
  const weights = train.weights ? Float64Array.from(source, (r) => train.weights![r]!) : undefined;
  return { set: { features: { rows: total, names, data }, target, ...(weights ? { weights } : {}) }, source, neighbour };
}

function unchangedNote(before: number[], after: number[], setting: ResampleSetting): string[] {
  if (before.some((c, i) => c !== after[i])) return [];
  if (before.filter((c) => c > 0).length < 2) return ['The training rows hold one class only: there is nothing to balance.'];
  return [`The classes were already at least as balanced as ${Number((1 / setting.ratio).toFixed(2))} to 1: nothing was resampled.`];
}

/** Rows of `train` in the order given. */
export function takeRows(train: TrainingSet, rows: Uint32Array): TrainingSet {
  const { rows: N, names, data: X } = train.features;
  const data = new Float32Array(names.length * rows.length);
  for (let f = 0; f < names.length; f++) for (let i = 0; i < rows.length; i++) data[f * rows.length + i] = X[f * N + rows[i]!]!;
  return {
    features: { rows: rows.length, names, data },
    target: Float64Array.from(rows, (r) => train.target[r]!),
    ...(train.weights ? { weights: Float64Array.from(rows, (r) => train.weights![r]!) } : {}),
  };
}

/** `a`'s rows then `b`'s, with `b`'s marked as the validation rows. */
function withValidation(a: TrainingSet, b: TrainingSet): TrainingSet {
  const rows = a.features.rows + b.features.rows;
  const F = a.features.names.length;
  const data = new Float32Array(F * rows);
  for (let f = 0; f < F; f++) {
    data.set(a.features.data.subarray(f * a.features.rows, (f + 1) * a.features.rows), f * rows);
    data.set(b.features.data.subarray(f * b.features.rows, (f + 1) * b.features.rows), f * rows + a.features.rows);
  }
  const target = new Float64Array(rows);
  target.set(a.target);
  target.set(b.target, a.features.rows);
  const weights = a.weights && b.weights ? new Float64Array(rows) : undefined;
  weights?.set(a.weights!);
  weights?.set(b.weights!, a.features.rows);
  const validation = Uint32Array.from({ length: b.features.rows }, (_, i) => a.features.rows + i);
  return { features: { rows, names: a.features.names, data }, target, ...(weights ? { weights } : {}), validation };
}

export interface ResampledTraining {
  /** What the estimator fits on: the resampled rows, then the validation rows as they were (`set.validation`). */
  set: TrainingSet;
  record: ResampleRecord;
  /** Per row of `set`, as `Resampled` says, in the input's row numbers. */
  source: Uint32Array;
  neighbour: Int32Array;
}

/**
 * Resamples every row of `train` but `validation` (input row numbers the estimator stops early on, ascending), which
 * come back unchanged at the end of the set. The record counts the rows resampled, before and after.
 */
export async function resampleTraining(train: TrainingSet, setting: ResampleSetting, options: ResampleOptions & { validation: Uint32Array }): Promise<ResampledTraining> {
  const held = new Uint8Array(train.features.rows);
  options.validation.forEach((r) => (held[r] = 1));
  const fitRows = new Uint32Array(train.features.rows - options.validation.length);
  for (let r = 0, at = 0; r < held.length; r++) if (!held[r]) fitRows[at++] = r;
  const resampled = await fitResample(takeRows(train, fitRows), setting, options);
  const set = withValidation(resampled.set, takeRows(train, options.validation));
  const made = resampled.source.length;
  const source = new Uint32Array(set.features.rows);
  const neighbour = new Int32Array(set.features.rows).fill(-1);
  for (let i = 0; i < made; i++) {
    source[i] = fitRows[resampled.source[i]!]!;
    if (resampled.neighbour[i]! >= 0) neighbour[i] = fitRows[resampled.neighbour[i]!]!;
  }
  source.set(options.validation, made);
  const labels = options.classLabels ?? resampled.before.map((_, c) => String(c));
  const record: ResampleRecord = {
    ...setting,
    classes: resampled.before.map((before, c) => ({ label: labels[c]!, before, after: resampled.after[c]! })),
    validationRows: options.validation.length,
    synthetic: resampled.synthetic,
    duplicated: resampled.duplicated,
    dropped: resampled.dropped,
    notes: resampled.notes,
  };
  return { set, record, source, neighbour };
}
