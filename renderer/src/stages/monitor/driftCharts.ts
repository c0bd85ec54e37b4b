/** A feature's distribution in the training rows and in the batch, overlaid: shares per bin or per category. */
import type { DistributionChart } from '@contract';
import type { ChartOption } from '../../components/charts/echarts';
import { binLabels } from '../../components/charts/numbers';
import { hoveredIndex, tooltipHtml } from '../../components/charts/tooltip';
import { pct } from './monitorText';

const axisName = (name: string, gap: number) => ({ name, nameLocation: 'middle' as const, nameGap: gap, nameTextStyle: { fontWeight: 'bold' as const } });
export const SIDE_NAMES = ['Training rows', 'This batch'] as const;
const SIDE_COLORS = ['#868e96', '#fd7e14'];

export function distributionOption(chart: DistributionChart, valueName: string): ChartOption {
  const labels = chart.kind === 'numeric' ? binLabels(chart.edges, false) : { short: chart.categories, full: chart.categories };
  const sides = [chart.reference, chart.batch];
  return {
    grid: { left: 64, right: 24, top: 36, bottom: 56 },
    legend: { top: 0, data: [...SIDE_NAMES] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const i = hoveredIndex(p);
        return tooltipHtml(`${valueName}: ${labels.full[i] ?? ''}`, SIDE_NAMES.map((n, s) => `${n}: ${pct(sides[s]![i] ?? 0)} of rows`));
      },
    },
    xAxis: {
      type: 'category',
      data: labels.short,
      ...axisName(chart.kind === 'numeric' ? `${valueName} (bins over both sides’ range)` : valueName, 36),
      axisLabel: { hideOverlap: true, width: 100, overflow: 'truncate' },
      axisTick: { alignWithLabel: true },
    },
    yAxis: { type: 'value', min: 0, ...axisName('Share of rows', 48), axisLabel: { formatter: (v: number) => `${Math.round(100 * v)} %` } },
    series: SIDE_NAMES.map((name, s) => ({
      type: 'bar' as const,
      name,
      data: sides[s]!,
      barGap: chart.kind === 'numeric' ? '-100%' : '10%',
      barCategoryGap: chart.kind === 'numeric' ? '4%' : '30%',
      itemStyle: { color: SIDE_COLORS[s], opacity: chart.kind === 'numeric' ? 0.6 : 0.9 },
    })),
  };
}
