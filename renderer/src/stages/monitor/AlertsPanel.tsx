/**
 * The project's alerts, filtered by status: each says what broke on which batch, and can be acknowledged, resolved
 * with a note, reopened, or turned into the next iteration of the cycle.
 */
import { useState } from 'react';
import { Anchor, Badge, Button, Group, Modal, SegmentedControl, Stack, Table, Text, Textarea } from '@mantine/core';
import type { AlertStatus, MonitorAlert, Project } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { formatDateTime } from '../../components/format';
import { notifyError } from '../../components/notify';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { Section } from '../../components/Section';
import { NextIterationModal } from './NextIterationModal';
import { SEVERITY_COLORS, STATUS_COLORS, WHOLE } from './monitorText';

type Filter = AlertStatus | 'all';

interface Props {
  project: Project;
  /** Opens the batch an alert was raised on (watching the version it was checked against). */
  onOpenBatch(batchId: string, model: string): void;
}

export function AlertsPanel({ project, onOpenBatch }: Props) {
  const [filter, setFilter] = useState<Filter>('open');
  const alerts = useGyreQuery('monitor.alerts', { projectId: project.id, ...(filter === 'all' ? {} : { status: filter }) });
  const setStatus = useGyreMutation('monitor.setAlertStatus');
  const [resolving, setResolving] = useState<MonitorAlert | null>(null);
  const [iterating, setIterating] = useState<MonitorAlert | null>(null);
  const move = (a: MonitorAlert, status: AlertStatus, note = '') =>
    setStatus.mutate({ projectId: project.id, id: a.id, status, note }, { onError: (e) => notifyError(e, 'Could not change the alert') });
  const busy = (a: MonitorAlert) => setStatus.isPending && setStatus.variables?.id === a.id;

  return (
    <Section
      tour="alerts-list"
      title="Alerts"
      description="Raised when a batch breaks an alert rule (the charter’s, or your own: see Drift settings and alert rules). Acknowledge one you are looking into; resolve it with a note; or start the next iteration: retrain with the labeled batches."
      actions={
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          aria-label="Show alerts"
          data={[
            { value: 'open', label: 'Open' },
            { value: 'acknowledged', label: 'Acknowledged' },
            { value: 'resolved', label: 'Resolved' },
            { value: 'all', label: 'All' },
          ]}
        />
      }
    >
      {alerts.isPending && <LoadingState label="Loading alerts…" />}
      {alerts.isError && <ErrorState title="The alerts could not be loaded" error={alerts.error} onRetry={() => void alerts.refetch()} />}
      {alerts.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {filter === 'all' ? 'No alert has been raised in this project.' : `No ${filter} alerts.`}
        </Text>
      )}
      {alerts.data && alerts.data.length > 0 && (
        <Table aria-label="Alerts" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Severity</Table.Th>
              <Table.Th>Alert</Table.Th>
              <Table.Th>Batch</Table.Th>
              <Table.Th>Raised</Table.Th>
              {filter === 'all' && <Table.Th>Status</Table.Th>}
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {alerts.data.map((a) => (
              <Table.Tr key={a.id} data-testid="alert-row">
                <Table.Td>
                  <Badge color={SEVERITY_COLORS[a.severity]} variant={a.severity === 'critical' ? 'filled' : 'light'} style={WHOLE}>
                    {a.severity}
                  </Badge>
                </Table.Td>
                <Table.Td maw={460}>
                  <Text size="sm" fw={600}>
                    {a.title}
                  </Text>
                  {(a.note || a.actor) && a.status !== 'open' && (
                    <Text size="xs" c="dimmed">
                      {a.status} by {a.actor ?? 'someone'}
                      {a.note && `: “${a.note}”`}
                    </Text>
                  )}
                  {a.iteration && (
                    <Text size="xs" c="teal.8">
                      Next iteration started: charter v{a.iteration.charterVersion}, {a.iteration.batchIds.length} labeled {a.iteration.batchIds.length === 1 ? 'batch' : 'batches'} added to the training data.
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Anchor component="button" size="sm" ta="left" onClick={() => onOpenBatch(a.batchId, a.model)}>
                    {a.batchName}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {a.model}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{formatDateTime(a.createdAt)}</Text>
                </Table.Td>
                {filter === 'all' && (
                  <Table.Td>
                    <Badge color={STATUS_COLORS[a.status]} variant="light" style={WHOLE}>
                      {a.status}
                    </Badge>
                  </Table.Td>
                )}
                <Table.Td>
                  <Group gap={6} justify="flex-end" wrap="nowrap">
                    {a.status === 'open' && (
                      <Button size="compact-xs" variant="default" loading={busy(a)} onClick={() => move(a, 'acknowledged')}>
                        Acknowledge
                      </Button>
                    )}
                    {a.status !== 'resolved' && (
                      <Button size="compact-xs" variant="default" onClick={() => setResolving(a)}>
                        Resolve…
                      </Button>
                    )}
                    {a.status !== 'open' && (
                      <Button size="compact-xs" variant="default" loading={busy(a)} onClick={() => move(a, 'open')}>
                        Reopen
                      </Button>
                    )}
                    <Button size="compact-xs" variant="light" onClick={() => setIterating(a)} data-tour="next-iteration">
                      Start next iteration…
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {resolving && <ResolveModal alert={resolving} onClose={() => setResolving(null)} onResolve={(note) => (move(resolving, 'resolved', note), setResolving(null))} />}
      {iterating && <NextIterationModal project={project} alert={iterating} onClose={() => setIterating(null)} />}
    </Section>
  );
}

function ResolveModal({ alert, onClose, onResolve }: { alert: MonitorAlert; onClose(): void; onResolve(note: string): void }) {
  const [note, setNote] = useState('');
  return (
    <Modal opened onClose={onClose} title="Resolve the alert">
      <Stack gap="md">
        <Text size="sm">{alert.title}</Text>
        <Textarea label="Note (optional)" description="Kept with the alert: what was done, or why it needs nothing." placeholder="The upstream export was fixed on 3 March." autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={2000} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => onResolve(note.trim())}>Resolve</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
