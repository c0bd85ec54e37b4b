/** Words, numbers and the chart of a shadow report. */
import type { ArmMetrics, PredictionDistribution, ShadowReport } from '@contract';
import type { ChartOption } from '../../components/charts/echarts';
import { formatNumber } from '../../components/charts/numbers';

export const pct = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(digits)}%`);
export const num = (x: number | null | undefined) => (x === null || x === undefined ? '—' : formatNumber(x));

/** How big a PSI is, in the words monitoring uses: under 0.1 no shift, 0.1–0.25 some, over 0.25 large. */
export function psiWords(psi: number | null): { text: string; color: string } {
  if (psi === null) return { text: 'not measured', color: 'gray' };
  if (psi < 0.1) return { text: 'no real shift', color: 'teal' };
  if (psi <= 0.25) return { text: 'some shift', color: 'yellow' };
  return { text: 'large shift', color: 'red' };
}

export interface MetricRow {
  name: string;
  production: number | null;
  candidate: number | null;
  /** Higher is better (accuracy, ROC AUC) or lower (MAE, RMSE). */
  higherIsBetter: boolean;
}

/** The metrics both models have where outcomes were known, as table rows. */
export function metricRows(task: ShadowReport['task'], m: { production: ArmMetrics; candidate: ArmMetrics }): MetricRow[] {
  const names: [keyof ArmMetrics, string, boolean][] = task === 'classification' ? [['accuracy', 'Accuracy', true], ['rocAuc', 'ROC AUC', true]] : [['mae', 'MAE', false], ['rmse', 'RMSE', false]];
  return names.filter(([k]) => m.production[k] !== null || m.candidate[k] !== null).map(([k, name, higherIsBetter]) => ({ name, production: m.production[k], candidate: m.candidate[k], higherIsBetter }));
}

/** "+2.1 points better", "0.8 worse" — the candidate against production. */
export function differenceText(row: MetricRow): { text: string; color: string } {
  if (row.production === null || row.candidate === null) return { text: '—', color: 'dimmed' };
  const d = row.candidate - row.production;
  if (Math.abs(d) < 1e-12) return { text: 'same', color: 'dimmed' };
  const better = row.higherIsBetter ? d > 0 : d < 0;
  const size = row.higherIsBetter ? `${(100 * Math.abs(d)).toFixed(1)} points` : formatNumber(Math.abs(d));
  return { text: `${size} ${better ? 'better' : 'worse'}`, color: better ? 'teal' : 'red' };
}

/** Both models' predicted-label shares side by side, or their prediction quantiles for a regression. */
export function distributionOption(p: PredictionDistribution, c: PredictionDistribution, names: [string, string]): ChartOption {
  const legend = { top: 0, data: names };
  if (p.kind === 'labels' && c.kind === 'labels') {
    const labels = [...new Set([...Object.keys(p.shares), ...Object.keys(c.shares)])];
    return {
      legend,
      grid: { left: 56, right: 16, top: 32, bottom: 48 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => pct(v as number) },
      xAxis: { type: 'category', data: labels, name: 'Predicted label', nameLocation: 'middle', nameGap: 30 },
      yAxis: { type: 'value', name: 'Share of rows', nameLocation: 'middle', nameGap: 40, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(100 * v)}%` } },
      series: [
        { type: 'bar', name: names[0], data: labels.map((l) => p.shares[l] ?? 0) },
        { type: 'bar', name: names[1], data: labels.map((l) => c.shares[l] ?? 0) },
      ],
    };
  }
  const levels = p.kind === 'values' ? p.levels : c.kind === 'values' ? c.levels : [];
  const line = (d: PredictionDistribution) => (d.kind === 'values' ? d.quantiles : []);
  return {
    legend,
    grid: { left: 64, right: 16, top: 32, bottom: 48 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => num(v as number) },
    xAxis: { type: 'category', data: levels.map((l) => `${Math.round(100 * l)}%`), name: 'Quantile', nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', name: 'Prediction', nameLocation: 'middle', nameGap: 48, scale: true },
    series: [
      { type: 'line', name: names[0], data: line(p) },
      { type: 'line', name: names[1], data: line(c) },
    ],
  };
}

/** A logged output in a few words: "true (p 0.82)", or the predicted value. */
export function outputText(o: Record<string, unknown>): string {
  if (typeof o.prediction === 'number') return num(o.prediction);
  const label = String(o.label ?? '—');
  const p = (o.probabilities as Record<string, number> | undefined)?.[label];
  return p === undefined ? label : `${label} (p ${p.toFixed(2)})`;
}

/** Inputs as "age 30 · city Porto", at most `max` of them. */
export function inputsText(inputs: Record<string, unknown>, max = 8): string {
  // A date at midnight UTC reads as the day it is.
  const text = (v: unknown) => (v === null ? '(missing)' : String(v).replace(/^(\d{4}-\d{2}-\d{2})T00:00:00(\.000)?Z$/, '$1'));
  const parts = Object.entries(inputs).map(([k, v]) => `${k} ${text(v)}`);
  return parts.slice(0, max).join(' · ') + (parts.length > max ? ` · …${parts.length - max} more` : '');
}
