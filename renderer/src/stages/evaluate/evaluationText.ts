/**
 * How an evaluation report reads: estimates with their 95% intervals, the gate's verdicts in words and colors,
 * signed differences and shares. Pure, so the words are tested apart from the page.
 */
import type { GateCriterion, MetricEstimate, RowExplanation, SuccessGate, Verdict } from '@contract';
import { METRIC_LABELS } from '../train/runText';

/** The leaderboard's colors for a charter verdict (see train/boardColumns.tsx). */
export const VERDICT_COLORS: Record<Verdict, string> = { target: 'teal', acceptable: 'yellow', fail: 'red', unknown: 'gray' };
/** A verdict as a badge reads. */
export const VERDICT_LABELS: Record<Verdict, string> = { target: 'target met', acceptable: 'acceptable', fail: 'fail', unknown: 'unknown' };
/** A verdict in a sentence, for titles and screen readers. */
export const VERDICT_WORDS: Record<Verdict, string> = {
  target: 'meets the target',
  acceptable: 'acceptable, short of the target',
  fail: 'below acceptable',
  unknown: 'not measured',
};

/** A report number: three decimals (significant digits below 0.01), thousands separated from 1,000 up. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  const text = abs >= 1000 ? abs.toLocaleString('en', { maximumFractionDigits: 1 }) : abs < 0.01 ? abs.toPrecision(2) : abs.toFixed(3);
  return v < 0 ? `−${text}` : text;
}

/** "0.821–0.861"; a spaced dash when a bound is negative, so "−0.120 – 0.040" cannot read as a subtraction. */
export function rangeText(low: number, high: number): string {
  const joiner = low < 0 || high < 0 ? ' – ' : '–';
  return `${formatValue(low)}${joiner}${formatValue(high)}`;
}

/** A measurement in a unit (milliseconds, megabytes): at most two decimals, "2.3 ms". */
export function unitText(v: number, unit: string): string {
  return `${v.toLocaleString('en', { maximumFractionDigits: 2 })} ${unit}`;
}

/** "0.842 (0.821–0.861)"; the value alone where there is no interval; "—" where the value is undefined. */
export function intervalText(e: Pick<MetricEstimate, 'value' | 'low' | 'high'>, unit = ''): string {
  if (e.value === null) return '—';
  const value = unit ? unitText(e.value, unit) : formatValue(e.value);
  if (e.low === null || e.high === null) return value;
  return `${value} (${rangeText(e.low, e.high)})`;
}

/** A difference from a reference: "+0.052" or "−0.013"; "±0" when none. */
export function signedText(d: number): string {
  if (d === 0) return '±0';
  return d > 0 ? `+${formatValue(d)}` : formatValue(d);
}

/** A share of 0…1 as a percentage with one decimal: "12.5%". */
export function shareText(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '—';
  return `${(100 * share).toFixed(1)}%`;
}

/** A charter limit in the criterion's direction: "≥ 0.8" or "≤ 200 ms". */
export function limitText(c: Pick<GateCriterion, 'direction'>, limit: number, unit = ''): string {
  return `${c.direction === 'higher' ? '≥' : '≤'} ${limit}${unit ? ` ${unit}` : ''}`;
}

export interface GateBanner {
  color: string;
  title: string;
  text: string;
}

/** The gate's overall verdict: what passed, what did not, or that the charter sets no criteria. */
export function gateBanner(gate: Pick<SuccessGate, 'passed' | 'criteria'>): GateBanner {
  if (gate.passed === null) {
    return { color: 'gray', title: 'No success criteria in the charter', text: 'Add success criteria to the charter on the Plan stage to judge models against them.' };
  }
  const n = gate.criteria.length;
  if (gate.passed) {
    const targets = gate.criteria.filter((c) => c.verdict === 'target').length;
    return { color: 'teal', title: 'PASS', text: `All ${n} ${n === 1 ? 'criterion is' : 'criteria are'} at least acceptable; ${targets} of ${n} meet the target.` };
  }
  const failed = gate.criteria.filter((c) => c.verdict === 'fail').map((c) => c.label);
  const unknown = gate.criteria.filter((c) => c.verdict === 'unknown').map((c) => c.label);
  const parts = [failed.length ? `Below acceptable: ${failed.join(', ')}.` : '', unknown.length ? `Not measured: ${unknown.join(', ')}.` : ''];
  return { color: 'red', title: 'DOES NOT PASS', text: parts.filter(Boolean).join(' ') };
}

/** Metrics bounded by 0 and 1, drawn on one shared axis; the others (losses, errors in the target's unit, R²) stay in the table. */
const UNIT_SCALE = new Set([
  'accuracy',
  'balancedAccuracy',
  'precision',
  'recall',
  'f1',
  'rocAuc',
  'prAuc',
  'brier',
  'precisionMacro',
  'recallMacro',
  'f1Macro',
  'precisionWeighted',
  'recallWeighted',
  'f1Weighted',
  'rocAucOvr',
]);

export function onUnitScale(key: string): boolean {
  return UNIT_SCALE.has(key);
}

const MORE_LABELS: Record<string, string> = { precisionWeighted: 'Precision (weighted)', recallWeighted: 'Recall (weighted)' };

export function metricLabel(key: string): string {
  return METRIC_LABELS[key] ?? MORE_LABELS[key] ?? key;
}

export interface MetricLine extends MetricEstimate {
  key: string;
  label: string;
}

/** The report's metrics in the order given, labelled. */
export function metricLines(metrics: Record<string, MetricEstimate>): MetricLine[] {
  return Object.entries(metrics).map(([key, e]) => ({ ...e, key, label: metricLabel(key) }));
}

/** A group difference against the charter's limit: within it, over it, or not judged (no value or no limit). */
export function disparityVerdict(difference: number | null, maxDisparity: number | null): 'within' | 'exceeds' | null {
  if (difference === null || maxDisparity === null) return null;
  return difference <= maxDisparity ? 'within' : 'exceeds';
}

/** How a row's contributions were computed, in words: "exact TreeSHAP on the model’s trees, in log-odds". */
export function explanationMethodText(e: Pick<RowExplanation, 'method' | 'output'>): string {
  switch (e.method) {
    case 'exact':
      return 'exact Shapley values';
    case 'sampled':
      return 'sampled Shapley values ± standard error';
    case 'tree':
      // The output names its units first: "log-odds of …", "probability of …", "raw score (before softmax) of …".
      return `exact TreeSHAP on the model’s trees, in ${e.output.startsWith('predicted ') ? 'the predicted value' : e.output.split(' of ')[0]}`;
    default: {
      const unknown: never = e.method;
      throw new Error(`Unknown explanation method ${String(unknown)}`);
    }
  }
}
