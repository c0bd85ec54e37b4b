/** The train wizard's words: what each model is, which columns become features, the charter's task as a model task. */
import type { ColumnSchema, ModelTask, Task as CharterTask, TrainedModelKind } from '@contract';

export const MODEL_HELP: Record<TrainedModelKind, { label: string; help: string }> = {
  baseline: { label: 'Baseline', help: 'Predicts the commonest class or the mean: the floor every model must beat.' },
  linear: { label: 'Linear', help: 'Logistic or ridge regression: fast, readable coefficients, a strong reference.' },
  tree: { label: 'Decision tree', help: 'One tree of depth 6: rules a person can follow.' },
  rf: { label: 'Random forest', help: '100 trees on bootstrap samples: robust, little tuning.' },
  gbdt: { label: 'Boosted trees', help: 'Histogram gradient boosting: usually the most accurate on tables.' },
  mlp: { label: 'Neural network', help: 'An MLP with ReLU layers, Adam and early stopping.' },
};

export function taskFromCharter(task: CharterTask): ModelTask {
  return task === 'binary_classification' ? 'binary' : task === 'multiclass_classification' ? 'multiclass' : 'regression';
}

const NEVER: Record<string, string> = { identifier: 'identifiers', text: 'free text' };

/**
 * Which columns a training job will use, from the column types: identifiers and free text never; the split's
 * column only as a feature when it is not an identifier. Constant columns are found (and dropped) when the job
 * reads the data; the run lists every dropped column with its reason.
 */
export function featurePreview(columns: ColumnSchema[], target: string, splitColumn: string | null): { features: ColumnSchema[]; sentence: string } {
  const others = columns.filter((c) => c.name !== target);
  const features = others.filter((c) => !(c.semanticType in NEVER));
  const left = others.filter((c) => c.semanticType in NEVER);
  const byKind = (types: string[]) => features.filter((c) => types.includes(c.semanticType)).length;
  const parts = [
    [byKind(['integer', 'float']), 'numeric (missing values filled, with a missing flag, for linear models and the MLP)'],
    [byKind(['categorical']), 'categorical (one-hot for linear models and the MLP, codes for trees; unseen levels go to “(other)”)'],
    [byKind(['datetime']), 'date (year, month, day of week, hour, days since 1970)'],
    [byKind(['boolean']), 'yes/no'],
  ].filter(([n]) => (n as number) > 0).map(([n, words]) => `${n} ${words}`);
  const out = left.length ? ` Left out: ${left.map((c) => `“${c.name}” (${NEVER[c.semanticType]})`).join(', ')}.` : '';
  const split = splitColumn && features.some((c) => c.name === splitColumn) ? ` “${splitColumn}” decides the split and is also a feature.` : '';
  return { features, sentence: `${parts.join('; ')}.${out}${split} Columns with a single value in the training rows are dropped when the job reads them.` };
}
