/** Every charter version (newest first), and a comparison of any two. */
import { useState } from 'react';
import { Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useGyreQuery } from '../../api/queries';
import { formatDateTime } from '../../components/format';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { DiffTable } from './DiffTable';

interface Pair {
  from: number;
  to: number;
}

export function HistoryPanel({ projectId, latestVersion }: { projectId: string; latestVersion: number }) {
  const history = useGyreQuery('charters.history', { projectId });
  const [from, setFrom] = useState<string | null>(latestVersion > 1 ? String(latestVersion - 1) : null);
  const [to, setTo] = useState<string | null>(String(latestVersion));
  const [compared, setCompared] = useState<Pair | null>(null);

  if (history.isPending) return <LoadingState label="Loading the charter’s history…" />;
  if (history.isError) return <ErrorState title="History could not be loaded" error={history.error} onRetry={() => void history.refetch()} />;

  const versions = history.data;
  const options = versions.map((v) => ({ value: String(v.version), label: `Version ${v.version}` }));
  const compare = (pair: Pair) => {
    setFrom(String(pair.from));
    setTo(String(pair.to));
    setCompared(pair);
  };
  const canCompare = from !== null && to !== null && from !== to;

  return (
    <Stack gap="lg">
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Versions
        </Title>
        <Table verticalSpacing="xs" aria-label="Charter versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Saved</Table.Th>
              <Table.Th>Note</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((v) => (
              <Table.Tr key={v.version}>
                <Table.Td>
                  <Group gap="xs">
                    <Text size="sm" fw={600}>
                      {v.version}
                    </Text>
                    {v.version === latestVersion && (
                      <Badge size="xs" variant="light">
                        Latest
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(v.createdAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={v.note ? undefined : 'dimmed'}>
                    {v.note || 'No note'}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  {v.version > 1 && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      aria-label={`Changes in version ${v.version}`}
                      onClick={() => compare({ from: v.version - 1, to: v.version })}
                    >
                      Changes
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>

      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          Compare versions
        </Title>
        {versions.length < 2 ? (
          <Text size="sm" c="dimmed">
            There is only one version so far. Save a change to the charter, then compare versions here.
          </Text>
        ) : (
          <Stack gap="md">
            <Group align="flex-end">
              <Select label="From version" data={options} value={from} onChange={setFrom} allowDeselect={false} w={160} />
              <Select label="To version" data={options} value={to} onChange={setTo} allowDeselect={false} w={160} />
              <Button disabled={!canCompare} onClick={() => canCompare && compare({ from: Number(from), to: Number(to) })}>
                Compare
              </Button>
            </Group>
            {from !== null && from === to && (
              <Text size="sm" c="dimmed">
                Pick two different versions.
              </Text>
            )}
            {compared && <DiffTable projectId={projectId} from={compared.from} to={compared.to} />}
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
