/**
 * One trial: fit a configuration on a share of the tuning rows and score it on the validation rows. The shares
 * are nested prefixes of one stratified order, so a promoted configuration sees its earlier rows again plus more.
 */
import type { ModelKind, TrainParams } from '../../contract/runs';
import { fitEstimator, predictEstimator, type FitContext } from '../estimators';
import { seeded, shuffle } from '../random';
import type { Features, Task, TrainingSet } from '../types';
import { scorePredictions, type StudyMetric } from './metric';

/** What every trial of a study shares: features already preprocessed (fitted on the tuning rows only). */
export interface TrialData {
  model: ModelKind;
  task: Task;
  classes: number;
  metric: StudyMetric;
  /** The rows trials learn from. */
  train: TrainingSet;
  /** The rows trials are scored on: held out of the training rows, never the test rows. */
  valid: TrainingSet;
  /** `train`'s rows in the order shares take them (see `shareOrder`). */
  order: Uint32Array;
}

export interface TrialRequest {
  number: number;
  config: number;
  rung: number;
  params: TrainParams;
  /** Share of the tuning rows (0, 1]. */
  share: number;
  seed: number;
}

export type TrialOutcome = { ok: true; value: number; rows: number; seconds: number } | { ok: false; error: string; rows: number; seconds: number };

/**
 * A row order whose every prefix holds each class in about its overall share: each class's rows are shuffled and
 * spread evenly over [0, 1), then all rows sorted by that position. Regression: one seeded shuffle.
 */
export function shareOrder(target: Float64Array, task: Task, seed: number): Uint32Array {
  const random = seeded(seed);
  const n = target.length;
  if (task === 'regression') return shuffle(Uint32Array.from({ length: n }, (_, i) => i), random);
  const byClass = new Map<number, number[]>();
  target.forEach((c, row) => {
    const list = byClass.get(c) ?? [];
    list.push(row);
    byClass.set(c, list);
  });
  const position = new Float64Array(n);
  for (const rows of byClass.values()) {
    const order = shuffle(Uint32Array.from(rows), random);
    order.forEach((row, i) => (position[row] = (i + random.next()) / order.length));
  }
  return Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => position[a]! - position[b]! || a - b);
}

/** The given rows of a column-major feature matrix, as one of its own. */
export function takeRows(features: Features, rows: Uint32Array): Features {
  const n = rows.length;
  const data = new Float32Array(features.names.length * n);
  for (let f = 0; f < features.names.length; f++) {
    const from = f * features.rows;
    const to = f * n;
    for (let i = 0; i < n; i++) data[to + i] = features.data[from + rows[i]!]!;
  }
  return { rows: n, names: features.names, data };
}

/** Rows a share trains on: at least two, at most all. */
export function rowsForShare(total: number, share: number): number {
  return Math.min(total, Math.max(2, Math.round(share * total)));
}

/** Fits and scores trials over one TrialData, keeping each share's training rows once. */
export class TrialEvaluator {
  private readonly subsets = new Map<number, TrainingSet>();

  constructor(
    private readonly data: TrialData,
    private readonly fit: Pick<FitContext, 'provider' | 'cudaInstalled' | 'shouldStop' | 'threads'> = {},
  ) {}

  private subset(rows: number): TrainingSet {
    const { train, order } = this.data;
    if (rows >= train.features.rows) return train;
    let s = this.subsets.get(rows);
    if (!s) {
      const picked = order.slice(0, rows).sort();
      s = { features: takeRows(train.features, picked), target: Float64Array.from(picked, (r) => train.target[r]!) };
      this.subsets.set(rows, s);
    }
    return s;
  }

  async run(t: TrialRequest): Promise<TrialOutcome> {
    const started = performance.now();
    const rows = rowsForShare(this.data.train.features.rows, t.share);
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const { model, task, classes, metric, valid } = this.data;
      const fitted = await fitEstimator(model, this.subset(rows), { task, classes, params: t.params, seed: t.seed, ...this.fit });
      const value = scorePredictions(metric, task, classes, valid.target, predictEstimator(fitted.model, valid.features));
      return { ok: true, value, rows, seconds: seconds() };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e), rows, seconds: seconds() };
    }
  }
}
