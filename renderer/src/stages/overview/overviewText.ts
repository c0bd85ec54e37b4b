/** The overview's words: how long ago something happened, a batch's drift in a phrase, a charter metric on a batch. */
import { METRIC_INFO, verdict, type Metric, type SuccessCriterion, type Verdict } from '@contract';
import type { BatchSummary, DriftVerdict, ProjectOverview } from '@contract';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago"; the ISO text itself when it is not a date. */
export function relativeTime(iso: string, now: number): string {
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso;
  const seconds = (at - now) / 1000;
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'minute') return relative.format(Math.round(seconds / size), unit);
  }
  return iso;
}

export const DRIFT_WORDS: Record<DriftVerdict, { label: string; color: string }> = {
  drift: { label: 'Drift', color: 'red' },
  some_drift: { label: 'Some drift', color: 'yellow' },
  stable: { label: 'Stable', color: 'teal' },
};

/** "2 of 6 features drifted (33%)". */
export function driftSentence(batch: Pick<BatchSummary, 'drifted' | 'features' | 'shareDrifted'>): string {
  return `${batch.drifted} of ${batch.features} feature${batch.features === 1 ? '' : 's'} drifted (${Math.round(100 * batch.shareDrifted)}%)`;
}

export const VERDICT_COLORS: Record<Verdict, string> = { target: 'teal', acceptable: 'yellow', fail: 'red', unknown: 'gray' };
export const VERDICT_WORDS: Record<Verdict, string> = { target: 'meets the target', acceptable: 'acceptable, short of the target', fail: 'below acceptable', unknown: 'not measured' };
export const VERDICT_SHORT: Record<Verdict, string> = { target: 'target met', acceptable: 'acceptable', fail: 'below acceptable', unknown: 'not measured' };

/** Metrics about the model file, not its predictions: never measured on a batch. */
const NOT_ON_BATCHES: ReadonlySet<Metric> = new Set(['p95_latency_ms', 'model_size_mb']);

export interface BatchCriterion {
  metric: Metric;
  label: string;
  value: number | null;
  verdict: Verdict;
  /** "charter: acceptable ≥ 0.6, target ≥ 0.8". */
  bar: string;
}

/** The charter's criteria that a batch's outcomes can measure, each with the batch's value and its verdict. */
export function batchCriteria(criteria: readonly SuccessCriterion[], metrics: BatchSummary['metrics']): BatchCriterion[] {
  return criteria
    .filter((c) => !NOT_ON_BATCHES.has(c.metric))
    .map((c) => {
      const value = metrics?.[c.metric] ?? null;
      const sign = c.direction === 'higher' ? '≥' : '≤';
      return { metric: c.metric, label: METRIC_INFO[c.metric].label, value, verdict: verdict(value, c), bar: `charter: acceptable ${sign} ${c.acceptable}, target ${sign} ${c.target}` };
    });
}

/** A metric's value as the overview shows it: three decimals, or thousands grouped. */
export function formatValue(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  return Math.abs(v) >= 1000 ? v.toLocaleString('en', { maximumFractionDigits: 1 }) : v.toFixed(3);
}

export const ACTIVITY_KINDS: Record<ProjectOverview['activity'][number]['kind'], { label: string; color: string }> = {
  job: { label: 'Job', color: 'blue' },
  alert: { label: 'Alert', color: 'red' },
  charter: { label: 'Charter', color: 'grape' },
  model: { label: 'Model', color: 'teal' },
};
