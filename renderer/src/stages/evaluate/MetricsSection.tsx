/**
 * Every metric of the evaluation with its 95% bootstrap interval: a table of all of them, and the metrics bounded
 * by 0 and 1 as dots with whiskers on one shared axis, so their uncertainty can be compared at a glance.
 */
import { useMemo } from 'react';
import { SimpleGrid, Table, Text } from '@mantine/core';
import type { EvaluationReport } from '@contract';
import { EChart } from '../../components/charts/EChart';
import { intervalOption } from './evaluationCharts';
import { formatValue, metricLines, onUnitScale, rangeText, type MetricLine } from './evaluationText';
import { Part, ReportSection } from './ReportSection';

function MetricsTable({ lines }: { lines: MetricLine[] }) {
  return (
    <Table aria-label="Metrics with 95% intervals" withTableBorder verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Metric</Table.Th>
          <Table.Th ta="right">Value</Table.Th>
          <Table.Th ta="right">95% interval</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lines.map((m) => (
          <Table.Tr key={m.key}>
            <Table.Td>
              {m.label}
              {m.note && (
                <Text size="xs" c="dimmed">
                  {m.note}
                </Text>
              )}
            </Table.Td>
            <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatValue(m.value)}
            </Table.Td>
            <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {m.low !== null && m.high !== null ? rangeText(m.low, m.high) : '—'}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function MetricsSection({ report }: { report: EvaluationReport }) {
  const lines = useMemo(() => metricLines(report.metrics), [report.metrics]);
  const unit = useMemo(() => lines.filter((m) => onUnitScale(m.key) && m.value !== null), [lines]);
  const option = useMemo(() => intervalOption({ items: unit, valueName: 'Value (0 to 1)', min: 0, max: 1 }), [unit]);
  return (
    <ReportSection
      title="Metrics with confidence intervals"
      description={`Each metric on the ${report.rows.toLocaleString('en')} rows, with the range that holds it in 95% of ${report.resamples.toLocaleString('en')} bootstrap resamples. A wide interval means the rows are too few to pin the number down; compare models by their intervals, not their point values.`}
    >
      <SimpleGrid cols={{ base: 1, lg: unit.length > 0 ? 2 : 1 }} spacing="lg">
        <MetricsTable lines={lines} />
        {unit.length > 0 && (
          <Part title="Scores between 0 and 1">
            <EChart option={option} label={`Dot-and-whisker chart of ${unit.map((m) => m.label).join(', ')} with their 95% intervals`} height={Math.max(160, 60 + unit.length * 34)} />
          </Part>
        )}
      </SimpleGrid>
    </ReportSection>
  );
}
