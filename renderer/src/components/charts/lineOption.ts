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
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
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
