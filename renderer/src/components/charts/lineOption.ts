/** Line charts: learning curves (loss per round or epoch), one line per series, with the best point marked. */
import type { ChartOption } from './echarts';
import { formatNumber, formatTick } from './numbers';
import { tooltipHtml } from './tooltip';

const axisName = (name: string, gap: number) => ({ name, nameLocation: 'middle' as const, nameGap: gap, nameTextStyle: { fontWeight: 'bold' as const } });

export interface LineInput {
  /** Series by name; point i is at x = i + 1. Null where a value was not finite. */
  series: Record<string, (number | null)[]>;
  xName: string;
  yName: string;
  /** Marks this x (1-based) with a vertical line and label, e.g. the kept epoch. */
  marker?: { x: number; label: string };
}

export function lineOption({ series, xName, yName, marker }: LineInput): ChartOption {
  const names = Object.keys(series);
  const length = Math.max(0, ...names.map((n) => series[n]!.length));
  return {
    // Room outside the labels for the axis names (containLabel covers the tick labels only).
    grid: { left: 40, right: 16, top: 32, bottom: 36, containLabel: true },
    legend: { top: 0, data: names },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const points = (Array.isArray(params) ? params : [params]) as { seriesName: string; value: [number, number | null] }[];
        const x = points[0]?.value[0] ?? 0;
        return tooltipHtml(`${xName} ${x}`, points.map((p) => `${p.seriesName}: ${p.value[1] === null ? '—' : formatNumber(p.value[1])}`));
      },
    },
    xAxis: { type: 'value', min: 1, max: Math.max(1, length), ...axisName(xName, 28), axisLabel: { formatter: (v: number) => formatTick(v) } },
    yAxis: { type: 'value', scale: true, ...axisName(yName, 48), axisLabel: { formatter: (v: number) => formatTick(v) } },
    series: names.map((name, i) => ({
      type: 'line' as const,
      name,
      showSymbol: length <= 30,
      data: series[name]!.map((v, x) => [x + 1, v]),
      ...(i === 0 && marker ? { markLine: { symbol: 'none', silent: true, label: { formatter: marker.label }, data: [{ xAxis: marker.x }] } } : {}),
    })),
  };
}

export interface XyInput {
  /** One line per series, points in drawing order. */
  series: { name: string; x: number[]; y: number[] }[];
  xName: string;
  yName: string;
  /** Axis range [0, 1] on both axes, with the dashed y = x line (ROC, calibration). */
  unitSquare?: boolean;
  /** Points instead of lines (residuals). */
  scatter?: boolean;
}

/** Curves that share axes: ROC, precision-recall and calibration curves of several runs, or their residuals. */
export function xyOption({ series, xName, yName, unitSquare = false, scatter = false }: XyInput): ChartOption {
  const range = unitSquare ? { min: 0, max: 1 } : { scale: true };
  return {
    // Room outside the labels for the axis names (containLabel covers the tick labels only).
    grid: { left: 40, right: 16, top: 32, bottom: 36, containLabel: true },
    legend: { top: 0, data: series.map((s) => s.name) },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const point = p as { seriesName: string; value: [number, number] };
        return tooltipHtml(point.seriesName, [`${xName}: ${formatNumber(point.value[0])}`, `${yName}: ${formatNumber(point.value[1])}`]);
      },
    },
    xAxis: { type: 'value', ...range, ...axisName(xName, 28), axisLabel: { formatter: (v: number) => formatTick(v) } },
    yAxis: { type: 'value', ...range, ...axisName(yName, 44), axisLabel: { formatter: (v: number) => formatTick(v) } },
    series: [
      ...series.map((s) =>
        scatter
          ? { type: 'scatter' as const, name: s.name, symbolSize: 4, itemStyle: { opacity: 0.6 }, data: s.x.map((x, i) => [x, s.y[i]!]) }
          : { type: 'line' as const, name: s.name, showSymbol: false, data: s.x.map((x, i) => [x, s.y[i]!]) },
      ),
      ...(unitSquare ? [{ type: 'line' as const, name: 'y = x', silent: true, showSymbol: false, lineStyle: { type: 'dashed' as const, color: '#999', width: 1 }, data: [[0, 0], [1, 1]] }] : []),
    ],
  };
}
