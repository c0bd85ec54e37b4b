/** The Deploy stage's shadow validation: the project's comparisons of a candidate with production, and the one opened. */
import { useCallback, useState } from 'react';
import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ModelVersion, Project } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { formatDateTime } from '../../components/format';
import { RunningJobs } from '../../components/jobs/RunningJobs';
import { ShadowModal } from './ShadowModal';
import { ShadowReportView } from './ShadowReportView';
import { pct } from './shadowText';

export function ShadowPanel({ project, versions }: { project: Project; versions: ModelVersion[] }) {
  const list = useGyreQuery('shadow.list', { projectId: project.id });
  const [asking, setAsking] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const shown = openId ?? list.data?.[0]?.id ?? null;
  const onDone = useCallback((id: string) => (setAsking(false), setOpenId(id)), []);
  const comparable = versions.length >= 2;
  return (
    <Card withBorder padding="lg" component="section" aria-label="Shadow validation">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4} maw={760}>
            <Title order={3}>Shadow validation</Title>
            <Text size="sm" c="dimmed">
              Run a candidate beside production before it replaces it: on a dataset version, or on the log of a server started with a candidate (shadow:
              both score every request, production answers; A/B: a share of requests answered by the candidate).
            </Text>
          </Stack>
          <Button variant="light" onClick={() => setAsking(true)} disabled={!comparable} title={comparable ? undefined : 'Register a second version first'}>
            Compare a candidate…
          </Button>
        </Group>
        <RunningJobs projectId={project.id} kind="model.shadow" label="Comparison in progress" />
        {list.data && list.data.length > 0 && (
          <Table aria-label="Shadow reports" verticalSpacing={4} highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Candidate</Table.Th>
                <Table.Th>Production</Table.Th>
                <Table.Th>On</Table.Th>
                <Table.Th ta="right">Agreement</Table.Th>
                <Table.Th ta="right">Accuracy / MAE</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((s) => (
                <Table.Tr key={s.id} aria-selected={s.id === shown} bg={s.id === shown ? 'var(--mantine-primary-color-light)' : undefined}>
                  <Table.Td fw={600}>{s.candidate}</Table.Td>
                  <Table.Td>{s.production}</Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ wordBreak: 'break-all' }}>
                      {s.sourceLabel}
                    </Text>
                    <Badge size="xs" variant="light" color={s.mode === 'shadow' ? 'blue' : 'grape'}>
                      {s.mode === 'shadow' ? 'shadow' : 'A/B'}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {pct(s.agreementRate)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace" fz="sm">
                    {s.headline ? `${s.headline.metric === 'accuracy' ? pct(s.headline.production) : (s.headline.production?.toFixed(3) ?? '—')} → ${s.headline.metric === 'accuracy' ? pct(s.headline.candidate) : (s.headline.candidate?.toFixed(3) ?? '—')}` : 'no outcomes'}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{formatDateTime(s.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button size="compact-xs" variant={s.id === shown ? 'light' : 'default'} onClick={() => setOpenId(s.id)} aria-label={`Show the report of ${s.candidate} on ${s.sourceLabel}`}>
                      {s.id === shown ? 'Showing' : 'Show'}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {shown && <ShadowReportView id={shown} />}
      </Stack>
      {asking && <ShadowModal project={project} versions={versions} onClose={() => setAsking(false)} onDone={onDone} />}
    </Card>
  );
}
