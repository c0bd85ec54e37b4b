/** Training runs: fitted pipelines exported as one ONNX file each, with the split and test metrics they were judged on. */
import { z } from 'zod';
import type { ImportedModelDetails } from './imports';
import type { Job } from './jobs';
import { procedure } from './procedure';
import { ResampleInput, type ResampleRecord, type ResampleSetting } from './resample';

/** The models Gyre trains itself. */
export const TRAINED_MODEL_KINDS = ['baseline', 'linear', 'tree', 'rf', 'gbdt', 'mlp'] as const;
export type TrainedModelKind = (typeof TRAINED_MODEL_KINDS)[number];

/** Every kind of run: Gyre's own models, and ONNX models trained elsewhere and imported (`models.import`). */
export const MODEL_KINDS = [...TRAINED_MODEL_KINDS, 'imported'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** What each model is called on screen and in the CLI's tables. */
export const MODEL_NAMES: Record<ModelKind, string> = {
  baseline: 'Baseline (majority class / mean)',
  linear: 'Linear (logistic / ridge regression)',
  tree: 'Decision tree',
  rf: 'Random forest',
  gbdt: 'Gradient-boosted trees',
  mlp: 'Neural network (MLP)',
  imported: 'Imported ONNX model',
};

/**
 * Where models that train inside onnxruntime (linear, MLP) run: 'auto' takes CUDA when it is installed and starts,
 * else the CPU; a named provider is tried first and falls back to the CPU, with the reason in the run.
 */
export const PROVIDER_CHOICES = ['auto', 'cpu', 'cuda', 'webgpu'] as const;
export type ProviderChoice = (typeof PROVIDER_CHOICES)[number];

export interface ComputeSettings {
  provider: ProviderChoice;
  /** 'default' until someone saves a choice for this workspace. */
  source: 'default' | 'setting';
  /** What this installation offers: whether each provider is present, and what it takes where it is not. */
  providers: { name: Exclude<ProviderChoice, 'auto'>; present: boolean; note: string }[];
}

export const MODEL_TASKS = ['binary', 'multiclass', 'regression'] as const;
export type ModelTask = (typeof MODEL_TASKS)[number];

const Fraction = z.number().gt(0, 'The test share must be above 0.').lt(1, 'The test share must be below 1.');

export const SplitInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('random'), testFraction: Fraction.default(0.2) }),
  z.object({ kind: z.literal('stratified'), testFraction: Fraction.default(0.2) }),
  z.object({ kind: z.literal('group'), column: z.string().min(1), testFraction: Fraction.default(0.2) }),
  z.object({ kind: z.literal('time'), column: z.string().min(1), testFraction: Fraction.optional(), cutoff: z.string().optional() }),
]);
export type SplitInput = z.infer<typeof SplitInput>;

/** Tree and boosting settings; each model uses those that apply to it. */
export const TrainParams = z.object({
  trees: z.number().int().min(1).max(5000).optional(),
  depth: z.number().int().min(1).max(32).optional(),
  /** Shrinkage of gradient-boosted trees. */
  learningRate: z.number().gt(0).max(1).optional(),
  minLeaf: z.number().int().min(1).optional(),
  /** L2 penalty on a mean loss (linear models); default: scikit-learn's for the row count (C = 1, alpha = 1). */
  l2: z.number().min(0).optional(),
  /** Most epochs: full-batch steps of linear models (default 3000), passes over the data of the MLP (default 200). */
  epochs: z.number().int().min(1).max(100_000).optional(),
  /** Units per hidden layer of the MLP, input side first (default [100]). */
  hidden: z.array(z.number().int().min(1).max(4096)).min(1).max(8).optional(),
  /** Rows per mini-batch of the MLP (default 200). */
  batchSize: z.number().int().min(1).optional(),
  /** The MLP's L2 penalty, scikit-learn's alpha (default 1e-4). */
  alpha: z.number().min(0).optional(),
  /** Adam's step size for the MLP (default 0.001). */
  mlpLearningRate: z.number().gt(0).max(1).optional(),
  /** 'balanced' weighs each class by n / (classes × its count), for every model but the baseline (classification only). */
  classWeight: z.enum(['balanced']).optional(),
  /** Boosted trees: hold out 10% of the training rows and stop when their loss has not improved for this many rounds. */
  earlyStoppingRounds: z.number().int().min(1).max(1000).optional(),
});
export type TrainParams = z.infer<typeof TrainParams>;

/**
 * A user's choice for one column, laid over each model's default preparation: leave it out, or change how missing
 * values are filled, how numbers are scaled or clipped, how categories are encoded. Fields that do not fit the
 * column's kind are ignored; a column Gyre never uses (identifier, free text, single value) cannot be forced in.
 */
export const ColumnChoice = z.object({
  column: z.string().min(1),
  drop: z.boolean().optional(),
  impute: z.enum(['none', 'mean', 'median', 'constant']).optional(),
  fill: z.number().finite().optional(),
  scale: z.enum(['standard', 'minmax', 'none']).optional(),
  clip: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).refine(([lo, hi]) => lo < hi, 'Clip at a low quantile below the high one, like [0.01, 0.99].').nullable().optional(),
  encode: z.enum(['onehot', 'ordinal']).optional(),
  maxLevels: z.number().int().min(1).max(1000).optional(),
});
export type ColumnChoice = z.infer<typeof ColumnChoice>;

export const TrainInput = z.object({
  projectId: z.string().min(1),
  versionId: z.string().min(1),
  target: z.string().min(1),
  /** Inferred from the target when omitted: two classes → binary, a few → multiclass, numbers → regression. */
  task: z.enum(MODEL_TASKS).optional(),
  models: z.array(z.enum(TRAINED_MODEL_KINDS)).min(1).default(['baseline', 'gbdt']),
  /** Stratified 80/20 for classification and random 80/20 for regression when omitted. */
  split: SplitInput.optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  params: TrainParams.default({}),
  /** Where onnxruntime trains and scores; the workspace's compute setting when omitted. */
  provider: z.enum(PROVIDER_CHOICES).optional(),
  /** Per-column changes to the default preparation, for every model of the job. */
  columns: z.array(ColumnChoice).max(10_000).optional(),
  /** Seconds after which no further model starts (models run in the order given, baselines first); none by default. */
  budgetSeconds: z.number().positive('The time budget must be above 0 seconds.').max(7 * 24 * 3600).optional(),
  /**
   * Classification only: resample the training rows each model but the baseline fits on (SMOTE, random over- or
   * undersampling), seeded by `seed`. Validation and test rows are never resampled. None by default.
   */
  resample: ResampleInput.optional(),
}).refine((t) => !(t.resample && t.task === 'regression'), { message: 'Resampling (resample) balances classes; a regression target has none.', path: ['resample'] });
export type TrainInput = z.input<typeof TrainInput>;

/**
 * A run as the leaderboard lists it: what its columns, filters and the charter's criteria read, without the
 * details (features, preparation, request, charts) that `runs.get` returns for one run.
 */
export type RunSummary = Pick<Run, 'id' | 'projectId' | 'versionId' | 'dataset' | 'target' | 'task' | 'model' | 'params' | 'metrics' | 'cost' | 'onnx' | 'trainSeconds' | 'createdAt' | 'notes' | 'tags'> & {
  /** The run this one re-trained, if it is a re-run. */
  reproduces: string | null;
};

/** A run's recorded request: the training input less the project, dataset version and target the run holds itself. */
export interface RunRequest {
  task: ModelTask;
  split: SplitInput | null;
  seed: number;
  params: TrainParams;
  provider: ProviderChoice;
  /** Absent when every column kept its default preparation. */
  columns?: ColumnChoice[];
  /** Absent when the training rows were not resampled; defaults filled in. */
  resample?: ResampleSetting;
}

export interface SplitRecord {
  id: string;
  versionId: string;
  spec: Record<string, unknown>;
  trainRows: number;
  testRows: number;
  excluded: { rows: number; reason: string } | null;
  membershipHash: string;
}

export interface Run {
  id: string;
  projectId: string;
  jobId: string | null;
  versionId: string;
  /** The dataset version it trained on, by name, for people. */
  dataset: { id: string; name: string; version: number };
  split: SplitRecord;
  target: string;
  task: ModelTask;
  model: ModelKind;
  params: Record<string, unknown>;
  /** Test-set metrics computed by scoring the exported ONNX file; null where a metric is undefined. */
  metrics: Record<string, number | null>;
  details: {
    classLabels: string[] | null;
    featureNames: string[];
    dropped: { column: string; reason: string }[];
    /** Where the exported file was scored (cpu, cuda…), and why not the preferred one. */
    provider: string;
    providerNote: string | null;
    /** What was asked for, as `runs.train` took it (one model): enough to train the run again. Absent on runs saved before Gyre recorded it. */
    request?: RunRequest;
    /** The run this one re-trained (`runs.reproduce`). */
    reproduces?: string;
    /** An imported model's file, producer and mapping (model kind 'imported'). */
    imported?: ImportedModelDetails;
    /** How the training rows were resampled for class imbalance, with each class's rows before and after. */
    resample?: ResampleRecord;
  };
  onnx: { sha256: string; size: number };
  trainSeconds: number;
  /** What the run cost; null for runs saved before Gyre measured it. */
  cost: RunCost | null;
  /** The Gyre version (and git commit, where it ran from a checkout) that trained it. */
  codeVersion: string | null;
  notes: string;
  tags: string[];
  createdAt: string;
}

/** What a training job returns. */
export interface TrainResult {
  runIds: string[];
  splitId: string;
  /** Models not started because the time budget was spent (in the order asked). */
  skipped?: ModelKind[];
}

export interface RunCost {
  /** CPU time of the training process while this model was fitted (all its threads). */
  cpuSeconds: number;
  /** The training process's peak resident memory when this model was done (a high-water mark over the job). */
  peakMemoryMb: number;
  /** Batch scoring of the test rows through the exported file. */
  scoringRowsPerSecond: number;
  /** One row per call through the exported file, over up to 200 test rows. */
  latencyP50Ms: number;
  latencyP95Ms: number;
}

/** A run's learning curves: one value per round (boosting) or epoch (linear, MLP), by series name. */
export interface RunCurves {
  unit: 'round' | 'epoch' | null;
  series: Record<string, number[]>;
}

/** A run's test-set charts, from the exported file's output. Curves are thinned to at most 200 points. */
export interface RunEvaluation {
  /** Binary: false-positive rate (x) against true-positive rate (y); null when the test rows hold one class. */
  roc?: { x: number[]; y: number[] } | null;
  /** Binary: recall (x) against precision (y). */
  pr?: { x: number[]; y: number[] };
  /** Binary: mean predicted probability per bin against the observed share of positives. */
  calibration?: { predicted: number[]; observed: number[]; count: number[] };
  /** Classification: rows = true class, columns = predicted, in class-label order. */
  confusion?: number[][];
  /** Regression: up to 500 (predicted, actual) pairs. */
  residuals?: { predicted: number[]; actual: number[] };
}

export const RunAnnotation = z.object({
  id: z.string().min(1),
  notes: z.string().max(20_000, 'Notes are limited to 20,000 characters.').optional(),
  tags: z.array(z.string().trim().min(1, 'A tag cannot be empty.').max(60, 'A tag is at most 60 characters.')).max(50, 'At most 50 tags.').optional(),
});

export const runProcedures = {
  /** Starts a training job: one run per model, all on the same split. */
  'runs.train': procedure(TrainInput).mutation<Job>(['jobs']),
  /** Every run of a project, newest first, as summaries (10,000 of them must reach the leaderboard fast). */
  'runs.list': procedure(z.object({ projectId: z.string().min(1) })).query<RunSummary[]>(['runs']),
  'runs.get': procedure(z.object({ id: z.string().min(1) })).query<Run>(['runs']),
  /** Learning curves of one run (empty series for models that do not train in rounds). */
  'runs.curves': procedure(z.object({ id: z.string().min(1) })).query<RunCurves>(['runs']),
  /** Trains a run's model again from its recorded request, on the same dataset version and split: a job whose run says which run it reproduces. */
  'runs.reproduce': procedure(z.object({ id: z.string().min(1) })).mutation<Job>(['jobs']),
  /** The run's test-set charts; an empty object for runs saved before Gyre stored them. */
  'runs.evaluation': procedure(z.object({ id: z.string().min(1) })).query<RunEvaluation>(['runs']),
  /** Replaces a run's notes and/or tags. */
  'runs.annotate': procedure(RunAnnotation).mutation<Run>(['runs']),
  /** The workspace's choice of execution provider, and which providers this installation has. */
  'runs.computeSettings': procedure(z.object({}).default({})).query<ComputeSettings>(['settings']),
  'runs.configureCompute': procedure(z.object({ provider: z.enum(PROVIDER_CHOICES) })).mutation<ComputeSettings>(['settings']),
};
