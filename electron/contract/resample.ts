/**
 * Resampling for class imbalance: SMOTE, random oversampling and random undersampling of the training rows a
 * classifier fits on — never of the validation rows it stops early on, never of the test rows it is judged on.
 * Read from both sides: the request's setting, the record a run keeps, and the counting rule the wizard previews.
 */
import { z } from 'zod';

export const RESAMPLE_METHODS = ['smote', 'oversample', 'undersample'] as const;
export type ResampleMethod = (typeof RESAMPLE_METHODS)[number];

export const RESAMPLE_NAMES: Record<ResampleMethod, string> = {
  smote: 'SMOTE',
  oversample: 'Random oversampling',
  undersample: 'Random undersampling',
};

export const RESAMPLE_DEFAULTS = { ratio: 1, k: 5 } as const;

export const ResampleInput = z.object({
  method: z.enum(RESAMPLE_METHODS),
  /**
   * Rows of each smaller class to rows of the largest, minority:majority, after resampling: 1 balances them
   * (default), 0.5 leaves one minority row for two majority rows. Classes already at or above it are left alone.
   */
  ratio: z.number().gt(0, 'The resampling ratio must be above 0.').max(1, 'The resampling ratio is minority:majority, at most 1 (balanced).').optional(),
  /** SMOTE: how many nearest rows of the same class a synthetic row may be drawn towards (default 5). */
  k: z.number().int().min(1, 'SMOTE needs at least 1 neighbour.').max(100, 'SMOTE takes at most 100 neighbours.').optional(),
});
export type ResampleInput = z.infer<typeof ResampleInput>;

/** A request's setting with its defaults filled in, as a run records it (k only for SMOTE). */
export type ResampleSetting = { method: ResampleMethod; ratio: number; k?: number };

export function resampleSetting(input: ResampleInput): ResampleSetting {
  const ratio = input.ratio ?? RESAMPLE_DEFAULTS.ratio;
  return input.method === 'smote' ? { method: 'smote', ratio, k: input.k ?? RESAMPLE_DEFAULTS.k } : { method: input.method, ratio };
}

/** What a resampled run records: the setting, and each class's training rows before and after. */
export interface ResampleRecord extends ResampleSetting {
  /** Per class, in the run's class order: rows the model was fitted on before resampling, and after. */
  classes: { label: string; before: number; after: number }[];
  /**
   * Training rows an estimator held out to stop early (boosting with early stopping, the MLP): kept as they were,
   * never resampled and never a SMOTE neighbour. They are not in `before`/`after`.
   */
  validationRows: number;
  /** Rows SMOTE made, rows oversampling copied, rows undersampling left out. */
  synthetic: number;
  duplicated: number;
  dropped: number;
  /** Where the method could not do exactly what was asked, in a sentence each (a class too small for k neighbours). */
  notes: string[];
}

/**
 * Rows per class after resampling, from the counts before: oversampling (SMOTE included) raises every class below
 * ⌊ratio × largest⌋ to it; undersampling cuts every class above ⌊smallest / ratio⌋ down to it. imbalanced-learn's
 * rule for a float `sampling_strategy`, extended to many classes. A class with no rows stays empty.
 */
export function resampledCounts(counts: readonly number[], method: ResampleMethod, ratio: number): number[] {
  const present = counts.filter((c) => c > 0);
  if (present.length < 2) return [...counts];
  if (method === 'undersample') {
    const target = Math.floor(Math.min(...present) / ratio);
    return counts.map((c) => Math.min(c, target));
  }
  const target = Math.floor(ratio * Math.max(...present));
  return counts.map((c) => (c > 0 ? Math.max(c, target) : 0));
}

/** "1:1", "1:2", "1:3.33": the ratio as minority:majority. */
export function formatResampleRatio(ratio: number): string {
  return `1:${Number((1 / ratio).toFixed(2))}`;
}

/** "SMOTE 1:1 (k = 5)": a setting in a few words, for badges and tables. */
export function resampleLabel(setting: ResampleSetting): string {
  const short = { smote: 'SMOTE', oversample: 'Oversampled', undersample: 'Undersampled' }[setting.method];
  return `${short} ${formatResampleRatio(setting.ratio)}${setting.method === 'smote' ? ` (k = ${setting.k ?? RESAMPLE_DEFAULTS.k})` : ''}`;
}

/** How a resampled run's settings say so, in keys the leaderboard's search reads (`resample=smote`, `resampleRatio<1`). */
export function resampleParams(setting: ResampleSetting): Record<string, unknown> {
  return { resample: setting.method, resampleRatio: setting.ratio, ...(setting.k !== undefined ? { smoteK: setting.k } : {}) };
}

/** The setting back from a run's settings; null for a run that was not resampled. */
export function resampleFromParams(params: Record<string, unknown>): ResampleSetting | null {
  const method = params.resample;
  if (typeof method !== 'string' || !(RESAMPLE_METHODS as readonly string[]).includes(method)) return null;
  const ratio = typeof params.resampleRatio === 'number' ? params.resampleRatio : RESAMPLE_DEFAULTS.ratio;
  return { method: method as ResampleMethod, ratio, ...(typeof params.smoteK === 'number' ? { k: params.smoteK } : {}) };
}
