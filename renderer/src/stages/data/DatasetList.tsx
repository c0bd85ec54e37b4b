/** Every dataset of the project, with its latest version's shape and source; a click opens the dataset. */
import { Anchor, Badge, Card, Table, Text } from '@mantine/core';
import { useLocation } from 'wouter';
import type { Dataset } from '@contract';
import { formatDateTime } from '../../components/format';
import { datasetHref, datasetPath } from './paths';
import { formatBytes } from './describe';

export function DatasetList({ projectId, datasets }: { projectId: string; datasets: Dataset[] }) {
  const [, navigate] = useLocation();
  return (
    <Card withBorder padding={0}>
      <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md" aria-label="Datasets">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Dataset</Table.Th>
            <Table.Th>Latest</Table.Th>
            <Table.Th ta="right">Rows × columns</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th>Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {datasets.map((d) => (
            <Table.Tr key={d.id} data-testid={`dataset-row-${d.name}`} style={{ cursor: 'pointer' }} onClick={() => navigate(datasetPath(projectId, d.id))}>
              <Table.Td>
                <Anchor href={datasetHref(projectId, d.id)} fw={600} onClick={(e) => e.stopPropagation()}>
                  {d.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" size="sm" style={{ textTransform: 'none' }}>
                  v{d.latest?.version ?? '—'}
                </Badge>
                {d.versionCount > 1 && (
                  <Text span size="xs" c="dimmed" ml={6}>
                    of {d.versionCount}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" ff="monospace" fz="sm">
                {d.latest ? `${d.latest.rowCount.toLocaleString()} × ${d.latest.columnCount.toLocaleString()}` : '—'}
              </Table.Td>
              <Table.Td>
                <Text size="sm" truncate maw={260}>
                  {d.latest?.source ? `${d.latest.source.name} (${formatBytes(d.latest.source.size)})` : (d.latest?.operation ?? '—')}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(d.latest?.createdAt ?? d.createdAt)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
