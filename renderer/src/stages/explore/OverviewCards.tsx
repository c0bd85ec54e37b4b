/** The profile at a glance: shape, missing cells, duplicates, stored size and how many columns of each type. */
import type { ReactNode } from 'react';
import { Badge, Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { SEMANTIC_TYPES, type Profile } from '@contract';
import { formatPct } from '../../components/charts/numbers';
import { formatDateTime } from '../../components/format';
import { TYPE_INFO, formatBytes } from '../data/describe';

function Stat({ label, value, detail }: { label: string; value: ReactNode; detail?: string }) {
  return (
    <Paper withBorder p="md" radius="md" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fz={24} fw={700} lh={1.3}>
        {value}
      </Text>
      {detail && (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      )}
    </Paper>
  );
}

export function OverviewCards({ profile }: { profile: Profile }) {
  const o = profile.overview;
  const duplicatePct = o.rows > 0 ? (100 * o.duplicateRows) / o.rows : 0;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, xl: 6 }} spacing="md" component="section" aria-label="Overview">
      <Stat
        label="Rows"
        value={o.rows.toLocaleString()}
        detail={`Profiled ${formatDateTime(profile.computedAt)}${o.approximate ? ' · distinct counts and quantiles approximate' : ''}`}
      />
      <Stat label="Columns" value={o.columns.toLocaleString()} />
      <Stat label="Missing cells" value={formatPct(o.missingCellsPct)} detail={`${o.missingCells.toLocaleString()} of ${(o.rows * o.columns).toLocaleString()} cells`} />
      <Stat label="Duplicate rows" value={o.duplicateRows.toLocaleString()} detail={o.duplicateRows > 0 ? `${formatPct(duplicatePct)} of rows` : 'Every row is distinct'} />
      <Stat label="Stored size" value={formatBytes(o.storedBytes)} detail="Parquet, compressed" />
      <Stat
        label="Column types"
        value={
          <Group gap={4} mt={6}>
            {SEMANTIC_TYPES.filter((t) => (o.typeCounts[t] ?? 0) > 0).map((t) => (
              <Badge key={t} variant="light" color={TYPE_INFO[t].color} size="sm" style={{ textTransform: 'none' }}>
                {o.typeCounts[t]} {TYPE_INFO[t].label.toLowerCase()}
              </Badge>
            ))}
          </Group>
        }
      />
    </SimpleGrid>
  );
}
