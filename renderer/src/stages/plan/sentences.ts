/** Charter values read as sentences: "Accuracy ≥ 0.70 acceptable, ≥ 0.90 target". */
import { METRIC_INFO, type Direction, type Metric } from '@contract';

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const decimals = (String(value).split('.')[1] ?? '').length;
  return value.toFixed(Math.min(Math.max(2, decimals), 6));
}

interface CriterionLike {
  metric: Metric | null;
  direction: Direction;
  acceptable: number | string | undefined;
  target: number | string | undefined;
}

function valueText(value: number | string | undefined, unit: string | undefined): string {
  const n = typeof value === 'number' ? value : value === undefined || value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n)) return '…';
  return unit ? `${formatNumber(n)} ${unit}` : formatNumber(n);
}

export function criterionSentence(c: CriterionLike): string {
  if (!c.metric) return 'Pick a metric to describe this criterion.';
  const info = METRIC_INFO[c.metric];
  const op = c.direction === 'higher' ? '≥' : '≤';
  return `${info.label} ${op} ${valueText(c.acceptable, info.unit)} acceptable, ${op} ${valueText(c.target, info.unit)} target`;
}
