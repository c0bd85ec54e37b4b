/**
 * The leaderboard as the main process serves it: the runs of one problem (target + task), filtered and sorted in
 * SQLite and sent a page at a time, so a project with 10,000 runs opens as fast as one with ten. The first page
 * also says how many runs match, each column's range (the best value is marked), and what the filter bar offers.
 */
import { z } from 'zod';
import { procedure } from './procedure';
import { MODEL_KINDS, MODEL_TASKS, type ModelKind, type ModelTask, type RunSummary } from './runs';

/** A run setting or test metric as the search line names it: `depth`, `rocAuc`, `hidden`. */
const KEY = /^[A-Za-z_]\w*$/;

/**
 * Finding runs: by model, by tag, by a test metric's range, and by a search line whose words must all match — a
 * word matches a run's id, model, dataset, notes or tags; `depth=6` matches a setting (or metric) exactly;
 * `trees>=200`, `rocAuc>0.8` or `logLoss<0.5` compare one.
 */
export const RunFilter = z.object({
  text: z.string().max(2000, 'The search line is limited to 2,000 characters.').default(''),
  models: z.array(z.enum(MODEL_KINDS)).default([]),
  /** Runs carrying any of these tags. */
  tags: z.array(z.string()).max(200).default([]),
  /** A test metric's key (e.g. "rocAuc") with an inclusive range; null bounds are open. */
  metric: z.string().regex(KEY, 'A metric is named by its key, like rocAuc.').nullable().default(null),
  min: z.number().finite().nullable().default(null),
  max: z.number().finite().nullable().default(null),
});
export type RunFilter = z.infer<typeof RunFilter>;

export const NO_FILTER: RunFilter = { text: '', models: [], tags: [], metric: null, min: null, max: null };

export function isFiltering(f: RunFilter): boolean {
  return f.text.trim() !== '' || f.models.length > 0 || f.tags.length > 0 || (f.metric !== null && (f.min !== null || f.max !== null));
}

/** A word of the search line that compares: `depth=6`, `rocAuc>=0.8`. */
export const COMPARISON = /^([A-Za-z_]\w*)(>=|<=|>|<|=)(.+)$/;

/**
 * A leaderboard column: `metric:KEY` (a test metric), `criterion:METRIC` (a charter metric, as the charter reads it
 * from the run), `train` (training seconds), `latency` (p95 one-row latency), `size` (the ONNX file) or `created`.
 */
export const BoardColumn = z.string().regex(/^(metric:[A-Za-z_]\w*|criterion:[a-z0-9_]+|train|latency|size|created)$/, 'Not a leaderboard column.');
export type BoardColumn = z.infer<typeof BoardColumn>;

/** Which runs: one problem's, through a filter. */
const BoardRuns = z.object({
  projectId: z.string().min(1),
  target: z.string().min(1),
  task: z.enum(MODEL_TASKS),
  filter: RunFilter.default(NO_FILTER),
});

export const BoardInput = BoardRuns.extend({
  /** Runs without a value in the sorted column come last either way; ties are newest first. */
  sort: z.object({ column: BoardColumn, descending: z.boolean() }),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});
export type BoardInput = z.input<typeof BoardInput>;

export const BoardStatsInput = BoardRuns.extend({
  /** Columns whose lowest and highest values over the matching runs come back (to mark the best). */
  ranges: z.array(BoardColumn).max(40).default([]),
});
export type BoardStatsInput = z.input<typeof BoardStatsInput>;

export interface ColumnRange {
  min: number;
  max: number;
  /** Runs with a value in this column. */
  count: number;
}

/** A page of the leaderboard: the rows in order, and how many runs match. */
export interface RunBoard {
  total: number;
  offset: number;
  rows: RunSummary[];
}

/** What describes the whole list, whatever its order: asked for apart from the rows, so the rows show first. */
export interface RunBoardStats {
  /** Runs of the problem that match the filter, and all of its runs. */
  total: number;
  runs: number;
  ranges: Record<string, ColumnRange>;
  /** What the filter bar offers: the models and tags present among the problem's runs. */
  models: ModelKind[];
  tags: string[];
}

/** What a project's runs predict: one leaderboard each. */
export interface RunProblem {
  target: string;
  task: ModelTask;
  runs: number;
  /** When its newest run was trained. */
  latest: string;
}

export const leaderboardProcedures = {
  /** The problems a project's runs predict, the one trained most recently first. */
  'runs.problems': procedure(z.object({ projectId: z.string().min(1) })).query<RunProblem[]>(['runs']),
  /** A page of one problem's leaderboard, filtered and sorted. */
  'runs.board': procedure(BoardInput).query<RunBoard>(['runs']),
  /** How many runs match, each asked column's range over them, and the models and tags the filter bar offers. */
  'runs.boardStats': procedure(BoardStatsInput).query<RunBoardStats>(['runs']),
};
