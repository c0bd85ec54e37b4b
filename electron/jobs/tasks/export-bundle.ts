/**
 * The `bundle.export` job: a model version written as a deployment bundle (contract/bundles.ts) — its run's file,
 * what it takes and returns, the training rows' reference profile and the model's predictions on them, the
 * evaluation its gate reads, its model card, the runtime and Triton files, and MANIFEST.json with every checksum.
 */
import { createHash } from 'node:crypto';
import type { BundleResult } from '../../contract/bundles';
import { BundleStore } from '../../core/bundles';
import { GyreError } from '../../contract/errors';
import { modelCard } from '../../core/model-card';
import { readCardInputs } from '../../core/model-card-inputs';
import { codeVersion } from '../../core/version';
import { openWorkspace } from '../../core/workspace';
import { bundleContents } from '../../deploy/contents';
import { referenceProfile } from '../../deploy/reference-profile';
import { runtimeFiles } from '../../deploy/runtime-files';
import { graphTensors } from '../../deploy/triton';
import { writeBundle } from '../../deploy/write-bundle';
import { modelInputs } from '../../ml/onnx/model-inputs';
import type { TaskContext } from '../tasks';
import { readReferenceRows, scoreRows } from './reference-rows';

export interface ExportBundleJobInput {
  projectId: string;
  /** The model version's id (resolved from NAME@VERSION when the job was asked for). */
  versionId: string;
  /** NAME@VERSION, for titles. */
  ref: string;
  /** Absolute. */
  out: string;
  format: 'folder' | 'zip';
}

export async function exportBundle(input: ExportBundleJobInput, ctx: TaskContext): Promise<BundleResult> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const records = readCardInputs(ws.db, ws.objects, input.projectId, input.versionId);
    const { version, run, dataset } = records;
    if (!records.modelFilePresent) throw new GyreError('NOT_FOUND', `The model file of ${input.ref} (run ${run.id}) is missing from this workspace's object store.`, { field: 'model' });
    const onnx = ws.objects.read(run.onnx.sha256);
    const { inputs } = modelInputs(onnx);

    const rows = await readReferenceRows(ws, run, dataset, inputs, ctx);
    const predictions = await scoreRows(onnx, inputs, run, rows, ctx, 0.3, 0.7);
    ctx.report(0.75, `Profiling ${rows.label}`);
    const profile = referenceProfile({
      model: input.ref,
      rowsLabel: rows.label,
      task: run.task,
      target: run.target,
      inputs: inputs.map((i) => i.column),
      classLabels: run.details.classLabels,
      threshold: version.threshold,
      frame: rows.frame,
      rows: rows.rows,
      predictions,
    });

    ctx.report(0.85, 'Writing the model card and the manifest');
    const createdAt = new Date();
    const { files, manifest } = bundleContents({
      records,
      onnx,
      outputs: graphTensors(onnx).outputs.map((o) => o.name),
      profile,
      card: modelCard(ws.db, ws.objects, input.projectId, version.id),
      runtime: runtimeFiles(),
      gyreVersion: codeVersion(),
      createdAt,
    });
    ctx.report(0.9, `Writing ${files.length} files to ${input.out}`);
    const bytes = writeBundle(input.out, input.format, files, createdAt);
    const manifestFile = files.find((f) => f.path === 'MANIFEST.json')!;
    new BundleStore(ws.db, ws.dir).add({ projectId: input.projectId, versionId: version.id, jobId: ctx.jobId, path: input.out, format: input.format, files: files.length, bytes, manifestSha256: createHash('sha256').update(manifestFile.bytes).digest('hex'), createdAt });
    return { path: input.out, format: input.format, files: files.length, bytes, manifest };
  } finally {
    ws.close();
  }
}
