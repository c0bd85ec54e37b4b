/**
 * The model registry: each model's versions with their stage and success gate, and for the version chosen its
 * promotion (production takes a passing gate or an override with a written reason), history and lineage.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Group, Modal, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { MODEL_STAGES, type ModelStage, type ModelVersion, type RegisteredModel } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../../api/queries';
import { EChart } from '../../../components/charts/EChart';
import { formatDateTime } from '../../../components/format';
import { notifyError, notifySuccess } from '../../../components/notify';
import { ErrorState, LoadingState } from '../../../components/QueryState';
import { SHORT_MODEL_NAMES } from '../../train/runText';
import { lineageOption } from './lineageOption';
import { ModelCardView } from './ModelCardView';
import { eventText, gateWords, productionCheck, ref, STAGE_COLORS, STAGE_HELP } from './registryText';

export function RegistryView({ projectId }: { projectId: string }) {
  const models = useGyreQuery('registry.list', { projectId });
  const [chosen, setChosen] = useState<string | null>(null);
  if (models.isPending) return <LoadingState label="Loading the registry…" />;
  if (models.isError) return <ErrorState title="The registry could not be loaded" error={models.error} onRetry={() => void models.refetch()} />;
  if (models.data.length === 0) {
    return (
      <Card withBorder padding="lg">
        <Text maw={760} size="sm">
          No models yet. Register a run from its evaluation report (<b>Register as a model version…</b>): it becomes NAME@1, a candidate. Move it to
          staging while it is checked, then to production — which takes a passing success gate, or an override with a written reason that stays in
          the history.
        </Text>
      </Card>
    );
  }
  const all = models.data.flatMap((m) => m.versions);
  const open = all.find((v) => v.id === chosen) ?? all.find((v) => v.stage === 'production') ?? all[0]!;
  return (
    <Stack gap="lg">
      {models.data.map((m) => (
        <ModelTable key={m.name} model={m} openId={open.id} onOpen={setChosen} />
      ))}
      <VersionDetail key={open.id} projectId={projectId} version={open} />
    </Stack>
  );
}

function ModelTable({ model, openId, onOpen }: { model: RegisteredModel; openId: string; onOpen(id: string): void }) {
  return (
    <Card withBorder padding={0}>
      <Group justify="space-between" p="md" pb="xs">
        <Title order={3}>{model.name}</Title>
        <Text size="sm" c="dimmed">
          {model.production === null ? 'No version in production' : `In production: ${model.name}@${model.production}`}
        </Text>
      </Group>
      <Table highlightOnHover aria-label={`Versions of ${model.name}`} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Stage</Table.Th>
            <Table.Th>Model</Table.Th>
            <Table.Th>Success gate</Table.Th>
            <Table.Th>Threshold</Table.Th>
            <Table.Th>Registered</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {model.versions.map((v) => {
            const gate = gateWords(v);
            return (
              <Table.Tr key={v.id} onClick={() => onOpen(v.id)} style={{ cursor: 'pointer' }} bg={v.id === openId ? 'var(--mantine-color-blue-light)' : undefined} aria-selected={v.id === openId} data-testid={`version-${ref(v)}`}>
                <Table.Td fw={600}>{ref(v)}</Table.Td>
                <Table.Td>
                  <Badge color={STAGE_COLORS[v.stage]} variant="light" title={STAGE_HELP[v.stage]}>
                    {v.stage}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {SHORT_MODEL_NAMES[v.model]}{' '}
                  <Text span size="xs" c="dimmed" ff="monospace">
                    {v.runId.slice(0, 12)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={gate.color} variant="light" style={{ textTransform: 'none' }}>
                    {gate.text}
                  </Badge>
                </Table.Td>
                <Table.Td>{v.task === 'binary' ? (v.threshold ?? '0.5 (default)') : '—'}</Table.Td>
                <Table.Td>
                  <Text size="xs">{formatDateTime(v.createdAt)}</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function VersionDetail({ projectId, version }: { projectId: string; version: ModelVersion }) {
  const detail = useGyreQuery('registry.get', { projectId, ref: version.id });
  const [promoting, setPromoting] = useState(false);
  return (
    <Card withBorder padding="lg" component="section" aria-label={`Model version ${ref(version)}`}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={3}>{ref(version)}</Title>
            <Text size="sm" c="dimmed">
              {SHORT_MODEL_NAMES[version.model]} predicting “{version.target}” · trained on {version.dataset.name} v{version.dataset.version} · {version.description || 'no description'}
            </Text>
          </Stack>
          <Button onClick={() => setPromoting(true)} data-tour="promote-button">
            Change stage…
          </Button>
        </Group>
        {detail.isPending && <LoadingState label="Loading its history…" />}
        {detail.isError && <ErrorState title="The version could not be loaded" error={detail.error} />}
        {detail.data && (
          <>
            <Title order={4}>History</Title>
            <Table aria-label="History" verticalSpacing={4} data-testid="model-history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>What</Table.Th>
                  <Table.Th>Why</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {detail.data.history.map((e, i) => (
                  <Table.Tr key={i} c={e.override ? 'red' : undefined}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                    <Table.Td>{e.actor}</Table.Td>
                    <Table.Td>@{e.version}</Table.Td>
                    <Table.Td>{eventText(e)}</Table.Td>
                    <Table.Td>{e.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Title order={4}>Lineage</Title>
            <Text size="sm" c="dimmed">
              Where this version came from: the charter in force when its run was trained, the data, the split, the run, the evaluations that judged it.
            </Text>
            <EChart option={lineageOption(detail.data.lineage)} label={`Lineage of ${ref(version)}: ${detail.data.lineage.nodes.map((n) => n.label).join(', ')}`} height={Math.max(160, 90 * Math.max(...countPerKind(detail.data.lineage.nodes.map((n) => n.kind))) + 40)} />
            <ModelCardView projectId={projectId} modelRef={version.id} />
          </>
        )}
      </Stack>
      {promoting && <PromoteModal projectId={projectId} version={version} onClose={() => setPromoting(false)} />}
    </Card>
  );
}

function countPerKind(kinds: string[]): number[] {
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts.values()];
}

function PromoteModal({ projectId, version, onClose }: { projectId: string; version: ModelVersion; onClose(): void }) {
  const [stage, setStage] = useState<ModelStage>(version.stage === 'production' ? 'archived' : version.stage === 'candidate' ? 'staging' : 'production');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const promote = useGyreMutation('registry.promote');
  const check = productionCheck(version);
  const needsOverride = stage === 'production' && !check.open;
  const submit = () =>
    promote.mutate(
      { projectId, ref: version.id, stage, reason, override: needsOverride && override },
      { onSuccess: (v) => (notifySuccess(`${ref(v)} is now in ${v.stage}.`), onClose()), onError: (e) => notifyError(e, 'Could not change the stage') },
    );
  return (
    <Modal opened onClose={onClose} title={`Change the stage of ${ref(version)}`}>
      <Stack gap="md">
        <Select label="Move to" data={MODEL_STAGES.filter((s) => s !== version.stage).map((s) => ({ value: s, label: `${s} — ${STAGE_HELP[s]}` }))} value={stage} onChange={(v) => v && setStage(v as ModelStage)} allowDeselect={false} />
        {stage === 'production' && (
          <Alert color={check.open ? 'teal' : 'orange'} title={check.open ? 'The success gate passes' : 'The success gate does not allow this yet'}>
            {check.why} Another version of {version.name} in production is archived.
          </Alert>
        )}
        {needsOverride && <Checkbox label="Override the success gate (recorded in the history, with the reason)" checked={override} onChange={(e) => setOverride(e.currentTarget.checked)} />}
        <Textarea label="Why" description={needsOverride ? 'Required to override: at least 10 characters.' : 'Kept in the history.'} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={promote.isPending} disabled={needsOverride && (!override || reason.trim().length < 10)} color={needsOverride ? 'orange' : undefined}>
            {needsOverride ? 'Override and promote' : `Move to ${stage}`}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
