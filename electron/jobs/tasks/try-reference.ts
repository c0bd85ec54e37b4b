/**
 * What the "Try it" form needs of a run's training rows, made once and kept: each input summarized as the bundle's
 * reference profile summarizes it (so the form's fields are model.json's), and a seeded sample of up to 100 rows as
 * the background of explanations. Stored as a JSON object in the workspace store, found again by run.
 */
import type { Run } from '../../contract/runs';
import { DatasetService } from '../../core/datasets';
import type { Workspace } from '../../core/workspace';
import type { ReferenceColumn } from '../../deploy/reference-profile';
import { summarizeCategories, summarizeNumbers } from '../../deploy/summaries';
import { sampleRows, takeRows } from '../../ml/explain/frame-edit';
import type { RawInput } from '../../ml/preprocess/onnx';
import { columnOf, type Frame, type NumberType, type RawColumn, type StringType } from '../../ml/preprocess/frame';
import type { TaskContext } from '../tasks';
import { readReferenceRows } from './reference-rows';

/** Rows explanations are measured against: enough for a stable base value, few enough to explain in well under a second. */
export const BACKGROUND_ROWS = 100;

/** A frame column as JSON holds it: NaN is null. */
type StoredColumn = { name: string; kind: 'number'; semanticType: string; values: (number | null)[] } | { name: string; kind: 'string'; semanticType: string; values: (string | null)[] };

export interface TryReference {
  format: 'gyre-try-reference/1';
  runId: string;
  /** "the 240 training rows of customers v1". */
  rowsLabel: string;
  /** The model's inputs in its order, summarized over the training rows as reference-profile.json summarizes them. */
  columns: ReferenceColumn[];
  /** Up to BACKGROUND_ROWS training rows drawn with the run's seed, the model's inputs only. */
  background: { rows: number; columns: StoredColumn[] };
}

/** The run's reference, read from the store, or made from its training rows and stored on first use. */
export async function tryReference(ws: Workspace, run: Run, inputs: RawInput[], ctx: TaskContext): Promise<TryReference> {
  const kept = ws.db.prepare('SELECT object_sha256 FROM try_references WHERE run_id = ?').get(run.id) as { object_sha256: string } | undefined;
  if (kept && ws.objects.has(kept.object_sha256)) return JSON.parse(ws.objects.read(kept.object_sha256).toString('utf8')) as TryReference;

  const version = new DatasetService(ws.db).version(run.versionId);
  const data = await readReferenceRows(ws, run, version, inputs, ctx);
  const columns = inputs.map((i): ReferenceColumn => {
    const c = columnOf(data.frame, i.column);
    const summary = c.kind === 'number' ? summarizeNumbers(c.values, data.rows) : summarizeCategories(c.values, data.rows);
    return { ...summary, name: c.name, role: 'input', semanticType: c.semanticType };
  });
  const picked = sampleRows(data.rows.length, BACKGROUND_ROWS, run.details.request?.seed ?? 0);
  const inputFrame: Frame = { rows: data.frame.rows, columns: inputs.map((i) => columnOf(data.frame, i.column)) };
  const background = takeRows(inputFrame, Array.from(picked, (p) => data.rows[p]!));
  const reference: TryReference = { format: 'gyre-try-reference/1', runId: run.id, rowsLabel: data.label, columns, background: { rows: background.rows, columns: background.columns.map(storeColumn) } };

  const object = ws.objects.put(new TextEncoder().encode(JSON.stringify(reference)), 'application/json');
  ws.db.prepare('INSERT OR REPLACE INTO try_references (run_id, object_sha256, created_at) VALUES (?, ?, ?)').run(run.id, object.sha256, new Date().toISOString());
  return reference;
}

function storeColumn(c: RawColumn): StoredColumn {
  if (c.kind === 'string') return { name: c.name, kind: 'string', semanticType: c.semanticType, values: c.values };
  return { name: c.name, kind: 'number', semanticType: c.semanticType, values: Array.from(c.values, (v) => (Number.isNaN(v) ? null : v)) };
}

/** The background rows as a frame again. */
export function backgroundFrame(reference: TryReference): Frame {
  const columns = reference.background.columns.map((c): RawColumn =>
    c.kind === 'string'
      ? { name: c.name, kind: 'string', semanticType: c.semanticType as StringType, values: c.values }
      : { name: c.name, kind: 'number', semanticType: c.semanticType as NumberType, values: Float64Array.from(c.values, (v) => v ?? NaN) },
  );
  return { rows: reference.background.rows, columns };
}
