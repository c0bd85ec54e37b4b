/** A grid column's header: its name as a sort button (ascending → descending → none), a filter, and its type. */
import { Badge, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import type { ColumnSchema, RowFilter } from '@contract';
import { TYPE_INFO } from '../describe';
import { FilterPopover } from './FilterPopover';
import type { RowSort } from './useRowPages';

interface Props {
  column: ColumnSchema;
  sort: RowSort | null;
  filter: RowFilter | undefined;
  onSort(sort: RowSort | null): void;
  onFilter(filter: RowFilter | null): void;
}

export function nextSort(column: string, sort: RowSort | null): RowSort | null {
  if (sort?.column !== column) return { column, descending: false };
  return sort.descending ? null : { column, descending: true };
}

export function ColumnHeader({ column, sort, filter, onSort, onFilter }: Props) {
  const sorted = sort?.column === column.name ? sort : null;
  const info = TYPE_INFO[column.semanticType];
  const arrow = sorted ? (sorted.descending ? '▼' : '▲') : '';
  return (
    <Stack gap={2} px={8} py={6} h="100%" justify="center">
      <Group gap={4} wrap="nowrap" justify="space-between">
        <UnstyledButton
          aria-label={`Sort by ${column.name}`}
          title={sorted ? (sorted.descending ? 'Sorted descending — click to clear' : 'Sorted ascending — click for descending') : 'Click to sort ascending'}
          onClick={() => onSort(nextSort(column.name, sort))}
          style={{ minWidth: 0, flex: 1 }}
        >
          <Group gap={4} wrap="nowrap" justify={info.numeric ? 'flex-end' : 'flex-start'}>
            <Text fw={600} size="sm" truncate>
              {column.name}
            </Text>
            {arrow && (
              <Text size="xs" c="indigo" aria-hidden>
                {arrow}
              </Text>
            )}
          </Group>
        </UnstyledButton>
        <FilterPopover column={column} current={filter} onApply={onFilter} />
      </Group>
      <Group gap={4} wrap="nowrap" justify={info.numeric ? 'flex-end' : 'flex-start'}>
        <Badge size="xs" variant="light" color={info.color} style={{ textTransform: 'none' }} title={`${info.label} · stored as ${column.storageType}`}>
          {info.short}
        </Badge>
      </Group>
    </Stack>
  );
}
