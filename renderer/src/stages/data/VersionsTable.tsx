/** A dataset's versions, newest first, each with its shape and lineage; choosing one shows it in the grid, and any can be exported. */
import { Badge, Button, Card, Table, Text, Title } from '@mantine/core';
import type { DatasetVersion } from '@contract';
import { formatDateTime } from '../../components/format';
import { lineage } from './describe';

interface Props {
  versions: DatasetVersion[];
  selectedId: string;
  onSelect(version: DatasetVersion): void;
  onExport(version: DatasetVersion): void;
}

export function VersionsTable({ versions, selectedId, onSelect, onExport }: Props) {
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h5" mb="xs">
        Versions
      </Title>
      <Table verticalSpacing={6} aria-label="Versions" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th ta="right">Rows</Table.Th>
            <Table.Th ta="right">Columns</Table.Th>
            <Table.Th>Lineage</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v, i) => {
            const selected = v.id === selectedId;
            return (
              <Table.Tr key={v.id} aria-selected={selected} bg={selected ? 'var(--mantine-primary-color-light)' : undefined} data-testid={`version-row-${v.version}`}>
                <Table.Td>
                  <Text fw={600} span>
                    v{v.version}
                  </Text>
                  {i === 0 && (
                    <Badge size="xs" variant="light" color="teal" ml={6} style={{ textTransform: 'none' }}>
                      latest
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right" ff="monospace" fz="sm">
                  {v.rowCount.toLocaleString()}
                </Table.Td>
                <Table.Td ta="right" ff="monospace" fz="sm">
                  {v.columnCount.toLocaleString()}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={v.source?.sha256}>
                    {lineage(v)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(v.createdAt)}</Text>
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  <Button size="compact-xs" variant="subtle" mr={6} onClick={() => onExport(v)} aria-label={`Export version ${v.version}`}>
                    Export…
                  </Button>
                  <Button size="compact-xs" variant={selected ? 'light' : 'default'} onClick={() => onSelect(v)} aria-pressed={selected} aria-label={`Show version ${v.version}`}>
                    {selected ? 'Showing' : 'Show'}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
