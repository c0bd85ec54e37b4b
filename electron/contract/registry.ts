/**
 * The model registry: a run registered under a name becomes a numbered model version (NAME@VERSION everywhere)
 * that moves through stages — candidate → staging → production → archived. Production takes a passing success
 * gate or an explicit override with a written reason; both are recorded, with who and when. One production
 * version per model.
 */
import { z } from 'zod';
import { procedure } from './procedure';
import type { ModelKind, ModelTask } from './runs';

export const MODEL_STAGES = ['candidate', 'staging', 'production', 'archived'] as const;
export type ModelStage = (typeof MODEL_STAGES)[number];

export const ModelName = z
  .string()
  .trim()
  .min(1, 'Name the model.')
  .max(100, 'A model name is at most 100 characters.')
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'A model name is letters, digits, ".", "_" or "-", starting with a letter or digit: it is written NAME@VERSION.');

/** `churn` (the model), `churn@3` (a version), or a model version's id. */
export const ModelRef = z.string().trim().min(1, 'Name a model version as NAME@VERSION.');

const Threshold = z.number().gt(0, 'A decision threshold is above 0.').lt(1, 'A decision threshold is below 1.');

export const RegisterInput = z.object({
  runId: z.string().min(1),
  name: ModelName,
  description: z.string().max(5000).default(''),
});

export const PromoteInput = z.object({
  projectId: z.string().min(1),
  ref: ModelRef,
  stage: z.enum(MODEL_STAGES),
  /** Why: required to override a failing or missing success gate, kept with every move. */
  reason: z.string().trim().max(2000).default(''),
  /** Promote to production although the gate does not pass (needs a reason of at least 10 characters). */
  override: z.boolean().default(false),
});

export const UpdateVersionInput = z.object({
  projectId: z.string().min(1),
  ref: ModelRef,
  description: z.string().max(5000).optional(),
  /** Binary models: the probability at or above which the positive class is predicted; null restores 0.5. */
  threshold: Threshold.nullable().optional(),
});

/** The success gate a version is judged by: its run's newest evaluation. */
export interface VersionGate {
  evaluationId: string;
  passed: boolean | null;
  /** Which rows: "its test rows" or "all rows of customers v2". */
  rows: string;
  createdAt: string;
}

export interface ModelVersion {
  id: string;
  projectId: string;
  name: string;
  version: number;
  stage: ModelStage;
  description: string;
  /** Saved decision threshold (binary models); null means 0.5. */
  threshold: number | null;
  runId: string;
  model: ModelKind;
  task: ModelTask;
  target: string;
  dataset: { id: string; name: string; version: number };
  createdAt: string;
  gate: VersionGate | null;
}

export interface RegisteredModel {
  name: string;
  projectId: string;
  createdAt: string;
  /** Newest first. */
  versions: ModelVersion[];
  /** The version in production, if any. */
  production: number | null;
}

export interface ModelEvent {
  at: string;
  /** The operating-system user who did it. */
  actor: string;
  version: number;
  action: 'registered' | 'stage' | 'threshold' | 'description';
  from: ModelStage | null;
  to: ModelStage | null;
  reason: string;
  /** Promoted to production although the gate did not pass. */
  override: boolean;
  /** The gate's verdict at the time, and the evaluation it came from. */
  gatePassed: boolean | null;
  evaluationId: string | null;
  /** Threshold or description changes: the new value. */
  detail: string | null;
}

export interface LineageNode {
  id: string;
  kind: 'charter' | 'dataset' | 'split' | 'run' | 'evaluation' | 'model';
  label: string;
  detail: string;
}

export interface Lineage {
  nodes: LineageNode[];
  /** From the earlier step to the later one. */
  edges: { from: string; to: string }[];
}

export type ModelVersionDetail = ModelVersion & { history: ModelEvent[]; lineage: Lineage };

export const registryProcedures = {
  /** Registers a run as the next version of a model (created on first use), as a candidate. */
  'registry.register': procedure(RegisterInput).mutation<ModelVersion>(['models']),
  'registry.list': procedure(z.object({ projectId: z.string().min(1), runId: z.string().min(1).optional() })).query<RegisteredModel[]>(['models', 'evaluations']),
  /** A version (NAME@VERSION; NAME alone is its newest) with its history and lineage. */
  'registry.get': procedure(z.object({ projectId: z.string().min(1), ref: ModelRef })).query<ModelVersionDetail>(['models', 'evaluations']),
  'registry.promote': procedure(PromoteInput).mutation<ModelVersion>(['models']),
  'registry.update': procedure(UpdateVersionInput).mutation<ModelVersion>(['models']),
  /** The version's model card (Markdown, HTML and its sections), generated now from its run, evaluation, charter and data. */
  'registry.card': procedure(z.object({ projectId: z.string().min(1), ref: ModelRef })).query<ModelCard>(['models', 'evaluations', 'charters']),
  /** Replaces an editable section's text (kept across regenerations); text null resets it to the generated text. */
  'registry.editCard': procedure(
    z.object({
      projectId: z.string().min(1),
      ref: ModelRef,
      section: z.string().min(1, 'Name the section to edit.'),
      text: z.string().max(20_000, 'A model card section is at most 20,000 characters.').nullable(),
    }),
  ).mutation<ModelCard>(['models']),
};

/** A model card's sections, in the order the card shows them. */
export const MODEL_CARD_SECTIONS = ['intended-use', 'training-data', 'performance', 'fairness', 'explanations', 'limitations', 'ethical-considerations', 'lineage', 'checksums'] as const;
export type ModelCardSectionId = (typeof MODEL_CARD_SECTIONS)[number];
/** The sections a person writes (Gyre drafts them); the others are regenerated from the records every time. */
export const EDITABLE_CARD_SECTIONS: readonly ModelCardSectionId[] = ['intended-use', 'limitations', 'ethical-considerations'];

/**
 * What a card section holds, structured so every host renders it without parsing Markdown: paragraphs,
 * bullet lists, subheadings and tables whose cells are plain text.
 */
export type ModelCardBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'heading'; text: string }
  | { kind: 'table'; caption: string; columns: string[]; rows: string[][]; numeric: boolean[] };

export interface ModelCardSection {
  id: ModelCardSectionId;
  title: string;
  editable: boolean;
  /** The section as text: an editable section's words (a person's or Gyre's draft), a generated one's Markdown. */
  text: string;
  blocks: ModelCardBlock[];
  /** Editable sections whose text a person wrote: who and when; null while the generated text is shown. */
  edited: { at: string; actor: string } | null;
}

export interface ModelCard {
  /** NAME@VERSION. */
  ref: string;
  versionId: string;
  title: string;
  /** One-line facts under the title: stage, model, task, target, when generated. */
  summary: string[];
  sections: ModelCardSection[];
  markdown: string;
  /** A standalone page: inline CSS, no scripts, no external addresses. */
  html: string;
  generatedAt: string;
}
