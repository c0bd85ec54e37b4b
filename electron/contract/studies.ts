/**
 * Tuning studies: a search over one model's hyperparameters, each trial scored on a validation slice held out of
 * the training rows, ending in one regular run (the best configuration trained on every training row).
 */
import { z } from 'zod';
import type { Job } from './jobs';
import { procedure } from './procedure';
import { MODEL_TASKS, PROVIDER_CHOICES, SplitInput, TRAINED_MODEL_KINDS, type ModelKind, type ModelTask } from './runs';

/** Random search samples every trial on all tuning rows; successive halving starts many on few rows and promotes the best third. */
export const TUNING_STRATEGIES = ['random', 'halving'] as const;
export type TuningStrategy = (typeof TUNING_STRATEGIES)[number];

/**
 * What a study optimises, in the charter's words. Default: log_loss for binary (a proper score that separates
 * close configurations even on few rows), f1 (macro) for multiclass, rmse for regression.
 */
export const TUNING_METRICS = ['log_loss', 'roc_auc', 'pr_auc', 'accuracy', 'balanced_accuracy', 'f1', 'rmse', 'mae', 'r2'] as const;
export type TuningMetric = (typeof TUNING_METRICS)[number];

/** The hyperparameters a study may search: TrainParams' names. */
export const TUNABLE_PARAMS = ['trees', 'depth', 'learningRate', 'minLeaf', 'l2', 'epochs', 'hidden', 'batchSize', 'alpha', 'mlpLearningRate'] as const;
export type TunableParam = (typeof TUNABLE_PARAMS)[number];

const finite = z.number().refine(Number.isFinite, 'Give a finite number.');

/** One searched hyperparameter: a whole-number or real range (log: sampled uniformly in its logarithm), or a list of choices. */
export const Dimension = z.discriminatedUnion('type', [
  z.object({ type: z.literal('int'), low: finite, high: finite, log: z.boolean().default(false) }).strict(),
  z.object({ type: z.literal('float'), low: finite, high: finite, log: z.boolean().default(false) }).strict(),
  z.object({ type: z.literal('choice'), values: z.array(z.union([finite, z.array(z.number().int())])).min(1, 'A choice needs at least one value.') }).strict(),
]);
export type Dimension = z.infer<typeof Dimension>;

/**
 * A search space: hyperparameter → dimension. A user's space is laid over the model's default one, parameter by
 * parameter; to hold a parameter still, give it one choice. Parameters the model does not use are refused.
 */
export const SearchSpace = z.partialRecord(z.enum(TUNABLE_PARAMS), Dimension);
export type SearchSpace = z.infer<typeof SearchSpace>;

const int = (low: number, high: number, log = false): Dimension => ({ type: 'int', low, high, log });
const real = (low: number, high: number, log = false): Dimension => ({ type: 'float', low, high, log });

/**
 * Ranges that hold the usual good settings of each model without wasting trials on hopeless ones: scikit-learn's and
 * XGBoost's defaults sit inside each. Parameters left out keep the model's default (epochs: early stopping decides).
 */
/** Shared by the engine and the screens' space editor. */
export const DEFAULT_SPACES: Record<ModelKind, SearchSpace> = {
  baseline: {},
  linear: { l2: real(1e-6, 1, true) },
  tree: { depth: int(2, 16), minLeaf: int(1, 100, true) },
  rf: { trees: int(50, 500, true), depth: int(4, 24), minLeaf: int(1, 50, true) },
  gbdt: { trees: int(50, 500, true), depth: int(2, 10), learningRate: real(0.01, 0.3, true), minLeaf: int(1, 100, true) },
  mlp: { hidden: { type: 'choice', values: [[32], [64], [100], [128, 64]] }, alpha: real(1e-6, 1e-1, true), mlpLearningRate: real(1e-4, 1e-2, true), batchSize: { type: 'choice', values: [64, 128, 256, 512] } },
  imported: {},
};


export const StudyInput = z.object({
  projectId: z.string().min(1),
  versionId: z.string().min(1),
  target: z.string().min(1),
  task: z.enum(MODEL_TASKS).optional(),
  model: z.enum(TRAINED_MODEL_KINDS).refine((m) => m !== 'baseline', 'The baseline has no hyperparameters to tune.'),
  strategy: z.enum(TUNING_STRATEGIES).default('halving'),
  /** Default: log_loss (binary), f1 (multiclass, macro-averaged), rmse (regression). */
  metric: z.enum(TUNING_METRICS).optional(),
  space: SearchSpace.optional(),
  /** Wall-clock seconds after which no further trial starts (a time budget makes the study depend on the machine). */
  budgetSeconds: z.number().positive('The time budget must be above 0 seconds.').max(7 * 24 * 3600).optional(),
  /** Random search: trials to run. Halving: configurations to start from (each promotion adds a trial). Default 30 / 27 when no time budget is given. */
  trials: z.number().int().min(1, 'A study needs at least one trial.').max(10_000).optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  /** The train/test split; the trials' validation slice is held out of its training rows the same way. */
  split: SplitInput.optional(),
  provider: z.enum(PROVIDER_CHOICES).optional(),
});
export type StudyInput = z.input<typeof StudyInput>;

export type StudyStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
export type TrialStatus = 'completed' | 'pruned' | 'failed';

export interface StudyBudget {
  seconds: number | null;
  trials: number | null;
}

export interface Study {
  id: string;
  projectId: string;
  jobId: string | null;
  versionId: string;
  target: string;
  task: ModelTask;
  model: ModelKind;
  strategy: TuningStrategy;
  metric: TuningMetric;
  /** Which way the metric improves. */
  direction: 'higher' | 'lower';
  /** The space searched, defaults filled in. */
  space: SearchSpace;
  budget: StudyBudget;
  seed: number;
  /** A study whose job was cancelled, failed or lost reads as that, never as running. */
  status: StudyStatus;
  /** The number of the best trial; null until a trial completes. */
  bestTrial: number | null;
  /** The run trained from the best configuration on every training row; null until the study succeeds. */
  runId: string | null;
  trialsRun: number;
  createdAt: string;
  finishedAt: string | null;
}

export interface Trial {
  /** 1, 2, … in the order trials started. */
  number: number;
  /** The configuration tried: halving tries one configuration on several rungs. */
  config: number;
  /** 0 for random search; halving's rung (0 = fewest rows). */
  rung: number;
  params: Record<string, unknown>;
  /** Share of the tuning rows the trial trained on (1 = all). */
  budget: number;
  rows: number;
  /** The validation metric; null when the trial failed. */
  value: number | null;
  seconds: number;
  /** Pruned: completed, but not promoted to the next rung. */
  status: TrialStatus;
  error: string | null;
}

export interface StudyDetail {
  study: Study;
  trials: Trial[];
  best: Trial | null;
}

/** What a `model.tune` job returns. */
export interface TuneResult {
  studyId: string;
  runId: string;
  splitId: string;
  trialsRun: number;
}

export const studyProcedures = {
  /** Starts a tuning job (its `input.studyId` names the study); the study appears once the job has read the data, its trials as they finish. */
  'studies.start': procedure(StudyInput).mutation<Job>(['jobs']),
  'studies.list': procedure(z.object({ projectId: z.string().min(1) })).query<Study[]>(['studies']),
  'studies.get': procedure(z.object({ id: z.string().min(1) })).query<StudyDetail>(['studies']),
};
