/** What every training job does first: read the version into typed columns, encode the target and split the rows. */
import { GyreError } from '../../contract/errors';
import type { ModelTask as Task, SplitInput } from '../../contract/runs';
import type { DatasetVersion } from '../../contract/datasets';
import { DatasetService } from '../../core/datasets';
import type { Workspace } from '../../core/workspace';
import { withDuck } from '../../data/duck';
import { readFrame } from '../../data/frame-reader';
import { columnOf, type Frame } from '../../ml/preprocess/frame';
import { makeSplit, membershipHash, type Split, type SplitSpec } from '../../ml/split';
import { encodeTarget, type EncodedTarget } from '../../ml/target';
import type { TaskContext } from '../tasks';

export interface DataRequest {
  versionId: string;
  target: string;
  task?: Task;
  split?: SplitInput;
  seed: number;
}

export type RowSplit = Split & { trainRows: Uint32Array; testRows: Uint32Array };

export interface TrainingData {
  version: DatasetVersion;
  frame: Frame;
  encoded: EncodedTarget;
  split: RowSplit;
}

/** The split as the user asked for it, or stratified (classification) / random (regression) 80/20. */
export function splitSpec(input: DataRequest, task: Task): SplitSpec {
  const s = input.split ?? { kind: task === 'regression' ? 'random' : 'stratified', testFraction: 0.2 };
  if (s.kind === 'time') {
    const cutoff = s.cutoff === undefined ? undefined : Date.parse(s.cutoff);
    if (cutoff !== undefined && Number.isNaN(cutoff)) throw new GyreError('VALIDATION', `"${s.cutoff}" is not a date (use YYYY-MM-DD).`, { field: 'split.cutoff' });
    return { kind: 'time', column: s.column, ...(cutoff !== undefined ? { cutoff } : { testFraction: s.testFraction ?? 0.2 }) };
  }
  if (s.kind === 'group') return { kind: 'group', column: s.column, testFraction: s.testFraction, seed: input.seed };
  if (s.kind === 'stratified' && task === 'regression') throw new GyreError('VALIDATION', 'A stratified split needs classes; use a random split for regression.', { field: 'split' });
  return { kind: s.kind, testFraction: s.testFraction, seed: input.seed };
}

/** Splits `rows` (default: the rows that have a target); returns frame row numbers. */
export function splitRows(spec: SplitSpec, frame: Frame, encoded: EncodedTarget, rows: Uint32Array = encoded.rows): RowSplit {
  // The split's column is looked up (and checked) once, not once per row.
  const byColumn = spec.kind === 'group' || spec.kind === 'time' ? columnOf(frame, spec.column) : null;
  if (spec.kind === 'time' && byColumn!.semanticType !== 'datetime') {
    throw new GyreError('VALIDATION', `An out-of-time split needs a date column; "${spec.column}" is ${byColumn!.semanticType}.`, { field: 'split.column' });
  }
  const groupOf = (r: number) => {
    const v = byColumn!.values[r];
    return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v);
  };
  const data = {
    rows: rows.length,
    classes: encoded.classLabels ? Int32Array.from(rows, (r) => encoded.values[r]!) : undefined,
    classNames: encoded.classLabels ?? undefined,
    groups: spec.kind === 'group' ? Array.from(rows, groupOf) : undefined,
    times: spec.kind === 'time' ? Float64Array.from(rows, (r) => byColumn!.values[r] as number) : undefined,
  };
  const split = makeSplit(spec, data);
  const testRows = Uint32Array.from(split.test, (i) => rows[i]!);
  // Hash the dataset's own row numbers, not positions among the rows that have a target.
  return { ...split, membershipHash: membershipHash(testRows), trainRows: Uint32Array.from(split.train, (i) => rows[i]!), testRows };
}

/** Reads the columns a model may use (and the split's), encodes the target and makes the train/test split. */
export async function readTrainingData(ws: Workspace, input: DataRequest, ctx: TaskContext): Promise<TrainingData> {
  const version = new DatasetService(ws.db).version(input.versionId);
  if (!version.columns.some((c) => c.name === input.target)) throw new GyreError('VALIDATION', `This dataset version has no column "${input.target}".`, { field: 'target' });
  ctx.report(0.02, `Reading ${version.rowCount.toLocaleString('en')} rows`);
  // Identifiers and free text are never features; read them only when the split groups by one.
  const splitColumn = input.split && 'column' in input.split ? input.split.column : null;
  const names = version.columns.filter((c) => c.name === input.target || c.name === splitColumn || !['identifier', 'text'].includes(c.semanticType)).map((c) => c.name);
  const frame = await withDuck((duck) => readFrame(duck, ws.objects.pathOf(version.objectSha256), version.columns, names));
  const encoded = encodeTarget(columnOf(frame, input.target), input.task);
  const split = splitRows(splitSpec(input, encoded.task), frame, encoded);
  return { version, frame, encoded, split };
}

export function mergeExcluded(excluded: Split['excluded'], encoded: EncodedTarget): Split['excluded'] {
  const parts = [...(encoded.missing ? [{ rows: encoded.missing, reason: 'no target value' }] : []), ...(excluded ? [excluded] : [])];
  if (parts.length === 0) return null;
  return { rows: parts.reduce((s, p) => s + p.rows, 0), reason: parts.map((p) => `${p.rows.toLocaleString('en')} with ${p.reason}`).join(', ') };
}

/** Passes at most one report per `ms` milliseconds on: an epoch or a tree can take a millisecond. */
export function throttled(report: TaskContext['report'], ms: number): TaskContext['report'] {
  let last = 0;
  return (fraction, message) => {
    const now = performance.now();
    if (now - last < ms) return;
    last = now;
    report(fraction, message);
  };
}
