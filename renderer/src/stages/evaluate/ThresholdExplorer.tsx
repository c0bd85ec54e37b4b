/**
 * Choosing where a binary model's score turns into a "yes": a slider over the thresholds the report measured,
 * the precision, recall, F1, accuracy and confusion counts there, and the sweep with the choice marked.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Button, Group, SimpleGrid, Slider, Stack, Table, Text } from '@mantine/core';
import type { ThresholdTable } from '@contract';
import { EChart } from '../../components/charts/EChart';
import { thresholdOption } from './evaluationCharts';
import { formatValue } from './evaluationText';
import { bestF1Index, formatThreshold, pointAt, pointSummary, sliderMarks, startIndex, type ThresholdPoint } from './thresholdExplorer';
import { Part, ReportSection } from './ReportSection';

function Scores({ point }: { point: ThresholdPoint }) {
  const rows: [string, number][] = [
    ['Precision', point.precision],
    ['Recall', point.recall],
    ['F1', point.f1],
    ['Accuracy', point.accuracy],
  ];
  return (
    <Table aria-label="Scores at the chosen threshold" withRowBorders={false} verticalSpacing={2} style={{ fontVariantNumeric: 'tabular-nums' }}>
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Td c="dimmed">{k}</Table.Td>
            <Table.Td ta="right" fw={600}>
              {formatValue(v)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Counts({ point, positive }: { point: ThresholdPoint; positive: string }) {
  const cell = (n: number, what: string) => (
    <Table.Td ta="right" title={what} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {n.toLocaleString('en')}
      <Text span size="xs" c="dimmed" display="block">
        {what}
      </Text>
    </Table.Td>
  );
  return (
    <Table aria-label="Confusion counts at the chosen threshold" withTableBorder withColumnBorders>
      <Table.Thead>
        <Table.Tr>
          <Table.Th />
          <Table.Th ta="right">Predicted “{positive}”</Table.Th>
          <Table.Th ta="right">Predicted other</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        <Table.Tr>
          <Table.Th>Actually “{positive}”</Table.Th>
          {cell(point.tp, 'true positives')}
          {cell(point.fn, 'missed')}
        </Table.Tr>
        <Table.Tr>
          <Table.Th>Actually other</Table.Th>
          {cell(point.fp, 'false alarms')}
          {cell(point.tn, 'true negatives')}
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

/** `save` draws a control that keeps the chosen threshold (with a model version). */
export function ThresholdExplorer({ table, positiveLabel, save }: { table: ThresholdTable; positiveLabel: string | null; save?: (threshold: number) => ReactNode }) {
  const [index, setIndex] = useState(() => startIndex(table));
  const point = pointAt(table, index);
  const positive = positiveLabel ?? 'positive';
  const marks = useMemo(() => sliderMarks(table.threshold), [table.threshold]);
  const best = bestF1Index(table);
  const option = useMemo(() => thresholdOption({ table, chosen: point.threshold }), [table, point.threshold]);
  const last = table.threshold.length - 1;
  return (
    <ReportSection
      title="Threshold explorer"
      description={`The model gives each row a score; rows at or above the threshold are predicted “${positive}”. A lower threshold catches more of them (recall) at the price of more false alarms (precision): choose it for what a miss and a false alarm cost you.`}
      actions={
        <Group gap="xs">
          <Button size="xs" variant="light" onClick={() => setIndex(best)} disabled={index === best}>
            Best F1 ({formatThreshold(table.threshold[best] ?? table.bestF1)})
          </Button>
          {save?.(point.threshold)}
        </Group>
      }
    >
      <Stack gap="xs" px="sm" pb="lg">
        <Text size="sm">
          Threshold: <b>{formatThreshold(point.threshold)}</b>
        </Text>
        <Slider
          data-testid="threshold-slider"
          thumbLabel="Threshold"
          thumbValueText={(i) => formatThreshold(table.threshold[i] ?? 0)}
          min={0}
          max={Math.max(0, last)}
          step={1}
          value={index}
          onChange={setIndex}
          label={(i) => formatThreshold(table.threshold[i] ?? 0)}
          marks={marks}
          disabled={last <= 0}
        />
      </Stack>
      <Text size="sm">{pointSummary(point, positive)}</Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" maw={900}>
        <Scores point={point} />
        <Counts point={point} positive={positive} />
      </SimpleGrid>
      <Part title="Precision, recall and F1 by threshold">
        <EChart option={option} label={`Precision, recall and F1 against the threshold, chosen ${formatThreshold(point.threshold)}`} height={280} />
      </Part>
    </ReportSection>
  );
}
