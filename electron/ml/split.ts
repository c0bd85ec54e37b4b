/**
 * Train/test splits as saved, reusable objects: random, stratified (by class), group (a key column's rows stay
 * together) and out-of-time (train on earlier rows, test on the latest); k-fold cross-validation folds.
 * Pure: row indices in, row indices out, the same for the same seed.
 */
import { createHash } from 'node:crypto';
import { GyreError } from '../contract/errors';
import { seeded, shuffle } from './random';

export type SplitSpec =
  | { kind: 'random'; testFraction: number; seed: number }
  | { kind: 'stratified'; testFraction: number; seed: number }
  | { kind: 'group'; column: string; testFraction: number; seed: number }
  /** Test on rows at or after `cutoff` (epoch ms), or on the latest `testFraction` of rows by time. */
  | { kind: 'time'; column: string; testFraction?: number; cutoff?: number };

export interface Split {
  spec: SplitSpec;
  /** Ascending row indices. */
  train: Uint32Array;
  test: Uint32Array;
  /** Rows in neither set (a missing time or group key), with why. */
  excluded: { rows: number; reason: string } | null;
  /** SHA-256 of the test membership: two splits with the same hash hold out the same rows. */
  membershipHash: string;
}

/** What a split may need from the data, already read from the training table. */
export interface SplitColumns {
  rows: number;
  /** Class index per row (stratified). */
  classes?: Int32Array;
  /** Class names for messages, indexed like `classes`. */
  classNames?: string[];
  /** Group key per row; null = missing (group). */
  groups?: (string | null)[];
  /** Epoch ms per row; NaN = missing (time). */
  times?: Float64Array;
}

function sorted(rows: number[] | Uint32Array): Uint32Array {
  return Uint32Array.from(rows).sort();
}

/** push(...big) overflows the call stack past ~100k arguments. */
function append(target: number[], source: ArrayLike<number>): void {
  for (let i = 0; i < source.length; i++) target.push(source[i]!);
}

/** SHA-256 of ascending row indices: the same hash, the same held-out rows. */
export function membershipHash(test: Uint32Array): string {
  return createHash('sha256').update(new Uint8Array(test.buffer, test.byteOffset, test.byteLength)).digest('hex');
}

function checkFraction(f: number | undefined): number {
  if (f === undefined || !(f > 0 && f < 1)) throw new GyreError('VALIDATION', `The test share must be between 0 and 1 (exclusive); got ${String(f)}.`, { field: 'split.testFraction' });
  return f;
}

function finish(spec: SplitSpec, train: number[] | Uint32Array, test: number[] | Uint32Array, excluded: Split['excluded'] = null): Split {
  if (train.length === 0 || test.length === 0) {
    throw new GyreError('VALIDATION', `This split leaves ${train.length === 0 ? 'no training rows' : 'no test rows'}; choose a ${spec.kind === 'time' ? 'different cut-off' : 'different test share'} or use more data.`, { field: 'split' });
  }
  const t = sorted(test);
  return { spec, train: sorted(train), test: t, excluded, membershipHash: membershipHash(t) };
}

function randomSplit(spec: Extract<SplitSpec, { kind: 'random' }>, rows: number): Split {
  const order = shuffle(Uint32Array.from({ length: rows }, (_, i) => i), seeded(spec.seed));
  const nTest = Math.round(rows * checkFraction(spec.testFraction));
  return finish(spec, order.subarray(nTest), order.subarray(0, nTest));
}

/** Each class contributes its share of test rows (at least one), so small classes are never left out of either side. */
function stratifiedSplit(spec: Extract<SplitSpec, { kind: 'stratified' }>, data: SplitColumns): Split {
  const f = checkFraction(spec.testFraction);
  if (!data.classes) throw new GyreError('VALIDATION', 'A stratified split needs a classification target.', { field: 'split' });
  const byClass = new Map<number, number[]>();
  data.classes.forEach((c, row) => {
    const list = byClass.get(c) ?? [];
    list.push(row);
    byClass.set(c, list);
  });
  const random = seeded(spec.seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(c)!;
    if (rows.length < 2) {
      const name = data.classNames?.[c] ?? String(c);
      throw new GyreError('VALIDATION', `Class "${name}" has only 1 row; a stratified split needs at least 2 per class. Merge rare classes, drop the row, or use a random split.`, { field: 'split', class: name });
    }
    const order = shuffle(Uint32Array.from(rows), random);
    const nTest = Math.min(rows.length - 1, Math.max(1, Math.round(rows.length * f)));
    append(test, order.subarray(0, nTest));
    append(train, order.subarray(nTest));
  }
  return finish(spec, train, test);
}

/** Whole groups go to test until it holds about the asked share of rows; groups are drawn in seeded order. */
function groupSplit(spec: Extract<SplitSpec, { kind: 'group' }>, data: SplitColumns): Split {
  const f = checkFraction(spec.testFraction);
  if (!data.groups) throw new GyreError('VALIDATION', `A group split needs the column "${spec.column}".`, { field: 'split.column' });
  const members = new Map<string, number[]>();
  let missing = 0;
  data.groups.forEach((g, row) => {
    if (g === null) return void missing++;
    const list = members.get(g) ?? [];
    list.push(row);
    members.set(g, list);
  });
  if (members.size < 2) throw new GyreError('VALIDATION', `A group split needs at least 2 distinct values in "${spec.column}"; it has ${members.size}.`, { field: 'split.column', column: spec.column });
  const keys = [...members.keys()].sort();
  const order = shuffle(Uint32Array.from(keys, (_, i) => i), seeded(spec.seed));
  const target = Math.round((data.rows - missing) * f);
  const train: number[] = [];
  const test: number[] = [];
  for (const k of order) {
    const rows = members.get(keys[k]!)!;
    append(test.length < target ? test : train, rows);
  }
  return finish(spec, train, test, missing ? { rows: missing, reason: `no value in "${spec.column}"` } : null);
}

/** Test = rows at or after the cut-off, so every test row is later than every training row (ties stay together). */
function timeSplit(spec: Extract<SplitSpec, { kind: 'time' }>, data: SplitColumns): Split {
  if (!data.times) throw new GyreError('VALIDATION', `An out-of-time split needs the date column "${spec.column}".`, { field: 'split.column' });
  const present: number[] = [];
  data.times.forEach((t, row) => {
    if (!Number.isNaN(t)) present.push(row);
  });
  const missing = data.rows - present.length;
  let cutoff = spec.cutoff;
  if (cutoff === undefined) {
    const f = checkFraction(spec.testFraction);
    const times = Float64Array.from(present, (r) => data.times![r]!).sort();
    cutoff = times[Math.min(times.length - 1, Math.floor(times.length * (1 - f)))];
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const row of present) (data.times[row]! >= cutoff! ? test : train).push(row);
  return finish({ ...spec, cutoff }, train, test, missing ? { rows: missing, reason: `no date in "${spec.column}"` } : null);
}

export function makeSplit(spec: SplitSpec, data: SplitColumns): Split {
  switch (spec.kind) {
    case 'random':
      return randomSplit(spec, data.rows);
    case 'stratified':
      return stratifiedSplit(spec, data);
    case 'group':
      return groupSplit(spec, data);
    case 'time':
      return timeSplit(spec, data);
    default: {
      const unknown: never = spec;
      throw new GyreError('VALIDATION', `Unknown split ${JSON.stringify(unknown)}.`, { field: 'split' });
    }
  }
}

/**
 * k folds over the given rows for cross-validation: each row is in exactly one fold's validation part.
 * With classes, each class is dealt round-robin across folds after a seeded shuffle (stratified k-fold).
 */
export function kFold(rows: Uint32Array, k: number, seed: number, classes?: Int32Array): { train: Uint32Array; valid: Uint32Array }[] {
  if (!Number.isInteger(k) || k < 2 || k > rows.length) throw new GyreError('VALIDATION', `Cross-validation needs between 2 and ${rows.length} folds; got ${k}.`, { field: 'folds' });
  const random = seeded(seed);
  const fold = new Int32Array(rows.length);
  if (classes) {
    const byClass = new Map<number, number[]>();
    rows.forEach((r, i) => {
      const list = byClass.get(classes[r]!) ?? [];
      list.push(i);
      byClass.set(classes[r]!, list);
    });
    let next = 0;
    for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
      for (const i of shuffle(Uint32Array.from(byClass.get(c)!), random)) fold[i] = next++ % k;
    }
  } else {
    shuffle(Uint32Array.from({ length: rows.length }, (_, i) => i), random).forEach((i, n) => (fold[i] = n % k));
  }
  return Array.from({ length: k }, (_, f) => ({
    train: sorted(Array.from(rows).filter((_, i) => fold[i] !== f)),
    valid: sorted(Array.from(rows).filter((_, i) => fold[i] === f)),
  }));
}
