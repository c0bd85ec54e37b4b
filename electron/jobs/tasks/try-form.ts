/** The `model.tryForm` task: a model version's "Try it" form — its bundle's input fields and a typical training row. */
import type { TryForm } from '../../contract/bundles';
import { GyreError } from '../../contract/errors';
import { RunStore } from '../../core/runs';
import { openWorkspace } from '../../core/workspace';
import { bundleFields } from '../../deploy/fields';
import { typicalRow } from '../../deploy/try-input';
import { modelInputs } from '../../ml/onnx/model-inputs';
import type { TaskContext } from '../tasks';
import { tryReference } from './try-reference';

export interface TryFormJobInput {
  /** The model version's run (resolved from NAME@VERSION by the handler). */
  runId: string;
  /** NAME@VERSION. */
  ref: string;
  /** The version's saved decision threshold (binary), null for 0.5. */
  threshold: number | null;
}

export async function tryForm(input: TryFormJobInput, ctx: TaskContext): Promise<TryForm> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const run = new RunStore(ws.db).get(input.runId);
    if (!ws.objects.has(run.onnx.sha256)) throw new GyreError('NOT_FOUND', `The model file of ${input.ref} (run ${run.id}) is missing from this workspace's object store.`, { field: 'model' });
    const { inputs } = modelInputs(ws.objects.read(run.onnx.sha256));
    const reference = await tryReference(ws, run, inputs, ctx);
    return {
      ref: input.ref,
      task: run.task,
      target: run.target,
      classLabels: run.details.classLabels,
      threshold: run.task === 'binary' ? (input.threshold ?? 0.5) : null,
      // As bundleModel (deploy/contents.ts) lists them: Gyre's own pipelines take missing values in every input.
      fields: bundleFields(reference.columns, run.model !== 'imported'),
      example: typicalRow(reference.columns),
      rowsLabel: reference.rowsLabel,
    };
  } finally {
    ws.close();
  }
}
