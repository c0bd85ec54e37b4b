/**
 * What the study view draws from a study's trials: the best value so far after each trial, and how strongly each
 * hyperparameter's rank follows the metric's (|Spearman ρ| over the completed trials of the largest rung).
 */
import type { Study, Trial } from '@contract';

export function bestSoFar(trials: readonly Trial[], direction: Study['direction']): (number | null)[] {
  let best: number | null = null;
  return trials.map((t) => {
    if (t.value !== null && (best === null || (direction === 'higher' ? t.value > best : t.value < best))) best = t.value;
    return best;
  });
}

/** Average ranks (ties share their mean rank), 1-based. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i + 1;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    for (let k = i; k < j; k++) out[order[k]![1]] = (i + j + 1) / 2;
    i = j;
  }
  return out;
}

export function spearman(x: readonly number[], y: readonly number[]): number | null {
  if (x.length < 3) return null;
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (x.length + 1) / 2;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (rx[i]! - mean) * (ry[i]! - mean);
    sxx += (rx[i]! - mean) ** 2;
    syy += (ry[i]! - mean) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** A parameter's value as a number for ranking: layer lists by their total units. */
export function numericParam(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.every((u) => typeof u === 'number')) return v.reduce((a: number, b: number) => a + b, 0);
  return null;
}

/** The trials that compare like with like: completed or pruned, on the largest rung that has at least 4 of them (else all). */
export function comparableTrials(trials: readonly Trial[]): Trial[] {
  const scored = trials.filter((t) => t.value !== null);
  const rungs = [...new Set(scored.map((t) => t.rung))].sort((a, b) => b - a);
  const rung = rungs.find((r) => scored.filter((t) => t.rung === r).length >= 4);
  return rung === undefined ? scored : scored.filter((t) => t.rung === rung);
}

export function importance(trials: readonly Trial[], params: readonly string[]): { param: string; value: number }[] {
  const pool = comparableTrials(trials);
  return params
    .map((param) => {
      const pairs = pool.map((t) => [numericParam(t.params[param]), t.value!] as const).filter((p): p is readonly [number, number] => p[0] !== null);
      const rho = spearman(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
      return { param, value: rho === null ? 0 : Math.abs(rho) };
    })
    .sort((a, b) => b.value - a.value);
}
