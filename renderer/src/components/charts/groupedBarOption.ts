/** Bars side by side per category, one colour per series (say, rows per class before and after resampling). */
import type { ChartOption } from './echarts';
import { formatNumber, formatTick } from './numbers';
import { hoveredIndex, tooltipHtml } from './tooltip';

const axisName = (name: string, gap: number) => ({ name, nameLocation: 'middle' as const, nameGap: gap, nameTextStyle: { fontWeight: 'bold' as const } });

export interface GroupedBarInput {
  categories: string[];
  /** One bar per category each, in legend order. */
  series: { name: string; values: number[]; color?: string }[];
  categoryName: string;
  valueName: string;
}

export function groupedBarOption({ categories, series, categoryName, valueName }: GroupedBarInput): ChartOption {
  return {
    grid: { left: 72, right: 24, top: 36, bottom: 52 },
    legend: { top: 0, data: series.map((s) => s.name) },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const i = hoveredIndex(p);
        return tooltipHtml(`${categoryName}: ${categories[i] ?? ''}`, series.map((s) => `${s.name}: ${formatNumber(s.values[i] ?? 0)} ${valueName.toLowerCase()}`));
      },
    },
    xAxis: { type: 'category', data: categories, ...axisName(categoryName, 30), axisLabel: { hideOverlap: true, width: 110, overflow: 'truncate' }, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', ...axisName(valueName, 52), minInterval: 1, axisLabel: { formatter: (v: number) => formatTick(v) } },
    series: series.map((s) => ({
      type: 'bar' as const,
      name: s.name,
      data: s.values,
      barMaxWidth: 56,
      ...(s.color ? { itemStyle: { color: s.color } } : {}),
      label: { show: categories.length * series.length <= 24, position: 'top' as const, formatter: (p: { value?: unknown }) => formatNumber(Number(p.value)) },
    })),
  };
}
