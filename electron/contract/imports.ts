/**
 * Bring your own model: an ONNX file trained elsewhere (scikit-learn through skl2onnx, PyTorch, LightGBM…) read,
 * mapped to a dataset version's columns and classes, and imported as a run that Gyre evaluates, compares, registers
 * and bundles like its own.
 */
import { z } from 'zod';
import { FileRef } from './datasets';
import type { Job } from './jobs';
import { procedure } from './procedure';
import { ProjectId } from './projects';
import { MODEL_TASKS, type ModelTask } from './runs';

/** One input or output of the external model, as its graph declares it. */
export interface ExternalValue {
  name: string;
  /** 'tensor(float)', 'tensor(string)', 'seq(map(int64,tensor(float)))'… as ONNX writes types. */
  type: string;
  /** The element type of a tensor ('float', 'int64', 'string'…); null for sequences and maps. */
  elemType: string | null;
  /** Per dimension: a size, a symbolic name ('N', 'batch'), or null when unknown; null for non-tensors or no shape. */
  shape: (number | string | null)[] | null;
}

/** Which dataset column feeds an input of the model. A 2-D input [N, F] takes F columns, in the order listed. */
export const InputMapping = z.object({
  input: z.string().min(1),
  column: z.string().min(1),
});
export type InputMapping = z.infer<typeof InputMapping>;

/** Which of the model's outputs give Gyre's `probabilities`, `label` or `prediction`. */
export const OutputMapping = z.object({
  /** A float tensor [N, k]: one probability per class, in the model's class order. */
  probabilities: z.string().min(1).optional(),
  /** The model's own label output (only recorded; Gyre's label is the most probable class). */
  label: z.string().min(1).optional(),
  /** Regression: a float tensor [N, 1] or [N]. */
  prediction: z.string().min(1).optional(),
});
export type OutputMapping = z.infer<typeof OutputMapping>;

/** What Gyre would choose: every field is a proposal the user confirms or changes. */
export interface ImportProposal {
  target: string | null;
  task: ModelTask | null;
  mapping: InputMapping[];
  /** Inputs nothing could be proposed for, each with why. */
  unmapped: { input: string; reason: string }[];
  outputs: OutputMapping;
  /**
   * The dataset's class label for each of the model's classes, in the model's order (its `classlabels` metadata
   * where it has one, else the labels sorted); null for regression or without a target.
   */
  classLabels: string[] | null;
  notes: string[];
}

export interface ModelInspection {
  fileName: string;
  sizeBytes: number;
  producer: string;
  producerVersion: string;
  irVersion: number;
  opsets: { domain: string; version: number }[];
  /** Operator domains the graph's nodes use ('' is the standard ai.onnx domain). */
  domains: string[];
  inputs: ExternalValue[];
  outputs: ExternalValue[];
  /** The classes the model's own metadata names (skl2onnx's `classlabels_strings` / `classlabels_int64s`), in its order. */
  modelClassLabels: string[] | null;
  proposal: ImportProposal;
}

export const ModelInspectInput = z.object({
  projectId: ProjectId,
  file: FileRef,
  versionId: z.string().min(1),
  /** The column the model predicts; guessed (a column no input takes) when omitted. */
  target: z.string().min(1).optional(),
});

export const ModelImportInput = z.object({
  projectId: ProjectId,
  file: FileRef,
  /** The dataset version the model is scored on: every row with a target. */
  versionId: z.string().min(1),
  target: z.string().min(1),
  /** Proposed from the model's outputs when omitted. */
  task: z.enum(MODEL_TASKS).optional(),
  /** Proposed by name (exact, then case-insensitive) when omitted; inputs left out are proposed too. */
  mapping: z.array(InputMapping).max(100_000).optional(),
  /** The dataset's class label for each of the model's classes, in the model's class order; proposed when omitted. */
  classLabels: z.array(z.string()).min(2).max(1000).optional(),
  outputs: OutputMapping.optional(),
  /** What to call the imported model (default: the file's name). */
  name: z.string().trim().min(1).max(200).optional(),
});
export type ModelImportInput = z.input<typeof ModelImportInput>;

/** Where an imported run came from and how it was mapped: kept in the run's details. */
export interface ImportedModelDetails {
  /** What the user called it (default: the file's name). */
  name: string;
  fileName: string;
  /** SHA-256 of the file as imported; the run's own ONNX file is the wrapper around it. */
  sha256: string;
  sizeBytes: number;
  producer: string;
  producerVersion: string;
  opsets: { domain: string; version: number }[];
  inputs: ExternalValue[];
  outputs: ExternalValue[];
  mapping: InputMapping[];
  outputMapping: OutputMapping;
  /** The dataset's class for each of the model's classes, in the model's order; null for regression. */
  modelClassLabels: string[] | null;
  /** What the proposal assumed (classes matched by position…). */
  notes: string[];
}

/** What an import job returns. */
export interface ModelImportResult {
  runId: string;
  splitId: string;
}

/** Refused above this size: an ONNX protobuf cannot exceed 2 GiB, and a bigger file is not one model. */
export const MAX_MODEL_BYTES = 2 * 1024 ** 3;

export const importProcedures = {
  /** Reads an ONNX file in a worker: its inputs, outputs and metadata, and a proposed mapping onto the dataset version. */
  'models.inspect': procedure(ModelInspectInput).query<ModelInspection>(['datasets']),
  /** Starts a job that wraps the model in Gyre's input/output contract, scores it on the version and saves it as a run. */
  'models.import': procedure(ModelImportInput).mutation<Job>(['jobs']),
};
