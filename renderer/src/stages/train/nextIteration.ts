/** A next iteration handed over from Monitor, as the train wizard starts from it, and the sentence that says so. */
import { TRAINED_MODEL_KINDS, type ColumnChoice, type ModelTask, type NextIteration, type ResampleInput, type SplitInput, type TrainedModelKind, type TrainParams } from '@contract';

/** What the train wizard starts with: its defaults, or a handed-over iteration's dataset version and settings. */
export interface WizardStart {
  datasetId: string | null;
  versionId: string | null;
  target: string | null;
  task: 'auto' | ModelTask;
  splitKind: SplitInput['kind'] | null;
  testShare: number;
  splitColumn: string | null;
  models: TrainedModelKind[];
  seed: number;
  params: TrainParams;
  hiddenText: string;
  columns: ColumnChoice[];
  /** The wizard's class-imbalance choice: a method with its settings, or none. */
  resample: ResampleInput | { method: 'none' };
}

/** The baseline and a linear model always run, so every other model is measured against them. */
export const ALWAYS_TRAINED: readonly TrainedModelKind[] = ['baseline', 'linear'];

const isTrained = (m: string): m is TrainedModelKind => (TRAINED_MODEL_KINDS as readonly string[]).includes(m);

/** The wizard's starting values for a next iteration: its dataset version, and the production run's request. */
export function wizardStartFrom(next: NextIteration): WizardStart {
  const { train } = next;
  const split = train.split;
  return {
    datasetId: next.dataset.id,
    versionId: next.dataset.versionId,
    target: train.target,
    task: train.task,
    splitKind: split?.kind ?? null,
    // An out-of-time split by a cutoff date has no test share: the wizard offers the share (its default).
    testShare: split?.testFraction ?? 0.2,
    splitColumn: split && (split.kind === 'group' || split.kind === 'time') ? split.column : null,
    models: TRAINED_MODEL_KINDS.filter((m) => ALWAYS_TRAINED.includes(m) || train.models.filter(isTrained).includes(m)),
    seed: train.seed,
    params: train.params,
    hiddenText: train.params.hidden?.join(', ') ?? '',
    columns: train.columns ?? [],
    resample: train.resample ? { method: train.resample.method, ratio: train.resample.ratio, ...(train.resample.k !== undefined ? { k: train.resample.k } : {}) } : { method: 'none' },
  };
}

/** "Next iteration: training on churn-next v2 (+120 labeled rows from monitoring); settings of churn@1". */
export function handoverSentence(next: NextIteration): string {
  const rows = next.rowsAdded > 0 ? ` (+${next.rowsAdded.toLocaleString('en')} labeled row${next.rowsAdded === 1 ? '' : 's'} from monitoring)` : '';
  return `Next iteration: training on ${next.dataset.name} v${next.dataset.version}${rows}; settings of ${next.production}`;
}
