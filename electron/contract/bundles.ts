/**
 * Deployment bundles: one folder (or .zip) per model version that runs on a machine that has never seen Gyre, with
 * nothing but Node (or Python) and onnxruntime, and that can be verified after crossing an air gap.
 *
 * Layout (every file listed with its SHA-256 in MANIFEST.json):
 *   model.onnx                  the one-file pipeline: raw columns in, label/probabilities/prediction out
 *   model.json                  name, version, task, target, class labels, decision threshold, inputs, outputs
 *   schema.json                 JSON Schema of one input row and of one output
 *   reference-profile.json      the training data's profile, what monitoring compares against
 *   metrics.json                the evaluation the version's gate reads: metrics with intervals, the gate
 *   model-card.md, model-card.html
 *   serve.mjs, predict.mjs, package.json     HTTP server and batch scoring (Node + onnxruntime-node)
 *   python/predict.py, python/requirements.txt
 *   triton/<name>/config.pbtxt, triton/<name>/1/model.onnx
 *   MANIFEST.json               files, lineage, Gyre version, created-at
 */
import { z } from 'zod';
import type { Job } from './jobs';
import { procedure } from './procedure';
import { ModelRef } from './registry';
import type { ModelTask } from './runs';

export const BUNDLE_FORMATS = ['folder', 'zip'] as const;

export const BundleInput = z.object({
  projectId: z.string().min(1),
  ref: ModelRef,
  /** Where to write it: a folder that does not exist yet, or a .zip file. */
  out: z.string().trim().min(1, 'Say where to write the bundle.').max(4096),
  format: z.enum(BUNDLE_FORMATS).default('folder'),
});
export type BundleInput = z.input<typeof BundleInput>;

/** One input column of the model as the bundle's schema describes it. */
export interface BundleField {
  name: string;
  /** What the model reads: a date is a number (epoch milliseconds), marked by `format`. */
  type: 'number' | 'string';
  /** A date: sent as ISO-8601 text (schema.json says string), read as epoch milliseconds; its min/max here are epoch ms. */
  format?: 'date-time';
  /** Observed in the training data: the range of numbers, the categories of text. */
  minimum?: number;
  maximum?: number;
  categories?: string[];
  /** Missing values are allowed (the model imputes them). */
  nullable: boolean;
}

/** model.json */
export interface BundleModel {
  name: string;
  version: number;
  task: ModelTask;
  target: string;
  classLabels: string[] | null;
  /** Binary: the probability at or above which the positive class is predicted. */
  threshold: number | null;
  inputs: BundleField[];
  /** Output tensor names of model.onnx. */
  outputs: string[];
  runId: string;
  gyreVersion: string;
}

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
}

/** MANIFEST.json */
export interface BundleManifest {
  format: 'gyre-bundle/1';
  model: { name: string; version: number; stage: string };
  files: ManifestFile[];
  lineage: { charterVersion: number | null; dataset: string; datasetVersion: number; datasetSha256: string; runId: string; evaluationId: string | null; modelVersionId: string };
  gyreVersion: string;
  createdAt: string;
}

export interface BundleResult {
  path: string;
  format: 'folder' | 'zip';
  files: number;
  bytes: number;
  manifest: BundleManifest;
}

/** A bundle Gyre exported, as the Deploy stage lists it. */
export interface ExportedBundle {
  id: string;
  versionId: string;
  /** NAME@VERSION. */
  ref: string;
  path: string;
  format: 'folder' | 'zip';
  files: number;
  bytes: number;
  /** SHA-256 of its MANIFEST.json. */
  manifestSha256: string;
  createdAt: string;
}

/** What `gyre verify` finds: every file's checksum, and what is missing, extra or altered. */
export interface VerifyResult {
  ok: boolean;
  checked: number;
  altered: string[];
  missing: string[];
  /** Files in the bundle that MANIFEST.json does not list. */
  extra: string[];
  problems: string[];
}

/** Batch prediction: every row of a dataset version scored by a model version, kept as a new dataset version. */
export const PredictInput = z.object({
  projectId: z.string().min(1),
  ref: ModelRef,
  /** The dataset version to score. */
  versionId: z.string().min(1),
  /** The output dataset's name; by default `<dataset>-scored-<model>-v<version>` ("@" would read as a dataset version). An existing name gets a new version. */
  name: z.string().trim().min(1).max(200).optional(),
});
export type PredictInput = z.input<typeof PredictInput>;

/** What the `model.predict` job made: the new dataset version, and the columns it appended to the input's. */
export interface PredictResult {
  datasetId: string;
  datasetName: string;
  versionId: string;
  version: number;
  rowCount: number;
  /** As `gyre predict` names them: predicted_label and probability_<class>, or prediction. */
  addedColumns: string[];
}

export const bundleProcedures = {
  /** Builds a model version's bundle as a job (the reference profile and the card are computed there). */
  'bundles.export': procedure(BundleInput).mutation<Job>(['jobs']),
  /** Checks a bundle folder or .zip against its MANIFEST.json. */
  /** The bundles exported from a project, newest first. */
  'bundles.list': procedure(z.object({ projectId: z.string().min(1) })).query<ExportedBundle[]>(['bundles']),
  'bundles.verify': procedure(z.object({ path: z.string().trim().min(1).max(4096) })).query<VerifyResult>([]),
  /** Scores every row of a dataset version with a model version, as a job whose result is a new dataset version. */
  'bundles.predict': procedure(PredictInput).mutation<Job>(['jobs']),
};
