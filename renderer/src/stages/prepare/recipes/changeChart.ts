/** A column before and after a recipe step, as paired bars on the same bins (numbers, dates) or the same values. */
import type { ColumnChange, ColumnSchema } from '@contract';
import type { ChartOption } from '../../../components/charts/echarts';
import { binLabels, formatTick } from '../../../components/charts/numbers';
import { hoveredIndex, tooltipHtml } from '../../../components/charts/tooltip';

const BEFORE = '#868e96';
const AFTER = '#228be6';

function categoriesAndCounts(change: ColumnChange, dates: boolean): { labels: string[]; full: string[]; before: number[]; after: number[] } {
  const histogram = change.before?.histogram ?? change.after?.histogram;
  if (histogram) {
    const { short, full } = binLabels(histogram.edges, dates);
    return { labels: short, full, before: change.before?.histogram?.counts ?? [], after: change.after?.histogram?.counts ?? [] };
  }
  const values = [...new Set([...(change.before?.topValues ?? []), ...(change.after?.topValues ?? [])].map((v) => v.value))].slice(0, 10);
  const count = (side: ColumnChange['before'], v: string) => side?.topValues?.find((t) => t.value === v)?.count ?? 0;
  return { labels: values, full: values, before: change.before ? values.map((v) => count(change.before, v)) : [], after: change.after ? values.map((v) => count(change.after, v)) : [] };
}

export function changeOption(change: ColumnChange, column: ColumnSchema | undefined): ChartOption {
  const { labels, full, before, after } = categoriesAndCounts(change, column?.semanticType === 'datetime');
  const missing = [change.before ? `missing before: ${change.before.missing.toLocaleString()}` : '', change.after ? `missing after: ${change.after.missing.toLocaleString()}` : ''].filter(Boolean);
  const series = [
    ...(change.before ? [{ type: 'bar' as const, name: 'Before', data: before, itemStyle: { color: BEFORE }, barGap: '0%' }] : []),
    ...(change.after ? [{ type: 'bar' as const, name: 'After', data: after, itemStyle: { color: AFTER } }] : []),
  ];
  return {
    grid: { left: 56, right: 16, top: 36, bottom: 48 },
    legend: { top: 0, right: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const i = hoveredIndex(p);
        return tooltipHtml(`${change.column}: ${full[i] ?? ''}`, [...(change.before ? [`before: ${(before[i] ?? 0).toLocaleString()} rows`] : []), ...(change.after ? [`after: ${(after[i] ?? 0).toLocaleString()} rows`] : []), ...missing]);
      },
    },
    xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true }, name: change.column, nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', name: 'Rows', minInterval: 1, axisLabel: { formatter: (v: number) => formatTick(v) } },
    series,
  };
}
