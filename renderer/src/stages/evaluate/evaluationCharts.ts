/**
 * The evaluation report's charts as echarts options: metrics with their intervals, calibration, cumulative gain
 * and lift, the confusion matrix, residuals, the threshold sweep and error by slice. Pure, like lineOption.ts.
 */
import type { ChartOption } from '../../components/charts/echarts';
import { formatTick } from '../../components/charts/numbers';
import { hoveredIndex, tooltipHtml } from '../../components/charts/tooltip';
import type { ErrorSlice, ThresholdTable } from '@contract';
import { formatValue, rangeText, shareText, signedText } from './evaluationText';
import { formatThreshold } from './thresholdExplorer';

export const ACCENT = '#5c7cfa';
export const WORSE = '#fa5252';
const axisName = (name: string, gap: number) => ({ name, nameLocation: 'middle' as const, nameGap: gap, nameTextStyle: { fontWeight: 'bold' as const } });
const ticks = { formatter: (v: number) => formatTick(v) };
const finiteOr = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);

export interface IntervalItem {
  label: string;
  value: number | null;
  low: number | null;
  high: number | null;
}

/** A dot at each estimate with a whisker over its interval, one line per item; whiskers as capped mark lines. */
export function intervalOption({ items, valueName, min, max }: { items: IntervalItem[]; valueName: string; min?: number; max?: number }): ChartOption {
  const ranged = items.map((it, i) => ({ ...it, i })).filter((it) => it.low !== null && it.high !== null);
  return {
    grid: { left: 16, right: 24, top: 8, bottom: 40, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const it = items[hoveredIndex(p)];
        if (!it) return '';
        return tooltipHtml(it.label, [`${formatValue(it.value)}`, it.low !== null && it.high !== null ? `95% interval ${rangeText(it.low, it.high)}` : 'no interval']);
      },
    },
    xAxis: { type: 'value', ...(min !== undefined ? { min } : { scale: true }), ...(max !== undefined ? { max } : {}), ...axisName(valueName, 28), axisLabel: ticks },
    yAxis: { type: 'category', data: items.map((it) => it.label), inverse: true, axisTick: { show: false } },
    series: [
      {
        type: 'scatter',
        name: valueName,
        symbolSize: 9,
        z: 3,
        itemStyle: { color: ACCENT },
        data: items.map((it, i) => [it.value ?? '-', i]),
        markLine: {
          silent: true,
          symbol: ['none', 'none'],
          label: { show: false },
          lineStyle: { color: ACCENT, width: 2, type: 'solid' },
          data: ranged.map((it) => [{ coord: [it.low!, it.i] }, { coord: [it.high!, it.i] }]),
        },
      },
      // Caps on the whiskers: thin upright bars at both ends.
      { type: 'scatter', name: 'interval ends', silent: true, tooltip: { show: false }, symbol: 'rect', symbolSize: [2, 10], itemStyle: { color: ACCENT }, data: ranged.flatMap((it) => [[it.low!, it.i], [it.high!, it.i]]) },
    ],
  };
}

/** The reliability diagram: observed share of positives against the mean predicted probability per bin, with the diagonal. */
export function calibrationOption({ predicted, observed, count }: { predicted: number[]; observed: number[]; count: number[] }): ChartOption {
  return {
    grid: { left: 40, right: 16, top: 32, bottom: 36, containLabel: true },
    legend: { top: 0, data: ['Model', 'Perfectly calibrated'] },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const i = hoveredIndex(p);
        if (predicted[i] === undefined) return '';
        return tooltipHtml(`Bin ${i + 1}`, [`mean predicted: ${formatValue(predicted[i])}`, `observed positives: ${shareText(observed[i] ?? null)}`, `${(count[i] ?? 0).toLocaleString('en')} rows`]);
      },
    },
    xAxis: { type: 'value', min: 0, max: 1, ...axisName('Mean predicted probability', 28), axisLabel: ticks },
    yAxis: { type: 'value', min: 0, max: 1, ...axisName('Share of positives', 44), axisLabel: ticks },
    series: [
      { type: 'line', name: 'Model', symbolSize: 6, itemStyle: { color: ACCENT }, data: predicted.map((x, i) => [x, observed[i]!]) },
      { type: 'line', name: 'Perfectly calibrated', silent: true, showSymbol: false, lineStyle: { type: 'dashed', color: '#999', width: 1 }, itemStyle: { color: '#999' }, data: [[0, 0], [1, 1]] },
    ],
  };
}

/** Cumulative gain (left axis) with the random baseline, and lift (right axis), over the share of rows contacted. */
export function gainOption({ share, gain, lift }: { share: number[]; gain: number[]; lift: number[] }): ChartOption {
  return {
    grid: { left: 40, right: 48, top: 32, bottom: 36, containLabel: true },
    legend: { top: 0, data: ['Cumulative gain', 'Random', 'Lift'] },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const point = p as { seriesName: string; value: [number, number | null] };
        const y = point.value[1];
        return tooltipHtml(`${shareText(point.value[0])} of rows contacted`, [`${point.seriesName}: ${point.seriesName === 'Lift' ? formatValue(y) : shareText(y)}`]);
      },
    },
    xAxis: { type: 'value', min: 0, max: 1, ...axisName('Share of rows contacted, highest scores first', 28), axisLabel: ticks },
    yAxis: [
      { type: 'value', min: 0, max: 1, ...axisName('Share of positives found', 44), axisLabel: ticks },
      { type: 'value', min: 0, ...axisName('Lift', 36), axisLabel: ticks, splitLine: { show: false } },
    ],
    series: [
      { type: 'line', name: 'Cumulative gain', showSymbol: false, itemStyle: { color: ACCENT }, data: share.map((x, i) => [x, finiteOr(gain[i])]) },
      { type: 'line', name: 'Random', silent: true, showSymbol: false, lineStyle: { type: 'dashed', color: '#999', width: 1 }, itemStyle: { color: '#999' }, data: [[0, 0], [1, 1]] },
      // Lift is undefined before the first row is contacted: those points are left out, not drawn at 0.
      { type: 'line', name: 'Lift', yAxisIndex: 1, showSymbol: false, itemStyle: { color: '#e8590c' }, data: share.map((x, i) => [x, finiteOr(lift[i]) ?? '-']) },
    ],
  };
}

/** Rows = true class, columns = predicted; each cell's count, and in its tooltip the share of its true class. */
export function confusionOption({ labels, matrix, colors }: { labels: string[]; matrix: number[][]; colors: string[] }): ChartOption {
  const data: [number, number, number][] = [];
  matrix.forEach((row, t) => row.forEach((n, p) => data.push([p, t, n])));
  const max = Math.max(1, ...data.map((d) => d[2]));
  return {
    grid: { left: 40, right: 84, top: 8, bottom: 40, containLabel: true },
    tooltip: {
      formatter: (p: unknown) => {
        const [x, y, n] = data[hoveredIndex(p)] ?? [0, 0, 0];
        const total = (matrix[y] ?? []).reduce((a, b) => a + b, 0);
        return tooltipHtml(`True ${labels[y] ?? y}, predicted ${labels[x] ?? x}`, [`${n.toLocaleString('en')} rows (${shareText(total ? n / total : null)} of true ${labels[y] ?? y})`]);
      },
    },
    xAxis: { type: 'category', data: labels, ...axisName('Predicted class', 28), axisLabel: { interval: 0, width: 90, overflow: 'truncate' }, splitArea: { show: true } },
    yAxis: { type: 'category', data: labels, inverse: true, ...axisName('True class', 40), axisLabel: { interval: 0, width: 110, overflow: 'truncate' }, splitArea: { show: true } },
    visualMap: { min: 0, max, calculable: true, orient: 'vertical', right: 0, top: 'middle', itemHeight: 160, inRange: { color: colors } },
    series: [{ type: 'heatmap', name: 'Rows', data, label: { show: labels.length <= 12 }, emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } } }],
  };
}

/** Regression: the residual (actual − predicted) of each sampled row against its prediction, around the zero line. */
export function residualOption({ predicted, actual, target }: { predicted: number[]; actual: number[]; target: string }): ChartOption {
  const points = predicted.map((p, i) => [p, actual[i]! - p] as [number, number]);
  return {
    grid: { left: 40, right: 16, top: 16, bottom: 36, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const i = hoveredIndex(p);
        return tooltipHtml('Row', [`predicted ${target}: ${formatValue(predicted[i])}`, `actual: ${formatValue(actual[i])}`, `residual: ${signedText(points[i]?.[1] ?? 0)}`]);
      },
    },
    xAxis: { type: 'value', scale: true, ...axisName(`Predicted ${target}`, 28), axisLabel: ticks },
    yAxis: { type: 'value', scale: true, ...axisName('Actual − predicted', 48), axisLabel: ticks },
    series: [
      {
        type: 'scatter',
        name: 'Residual',
        symbolSize: 4,
        itemStyle: { color: ACCENT, opacity: 0.6 },
        data: points,
        markLine: { silent: true, symbol: ['none', 'none'], label: { show: false }, lineStyle: { color: '#999', type: 'dashed' }, data: [{ yAxis: 0 }] },
      },
    ],
  };
}

/** Precision, recall and F1 at every threshold of the table, with the chosen threshold marked. */
export function thresholdOption({ table, chosen }: { table: ThresholdTable; chosen: number }): ChartOption {
  const lines = [
    { name: 'Precision', values: table.precision },
    { name: 'Recall', values: table.recall },
    { name: 'F1', values: table.f1 },
  ];
  return {
    grid: { left: 40, right: 16, top: 32, bottom: 36, containLabel: true },
    legend: { top: 0, data: lines.map((l) => l.name) },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const points = (Array.isArray(params) ? params : [params]) as { seriesName: string; value: [number, number] }[];
        return tooltipHtml(`Threshold ${formatThreshold(points[0]?.value[0] ?? 0)}`, points.map((p) => `${p.seriesName}: ${formatValue(p.value[1])}`));
      },
    },
    xAxis: { type: 'value', min: 0, max: 1, ...axisName('Threshold (predict positive at or above)', 28), axisLabel: ticks },
    yAxis: { type: 'value', min: 0, max: 1, ...axisName('Score', 40), axisLabel: ticks },
    series: lines.map((l, i) => ({
      type: 'line' as const,
      name: l.name,
      showSymbol: false,
      data: table.threshold.map((t, k) => [t, l.values[k]!]),
      ...(i === 0 ? { markLine: { silent: true, symbol: ['none', 'none'], lineStyle: { color: '#868e96', type: 'solid' as const, width: 1.5 }, label: { formatter: `chosen ${formatThreshold(chosen)}` }, data: [{ xAxis: chosen }] } } : {}),
    })),
  };
}

/** The error of each slice of one column as bars (worse than overall in red), with the overall error as a line. */
export function sliceOption({ column, slices, overall, measure }: { column: string; slices: ErrorSlice[]; overall: number; measure: string }): ChartOption {
  return {
    grid: { left: 40, right: 24, top: 28, bottom: 48, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const s = slices[hoveredIndex(p)];
        if (!s) return '';
        return tooltipHtml(`${column}: ${s.label}`, [`${measure}: ${formatValue(s.error)}`, `${signedText(s.difference)} against overall ${formatValue(overall)}`, `${s.rows.toLocaleString('en')} rows`]);
      },
    },
    xAxis: { type: 'category', data: slices.map((s) => s.label), ...axisName(column, 32), axisLabel: { hideOverlap: true, width: 90, overflow: 'truncate' } },
    yAxis: { type: 'value', min: 0, ...axisName(measure, 48), axisLabel: ticks },
    series: [
      {
        type: 'bar',
        name: measure,
        barMaxWidth: 48,
        data: slices.map((s) => ({ value: s.error, itemStyle: { color: s.difference > 0 ? WORSE : ACCENT } })),
        markLine: { silent: true, symbol: ['none', 'none'], lineStyle: { color: '#868e96', type: 'dashed' }, label: { formatter: `overall ${formatValue(overall)}`, position: 'insideEndTop' }, data: [{ yAxis: overall }] },
      },
    ],
  };
}
