/**
 * Every file of a bundle, built from the records (pure: the job reads and scores, this arranges): the model file,
 * its description and schema, the reference profile, the metrics, the model card, the runtime files, Triton's
 * layout, and MANIFEST.json last.
 */
import type { BundleManifest, BundleModel } from '../contract/bundles';
import type { ModelCard } from '../contract/registry';
import type { CardInputs } from '../core/model-card-inputs';
import { bundleFields } from './fields';
import { bundleSchema } from './json-schema';
import type { ReferenceProfile } from './reference-profile';
import { tritonConfig } from './triton';
import { MANIFEST, manifestFiles, type BundleFile } from './write-bundle';

export interface BundleSources {
  records: CardInputs;
  onnx: Uint8Array;
  /** Output tensor names of the file. */
  outputs: string[];
  profile: ReferenceProfile;
  card: ModelCard;
  /** Copied as they are (runtime-files.ts). */
  runtime: BundleFile[];
  gyreVersion: string;
  createdAt: Date;
}

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2) + '\n');
const text = (value: string) => new TextEncoder().encode(value);

export function bundleModel(s: BundleSources): BundleModel {
  const { version, run } = s.records;
  return {
    name: version.name,
    version: version.version,
    task: run.task,
    target: run.target,
    classLabels: run.details.classLabels,
    threshold: run.task === 'binary' ? (version.threshold ?? 0.5) : null,
    // Gyre's pipelines read NaN and "" as missing in every input; an imported model is trusted only where the data had gaps.
    inputs: bundleFields(s.profile.columns, run.model !== 'imported'),
    outputs: s.outputs,
    runId: run.id,
    gyreVersion: s.gyreVersion,
  };
}

/** metrics.json: the evaluation the version's success gate reads, or that there is none yet. */
export function bundleMetrics(records: CardInputs): unknown {
  const e = records.evaluation;
  if (!e) return { evaluated: false };
  const r = e.report;
  return {
    evaluated: true,
    evaluationId: e.id,
    createdAt: e.createdAt,
    dataset: e.dataset,
    rows: r.rows,
    rowsLabel: r.rowsLabel,
    task: r.task,
    classLabels: r.classLabels,
    positiveLabel: r.positiveLabel,
    resamples: r.resamples,
    metrics: r.metrics,
    gate: r.gate,
  };
}

export function bundleContents(s: BundleSources): { files: BundleFile[]; manifest: BundleManifest } {
  const { version, run, dataset, charter, evaluation } = s.records;
  const model = bundleModel(s);
  const files: BundleFile[] = [
    { path: 'model.onnx', bytes: s.onnx },
    { path: 'model.json', bytes: json(model) },
    { path: 'schema.json', bytes: json(bundleSchema(model, s.profile.columns)) },
    { path: 'reference-profile.json', bytes: json(s.profile) },
    { path: 'metrics.json', bytes: json(bundleMetrics(s.records)) },
    { path: 'model-card.md', bytes: text(s.card.markdown) },
    { path: 'model-card.html', bytes: text(s.card.html) },
    ...s.runtime,
    { path: `triton/${version.name}/config.pbtxt`, bytes: text(tritonConfig(version.name, s.onnx)) },
    { path: `triton/${version.name}/1/model.onnx`, bytes: s.onnx },
  ];
  const manifest: BundleManifest = {
    format: 'gyre-bundle/1',
    model: { name: version.name, version: version.version, stage: version.stage },
    files: manifestFiles(files),
    lineage: {
      charterVersion: charter?.inForce ? charter.version : null,
      dataset: version.dataset.name,
      datasetVersion: dataset.version,
      datasetSha256: dataset.objectSha256,
      runId: run.id,
      evaluationId: evaluation?.id ?? null,
      modelVersionId: version.id,
    },
    gyreVersion: s.gyreVersion,
    createdAt: s.createdAt.toISOString(),
  };
  return { files: [...files, { path: MANIFEST, bytes: json(manifest) }], manifest };
}
