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
import type { RowExplanation } from './evaluations';
import type { Job } from './jobs';
import { procedure } from './procedure';
import { FileRef } from './datasets';
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

/**
 * Batch prediction: every row of a dataset version, or of a file (imported first, as the Data stage imports it), scored
 * by a model version and kept as a new dataset version.
 */
export const PredictInput = z.object({
  projectId: z.string().min(1),
  ref: ModelRef,
  /** The dataset version to score; or `file`. */
  versionId: z.string().min(1).optional(),
  /** A file to score (a path, or in the browser host an upload): imported as a dataset version first. */
  file: FileRef.optional(),
  /** The output dataset's name; by default `<dataset>-scored-<model>-v<version>` ("@" would read as a dataset version). An existing name gets a new version. */
  name: z.string().trim().min(1).max(200).optional(),
});
export type PredictInput = z.input<typeof PredictInput>;
const oneSource = (v: z.output<typeof PredictInput>) => (v.versionId === undefined) !== (v.file === undefined);
const PredictRequest = PredictInput.refine(oneSource, { message: 'Give a dataset version or a file to score (one of the two).', path: ['versionId'] });

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

/** "Try it" (types below): the form of a model version, and one row scored with it. */
export const TryFormInput = z.object({ projectId: z.string().min(1), ref: ModelRef });
export type TryFormInput = z.input<typeof TryFormInput>;

/** A value as the bundle's server takes it: numbers (booleans as 1/0), text, dates as ISO-8601 text, null for missing. */
const TryValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

export const TryRowInput = z.object({ projectId: z.string().min(1), ref: ModelRef, row: z.record(z.string(), TryValue) });
export type TryRowInput = z.input<typeof TryRowInput>;

export const bundleProcedures = {
  /** Builds a model version's bundle as a job (the reference profile and the card are computed there). */
  'bundles.export': procedure(BundleInput).mutation<Job>(['jobs']),
  /** Checks a bundle folder or .zip against its MANIFEST.json. */
  /** The bundles exported from a project, newest first. */
  'bundles.list': procedure(z.object({ projectId: z.string().min(1) })).query<ExportedBundle[]>(['bundles']),
  'bundles.verify': procedure(z.object({ path: z.string().trim().min(1).max(4096) })).query<VerifyResult>([]),
  /** Scores every row of a dataset version with a model version, as a job whose result is a new dataset version. */
  'bundles.predict': procedure(PredictRequest).mutation<Job>(['jobs']),
  /** The "Try it" form of a model version: its bundle's input fields and a typical training row (summarized once per run, then kept). */
  'bundles.tryForm': procedure(TryFormInput).query<TryForm>(['models']),
  /** Scores one row at once, checked as the bundle's server checks it, with its explanation and what is unlike the training rows. */
  'bundles.tryRow': procedure(TryRowInput).query<TryResult>(['models']),
};

/** "Try it": one row typed into a form and scored at once by a model version, as its bundle would score it. */
/** What the form is built from: the bundle's input fields and a typical training row to start from. */
export interface TryForm {
  /** NAME@VERSION. */
  ref: string;
  task: ModelTask;
  target: string;
  classLabels: string[] | null;
  /** Binary: the version's saved decision threshold (0.5 when none was saved); otherwise null. */
  threshold: number | null;
  /** Exactly as the bundle's model.json lists its inputs. */
  fields: BundleField[];
  /** A typical training row: the median of each number, the commonest category, a date as ISO-8601 text; null where every value was missing. */
  example: Record<string, number | string | null>;
  /** Which rows the ranges and the example come from: "the 240 training rows of customers v1". */
  rowsLabel: string;
}

/** Why the model predicted what it did for the row tried: a RowExplanation without a row number. */
export type TryExplanation = Omit<RowExplanation, 'row'>;

export interface TryResult {
  /** Classification: the predicted class (binary: at the version's threshold). */
  label?: string;
  /** Classification: every class's probability, in class order. */
  probabilities?: { label: string; probability: number }[];
  /** Regression: the predicted value. */
  prediction?: number;
  /** Against a seeded sample of up to 100 training rows; binary explains the positive class, multiclass the predicted one. */
  explanation: TryExplanation;
  /** What was scored but is unlike the training rows: a number outside their range, a category they never had, a value missing they never lacked. */
  warnings: string[];
  /** From asking to answering, the worker's start included. */
  elapsedMs: number;
}
