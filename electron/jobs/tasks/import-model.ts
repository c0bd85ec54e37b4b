/**
 * The `model.import` job: an ONNX model trained elsewhere wrapped in Gyre's input/output contract
 * (`ml/external/wrap.ts`), scored by onnxruntime on every row of the dataset version that has a target, judged with
 * the same metrics as a trained run (there is no in-memory model, so no parity check) and saved as a run of model
 * kind 'imported' whose split is {kind: 'imported'}: all those rows are its test rows.
 */
import { createHash } from 'node:crypto';
import { GyreError } from '../../contract/errors';
import type { ImportedModelDetails, InputMapping, ModelImportResult, OutputMapping } from '../../contract/imports';
import type { ModelTask, Run, RunCost } from '../../contract/runs';
import { DatasetService } from '../../core/datasets';
import { newRunId, RunStore, type NewRun } from '../../core/runs';
import { APP_VERSION, codeVersion } from '../../core/version';
import { openWorkspace, type Workspace } from '../../core/workspace';
import { withDuck } from '../../data/duck';
import { readFrame } from '../../data/frame-reader';
import { resolvePlan, type ImportPlan } from '../../ml/external/plan';
import { proposeClassLabels, proposeMapping, proposeOutputs, proposeTask } from '../../ml/external/propose';
import type { ExternalModel } from '../../ml/external/read-model';
import { wrapExternalModel } from '../../ml/external/wrap';
import { onnxInputs } from '../../ml/onnx-inputs';
import { createSession, scoreColumns } from '../../ml/onnx/runtime';
import type { DatasetVersion } from '../../contract/datasets';
import { columnOf, type Frame } from '../../ml/preprocess/frame';
import type { RawInput } from '../../ml/preprocess/onnx';
import { membershipHash } from '../../ml/split';
import { encodeKnownTarget, type EncodedTarget } from '../../ml/target';
import type { TaskContext } from '../tasks';
import { openModelFile } from './external-model-file';
import { targetClasses } from './inspect-model';
import { taskMetrics } from './judge';
import { rowLatency } from './model-scorer';
import { mergeExcluded } from './training-data';

export interface ImportModelJobInput {
  projectId: string;
  path: string;
  fileName: string;
  versionId: string;
  target: string;
  task?: ModelTask;
  mapping?: InputMapping[];
  classLabels?: string[];
  outputs?: OutputMapping;
  name?: string;
}

/** The user's choices, with what they left out taken from Gyre's proposal; refused where neither says. */
async function completeRequest(ws: Workspace, input: ImportModelJobInput, external: ExternalModel, version: DatasetVersion) {
  const outputs = { ...proposeOutputs(external), ...input.outputs };
  const proposed = proposeMapping(external, version.columns, input.target);
  const given = input.mapping ?? [];
  const mapping = [...given, ...proposed.mapping.filter((m) => !given.some((g) => g.input === m.input))];
  const missing = proposed.unmapped.find((u) => !mapping.some((m) => m.input === u.input));
  if (missing) throw new GyreError('VALIDATION', `The model's input "${missing.input}" is not mapped: ${missing.reason}`, { field: 'mapping', input: missing.input });
  const notes: string[] = [];
  const classification = outputs.probabilities && input.task !== 'regression';
  const classes = classification && !input.classLabels ? await targetClasses(ws, version, input.target) : null;
  const task = input.task ?? proposeTask(external, outputs, classes?.classes?.length ?? input.classLabels?.length ?? null);
  if (!task) throw new GyreError('VALIDATION', `Gyre cannot tell from ${input.fileName}'s outputs whether it classifies or predicts numbers; say the task.`, { field: 'task' });
  let classLabels = input.classLabels ?? null;
  if (task !== 'regression' && !classLabels) {
    if (!classes?.classes) throw new GyreError('VALIDATION', classes?.note ?? `Say which of "${input.target}"'s classes each of the model's classes is.`, { field: 'classLabels' });
    classLabels = proposeClassLabels(external.classLabels, classes.classes, notes);
  }
  return { target: input.target, task, mapping, outputs: task === 'regression' ? { prediction: outputs.prediction } : { probabilities: outputs.probabilities, label: outputs.label }, classLabels, notes };
}

/** Every output value must be a number: a NaN means the model cannot score some rows as Gyre feeds them. */
function checkFinite(values: Float32Array, width: number, rows: Uint32Array, fileName: string): void {
  let bad = 0;
  let first = -1;
  for (let r = 0; r < rows.length; r++) {
    let finite = true;
    for (let j = 0; j < width; j++) finite &&= Number.isFinite(values[r * width + j]!);
    if (finite) continue;
    bad++;
    if (first < 0) first = rows[r]!;
  }
  if (bad === 0) return;
  throw new GyreError('VALIDATION', `${fileName} gave no finite output for ${bad.toLocaleString('en')} of ${rows.length.toLocaleString('en')} rows (the first is row ${first + 1} of the dataset); it may not handle missing values, which Gyre passes as NaN for numbers and "" for categories.`, { file: fileName, row: first + 1 });
}

async function score(onnx: Uint8Array, plan: ImportPlan, frame: Frame, rows: Uint32Array, fileName: string) {
  let session: Awaited<ReturnType<typeof createSession>>;
  try {
    session = await createSession(onnx, { provider: 'cpu' });
  } catch (e) {
    throw new GyreError('VALIDATION', `${fileName}: onnxruntime cannot load the model with Gyre's inputs and outputs around it: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`, { file: fileName });
  }
  const inputs: RawInput[] = plan.columns.map((c) => ({ column: c.name, elemType: c.elemType }));
  const output = plan.task === 'regression' ? 'prediction' : 'probabilities';
  try {
    const started = performance.now();
    let out;
    try {
      out = await scoreColumns(session.session, onnxInputs(inputs, frame, rows), rows.length, { outputs: [output] });
    } catch (e) {
      throw new GyreError('VALIDATION', `${fileName} failed on the dataset's rows: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`, { file: fileName });
    }
    const seconds = (performance.now() - started) / 1000;
    const column = out[output]!;
    const width = plan.task === 'regression' ? 1 : plan.runClassLabels!.length;
    if (column.dims.length !== 2 || column.dims[1] !== width) throw new GyreError('VALIDATION', `${fileName}'s output "${plan.outputs.probabilities ?? plan.outputs.prediction}" gave shape [${column.dims.join(', ')}] where ${width} value${width === 1 ? '' : 's'} per row were expected.`, { file: fileName });
    checkFinite(column.data as Float32Array, width, rows, fileName);
    const latency = await rowLatency(session.session, inputs, frame, rows, output);
    return { predictions: Float64Array.from(column.data as Float32Array), seconds, latency, inputs };
  } finally {
    await session.session.release();
  }
}

function details(external: ExternalModel, input: ImportModelJobInput, plan: ImportPlan, sha256: string, size: number, notes: string[]): ImportedModelDetails {
  return {
    name: input.name ?? input.fileName,
    fileName: input.fileName,
    sha256,
    sizeBytes: size,
    producer: external.producer,
    producerVersion: external.producerVersion,
    opsets: external.opsets,
    inputs: external.inputs,
    outputs: external.outputs,
    mapping: plan.inputs.flatMap((i) => i.columns.map((c) => ({ input: i.input.name, column: c.name }))),
    outputMapping: plan.outputs,
    modelClassLabels: plan.classLabels,
    notes,
  };
}

function save(ws: Workspace, run: NewRun, onnx: Uint8Array, version: DatasetVersion, encoded: EncodedTarget): ModelImportResult {
  const runs = new RunStore(ws.db);
  const stored = { ...run, onnxSha256: ws.objects.put(onnx, 'application/onnx').sha256 };
  const splitId = ws.db.transaction(() => {
    // All rows with a target are the imported model's test rows: it was trained on none of them that Gyre knows of.
    const split = runs.saveSplit({ versionId: version.id, spec: { kind: 'imported' }, trainRows: 0, testRows: encoded.rows.length, excluded: mergeExcluded(null, encoded), membershipHash: membershipHash(encoded.rows) });
    runs.addRun({ ...stored, splitId: split.id });
    return split.id;
  })();
  return { runId: run.id, splitId };
}

export async function importModel(input: ImportModelJobInput, ctx: TaskContext): Promise<ModelImportResult> {
  ctx.report(0.02, `Reading ${input.fileName}`);
  const { bytes, external } = await openModelFile(input.path, input.fileName);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const version = new DatasetService(ws.db).version(input.versionId);
    const request = await completeRequest(ws, input, external, version);
    const plan = resolvePlan(external, version.columns, request);
    ctx.report(0.1, `Reading ${version.rowCount.toLocaleString('en')} rows`);
    const frame = await withDuck((duck) => readFrame(duck, ws.objects.pathOf(version.objectSha256), version.columns, [...plan.columns.map((c) => c.name), plan.target]));
    const encoded = encodeKnownTarget(columnOf(frame, plan.target), plan.task, plan.runClassLabels);

    const id = newRunId();
    const metadata = {
      gyre_version: APP_VERSION,
      run_id: id,
      model: 'imported',
      task: plan.task,
      target: plan.target,
      scored_dataset_sha256: version.objectSha256,
      imported_file_sha256: sha256,
      class_labels: JSON.stringify(plan.runClassLabels),
      feature_schema: JSON.stringify(plan.columns.map((c) => ({ name: c.name, type: c.semanticType, input: c.elemType }))),
    };
    const wrapper = wrapExternalModel(external, plan, metadata);
    ctx.report(0.3, `Scoring ${input.fileName} on ${encoded.rows.length.toLocaleString('en')} rows`);
    const scored = await score(wrapper, plan, frame, encoded.rows, input.fileName);
    const yTrue = Float64Array.from(encoded.rows, (r) => encoded.values[r]!);
    const judged = taskMetrics(plan.task, plan.runClassLabels?.length ?? 1, yTrue, scored.predictions);
    const cost: RunCost = {
      cpuSeconds: 0,
      peakMemoryMb: process.resourceUsage().maxRSS / 1024,
      scoringRowsPerSecond: encoded.rows.length / Math.max(scored.seconds, 1e-6),
      latencyP50Ms: scored.latency.p50Ms,
      latencyP95Ms: scored.latency.p95Ms,
    };
    const run: NewRun = {
      id,
      projectId: input.projectId,
      jobId: ctx.jobId,
      versionId: version.id,
      splitId: '',
      target: plan.target,
      task: plan.task,
      model: 'imported',
      params: { name: input.name ?? input.fileName, file: input.fileName, producer: [external.producer, external.producerVersion].filter(Boolean).join(' ') },
      metrics: judged.metrics,
      details: {
        classLabels: plan.runClassLabels,
        featureNames: plan.columns.map((c) => c.name),
        dropped: [],
        provider: 'cpu',
        providerNote: null,
        imported: details(external, input, plan, sha256, bytes.length, request.notes),
        ...(judged.confusionMatrix ? { confusionMatrix: judged.confusionMatrix } : {}),
      } as Run['details'],
      trainSeconds: 0,
      cost,
      codeVersion: codeVersion(),
      evaluation: judged.evaluation,
      onnxSha256: '',
    };
    ctx.report(0.95, 'Saving the run');
    return save(ws, run, wrapper, version, encoded);
  } finally {
    ws.close();
  }
}
