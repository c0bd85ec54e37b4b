/**
 * Prepare stage: recipes — an ordered list of steps that turns one dataset version into a new one, saved as JSON,
 * versioned, previewed on a sample before it runs, and replayable on a new raw version with a report of what did not apply.
 */
import { z } from 'zod';
import { SEMANTIC_TYPES, type ColumnSchema } from './datasets';
import type { Job } from './jobs';
import { procedure } from './procedure';
import type { Histogram } from './profiles';
import { ProjectId } from './projects';

const Column = z.string().trim().min(1, 'Name a column.').max(200);
const Columns = z.array(Column).min(1, 'Choose at least one column.').max(1000);
/** An expression over a row's columns, e.g. `age >= 18 and country in ('FR', 'DE')`; see docs/recipes.md. */
const Expression = z.string().trim().min(1, 'Write an expression.').max(4000);
const Literal = z.union([z.string().max(1000), z.number(), z.boolean()]);

/** Why the step is there, in the user's words (steps added from an Explore alert say which alert). */
const base = { note: z.string().max(500).optional() };

export const RecipeStep = z.discriminatedUnion('op', [
  z.object({ ...base, op: z.literal('drop_columns'), columns: Columns }),
  z.object({ ...base, op: z.literal('rename_columns'), renames: z.array(z.object({ from: Column, to: Column })).min(1).max(1000) }),
  /** The columns named come first, in this order; the others follow in their current order. */
  z.object({ ...base, op: z.literal('reorder_columns'), columns: Columns }),
  /** `invalid`: what a value that cannot be read as the new type does — fail the step (naming the row) or become missing. */
  z.object({ ...base, op: z.literal('cast'), column: Column, to: z.enum(SEMANTIC_TYPES), invalid: z.enum(['fail', 'missing']).default('fail') }),
  /** Keeps the rows where the expression is true (missing counts as false). */
  z.object({ ...base, op: z.literal('filter_rows'), expression: Expression }),
  /** Drops rows with a missing value in any of these columns (none named: in any column). */
  z.object({ ...base, op: z.literal('drop_missing'), columns: z.array(Column).max(1000).default([]) }),
  /** Fills missing values; mean/median need numbers. `indicator` adds `<column>_was_missing` (true/false). */
  z.object({
    ...base,
    op: z.literal('impute'),
    columns: Columns,
    strategy: z.enum(['mean', 'median', 'mode', 'constant']),
    value: Literal.optional(),
    indicator: z.boolean().default(false),
  }),
  /** Keeps the first of rows equal in these columns (none named: in every column). */
  z.object({ ...base, op: z.literal('remove_duplicates'), columns: z.array(Column).max(1000).default([]) }),
  /**
   * Bounds from the data: IQR (q1 − k·IQR, q3 + k·IQR; k = threshold, default 1.5), z-score (mean ± threshold·sd,
   * default 3) or quantiles (lower/upper, default 0.01/0.99). Values outside are clipped to the bounds or their rows dropped.
   */
  z.object({
    ...base,
    op: z.literal('outliers'),
    column: Column,
    method: z.enum(['iqr', 'zscore', 'quantile']),
    threshold: z.number().positive().max(100).optional(),
    lower: z.number().min(0).max(1).optional(),
    upper: z.number().min(0).max(1).optional(),
    action: z.enum(['clip', 'drop']),
  }),
  /** Trims, collapses runs of spaces and changes case; empty text becomes missing. */
  z.object({
    ...base,
    op: z.literal('text_clean'),
    columns: Columns,
    trim: z.boolean().default(true),
    collapseSpaces: z.boolean().default(true),
    case: z.enum(['none', 'lower', 'upper', 'title']).default('none'),
  }),
  /** Text to datetime: a strptime format such as `%d/%m/%Y` (none: ISO 8601). */
  z.object({ ...base, op: z.literal('parse_dates'), column: Column, format: z.string().trim().max(100).optional(), invalid: z.enum(['fail', 'missing']).default('fail') }),
  /** Numbers into bins (equal width or quantiles); the bin label `[lo, hi)` goes to `into` (default `<column>_bin`). */
  z.object({
    ...base,
    op: z.literal('bin'),
    column: Column,
    bins: z.number().int().min(2).max(100),
    strategy: z.enum(['equal_width', 'quantile']),
    into: Column.optional(),
  }),
  /** A new (or replaced) column computed from an expression, e.g. `charges / nullif(tenure, 0)`. */
  z.object({ ...base, op: z.literal('derive'), name: Column, expression: Expression }),
  /** An aggregate of `column` per group, joined back onto every row as `into` (default `<column>_<aggregate>_by_<groups>`). */
  z.object({
    ...base,
    op: z.literal('group_aggregate'),
    groupBy: Columns,
    column: Column,
    aggregate: z.enum(['count', 'sum', 'mean', 'median', 'min', 'max', 'std', 'distinct']),
    into: Column.optional(),
  }),
  /**
   * One-hot: a 0/1 column `<column>=<value>` per category (the `maxCategories` most frequent; the rest share
   * `<column>=other`). Ordinal: categories numbered 0… in sorted order. The original column is dropped unless kept.
   */
  z.object({
    ...base,
    op: z.literal('encode'),
    column: Column,
    method: z.enum(['one_hot', 'ordinal']),
    maxCategories: z.number().int().min(1).max(200).default(20),
    keepOriginal: z.boolean().default(false),
  }),
  /** Joins another dataset version on key columns; its keys must identify its rows. Clashing names get `_2`. */
  z.object({ ...base, op: z.literal('join'), versionId: z.string().min(1), keys: Columns, how: z.enum(['inner', 'left']).default('left') }),
  /** Random rows (a fraction or a count), or stratified: the same fraction of every value of `column`. Seeded. */
  z.object({
    ...base,
    op: z.literal('sample'),
    method: z.enum(['random', 'stratified']),
    fraction: z.number().gt(0).max(1).optional(),
    rows: z.number().int().positive().optional(),
    column: Column.optional(),
    seed: z.number().int().min(0).default(42),
  }),
]);
export type RecipeStep = z.infer<typeof RecipeStep>;
export type RecipeStepInput = z.input<typeof RecipeStep>;
export type RecipeOp = RecipeStep['op'];

export const RecipeSteps = z.array(RecipeStep).max(200);

export interface RecipeVersion {
  id: string;
  recipeId: string;
  version: number;
  steps: RecipeStep[];
  /** The dataset version the steps were written against (their columns), if any. */
  draftedOnVersionId: string | null;
  createdAt: string;
}

export interface Recipe {
  id: string;
  projectId: string;
  name: string;
  createdAt: string;
  latest: RecipeVersion;
  versionCount: number;
}

export interface RecipeDetail extends Recipe {
  /** Newest first. */
  versions: RecipeVersion[];
  /** Where each version was applied: input → output dataset versions, newest first. */
  applications: RecipeApplication[];
}

/** What one step did when a recipe ran. */
export interface StepReport {
  index: number;
  op: RecipeOp;
  /** `applied`; `partial` — some named columns were absent and left out; `skipped` — nothing of it could apply (replay only). */
  status: 'applied' | 'partial' | 'skipped';
  /** Why it was partial or skipped, in a sentence. */
  reason?: string;
  rowsBefore: number;
  rowsAfter: number;
  added: string[];
  removed: string[];
  /** Columns whose values changed in place, with the number of cells changed. */
  changed: { column: string; cells: number }[];
  /** What the step learned from the data (a mean, bounds, categories), so a reader can see what it did. */
  fitted?: Record<string, unknown>;
}

export interface RecipeApplication {
  id: string;
  recipeVersionId: string;
  recipeVersion: number;
  inputVersionId: string;
  outputVersionId: string;
  /** `customers v3`: the versions as the Data stage names them. */
  inputLabel: string;
  outputLabel: string;
  outputDatasetId: string;
  steps: StepReport[];
  createdAt: string;
}

export interface ApplyRecipeResult {
  datasetId: string;
  versionId: string;
  version: number;
  rowCount: number;
  application: RecipeApplication;
}

/** A column's distribution before and after a step: a histogram for numbers and dates, top values otherwise. */
export interface ColumnChange {
  column: string;
  before: { histogram?: Histogram; topValues?: { value: string; count: number }[]; missing: number } | null;
  after: { histogram?: Histogram; topValues?: { value: string; count: number }[]; missing: number } | null;
}

export interface RecipePreview {
  /** Rows the preview ran on: every row of small versions, a seeded sample of large ones. */
  sampleRows: number;
  totalRows: number;
  sampled: boolean;
  /** One report per step up to and including the previewed one (later steps are not run). */
  steps: StepReport[];
  /** The first problem found, for the step it belongs to; steps after it were not run. */
  error: { index: number; message: string; details?: Record<string, unknown> } | null;
  /** The previewed step's effect on the columns it touched (at most 6). */
  changes: ColumnChange[];
  /** The columns reaching the previewed step: what its settings can name. */
  inputColumns: ColumnSchema[];
  /** Columns and the first rows after the previewed step. */
  columns: ColumnSchema[];
  rows: unknown[][];
}

export const RecipeRef = z.string().trim().min(1).max(200);

export const ApplyRecipeInput = z.object({
  projectId: ProjectId,
  /** Recipe name or id, optionally `@version` (default: the latest). */
  recipe: RecipeRef,
  /** The dataset version to run it on. */
  versionId: z.string().min(1),
  /** The dataset to add the result to (created if new); default `<input dataset>-<recipe>`. */
  name: z.string().trim().min(1).max(200).optional(),
  /** Replay mode off: any step that cannot apply in full fails the job instead of being reported. */
  strict: z.boolean().default(false),
});
export type ApplyRecipeInput = z.input<typeof ApplyRecipeInput>;

export const recipeProcedures = {
  'recipes.list': procedure(z.object({ projectId: ProjectId })).query<Recipe[]>(['recipes']),
  /** By name or id (`name@3` for one version); every version, newest first, and where they were applied. */
  'recipes.get': procedure(z.object({ projectId: ProjectId, recipe: RecipeRef })).query<RecipeDetail>(['recipes']),
  /**
   * Saves the steps as the recipe's next version (creating the recipe). Saving steps equal to the latest version's
   * returns that version. `expectedVersion`: the version the editor started from; a newer one refuses (CONFLICT).
   */
  'recipes.save': procedure(
    z.object({
      projectId: ProjectId,
      name: z.string().trim().min(1, 'Name the recipe.').max(200),
      steps: RecipeSteps.min(1, 'Add at least one step.'),
      draftedOnVersionId: z.string().min(1).optional(),
      expectedVersion: z.number().int().min(0).optional(),
    }),
  ).mutation<RecipeVersion>(['recipes']),
  /** Runs the steps up to `upTo` (default: all) on a sample of the version, in the warm worker; nothing is saved. */
  'recipes.preview': procedure(
    z.object({
      versionId: z.string().min(1),
      steps: RecipeSteps,
      upTo: z.number().int().min(0).optional(),
      sampleRows: z.number().int().min(100).max(100_000).default(5000),
    }),
  ).query<RecipePreview>(['datasets']),
  /** Starts a job that runs a saved recipe version on a dataset version; its result is an ApplyRecipeResult. */
  'recipes.apply': procedure(ApplyRecipeInput).mutation<Job>(['jobs']),
};
