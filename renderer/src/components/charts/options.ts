/**
 * Chart options Gyre's pages share: histograms, labelled bars, a correlation heatmap, box plots and scatter plots.
 * Every option names its axes and explains each point in its tooltip.
 */
import type { ChartOption } from './echarts';
import { binLabels, formatCoefficient, formatNumber, formatTick } from './numbers';
import { hoveredIndex, tooltipHtml } from './tooltip';

const axisName = (name: string, gap: number) => ({ name, nameLocation: 'middle' as const, nameGap: gap, nameTextStyle: { fontWeight: 'bold' as const } });

export interface HistogramInput {
  edges: number[];
  counts: number[];
  /** What the bins are of, for the x axis, e.g. "age". */
  valueName: string;
  /** Edges are epoch milliseconds. */
  dates?: boolean;
  countName?: string;
}

export function histogramOption({ edges, counts, valueName, dates = false, countName = 'Rows' }: HistogramInput): ChartOption {
  const { short, full } = binLabels(edges, dates);
  const total = counts.reduce((a, b) => a + b, 0) || 1;
  return {
    grid: { left: 64, right: 24, top: 24, bottom: 64 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const i = hoveredIndex(p);
        const n = counts[i] ?? 0;
        return tooltipHtml(`${valueName}: ${full[i] ?? ''}`, [`${n.toLocaleString()} ${countName.toLowerCase()} (${((100 * n) / total).toFixed(1)}%)`]);
      },
    },
    xAxis: { type: 'category', data: short, ...axisName(valueName, 40), axisLabel: { hideOverlap: true }, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', ...axisName(countName, 48), minInterval: 1 },
    series: [{ type: 'bar', name: countName, data: counts, barCategoryGap: '6%' }],
  };
}

export interface BarInput {
  categories: string[];
  values: number[];
  categoryName: string;
  valueName: string;
  /** Bars grow to the right, categories listed top to bottom in the given order. */
  horizontal?: boolean;
  formatValue?: (value: number) => string;
  /** Extra tooltip lines for the bar at an index. */
  details?: (index: number) => string[];
  color?: string;
}

export function barOption({ categories, values, categoryName, valueName, horizontal = false, formatValue = formatNumber, details, color }: BarInput): ChartOption {
  const longest = Math.max(0, ...categories.map((c) => c.length));
  const labelWidth = Math.min(160, Math.max(40, longest * 7));
  const categoryAxis = {
    type: 'category' as const,
    data: categories,
    inverse: horizontal,
    axisLabel: horizontal ? { width: labelWidth, overflow: 'truncate' as const } : { hideOverlap: true, width: 90, overflow: 'truncate' as const },
    ...axisName(categoryName, horizontal ? labelWidth + 12 : 32),
  };
  const valueAxis = { type: 'value' as const, ...axisName(valueName, horizontal ? 30 : 52), axisLabel: { formatter: (v: number) => formatTick(v) } };
  return {
    grid: horizontal ? { left: labelWidth + 36, right: 56, top: 12, bottom: 48 } : { left: 72, right: 24, top: 28, bottom: 56 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const i = hoveredIndex(p);
        return tooltipHtml(categories[i] ?? '', [`${valueName}: ${formatValue(values[i] ?? 0)}`, ...(details?.(i) ?? [])]);
      },
    },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: [
      {
        type: 'bar',
        name: valueName,
        data: values,
        barMaxWidth: 48,
        ...(color ? { itemStyle: { color } } : {}),
        label: { show: categories.length <= 20, position: horizontal ? 'right' : 'top', formatter: (p: { value?: unknown }) => formatValue(Number(p.value)) },
      },
    ],
  };
}

export interface HeatmapInput {
  columns: string[];
  values: (number | null)[][];
  measure: string;
  min: number;
  max: number;
  /** Colors from min to max. */
  colors: string[];
}

export function heatmapOption({ columns, values, measure, min, max, colors }: HeatmapInput): ChartOption {
  const data: [number, number, number | '-'][] = [];
  values.forEach((row, i) => row.forEach((v, j) => data.push([j, i, v ?? '-'])));
  const showLabels = columns.length <= 12;
  return {
    grid: { left: 8, right: 84, top: 8, bottom: 8 },
    tooltip: {
      formatter: (p: unknown) => {
        const i = hoveredIndex(p);
        const [x, y, v] = data[i] ?? [0, 0, '-'];
        const value = v === '-' ? 'not defined (a constant column)' : v.toFixed(3);
        return tooltipHtml(`${columns[y] ?? ''} × ${columns[x] ?? ''}`, [`${measure}: ${value}`]);
      },
    },
    xAxis: { type: 'category', data: columns, axisLabel: { rotate: 40, interval: 0, width: 110, overflow: 'truncate' }, splitArea: { show: true } },
    yAxis: { type: 'category', data: columns, inverse: true, axisLabel: { interval: 0, width: 110, overflow: 'truncate' }, splitArea: { show: true } },
    visualMap: { min, max, calculable: true, orient: 'vertical', right: 0, top: 'middle', itemHeight: 180, precision: 2, inRange: { color: colors } },
    series: [
      {
        type: 'heatmap',
        name: measure,
        data,
        label: { show: showLabels, formatter: (p: { value?: unknown }) => (Array.isArray(p.value) && typeof p.value[2] === 'number' ? formatCoefficient(p.value[2]) : '') },
        emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } },
      },
    ],
  };
}

export interface BoxplotInput {
  /** One box per group, e.g. per class of the target. */
  groups: { name: string; min: number; q1: number; median: number; q3: number; max: number }[];
  groupName: string;
  valueName: string;
}

export function boxplotOption({ groups, groupName, valueName }: BoxplotInput): ChartOption {
  return {
    grid: { left: 8, right: 16, top: 16, bottom: 8 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const g = groups[hoveredIndex(p)];
        if (!g) return '';
        const line = (label: string, v: number) => `${label}: ${formatNumber(v)}`;
        return tooltipHtml(`${groupName} = ${g.name}`, [line('max', g.max), line('upper quartile', g.q3), line('median', g.median), line('lower quartile', g.q1), line('min', g.min)]);
      },
    },
    xAxis: { type: 'category', data: groups.map((g) => g.name), ...axisName(groupName, 30), axisLabel: { width: 90, overflow: 'truncate' } },
    yAxis: { type: 'value', ...axisName(valueName, 44), scale: true, axisLabel: { formatter: (v: number) => formatTick(v) } },
    series: [
      {
        type: 'boxplot',
        name: valueName,
        data: groups.map((g) => [g.min, g.q1, g.median, g.q3, g.max]),
        boxWidth: [12, 48],
        // A tinted box reads on light and dark cards alike (the default white fill glares in dark mode).
        itemStyle: { color: 'rgba(92, 124, 250, 0.18)', borderColor: '#5c7cfa', borderWidth: 1.5 },
      },
    ],
  };
}

export interface ScatterInput {
  points: [number, number][];
  xName: string;
  yName: string;
}

export function scatterOption({ points, xName, yName }: ScatterInput): ChartOption {
  return {
    grid: { left: 8, right: 16, top: 16, bottom: 8 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const [x, y] = points[hoveredIndex(p)] ?? [0, 0];
        return tooltipHtml('Sampled row', [`${xName}: ${formatNumber(x)}`, `${yName}: ${formatNumber(y)}`]);
      },
    },
    xAxis: { type: 'value', scale: true, ...axisName(xName, 30), axisLabel: { formatter: (v: number) => formatTick(v) } },
    yAxis: { type: 'value', scale: true, ...axisName(yName, 44), axisLabel: { formatter: (v: number) => formatTick(v) } },
    series: [{ type: 'scatter', name: yName, data: points, symbolSize: 5, itemStyle: { opacity: 0.6 } }],
  };
}
