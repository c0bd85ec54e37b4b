/** The relation-to-target chart: one bar per feature, strongest first, colored and labelled by the measure used. */
import type { TargetAnalysis } from '@contract';
import type { ChartOption } from '../../components/charts/echarts';
import { hoveredIndex, tooltipHtml } from '../../components/charts/tooltip';

type Measure = TargetAnalysis['relations'][number]['measure'];

export const MEASURE_LABELS: Record<Measure, string> = {
  pearson: '|Pearson r| (number ↔ number)',
  correlation_ratio: 'Correlation ratio η (number ↔ categories)',
  cramers_v: 'Cramér’s V (category ↔ category)',
};

const MEASURE_COLORS: Record<Measure, string> = { pearson: '#4c6ef5', correlation_ratio: '#12b886', cramers_v: '#f08c00' };

export function relationsOption(relations: TargetAnalysis['relations'], target: string): ChartOption {
  const measures = (Object.keys(MEASURE_LABELS) as Measure[]).filter((m) => relations.some((r) => r.measure === m));
  const names = relations.map((r) => r.column);
  const labelWidth = Math.min(160, Math.max(48, Math.max(...names.map((n) => n.length)) * 7));
  return {
    legend: { top: 0, data: measures.map((m) => MEASURE_LABELS[m]) },
    grid: { left: labelWidth + 20, right: 48, top: 56, bottom: 8 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (p: unknown) => {
        const r = relations[hoveredIndex(p)];
        return r ? tooltipHtml(`${r.column} ↔ ${target}`, [`${MEASURE_LABELS[r.measure]}: ${r.value.toFixed(3)}`]) : '';
      },
    },
    xAxis: { type: 'value', min: 0, max: 1, name: `Strength of relation to ${target} (0 none – 1 perfect)`, nameLocation: 'middle', nameGap: 28, nameTextStyle: { fontWeight: 'bold' } },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: labelWidth, overflow: 'truncate' } },
    series: measures.map((m) => ({
      type: 'bar' as const,
      name: MEASURE_LABELS[m],
      stack: 'relation',
      barMaxWidth: 28,
      itemStyle: { color: MEASURE_COLORS[m] },
      data: relations.map((r) => (r.measure === m ? r.value : null)),
      label: { show: true, position: 'right' as const, formatter: (q: { value?: unknown }) => (typeof q.value === 'number' ? q.value.toFixed(2) : '') },
    })),
  };
}
