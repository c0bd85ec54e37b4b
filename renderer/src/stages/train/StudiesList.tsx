/** The project's tuning studies, newest first; one opens in the study view. */
import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import { METRIC_INFO, type Study } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { formatDateTime } from '../../components/format';
import { SHORT_MODEL_NAMES } from './runText';

const STATUS_COLORS: Record<Study['status'], string> = { running: 'blue', succeeded: 'teal', failed: 'red', cancelled: 'gray', interrupted: 'orange' };

export function StudiesList({ projectId, onOpen }: { projectId: string; onOpen(id: string): void }) {
  const studies = useGyreQuery('studies.list', { projectId });
  if (!studies.data || studies.data.length === 0) return null;
  return (
    <Stack gap={6} component="section" aria-label="Studies">
      <Title order={2} size="h4">
        Studies
      </Title>
      <Text size="sm" c="dimmed">
        Hyperparameter searches; each ends in a run of its best configuration on the leaderboard.
      </Text>
      <Card withBorder padding={0}>
        <Table highlightOnHover aria-label="Tuning studies">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Model</Table.Th>
              <Table.Th>Strategy</Table.Th>
              <Table.Th>Metric</Table.Th>
              <Table.Th ta="right">Trials</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Started</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {studies.data.map((s) => (
              <Table.Tr key={s.id} onClick={() => onOpen(s.id)} style={{ cursor: 'pointer' }} data-testid={`study-row-${s.id}`}>
                <Table.Td fw={600}>{SHORT_MODEL_NAMES[s.model]}</Table.Td>
                <Table.Td>{s.strategy === 'halving' ? 'Successive halving' : 'Random search'}</Table.Td>
                <Table.Td>{METRIC_INFO[s.metric].label}</Table.Td>
                <Table.Td ta="right">{s.trialsRun}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={STATUS_COLORS[s.status]} style={{ textTransform: 'none' }}>
                    {s.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{formatDateTime(s.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
