/** Every column of the profile with its type, missing share, distinct count and key statistic; a click opens its detail. */
import { Badge, ScrollArea, Table, Text, UnstyledButton } from '@mantine/core';
import type { ColumnProfile } from '@contract';
import { formatPct } from '../../components/charts/numbers';
import { TYPE_INFO } from '../data/describe';
import { keyStat } from './columnText';

interface Props {
  columns: ColumnProfile[];
  rows: number;
  selected: string;
  onSelect(name: string): void;
}

export function ColumnsTable({ columns, rows, selected, onSelect }: Props) {
  return (
    <ScrollArea.Autosize mah={520} type="auto">
      <Table highlightOnHover verticalSpacing={6} aria-label="Columns" stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Column</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th ta="right">Missing</Table.Th>
            <Table.Th ta="right">Distinct</Table.Th>
            <Table.Th>Key statistic</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {columns.map((c) => {
            const isSelected = c.name === selected;
            return (
              <Table.Tr key={c.name} bg={isSelected ? 'var(--mantine-primary-color-light)' : undefined} style={{ cursor: 'pointer' }} onClick={() => onSelect(c.name)}>
                <Table.Td>
                  <UnstyledButton aria-label={`Show column ${c.name}`} aria-pressed={isSelected} onClick={(e) => {
                      e.stopPropagation();
                      onSelect(c.name);
                    }}>
                    <Text size="sm" fw={600} truncate maw={200}>
                      {c.name}
                    </Text>
                  </UnstyledButton>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={TYPE_INFO[c.semanticType].color} size="sm" style={{ textTransform: 'none', minWidth: 'max-content' }}>
                    {TYPE_INFO[c.semanticType].label}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right" ff="monospace" fz="sm" c={c.missing > 0 ? undefined : 'dimmed'}>
                  {formatPct(c.missingPct)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace" fz="sm">
                  {c.distinct.toLocaleString()}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" lineClamp={2}>
                    {keyStat(c, rows)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
