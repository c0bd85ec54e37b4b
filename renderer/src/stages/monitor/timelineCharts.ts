/** The time line's charts: the share of drifted features per batch, each charter metric per batch with its levels, fairness per attribute. */
import { METRIC_INFO, type BatchSummary, type Metric, type SuccessCriterion } from '@contract';
import type { ChartOption } from '../../components/charts/echarts';
import { hoveredIndex, tooltipHtml } from '../../components/charts/tooltip';
import { formatDate } from '../../components/format';
import { metricValue, pct, VERDICT_BADGES } from './monitorText';

const axisName = (name: string, gap: number) => ({ name, nameLocation: 'middle' as const, nameGap: gap, nameTextStyle: { fontWeight: 'bold' as const } });
const VERDICT_HEX = { drift: '#fa5252', some_drift: '#fab005', stable: '#12b886' } as const;

const categoryAxis = (batches: readonly BatchSummary[]) => ({
  type: 'category' as const,
  data: batches.map((b) => b.name),
  ...axisName('Batch, in observed order', 30),
  axisLabel: { hideOverlap: true, width: 120, overflow: 'truncate' as const },
  axisTick: { alignWithLabel: true },
});

/** Bars of the share of drifted features, colored by verdict, with the line at which a batch counts as drifted. */
export function driftShareOption(batches: readonly BatchSummary[], driftShare: number): ChartOption {
  return {
    grid: { left: 64, right: 120, top: 24, bottom: 48 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const b = batches[hoveredIndex(p)];
        if (!b) return '';
        return tooltipHtml(b.name, [`observed ${formatDate(b.observedAt)}`, `${b.drifted} of ${b.features} features drifted (${pct(b.shareDrifted)})`, `verdict: ${VERDICT_BADGES[b.verdict]}`]);
      },
    },
    xAxis: categoryAxis(batches),
    yAxis: { type: 'value', min: 0, max: 1, ...axisName('Features drifted', 48), axisLabel: { formatter: (v: number) => `${Math.round(100 * v)} %` } },
    series: [
      {
        type: 'bar',
        name: 'Features drifted',
        barMaxWidth: 48,
        data: batches.map((b) => ({ value: b.shareDrifted, itemStyle: { color: VERDICT_HEX[b.verdict] } })),
        label: { show: batches.length <= 24, position: 'top', formatter: (p: { value?: unknown }) => pct(Number(p.value)) },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { type: 'dashed', color: '#e03131' },
          label: { formatter: `drifts at ${pct(driftShare)}`, position: 'end' },
          data: [{ yAxis: driftShare }],
        },
      },
    ],
  };
}

/** The y range that shows every value and both charter levels, with a little room, within the metric's bounds. */
function range(metric: Metric, values: number[]): { min: number; max: number } {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max((hi - lo) * 0.15, Math.abs(hi) * 0.02, 0.01);
  // Rounded outwards to the span's own decimal, so the axis starts and ends on round ticks.
  const unit = 10 ** Math.floor(Math.log10(hi - lo + 2 * pad));
  const info = METRIC_INFO[metric];
  const min = Math.floor((lo - pad) / unit) * unit;
  const max = Math.ceil((hi + pad) / unit) * unit;
  const clean = (v: number) => Number(v.toPrecision(6));
  return { min: clean(info.min !== undefined ? Math.max(info.min, min) : min), max: clean(info.max !== undefined ? Math.min(info.max, max) : max) };
}

/** A line chart's tooltip: the hovered batch's name, when it was observed, and what the line says of it. */
function lineTooltip(batches: readonly BatchSummary[], line: (i: number) => string) {
  return {
    trigger: 'axis' as const,
    formatter: (p: unknown) => {
      const i = hoveredIndex(p);
      const b = batches[i];
      return b ? tooltipHtml(b.name, [`observed ${formatDate(b.observedAt)}`, line(i)]) : '';
    },
  };
}

/** Shaded bands behind a metric: below acceptable (red), acceptable to target (amber), at or past the target (green). */
function bands(c: SuccessCriterion, min: number, max: number): [{ yAxis: number; itemStyle: { color: string } }, { yAxis: number }][] {
  const higher = c.direction === 'higher';
  const band = (from: number, to: number, color: string): [{ yAxis: number; itemStyle: { color: string } }, { yAxis: number }] => [{ yAxis: from, itemStyle: { color } }, { yAxis: to }];
  return higher
    ? [band(min, c.acceptable, 'rgba(250, 82, 82, 0.08)'), band(c.acceptable, c.target, 'rgba(250, 176, 5, 0.10)'), band(c.target, max, 'rgba(18, 184, 134, 0.08)')]
    : [band(c.acceptable, max, 'rgba(250, 82, 82, 0.08)'), band(c.target, c.acceptable, 'rgba(250, 176, 5, 0.10)'), band(min, c.target, 'rgba(18, 184, 134, 0.08)')];
}

/** A sensitive attribute's demographic parity difference per batch (gaps without outcomes), with the charter's allowed gap. */
export function fairnessTimelineOption(batches: readonly BatchSummary[], attribute: string, allowed: number): ChartOption {
  const values = batches.map((b) => b.fairness?.[attribute] ?? null);
  const top = Math.min(1, Math.max(allowed, ...values.filter((v): v is number => v !== null)) * 1.3 + 0.02);
  return {
    grid: { left: 64, right: 110, top: 24, bottom: 48 },
    tooltip: lineTooltip(batches, (i) => (values[i] === null || values[i] === undefined ? 'no outcomes, or no groups to compare' : `parity difference: ${values[i]!.toFixed(3)}`)),
    xAxis: categoryAxis(batches),
    yAxis: { type: 'value', min: 0, max: Number(top.toFixed(2)), ...axisName('Parity difference', 48) },
    series: [
      {
        type: 'line',
        name: `${attribute} parity difference`,
        data: values,
        connectNulls: false,
        symbolSize: 8,
        lineStyle: { width: 2 },
        markArea: { silent: true, data: [[{ yAxis: allowed, itemStyle: { color: 'rgba(250, 82, 82, 0.08)' } }, { yAxis: Number(top.toFixed(2)) }]] },
        markLine: { symbol: 'none', silent: true, data: [{ yAxis: allowed, lineStyle: { type: 'dashed', color: '#e03131' }, label: { formatter: `allowed ${allowed}`, position: 'end' } }] },
      },
    ],
  };
}

/** One charter metric per batch (batches without outcomes are gaps), with the acceptable level and the target. */
export function metricTimelineOption(batches: readonly BatchSummary[], metric: Metric, criterion: SuccessCriterion | undefined): ChartOption {
  const label = METRIC_INFO[metric].label;
  const values = batches.map((b) => b.metrics?.[metric] ?? null);
  const levels = criterion ? [criterion.acceptable, criterion.target] : [];
  const { min, max } = range(metric, [...values.filter((v): v is number => v !== null), ...levels]);
  return {
    grid: { left: 64, right: 110, top: 24, bottom: 48 },
    tooltip: lineTooltip(batches, (i) => (values[i] === null ? 'no outcomes' : `${label}: ${metricValue(metric, values[i])}`)),
    xAxis: categoryAxis(batches),
    yAxis: { type: 'value', min, max, ...axisName(label, 48) },
    series: [
      {
        type: 'line',
        name: label,
        data: values,
        connectNulls: false,
        symbolSize: 8,
        lineStyle: { width: 2 },
        ...(criterion
          ? {
              markArea: { silent: true, data: bands(criterion, min, max) },
              markLine: {
                symbol: 'none',
                silent: true,
                data: [
                  { yAxis: criterion.acceptable, lineStyle: { type: 'dashed', color: '#e8590c' }, label: { formatter: `acceptable ${metricValue(metric, criterion.acceptable)}`, position: 'end' } },
                  { yAxis: criterion.target, lineStyle: { type: 'dashed', color: '#12b886' }, label: { formatter: `target ${metricValue(metric, criterion.target)}`, position: 'end' } },
                ],
              },
            }
          : {}),
      },
    ],
  };
}
