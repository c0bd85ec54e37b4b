/**
 * The Train stage: start training jobs from the wizard, watch them run, and read every run of a problem on the
 * leaderboard against the charter's success criteria; a run opens in full in a drawer.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Stack, Text } from '@mantine/core';
import { Link } from 'wouter';
import type { Project, StageStatus } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { RunningJobs } from '../../components/jobs/RunningJobs';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { StageHeader } from '../../components/StageHeader';
import { stagePath } from '../../app/paths';
import { prefetchBoard } from './boardQuery';
import { ProblemRuns } from './ProblemRuns';
import { discardTrainingHandover, readTrainingHandover } from './trainHandover';
import { TrainWizard } from './TrainWizard';

interface Props {
  project: Project;
  statuses: StageStatus[] | undefined;
}

export function TrainStage({ project, statuses }: Props) {
  const datasets = useGyreQuery('datasets.list', { projectId: project.id });
  // What the runs predict; each problem's leaderboard is read from the main process a page at a time.
  const runs = useGyreQuery('runs.problems', { projectId: project.id });
  const charter = useGyreQuery('charters.get', { projectId: project.id });
  // The leaderboard's first page is read alongside the problems, not after them (a no-op when it is cached).
  useEffect(() => {
    if (charter.data !== undefined) prefetchBoard(project.id, charter.data);
  }, [project.id, charter.data]);
  // A next iteration handed over from Monitor opens the wizard with its settings; it is kept until a job starts from
  // it (or the person drops it), so closing the wizard to look around first does not lose it.
  const [next, setNext] = useState(() => readTrainingHandover(project.id));
  useEffect(() => {
    if (next) discardTrainingHandover(project.id);
  }, [project.id, next]);
  const [wizard, setWizard] = useState(next !== null);
  const status = statuses?.find((s) => s.stage === 'train');
  const hasData = (datasets.data ?? []).some((d) => d.latest);
  return (
    <Stack gap="lg">
      <StageHeader
        stage="train"
        status={status}
        actions={
          <Button onClick={() => setWizard(true)} disabled={!hasData} data-tour="train-wizard">
            Train models…
          </Button>
        }
      />
      <RunningJobs projectId={project.id} kind="model.train" label="Training in progress" />
      <RunningJobs projectId={project.id} kind="model.tune" label="Tuning in progress" />
      {(datasets.isPending || runs.isPending || charter.isPending) && <LoadingState label="Loading runs…" />}
      {runs.isError && <ErrorState title="Runs could not be loaded" error={runs.error} onRetry={() => void runs.refetch()} />}
      {datasets.data && !hasData && <NoData projectId={project.id} />}
      {hasData && runs.data?.length === 0 && <NoRuns onTrain={() => setWizard(true)} />}
      {runs.data && runs.data.length > 0 && charter.isSuccess && <ProblemRuns project={project} problems={runs.data} charter={charter.data} />}
      {datasets.data && charter.isSuccess && wizard && (
        <TrainWizard
          key={next ? 'next-iteration' : 'defaults'}
          projectId={project.id}
          datasets={datasets.data}
          charter={charter.data}
          opened={wizard}
          onClose={() => setWizard(false)}
          initial={next}
          onStarted={() => setNext(null)}
          onDiscardInitial={() => setNext(null)}
        />
      )}
    </Stack>
  );
}

function NoData({ projectId }: { projectId: string }) {
  return (
    <Card withBorder padding="lg">
      <Text>Models learn from a dataset version. Import one on the Data stage first.</Text>
      <Button component={Link} href={stagePath(projectId, 'data')} variant="light" mt="md" w="fit-content">
        Go to Data
      </Button>
    </Card>
  );
}

function NoRuns({ onTrain }: { onTrain(): void }) {
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm" maw={720}>
        <Text fw={600}>No runs yet.</Text>
        <Text size="sm">
          Start with the baselines: a model that predicts the commonest class (or the mean) and a linear model. Every model you train later is
          measured against them, so a complex model that barely beats them is easy to spot. Each run is exported as one ONNX file and
          scored on test rows it never saw.
        </Text>
        <Button onClick={onTrain} w="fit-content">
          Train models…
        </Button>
      </Stack>
    </Card>
  );
}
