/** The target column as estimators need it: a task, class labels and one number per row (rows without a target left out). */
import { GyreError } from '../contract/errors';
import type { RawColumn } from './preprocess/frame';
import type { Task } from './types';

export interface EncodedTarget {
  task: Task;
  /** Class labels in class-index order (classification); null for regression. */
  classLabels: string[] | null;
  /** Rows that have a target, ascending. */
  rows: Uint32Array;
  /** Per frame row: class index or value; NaN where the target is missing. */
  values: Float64Array;
  missing: number;
}

function classOf(column: RawColumn, row: number): string | null {
  const v = column.values[row];
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return null;
  if (column.semanticType === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/** Chooses the task when the user did not: booleans and two-valued columns are binary, text classes, numbers regression. */
function inferTask(column: RawColumn, distinct: number): Task {
  if (column.semanticType === 'boolean' || distinct === 2) return 'binary';
  if (column.kind === 'string') return 'multiclass';
  return 'regression';
}

export function encodeTarget(column: RawColumn, requested: Task | undefined): EncodedTarget {
  const name = column.name;
  if (column.semanticType === 'datetime' || column.semanticType === 'identifier' || column.semanticType === 'text') {
    throw new GyreError('VALIDATION', `"${name}" is ${column.semanticType === 'datetime' ? 'a date' : column.semanticType === 'identifier' ? 'an identifier' : 'free text'}; choose a category, a yes/no or a number as the target.`, { field: 'target', column: name });
  }
  const n = column.values.length;
  const labels = new Set<string>();
  const present: number[] = [];
  for (let r = 0; r < n; r++) {
    const c = classOf(column, r);
    if (c === null) continue;
    present.push(r);
    if (labels.size <= 1000) labels.add(c);
  }
  if (present.length === 0) throw new GyreError('VALIDATION', `The target "${name}" has no values.`, { field: 'target', column: name });
  if (labels.size === 1) throw new GyreError('VALIDATION', `The target "${name}" has a single value ("${[...labels][0]}") in every row: there is nothing to predict.`, { field: 'target', column: name });
  const task = requested ?? inferTask(column, labels.size);
  const values = new Float64Array(n).fill(NaN);
  if (task === 'regression') {
    if (column.kind !== 'number' || column.semanticType === 'boolean') throw new GyreError('VALIDATION', `Regression needs a numeric target; "${name}" holds ${column.semanticType} values.`, { field: 'task', column: name });
    for (const r of present) values[r] = column.values[r] as number;
    return { task, classLabels: null, rows: Uint32Array.from(present), values, missing: n - present.length };
  }
  if (labels.size > 1000) throw new GyreError('VALIDATION', `"${name}" has more than 1,000 distinct values: too many classes. Use regression for a number, or group the classes.`, { field: 'target', column: name });
  if (task === 'binary' && labels.size !== 2) throw new GyreError('VALIDATION', `Binary classification needs exactly 2 classes; "${name}" has ${labels.size}. Use multiclass.`, { field: 'task', column: name });
  const numericLabels = column.kind === 'number' && column.semanticType !== 'boolean';
  const classLabels = [...labels].sort((a, b) => (numericLabels ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(classLabels.map((l, i) => [l, i]));
  for (const r of present) values[r] = index.get(classOf(column, r)!)!;
  return { task, classLabels, rows: Uint32Array.from(present), values, missing: n - present.length };
}

/**
 * The target of another dataset version encoded as a fitted model knows it: classes by the model's own labels (in
 * its class-index order), numbers as they are. A class the model never saw is refused with its row: no metric of
 * this model can count it.
 */
export function encodeKnownTarget(column: RawColumn, task: Task, classLabels: readonly string[] | null): EncodedTarget {
  const n = column.values.length;
  const values = new Float64Array(n).fill(NaN);
  const present: number[] = [];
  if (task === 'regression') {
    if (column.kind !== 'number' || column.semanticType === 'boolean') throw new GyreError('VALIDATION', `The model predicts numbers, but "${column.name}" holds ${column.semanticType} values here.`, { field: 'target', column: column.name });
    for (let r = 0; r < n; r++) {
      const v = column.values[r] as number;
      if (Number.isFinite(v)) {
        values[r] = v;
        present.push(r);
      }
    }
  } else {
    const index = new Map((classLabels ?? []).map((l, i) => [l, i]));
    for (let r = 0; r < n; r++) {
      const c = classOf(column, r);
      if (c === null) continue;
      const k = index.get(c);
      if (k === undefined) {
        throw new GyreError('VALIDATION', `Row ${r + 1} of "${column.name}" holds the class "${c}", which the model never saw (it knows ${[...index.keys()].map((l) => `"${l}"`).join(', ')}).`, { field: 'target', column: column.name, row: r + 1 });
      }
      values[r] = k;
      present.push(r);
    }
  }
  if (present.length === 0) throw new GyreError('VALIDATION', `The target "${column.name}" has no values in this dataset version: there is nothing to evaluate against.`, { field: 'target', column: column.name });
  return { task, classLabels: classLabels ? [...classLabels] : null, rows: Uint32Array.from(present), values, missing: n - present.length };
}
