/** A project's page: loads the project and its stage states, records it as the open project, and shows one stage. */
import { useEffect, useRef } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { Project, StageStatus } from '@contract';
import { useGyreMutation, useGyreQuery } from '../api/queries';
import { notifyError, notifySuccess } from '../components/notify';
import { ErrorState, LoadingState } from '../components/QueryState';
import { DataStage } from '../stages/data/DataStage';
import { DataImportProvider } from '../stages/data/import/DataImportProvider';
import { PlanStage } from '../stages/plan/PlanStage';
import { lazyStage } from './lazyStage';
import { OverviewPage } from '../stages/overview/OverviewPage';
import { HOME_PATH, type ProjectPage } from './paths';
import { Shell } from './Shell';

// Explore, Train and Evaluate carry echarts (Deploy shares their registry code): kept out of the start-up bundle, then fetched while the window is idle, so
// opening either later does not wait for its code (measured: ~0.4 s of a first Train open with 10k runs).
const Explore = lazyStage(() => import('../stages/explore/ExploreStage').then((m) => m.ExploreStage));
const Train = lazyStage(() => import('../stages/train/TrainStage').then((m) => m.TrainStage));
const Deploy = lazyStage(() => import('../stages/deploy/DeployStage').then((m) => m.DeployStage));
const Prepare = lazyStage(() => import('../stages/prepare/PrepareStage').then((m) => m.PrepareStage));
const Evaluate = lazyStage(() => import('../stages/evaluate/EvaluateStage').then((m) => m.EvaluateStage));
const Monitor = lazyStage(() => import('../stages/monitor/MonitorStage').then((m) => m.MonitorStage));

function usePrefetchStages(): void {
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((f: () => void) => window.setTimeout(f, 200));
    const cancel = window.cancelIdleCallback ?? window.clearTimeout;
    const handle = idle(() => void Promise.all([Explore.load(), Train.load(), Evaluate.load(), Deploy.load(), Monitor.load()]).catch(() => undefined));
    return () => cancel(handle);
  }, []);
}

/** `datasetId` is set on a dataset's own address inside Data (`/p/:projectId/data/:datasetId`). */
export function ProjectWorkspace({ projectId, stage, datasetId }: { projectId: string; stage: ProjectPage; datasetId?: string }) {
  const project = useGyreQuery('projects.get', { id: projectId });
  const statuses = useGyreQuery('stages.status', { projectId }, { enabled: project.isSuccess });
  useRecordOpened(project.data);
  usePrefetchStages();

  return (
    <Shell project={project.data ?? null} stage={project.data ? stage : null} statuses={statuses.data}>
      {project.isPending && <LoadingState label="Loading the project…" />}
      {project.isError && (
        <Stack maw={560}>
          <ErrorState title="This project could not be opened" error={project.error} onRetry={() => void project.refetch()} />
          <Group>
            <Button component="a" href={`#${HOME_PATH}`} variant="default">
              Back to all projects
            </Button>
          </Group>
        </Stack>
      )}
      {project.data && (
        <DataImportProvider project={project.data}>
          <Stack gap="lg">
            {project.data.archivedAt && <ArchivedNotice project={project.data} />}
            {statuses.isError && <ErrorState title="Stage states are unavailable" error={statuses.error} />}
            <StagePage project={project.data} stage={stage} statuses={statuses.data} datasetId={datasetId} />
          </Stack>
        </DataImportProvider>
      )}
    </Shell>
  );
}

interface StagePageProps {
  project: Project;
  stage: ProjectPage;
  statuses: StageStatus[] | undefined;
  datasetId: string | undefined;
}

function StagePage({ project, stage, statuses, datasetId }: StagePageProps) {
  if (stage === 'overview') return <OverviewPage project={project} statuses={statuses} />;
  if (stage === 'plan') return <PlanStage project={project} statuses={statuses} />;
  if (stage === 'data') return <DataStage project={project} statuses={statuses} datasetId={datasetId} />;
  if (stage === 'explore') {
    return <Explore.Component project={project} statuses={statuses} fallback={<LoadingState label="Loading Explore…" />} />;
  }
  if (stage === 'prepare') {
    return <Prepare.Component project={project} statuses={statuses} fallback={<LoadingState label="Loading Prepare…" />} />;
  }
  if (stage === 'train') {
    return <Train.Component project={project} statuses={statuses} fallback={<LoadingState label="Loading Train…" />} />;
  }
  if (stage === 'evaluate') {
    return <Evaluate.Component project={project} statuses={statuses} fallback={<LoadingState label="Loading Evaluate…" />} />;
  }
  if (stage === 'deploy') {
    return <Deploy.Component project={project} statuses={statuses} fallback={<LoadingState label="Loading Deploy…" />} />;
  }
  return <Monitor.Component project={project} statuses={statuses} fallback={<LoadingState label="Loading Monitor…" />} />;
}

/** Calls projects.open once per project shown, so the next start reopens it; archived projects are not reopened. */
function useRecordOpened(project: Project | undefined) {
  const open = useGyreMutation('projects.open');
  const recorded = useRef<string | null>(null);
  const { mutate } = open;
  useEffect(() => {
    if (!project || project.archivedAt || recorded.current === project.id) return;
    recorded.current = project.id;
    mutate({ id: project.id }, { onError: (e) => notifyError(e, 'Could not record the open project') });
  }, [project, mutate]);
}

function ArchivedNotice({ project }: { project: Project }) {
  const archive = useGyreMutation('projects.archive');
  const restore = () =>
    archive.mutate(
      { id: project.id, archived: false },
      { onSuccess: (p) => notifySuccess(`“${p.name}” restored.`), onError: (e) => notifyError(e, 'Could not restore the project') },
    );
  return (
    <Alert color="orange" variant="light" title="This project is archived">
      <Group justify="space-between">
        <Text size="sm">It is hidden from the project list. Restore it to work on it again.</Text>
        <Button size="xs" variant="default" onClick={restore} loading={archive.isPending}>
          Restore
        </Button>
      </Group>
    </Alert>
  );
}
