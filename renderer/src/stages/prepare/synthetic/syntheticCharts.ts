/** Charts of the synthetic-data report: a column's real and synthetic shares side by side, and distances to the closest real row. */
import type { ColumnChart, NearestNeighbourCheck } from '@contract';
import type { ChartOption } from '../../../components/charts/echarts';
import { binLabels } from '../../../components/charts/numbers';
import { escapeHtml as escape } from '../../../components/charts/tooltip';

export const SERIES = { real: 'Real', synthetic: 'Synthetic' };
const COLORS = { real: '#5470c6', synthetic: '#ee8a3c' };

/** Real (blue) and synthetic (orange) shares of each bin or category: the same shape means the same distribution. */
export function columnChartOption(chart: ColumnChart, valueName: string): ChartOption {
  const labels = chart.kind === 'histogram' ? binLabels(chart.edges, chart.dates) : { short: chart.labels, full: chart.labels };
  return {
    color: [COLORS.real, COLORS.synthetic],
    legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 }, data: [SERIES.real, SERIES.synthetic] },
    grid: { left: 40, right: 8, top: 24, bottom: 36 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const points = (Array.isArray(p) ? p : [p]) as { dataIndex: number; seriesName: string; value: number }[];
        const i = points[0]?.dataIndex ?? 0;
        return [`<b>${escape(valueName)}: ${escape(labels.full[i] ?? '')}</b>`, ...points.map((x) => `${escape(x.seriesName)}: ${(100 * x.value).toFixed(1)}%`)].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: labels.short, axisLabel: { hideOverlap: true, fontSize: 10, width: 70, overflow: 'truncate' }, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', axisLabel: { fontSize: 10, formatter: (v: number) => `${Math.round(100 * v)}%` }, splitNumber: 3 },
    series: [
      { type: 'bar', name: SERIES.real, data: chart.real, barGap: '0%', barCategoryGap: chart.kind === 'histogram' ? '8%' : '30%' },
      { type: 'bar', name: SERIES.synthetic, data: chart.synthetic },
    ],
  };
}

/** Percentiles of the distance to the closest real row: synthetic rows against held-out real rows. */
export function neighbourOption(nn: NearestNeighbourCheck): ChartOption {
  const levels = nn.levels.map((l) => `${Math.round(100 * l)}th`);
  return {
    color: [COLORS.synthetic, COLORS.real],
    legend: { top: 0, data: ['Synthetic row → closest real row', 'Held-out real row → closest other real row'] },
    grid: { left: 56, right: 16, top: 32, bottom: 48 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => Number(v).toFixed(3) },
    xAxis: { type: 'category', data: levels, name: 'Percentile of the distances', nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', name: 'Distance', nameLocation: 'middle', nameGap: 40 },
    series: [
      { type: 'bar', name: 'Synthetic row → closest real row', data: nn.syntheticToReal },
      { type: 'bar', name: 'Held-out real row → closest other real row', data: nn.realToReal },
    ],
  };
}
