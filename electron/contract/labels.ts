/**
 * Prepare stage: labeling with active learning. A labeling session is one dataset version and one target column
 * (existing, partly filled, or new) with its classes; people label its rows one at a time, every label stored with
 * who gave it and when. Once enough labels exist a quick model ranks the unlabeled rows by how unsure it is, and the
 * labels become a new dataset version by export. Rows are named by their position (0-based) in the version's Parquet
 * object: a version never changes, so a position always means the same row.
 */
import { z } from 'zod';
import type { ColumnSchema } from './datasets';
import type { Job } from './jobs';
import { procedure } from './procedure';
import { ProjectId } from './projects';

/** A labeler's name as people type it; the same spelling (trimmed) is the same person. */
export const LabelerName = z.string().trim().min(1, 'Give your name as a labeler.').max(60, 'At most 60 characters.');
const ClassName = z.string().trim().min(1, 'A class needs a name.').max(100, 'At most 100 characters.');
const SessionId = z.string().min(1);
/** A row's position in the version, 0-based (the UI shows it 1-based as "row N"). */
const RowIndex = z.number().int().min(0);

export const LABEL_DEFAULTS = { minLabels: 20, rankEvery: 10 } as const;
/** A column with more distinct values than this is not a set of classes. */
export const MAX_LABEL_CLASSES = 100;
/** Rows the quick model scores per ranking (a seeded sample when there are more unlabeled rows). */
export const RANK_SAMPLE_ROWS = 20_000;

export const OpenLabelSession = z.object({
  projectId: ProjectId,
  versionId: z.string().min(1),
  /** An existing column (its non-missing values are labels "from the data") or the name of a new one. */
  target: z.string().trim().min(1, 'Name the column to label.').max(200),
  /** Classes to add to those found in the data (a new column needs at least two). */
  classes: z.array(ClassName).max(MAX_LABEL_CLASSES).default([]),
  /** Labels (from the data and from people) needed, in at least two classes, before the model ranks the queue. */
  minLabels: z.number().int().min(2).max(10_000).default(LABEL_DEFAULTS.minLabels),
  /** The model ranks again after this many new labels from people. */
  rankEvery: z.number().int().min(1).max(10_000).default(LABEL_DEFAULTS.rankEvery),
});
export type OpenLabelSession = z.input<typeof OpenLabelSession>;

export interface LabelSession {
  id: string;
  projectId: string;
  versionId: string;
  datasetName: string;
  version: number;
  rowCount: number;
  target: string;
  /** False when the target is a new column: no row has a label from the data. */
  targetInData: boolean;
  /** In key order: the data's classes (sorted as the Train stage sorts them), then those people added. Keys 1–9 are the first nine. */
  classes: string[];
  /** Rows whose target has a value in the data, and how many per class. */
  dataLabeled: number;
  dataCounts: Record<string, number>;
  minLabels: number;
  rankEvery: number;
  /** Seeds the random order of the queue before (and beyond) the model's ranking. */
  seed: number;
  createdAt: string;
}

/**
 * Which rows the queue offers:
 * - `unlabeled`: no label from the data or from anyone — ranked by the model's uncertainty once it has trained, else
 *   in a seeded random order;
 * - `others`: labeled by someone else and not by you, oldest first — a second opinion, which is what agreement is
 *   measured on;
 * - `data`: labeled in the data and not yet by a person, in a seeded random order — to check the existing labels.
 * Rows you skipped come last, in the order you skipped them.
 */
export const QUEUE_MODES = ['unlabeled', 'others', 'data'] as const;
export type QueueMode = (typeof QUEUE_MODES)[number];

/** Why the queue offers a row; the UI words it (structured so that times and numbers read in the user's locale). */
export type QueueReason =
  | {
      kind: 'uncertain';
      strategy: 'margin';
      /** 1-based place among the rows scored when the model was trained (1 = the least sure). */
      rank: number;
      of: number;
      /** The model's two most likely classes and their probabilities. */
      top: { label: string; probability: number }[];
      /** Labels the model learned from, of which from the data. */
      trainedOn: number;
      fromData: number;
      trainedAt: string;
    }
  /** Seeded random order: before the model has ranked (`labels` of `minLabels`, in `classesLabeled` classes), or past its ranked rows. */
  | { kind: 'random'; labels: number; minLabels: number; classesLabeled: number; ranked: boolean }
  /** Labeled by these people and not by you; their labels are not shown, so that yours is a second, independent opinion. */
  | { kind: 'others'; by: string[] }
  | { kind: 'data' }
  | { kind: 'skipped' }
  /** Asked for by its row number. */
  | { kind: 'asked' };

/** A person's current label of a row: the newest of theirs that was not undone. */
export interface RowLabel {
  labeler: string;
  label: string;
  at: string;
}

export interface QueueRow {
  row: number;
  /** The row's values in column order (see LabelQueue.columns); null = missing. */
  values: unknown[];
  /** The target's value in the data (as text), or null. */
  dataLabel: string | null;
  labels: RowLabel[];
  why: QueueReason;
}

export interface LabelQueue {
  columns: ColumnSchema[];
  /** The next rows, in order: the first is the one to label now. */
  rows: QueueRow[];
  /** Rows this mode still has for this labeler, skipped ones included. */
  remaining: number;
  /** Of those, rows this labeler skipped. */
  skipped: number;
}

export interface RankingSummary {
  id: string;
  /** Gyre's logistic regression over the other columns, prepared as the Train stage prepares them. */
  model: 'logistic regression';
  strategy: 'margin';
  trainedOn: number;
  fromData: number;
  /** People's labels counted when it trained: the next ranking comes `rankEvery` labels later. */
  peopleLabels: number;
  classes: string[];
  /** Unlabeled rows scored (all of them, or a seeded sample of RANK_SAMPLE_ROWS). */
  scored: number;
  unlabeledRows: number;
  seconds: number;
  createdAt: string;
}

/** Cohen's kappa between two labelers on the rows both labeled; null when undefined (both gave one same class throughout). */
export interface LabelAgreement {
  a: string;
  b: string;
  rows: number;
  /** Share of those rows with the same label. */
  observed: number;
  kappa: number | null;
}

export interface LabelProgress {
  sessionId: string;
  total: number;
  /** Rows with a label from the data or from a person. */
  labeled: number;
  fromData: number;
  /** Rows a person labeled (some also labeled in the data). */
  byPeople: number;
  /** Rows per class, each row counted once by its resolved label (people over the data; see `rule`). */
  perClass: Record<string, number>;
  labelers: { labeler: string; labels: number; skips: number; lastAt: string | null }[];
  /** Pairwise, for every two labelers with rows in common. */
  agreement: LabelAgreement[];
  /** Rows where people's current labels differ. */
  conflicts: number;
  /** How a row's label is decided when people disagree, in words. */
  rule: string;
  ranking: RankingSummary | null;
  /** waiting: for labels (or for `rankEvery` more); training: a ranking job is queued or running; failed: the last one failed. */
  rankingState: 'waiting' | 'training' | 'failed';
  /** The model's state in a sentence: what it waits for, that it is training, or why it failed. */
  rankingNote: string;
}

/** What one action did. */
export interface LabelAction {
  id: number;
  sessionId: string;
  row: number;
  labeler: string;
  action: 'label' | 'skip';
  label: string | null;
  at: string;
}

export const ExportLabels = z.object({
  sessionId: SessionId,
  /** The new dataset's name; default `<dataset>-labeled`. */
  name: z.string().trim().min(1).max(200).optional(),
  /** Keep only rows that have a label (from the data or a person). */
  onlyLabeled: z.boolean().default(false),
  /** Use only this labeler's labels (default: everyone's, disagreements resolved by the rule). */
  labeler: LabelerName.optional(),
});
export type ExportLabels = z.input<typeof ExportLabels>;

export interface LabelExportResult {
  datasetId: string;
  datasetName: string;
  versionId: string;
  version: number;
  rows: number;
  /** Rows whose target came from a person's label. */
  labeledByPeople: number;
  /** Of those, rows whose value in the data was different (relabeled). */
  relabeled: number;
  /** Rows where people disagreed, settled by the rule. */
  conflicts: number;
  labelers: string[];
  warnings: string[];
}

export const labelProcedures = {
  /** The project's labeling sessions, newest first. */
  'labels.sessions': procedure(z.object({ projectId: ProjectId })).query<LabelSession[]>(['labels']),
  /** Opens the session of a version's column, creating it on first use (classes read from the data). */
  'labels.open': procedure(OpenLabelSession).mutation<LabelSession>(['labels']),
  'labels.session': procedure(z.object({ sessionId: SessionId })).query<LabelSession>(['labels']),
  /** Adds a class to the session (appended: the keys of earlier classes do not move). */
  'labels.addClass': procedure(z.object({ sessionId: SessionId, name: ClassName })).mutation<LabelSession>(['labels']),
  /** The next rows for a labeler, with why each was chosen. */
  'labels.next': procedure(
    z.object({ sessionId: SessionId, labeler: LabelerName, mode: z.enum(QUEUE_MODES).default('unlabeled'), limit: z.number().int().min(1).max(50).default(5) }),
  ).query<LabelQueue>(['labels']),
  /** One row by its position, with everyone's current labels: to look at or relabel any row. */
  'labels.row': procedure(z.object({ sessionId: SessionId, row: RowIndex })).query<QueueRow>(['labels']),
  /** Labels a row (a new label by the same labeler supersedes theirs; the old one stays in the history). */
  'labels.add': procedure(z.object({ sessionId: SessionId, labeler: LabelerName, row: RowIndex, label: ClassName })).mutation<LabelAction>(['labels']),
  /** Passes on a row for now: it comes back at the end of this labeler's queue. */
  'labels.skip': procedure(z.object({ sessionId: SessionId, labeler: LabelerName, row: RowIndex })).mutation<LabelAction>(['labels']),
  /** Undoes this labeler's last label or skip in the session (kept in the history, marked undone). */
  'labels.undo': procedure(z.object({ sessionId: SessionId, labeler: LabelerName })).mutation<LabelAction>(['labels']),
  'labels.progress': procedure(z.object({ sessionId: SessionId })).query<LabelProgress>(['labels', 'jobs']),
  /** Ranks the queue now (a `labels.rank` job) instead of waiting for the next `rankEvery` labels. */
  'labels.rank': procedure(z.object({ sessionId: SessionId })).mutation<Job>(['jobs']),
  /** Writes the labels into a new dataset version (a `labels.export` job whose result is a LabelExportResult). */
  'labels.export': procedure(ExportLabels).mutation<Job>(['jobs']),
  /** The name this person labels under (remembered per operating-system user), and the suggestion when none was given. */
  'labels.labeler': procedure(z.object({}).default({})).query<{ name: string | null; suggested: string }>(['settings']),
  'labels.setLabeler': procedure(z.object({ name: LabelerName })).mutation<{ name: string | null; suggested: string }>(['settings']),
};
