/**
 * `models.inspect`, run in a worker without a job row: an ONNX file's inputs, outputs and metadata, and the mapping
 * Gyre proposes onto a dataset version (the target's classes are read from the version to name the model's classes).
 */
import type { ColumnSchema, DatasetVersion } from '../../contract/datasets';
import type { ModelInspection } from '../../contract/imports';
import type { ModelTask } from '../../contract/runs';
import { DatasetService } from '../../core/datasets';
import { openWorkspace, type Workspace } from '../../core/workspace';
import { withDuck } from '../../data/duck';
import { readFrame } from '../../data/frame-reader';
import { guessTarget, proposeClassLabels, proposeMapping, proposeOutputs, proposeTask } from '../../ml/external/propose';
import type { ExternalModel } from '../../ml/external/read-model';
import { columnOf } from '../../ml/preprocess/frame';
import { encodeTarget } from '../../ml/target';
import type { TaskContext } from '../tasks';
import { openModelFile } from './external-model-file';

export interface InspectModelInput {
  path: string;
  fileName: string;
  versionId: string;
  target?: string;
}

/** The target's classes in Gyre's order, or why there are none. */
export async function targetClasses(ws: Workspace, version: DatasetVersion, target: string): Promise<{ classes: string[] | null; note?: string }> {
  const frame = await withDuck((duck) => readFrame(duck, ws.objects.pathOf(version.objectSha256), version.columns, [target]));
  try {
    return { classes: encodeTarget(columnOf(frame, target), 'multiclass').classLabels };
  } catch (e) {
    return { classes: null, note: `The target "${target}" gives no classes: ${(e as Error).message}` };
  }
}

/** Output roles, task, input mapping and classes as Gyre would choose them. */
export async function propose(ws: Workspace, external: ExternalModel, version: DatasetVersion, target: string | null): Promise<ModelInspection['proposal']> {
  const notes: string[] = [];
  const outputs = proposeOutputs(external);
  const columns: ColumnSchema[] = version.columns;
  const { mapping, unmapped } = proposeMapping(external, columns, target);
  if (!target) {
    notes.push('No column could be proposed as the target; name it.');
    return { target: null, task: proposeTask(external, outputs, null), mapping, unmapped, outputs, classLabels: null, notes };
  }
  if (!outputs.probabilities && !outputs.prediction) notes.push("No output looks like class probabilities ([N, classes] floats) or a prediction ([N, 1] floats); say which output to use.");
  let classes: string[] | null = null;
  if (outputs.probabilities) {
    const read = await targetClasses(ws, version, target);
    classes = read.classes;
    if (read.note) notes.push(read.note);
  }
  const task: ModelTask | null = proposeTask(external, outputs, classes?.length ?? null);
  const classLabels = task && task !== 'regression' && classes ? proposeClassLabels(external.classLabels, classes, notes) : null;
  const width = outputs.probabilities ? external.outputs.find((o) => o.name === outputs.probabilities)!.shape![1] : null;
  if (classLabels && typeof width === 'number' && width !== classLabels.length) {
    notes.push(`The model gives ${width} class probabilities but "${target}" has ${classLabels.length} classes; say which class each of the model's classes is.`);
  }
  return { target, task, mapping, unmapped, outputs, classLabels, notes };
}

export async function inspectModel(input: InspectModelInput, ctx: Pick<TaskContext, 'workspaceDir'>): Promise<ModelInspection> {
  const { bytes, external } = await openModelFile(input.path, input.fileName);
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const version = new DatasetService(ws.db).version(input.versionId);
    const target = input.target ?? guessTarget(external, version.columns);
    return {
      fileName: input.fileName,
      sizeBytes: bytes.length,
      producer: external.producer,
      producerVersion: external.producerVersion,
      irVersion: external.irVersion,
      opsets: external.opsets,
      domains: external.domains,
      inputs: external.inputs,
      outputs: external.outputs,
      modelClassLabels: external.classLabels,
      proposal: await propose(ws, external, version, target),
    };
  } finally {
    ws.close();
  }
}
