/** Above the grid: how many rows match, the sort, and the active filters (each removable). */
import { Button, Group, Pill, Text } from '@mantine/core';
import type { RowFilter } from '@contract';
import { describeFilter } from './filters';
import type { RowSort } from './useRowPages';

interface Props {
  total: number | null;
  rowCount: number;
  sort: RowSort | null;
  filters: RowFilter[];
  loading: boolean;
  onRemoveFilter(column: string): void;
  onClear(): void;
}

export function rowCountText(total: number | null, rowCount: number, filtered: boolean): string {
  if (total === null) return 'Counting rows…';
  if (!filtered) return `${total.toLocaleString()} ${total === 1 ? 'row' : 'rows'}`;
  return `${total.toLocaleString()} of ${rowCount.toLocaleString()} rows match`;
}

export function GridToolbar({ total, rowCount, sort, filters, loading, onRemoveFilter, onClear }: Props) {
  return (
    <Group justify="space-between" gap="sm" mih={28}>
      <Group gap="sm">
        <Text size="sm" fw={600} aria-live="polite" data-testid="grid-row-count">
          {rowCountText(total, rowCount, filters.length > 0)}
        </Text>
        {sort && (
          <Text size="sm" c="dimmed">
            sorted by {sort.column}, {sort.descending ? 'descending' : 'ascending'}
          </Text>
        )}
        {loading && (
          <Text size="xs" c="dimmed">
            loading…
          </Text>
        )}
      </Group>
      {filters.length > 0 && (
        <Group gap={6}>
          {filters.map((f) => (
            <Pill key={f.column} withRemoveButton onRemove={() => onRemoveFilter(f.column)} removeButtonProps={{ 'aria-label': `Remove filter ${describeFilter(f)}` }}>
              {describeFilter(f)}
            </Pill>
          ))}
          <Button size="compact-xs" variant="subtle" color="gray" onClick={onClear}>
            Clear filters
          </Button>
        </Group>
      )}
    </Group>
  );
}
