/** One column in depth: its statistics, and its distribution as a histogram (numbers, dates) or its most frequent values. */
import { useMemo } from 'react';
import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import type { ColumnProfile } from '@contract';
import { EChart } from '../../components/charts/EChart';
import { barOption, histogramOption } from '../../components/charts/options';
import { TYPE_INFO } from '../data/describe';
import { ColumnStats } from './ColumnStats';

function Histogram({ column }: { column: ColumnProfile }) {
  const dates = column.semanticType === 'datetime';
  const option = useMemo(
    () => (column.histogram ? histogramOption({ edges: column.histogram.edges, counts: column.histogram.counts, valueName: column.name, dates }) : null),
    [column, dates],
  );
  if (!option) return null;
  return <EChart option={option} label={`Histogram of ${column.name}`} />;
}

function TopValues({ column, rows }: { column: ColumnProfile; rows: number }) {
  const option = useMemo(() => {
    const top = column.topValues ?? [];
    return barOption({
      categories: top.map((t) => t.value),
      values: top.map((t) => t.count),
      categoryName: column.name,
      valueName: 'Rows',
      horizontal: true,
      details: (i) => [`${((100 * (top[i]?.count ?? 0)) / Math.max(1, rows)).toFixed(1)}% of all rows`],
    });
  }, [column, rows]);
  const top = column.topValues ?? [];
  if (top.length === 0) return null;
  if (top.every((t) => t.count === 1)) {
    return (
      <Text size="sm" c="dimmed">
        Every value of {column.name} appears once, so there is no distribution to chart.
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      <EChart option={option} label={`Most frequent values of ${column.name}`} height={Math.max(160, 36 + top.length * 26)} />
      {column.distinct > top.length && (
        <Text size="xs" c="dimmed">
          The {top.length} most frequent of {column.distinct.toLocaleString()} distinct values.
        </Text>
      )}
    </Stack>
  );
}

export function ColumnDetail({ column, rows }: { column: ColumnProfile; rows: number }) {
  const showHistogram = column.semanticType === 'integer' || column.semanticType === 'float' || column.semanticType === 'datetime';
  return (
    <Stack gap="md" aria-label={`Column ${column.name}`} role="region">
      <Group gap="xs" align="baseline">
        <Title order={3} size="h5">
          {column.name}
        </Title>
        <Badge variant="light" color={TYPE_INFO[column.semanticType].color} size="sm" style={{ textTransform: 'none' }}>
          {TYPE_INFO[column.semanticType].label}
        </Badge>
        <Text size="xs" c="dimmed">
          stored as {column.storageType}
        </Text>
      </Group>
      <ColumnStats column={column} />
      {showHistogram ? <Histogram column={column} /> : <TopValues column={column} rows={rows} />}
    </Stack>
  );
}
