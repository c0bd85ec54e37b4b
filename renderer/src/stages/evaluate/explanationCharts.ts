/**
 * The explanation charts as echarts options: permutation importance with its spread, partial dependence with ICE
 * lines, and one prediction's Shapley contributions as a waterfall from the base value. Pure, like lineOption.ts.
 */
import type { ChartOption } from '../../components/charts/echarts';
import { formatNumber, formatTick } from '../../components/charts/numbers';
import { hoveredIndex, tooltipHtml } from '../../components/charts/tooltip';
import type { Explanations, RowExplanation } from '@contract';
import { ACCENT } from './evaluationCharts';
import { formatValue, signedText } from './evaluationText';

const UP = '#e8590c';
const DOWN = '#1c7ed6';
const axisName = (name: string, gap: number) => ({ name, nameLocation: 'middle' as const, nameGap: gap, nameTextStyle: { fontWeight: 'bold' as const } });
const ticks = { formatter: (v: number) => formatTick(v) };

/** Columns by mean importance, largest first. */
export function rankImportance(importance: Explanations['importance']): Explanations['importance'] {
  return [...importance].sort((a, b) => b.mean - a.mean);
}

/** Horizontal bars of how much the metric worsens when each column is shuffled (a drop in ROC AUC, a rise in RMSE), whiskers ±1 std over the repeats. */
export function importanceOption({ importance, metric }: { importance: Explanations['importance']; metric: string }): ChartOption {
  const ranked = rankImportance(importance);
  return {
    grid: { left: 16, right: 32, top: 8, bottom: 40, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const r = ranked[hoveredIndex(p)];
        return r ? tooltipHtml(r.column, [`${metric} worsens by ${formatValue(r.mean)} ± ${formatValue(r.std)} (std over repeats)`]) : '';
      },
    },
    xAxis: { type: 'value', ...axisName(`How much ${metric} worsens when shuffled`, 28), axisLabel: ticks },
    yAxis: { type: 'category', data: ranked.map((r) => r.column), inverse: true, axisLabel: { width: 160, overflow: 'truncate' }, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        name: 'Importance',
        barMaxWidth: 22,
        itemStyle: { color: ACCENT },
        data: ranked.map((r) => r.mean),
        markLine: {
          silent: true,
          symbol: ['none', 'none'],
          label: { show: false },
          lineStyle: { color: '#495057', width: 1.5, type: 'solid' },
          data: ranked.map((r, i) => [{ coord: [r.mean - r.std, i] }, { coord: [r.mean + r.std, i] }]),
        },
      },
      { type: 'scatter', name: 'spread', silent: true, tooltip: { show: false }, symbol: 'rect', symbolSize: [1.5, 8], itemStyle: { color: '#495057' }, data: ranked.flatMap((r, i) => [[r.mean - r.std, i], [r.mean + r.std, i]]) },
    ],
  };
}

type Dependence = Explanations['dependence'][number];

/** The average prediction over a column's grid (a line, or bars for categories) with up to `maxIce` single rows as thin lines. */
export function dependenceOption({ entry, output, maxIce = 50 }: { entry: Dependence; output: string; maxIce?: number }): ChartOption {
  const numeric = entry.kind !== 'string';
  const date = entry.kind === 'date';
  const shown = (v: number | string | undefined) => (date && typeof v === 'number' ? new Date(v).toISOString().slice(0, 10) : String(v ?? ''));
  const x = (k: number) => (numeric ? entry.grid[k] : k);
  const ice = entry.ice.slice(0, maxIce);
  const iceStyle = { color: '#868e96', width: 1, opacity: 0.18 };
  return {
    grid: { left: 40, right: 16, top: 32, bottom: 40, containLabel: true },
    legend: { top: 0, data: ['Average', 'Single rows (ICE)'] },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const points = (Array.isArray(params) ? params : [params]) as { seriesName: string; dataIndex: number }[];
        const i = points[0]?.dataIndex ?? -1;
        return tooltipHtml(`${entry.column} = ${shown(entry.grid[i])}`, [`average ${output}: ${formatValue(entry.average[i])}`]);
      },
    },
    xAxis: date
      ? { type: 'time', ...axisName(entry.column, 28) }
      : numeric
      ? { type: 'value', scale: true, ...axisName(entry.column, 28), axisLabel: ticks }
      : { type: 'category', data: entry.grid.map(String), ...axisName(entry.column, 28), axisLabel: { hideOverlap: true, width: 90, overflow: 'truncate' } },
    yAxis: { type: 'value', scale: true, ...axisName(output, 48), axisLabel: ticks },
    series: [
      ...ice.map((line) => ({ type: 'line' as const, name: 'Single rows (ICE)', silent: true, showSymbol: false, lineStyle: iceStyle, itemStyle: { color: '#868e96' }, data: line.map((y, k) => [x(k), y]) })),
      numeric
        ? { type: 'line' as const, name: 'Average', z: 3, showSymbol: entry.grid.length <= 30, lineStyle: { width: 3 }, itemStyle: { color: ACCENT }, data: entry.average.map((y, k) => [x(k), y]) }
        : { type: 'bar' as const, name: 'Average', z: 1, barMaxWidth: 48, itemStyle: { color: ACCENT, opacity: 0.8 }, data: entry.average },
    ],
  };
}

export interface WaterfallStep {
  label: string;
  /** The running output before and after this step. */
  start: number;
  end: number;
  contribution: number;
  /** Tooltip lines: the column's value, the standard error. */
  detail: string[];
}

/**
 * One row's contributions, largest absolute first, the running output from the base value; beyond `shown`
 * columns the rest are one step, "other N columns". Where Shapley values are sampled the last step may end a
 * little off the prediction: they add up to it only in expectation.
 */
export function waterfallSteps(explanation: Pick<RowExplanation, 'baseValue' | 'contributions'>, shown = 10): WaterfallStep[] {
  const sorted = [...explanation.contributions].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  const head = sorted.length > shown + 1 ? sorted.slice(0, shown) : sorted;
  const rest = sorted.slice(head.length);
  let running = explanation.baseValue;
  const steps: WaterfallStep[] = head.map((c) => {
    const start = running;
    running += c.contribution;
    const se = c.standardError > 0 ? [`standard error ${formatValue(c.standardError)}`] : [];
    return { label: `${c.column} = ${c.value === null ? 'missing' : typeof c.value === 'number' ? formatNumber(c.value) : c.value}`, start, end: running, contribution: c.contribution, detail: se };
  });
  if (rest.length > 0) {
    const sum = rest.reduce((a, c) => a + c.contribution, 0);
    steps.push({ label: `other ${rest.length} columns`, start: running, end: running + sum, contribution: sum, detail: rest.slice(0, 8).map((c) => `${c.column}: ${signedText(c.contribution)}`) });
  }
  return steps;
}

/**
 * Axis bounds around the values on round numbers (half a power of ten below their range), so the axis ends on a
 * tick; the bars are drawn from zero under the hood, and zero stays off the axis when far from the values.
 */
export function niceBounds(values: readonly number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const range = hi - lo || Math.abs(hi) || 1;
  const step = 10 ** Math.floor(Math.log10(range)) / 2;
  const round = (v: number) => Number(v.toPrecision(12));
  return [round(Math.floor((lo - range * 0.04) / step) * step), round(Math.ceil((hi + range * 0.04) / step) * step)];
}

/** Floating bars from the base value to the prediction, one per step: a transparent bar up to the lower end, then the step. */
export function contributionOption({ steps, baseValue, prediction, output }: { steps: WaterfallStep[]; baseValue: number; prediction: number; output: string }): ChartOption {
  const [min, max] = niceBounds([baseValue, prediction, ...steps.flatMap((s) => [s.start, s.end])]);
  // 'all' stacks by value, not by sign, so the visible bar starts where the transparent one ends even below zero.
  const stacked = { stack: 'waterfall', stackStrategy: 'all' as const };
  return {
    grid: { left: 16, right: 56, top: 44, bottom: 40, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const s = steps[hoveredIndex(p)];
        return s ? tooltipHtml(s.label, [`${signedText(s.contribution)} (${formatValue(s.start)} → ${formatValue(s.end)})`, ...s.detail]) : '';
      },
    },
    xAxis: { type: 'value', min, max, ...axisName(output, 28), axisLabel: ticks },
    yAxis: { type: 'category', data: steps.map((s) => s.label), inverse: true, axisLabel: { width: 200, overflow: 'truncate' }, axisTick: { show: false } },
    series: [
      { type: 'bar', name: 'start', ...stacked, silent: true, clip: true, itemStyle: { color: 'transparent' }, data: steps.map((s) => Math.min(s.start, s.end)) },
      {
        type: 'bar',
        name: 'Contribution',
        ...stacked,
        barMaxWidth: 22,
        data: steps.map((s) => ({ value: Math.abs(s.contribution), itemStyle: { color: s.contribution >= 0 ? UP : DOWN } })),
        label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => signedText(steps[p.dataIndex]?.contribution ?? 0) },
        markLine: {
          silent: true,
          symbol: ['none', 'none'],
          lineStyle: { color: '#868e96', type: 'dashed' },
          data: [
            // Both above the bars ('start' is the top: the category axis is inverted), on two lines, so they never overlap.
            { xAxis: baseValue, label: { formatter: `base ${formatValue(baseValue)}`, position: 'start', distance: 20 } },
            { xAxis: prediction, label: { formatter: `prediction ${formatValue(prediction)}`, position: 'start', distance: 4 } },
          ],
        },
      },
    ],
  };
}
