/** Settings → Network: the outbound connections Gyre can make (none), what keeps each part offline, what listens, what was refused. */
import { Alert, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { NetworkConnection, NetworkReport } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { formatDateTime } from '../../components/format';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { Section } from '../../components/Section';

export function NetworkSection() {
  const report = useGyreQuery('app.network', {}, { refetchOnMount: 'always' });
  return (
    <Section
      title="Network"
      description="Gyre is built for air-gapped machines: every feature works with networking switched off, and while a network is there Gyre still connects to nothing outside this computer."
    >
      {report.isPending && <LoadingState label="Reading the network inventory…" />}
      {report.isError && <ErrorState title="The network inventory could not be read" error={report.error} onRetry={() => void report.refetch()} />}
      {report.data && <NetworkInventory report={report.data} />}
    </Section>
  );
}

function NetworkInventory({ report }: { report: NetworkReport }) {
  const { outbound, components, listeners, refused } = report;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Group gap="sm">
          <Title order={3} size="h3" data-testid="network-headline">
            Outbound connections Gyre can make: none
          </Title>
          {outbound.length === 0 && (
            <Badge color="green" variant="light">
              Enforced
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed" maw={760}>
          No updates, no telemetry, no crash reports, no downloads. Every Gyre process refuses a connection to any address but this computer’s,
          and records the attempt below.
        </Text>
      </Stack>
      {outbound.length > 0 && (
        <Alert color="red" variant="light" title={`Connections seen leaving this computer: ${outbound.length}`} role="alert">
          <Stack gap="xs">
            <Text size="sm">These got past the guard: please report them as a bug.</Text>
            <Connections label="Connections that left this computer" rows={outbound} />
          </Stack>
        </Alert>
      )}
      <Stack gap="xs">
        <Title order={4} size="h5">
          What could reach a network, and what keeps it offline
        </Title>
        <Table verticalSpacing="xs" aria-label="Parts of Gyre and how each stays offline">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={230}>Part</Table.Th>
              <Table.Th>How it stays offline</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {components.map((c) => (
              <Table.Tr key={c.name}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {c.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{c.how}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      <Stack gap="xs">
        <Title order={4} size="h5">
          Listening on this computer
        </Title>
        {listeners.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing: the desktop app reaches its window without a network socket, and no bundle server is running.
          </Text>
        ) : (
          <Table verticalSpacing="xs" aria-label="Local listeners">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={230}>What</Table.Th>
                <Table.Th>Address</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {listeners.map((l) => (
                <Table.Tr key={`${l.what} ${l.address}`}>
                  <Table.Td>
                    <Text size="sm">{l.what}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {l.address}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={4} size="h5" data-testid="network-refused">
          Refused attempts since start: {refused.length}
        </Title>
        {refused.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing in Gyre has tried to connect to another machine since it started.
          </Text>
        ) : (
          <Connections label="Refused attempts" rows={refused} />
        )}
      </Stack>
    </Stack>
  );
}

function Connections({ label, rows }: { label: string; rows: NetworkConnection[] }) {
  return (
    <Table verticalSpacing="xs" aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>To</Table.Th>
          <Table.Th>From</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r, i) => (
          <Table.Tr key={i}>
            <Table.Td>
              <Text size="sm">{formatDateTime(r.at)}</Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {r.host.includes(':') ? `[${r.host}]` : r.host}:{r.port}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">
                {r.process} (process {r.pid})
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
