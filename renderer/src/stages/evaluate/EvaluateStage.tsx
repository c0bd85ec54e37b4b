/**
 * The Evaluate stage: every evaluation report of the project (the newest open), the form that starts one, the
 * report itself — is this model good enough, for whom does it fail, why does it predict what it predicts — and
 * the model registry, where a run becomes a named version and earns production.
 */
import { useState } from 'react';
import { Badge, Button, Card, Group, Stack, Table, Tabs, Text } from '@mantine/core';
import { Link } from 'wouter';
import type { Evaluation, Project, StageStatus } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { stagePath } from '../../app/paths';
import { formatDateTime } from '../../components/format';
import { RunningJobs } from '../../components/jobs/RunningJobs';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { StageHeader } from '../../components/StageHeader';
import { SHORT_MODEL_NAMES } from '../train/runText';
import { EvaluateModal } from './EvaluateModal';
import { EvaluationReportView } from './EvaluationReportView';
import { ImportModelModal } from './ImportModelModal';
import { RegistryView } from './registry/RegistryView';

interface Props {
  project: Project;
  statuses: StageStatus[] | undefined;
}

export function EvaluateStage({ project, statuses }: Props) {
  const list = useGyreQuery('evaluations.list', { projectId: project.id });
  const problems = useGyreQuery('runs.problems', { projectId: project.id });
  const [chosen, setChosen] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [tab, setTab] = useState<'reports' | 'registry'>('reports');
  const [importing, setImporting] = useState(false);
  const status = statuses?.find((s) => s.stage === 'evaluate');
  const evaluations = list.data ?? [];
  const openId = evaluations.some((e) => e.id === chosen) ? chosen : (evaluations[0]?.id ?? null);
  const hasRuns = (problems.data ?? []).length > 0;
  return (
    <Stack gap="lg">
      <StageHeader
        stage="evaluate"
        status={status}
        actions={
          <Group gap="xs">
            <Button variant="default" onClick={() => setImporting(true)}>
              Import an ONNX model…
            </Button>
            <Button onClick={() => setStarting(true)} disabled={!hasRuns} data-tour="evaluate-run">
              Evaluate a run…
            </Button>
          </Group>
        }
      />
      <RunningJobs projectId={project.id} kind="model.evaluate" label="Evaluation in progress" />
      <RunningJobs projectId={project.id} kind="model.import" label="Model import in progress" />
      {(list.isPending || problems.isPending) && <LoadingState label="Loading evaluations…" />}
      {list.isError && <ErrorState title="Evaluations could not be loaded" error={list.error} onRetry={() => void list.refetch()} />}
      {problems.data && !hasRuns && <NoRuns projectId={project.id} />}
      {hasRuns && (
        <Tabs value={tab} onChange={(v) => setTab(v === 'registry' ? 'registry' : 'reports')} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="reports">Evaluation reports{evaluations.length ? ` (${evaluations.length})` : ''}</Tabs.Tab>
            <Tabs.Tab value="registry">Model registry</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="reports" pt="md">
            <Stack gap="lg">
              {list.data?.length === 0 && <NoEvaluations onStart={() => setStarting(true)} />}
              {evaluations.length > 1 && <EvaluationList evaluations={evaluations} openId={openId} onOpen={setChosen} />}
              {openId && <OpenEvaluation key={openId} id={openId} />}
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="registry" pt="md">
            <RegistryView projectId={project.id} />
          </Tabs.Panel>
        </Tabs>
      )}
      {importing && <ImportModelModal project={project} onClose={() => setImporting(false)} />}
      {starting && <EvaluateModal project={project} opened={starting} onClose={() => setStarting(false)} onStarted={() => setChosen(null)} />}
    </Stack>
  );
}

function OpenEvaluation({ id }: { id: string }) {
  const detail = useGyreQuery('evaluations.get', { id });
  if (detail.isPending) return <LoadingState label="Loading the report…" />;
  if (detail.isError) return <ErrorState title="The report could not be loaded" error={detail.error} onRetry={() => void detail.refetch()} />;
  return <EvaluationReportView evaluation={detail.data} />;
}

const GATE = { true: ['teal', 'passes the gate'], false: ['red', 'does not pass'], null: ['gray', 'no criteria'] } as const;

function EvaluationList({ evaluations, openId, onOpen }: { evaluations: Evaluation[]; openId: string | null; onOpen(id: string): void }) {
  return (
    <Card withBorder padding={0}>
      <Table highlightOnHover aria-label="Evaluations" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Run</Table.Th>
            <Table.Th>Data</Table.Th>
            <Table.Th>Rows</Table.Th>
            <Table.Th>Success gate</Table.Th>
            <Table.Th>Evaluated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {evaluations.map((e) => {
            const [color, words] = GATE[String(e.passed) as keyof typeof GATE];
            return (
              <Table.Tr key={e.id} onClick={() => onOpen(e.id)} style={{ cursor: 'pointer' }} bg={e.id === openId ? 'var(--mantine-color-blue-light)' : undefined} aria-selected={e.id === openId} data-testid={`evaluation-${e.id}`}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {SHORT_MODEL_NAMES[e.model]}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {e.runId.slice(0, 12)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {e.dataset.name} v{e.dataset.version}
                </Table.Td>
                <Table.Td>{e.rows === 'test' ? 'its test rows' : 'all rows'}</Table.Td>
                <Table.Td>
                  <Badge color={color} variant="light" style={{ textTransform: 'none' }}>
                    {words}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{formatDateTime(e.createdAt)}</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function NoRuns({ projectId }: { projectId: string }) {
  return (
    <Card withBorder padding="lg">
      <Text>An evaluation scores a trained model on data it never saw. Train a model on the Train stage first.</Text>
      <Button component={Link} href={stagePath(projectId, 'train')} variant="light" mt="md" w="fit-content">
        Go to Train
      </Button>
    </Card>
  );
}

function NoEvaluations({ onStart }: { onStart(): void }) {
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm" maw={760}>
        <Text fw={600}>No evaluations yet.</Text>
        <Text size="sm">
          A leaderboard ranks models by one number each. An evaluation asks whether a model is good enough to ship: every metric with a 95%
          confidence interval (how much it could move on other data of the same kind), the charter's success criteria checked one by one,
          the rows and groups it gets wrong, whether it treats the charter's sensitive groups alike, and which inputs drive its predictions.
          Evaluate on the run's held-out test rows, or on a newer dataset version (say, next month's data) to see how it holds up.
        </Text>
        <Button onClick={onStart} w="fit-content">
          Evaluate a run…
        </Button>
      </Stack>
    </Card>
  );
}
