/**
 * A run's reference rows for its bundle: the training rows of its dataset version, made again from the stored
 * split and checked against it (an imported model's rows are every row of the version), read with the model's
 * input columns and the target, and scored by the run's own file.
 */
import type { DatasetVersion } from '../../contract/datasets';
import { GyreError } from '../../contract/errors';
import type { Run } from '../../contract/runs';
import type { Workspace } from '../../core/workspace';
import { withDuck } from '../../data/duck';
import { readFrame } from '../../data/frame-reader';
import { takeRows } from '../../ml/explain/frame-edit';
import type { RawInput } from '../../ml/preprocess/onnx';
import { columnOf, type Frame } from '../../ml/preprocess/frame';
import type { SplitSpec } from '../../ml/split';
import { encodeKnownTarget } from '../../ml/target';
import type { TaskContext } from '../tasks';
import { modelScorer } from './model-scorer';
import { splitRows } from './training-data';

export interface ReferenceRows {
  frame: Frame;
  rows: Uint32Array;
  /** "the 240 training rows of customers v1". */
  label: string;
}

/** Rows scored per onnxruntime call: bounds the memory of one call and lets progress move. */
const SCORE_CHUNK = 50_000;

export async function readReferenceRows(ws: Workspace, run: Run, version: DatasetVersion, inputs: RawInput[], ctx: TaskContext): Promise<ReferenceRows> {
  const spec = run.split.spec as unknown as SplitSpec | { kind: 'imported' };
  const splitColumn = 'column' in spec ? spec.column : null;
  const names = [...new Set([...inputs.map((i) => i.column), run.target, ...(splitColumn ? [splitColumn] : [])])];
  const lacking = names.filter((n) => !version.columns.some((c) => c.name === n));
  if (lacking.length) throw new GyreError('VALIDATION', `The dataset version run ${run.id} trained on lacks ${lacking.map((c) => `"${c}"`).join(', ')}, which the model reads.`, { field: 'model' });
  ctx.report(0.05, `Reading ${version.rowCount.toLocaleString('en')} rows of ${run.dataset.name} v${run.dataset.version}`);
  const frame = await withDuck((duck) => readFrame(duck, ws.objects.pathOf(version.objectSha256), version.columns, names));
  const where = `${run.dataset.name} v${run.dataset.version}`;
  if (spec.kind === 'imported') {
    const rows = Uint32Array.from({ length: frame.rows }, (_, i) => i);
    return { frame, rows, label: `all ${rows.length.toLocaleString('en')} rows of ${where} (the model was trained elsewhere)` };
  }
  const encoded = encodeKnownTarget(columnOf(frame, run.target), run.task, run.details.classLabels);
  const split = splitRows(spec, frame, encoded);
  if (split.membershipHash !== run.split.membershipHash || split.trainRows.length !== run.split.trainRows) {
    throw new GyreError('VALIDATION', `The training rows of run ${run.id} could not be made again from its split on ${where}: its rows or target differ from when the run was trained.`, { field: 'model' });
  }
  return { frame, rows: split.trainRows, label: `the ${split.trainRows.length.toLocaleString('en')} training rows of ${where}` };
}

/** The file's output on `rows` (probabilities rows × classes, or values), in chunks with progress from `from` to `to`. */
export async function scoreRows(onnx: Uint8Array, inputs: RawInput[], run: Run, data: ReferenceRows, ctx: TaskContext, from: number, to: number): Promise<Float64Array> {
  const scorer = await modelScorer(onnx, inputs, run.task, 'cpu');
  try {
    const width = run.task === 'regression' ? 1 : (run.details.classLabels?.length ?? 1);
    const out = new Float64Array(data.rows.length * width);
    for (let start = 0; start < data.rows.length; start += SCORE_CHUNK) {
      ctx.report(from + ((to - from) * start) / data.rows.length, `Scoring the training rows (${start.toLocaleString('en')} of ${data.rows.length.toLocaleString('en')})`);
      const chunk = takeRows(data.frame, data.rows.subarray(start, start + SCORE_CHUNK));
      out.set(await scorer.predict(chunk), start * width);
    }
    return out;
  } finally {
    await scorer.release();
  }
}
