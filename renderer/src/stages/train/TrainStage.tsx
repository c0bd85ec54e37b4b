/**
 * The Train stage: start training jobs from the wizard, watch them run, and read every run of a problem on the
 * leaderboard against the charter's success criteria; a run opens in full in a drawer.
 */
import { useMemo, useState } from 'react';
import { Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { Link } from 'wouter';
import { metricFitsTask, type CharterVersion, type Project, type RunSummary, type StageStatus } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { RunningJobs } from '../../components/jobs/RunningJobs';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { StageHeader } from '../../components/StageHeader';
import { stagePath } from '../../app/paths';
import { CompareView } from './CompareView';
import { Leaderboard } from './Leaderboard';
import { filterRuns, isFiltering, NO_FILTER, type RunFilter } from './runFilter';
import { RunFilters } from './RunFilters';
import { StudiesList } from './StudiesList';
import { StudyView } from './StudyView';
import { RunDrawer } from './RunDrawer';
import { problemKey, TASK_WORDS } from './runText';
import { taskFromCharter } from './wizardText';
import { TrainWizard } from './TrainWizard';

interface Props {
  project: Project;
  statuses: StageStatus[] | undefined;
}

export function TrainStage({ project, statuses }: Props) {
  const datasets = useGyreQuery('datasets.list', { projectId: project.id });
  const runs = useGyreQuery('runs.list', { projectId: project.id });
  const charter = useGyreQuery('charters.get', { projectId: project.id });
  const [wizard, setWizard] = useState(false);
  const status = statuses?.find((s) => s.stage === 'train');
  const hasData = (datasets.data ?? []).some((d) => d.latest);
  return (
    <Stack gap="lg">
      <StageHeader
        stage="train"
        status={status}
        actions={
          <Button onClick={() => setWizard(true)} disabled={!hasData}>
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
      {runs.data && runs.data.length > 0 && charter.isSuccess && <Runs project={project} runs={runs.data} charter={charter.data} />}
      {datasets.data && charter.isSuccess && wizard && <TrainWizard projectId={project.id} datasets={datasets.data} charter={charter.data} opened={wizard} onClose={() => setWizard(false)} />}
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

const CHARTER_TASK = { binary: 'binary_classification', multiclass: 'multiclass_classification', regression: 'regression' } as const;

/** Runs grouped by what they predict; the charter's problem first. */
function Runs({ project, runs, charter }: { project: Project; runs: RunSummary[]; charter: CharterVersion | null }) {
  const problems = useMemo(() => {
    const groups = new Map<string, RunSummary[]>();
    for (const run of runs) {
      const key = problemKey(run);
      const list = groups.get(key);
      if (list) list.push(run);
      else groups.set(key, [run]);
    }
    return [...groups.entries()].map(([key, list]) => ({ key, target: list[0]!.target, task: list[0]!.task, runs: list }));
  }, [runs]);
  const preferred = problems.find((p) => charter && p.target === charter.content.target && p.task === taskFromCharter(charter.content.task)) ?? problems[0]!;
  const [chosen, setChosen] = useState<string | null>(null);
  const problem = problems.find((p) => p.key === chosen) ?? preferred;
  // The charter judges the model of its own target; latency and size criteria fit any task.
  const charterTarget = charter?.content.target.trim() ?? '';
  const judged = charter && (charterTarget === '' || charterTarget === problem.target);
  const criteria = judged ? charter.content.successCriteria.filter((c) => metricFitsTask(c.metric, CHARTER_TASK[problem.task])) : [];
  const [openId, setOpenId] = useState<string | null>(null);
  const open = runs.find((r) => r.id === openId) ?? null;
  const [ticked, setTicked] = useState<string[]>([]);
  // Only runs of the problem shown can be compared: switching problems leaves the others out.
  const selected = ticked.filter((id) => problem.runs.some((r) => r.id === id));
  const toggle = (id: string) => setTicked((t) => (t.includes(id) ? t.filter((x) => x !== id) : [...t, id]));
  const [comparing, setComparing] = useState(false);
  const [filter, setFilter] = useState<RunFilter>(NO_FILTER);
  const [studyId, setStudyId] = useState<string | null>(null);
  const shown = useMemo(() => filterRuns(problem.runs, filter), [problem.runs, filter]);
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Group gap="md">
          <Text size="sm" c="dimmed" aria-live="polite">
            {isFiltering(filter) ? `${shown.length} of ${problem.runs.length} runs` : `${problem.runs.length} ${problem.runs.length === 1 ? 'run' : 'runs'}`} · test-set metrics, computed from each exported file · click a run for its details
          </Text>
          <Button size="xs" variant="light" disabled={selected.length < 2} onClick={() => setComparing(true)}>
            {selected.length < 2 ? 'Tick 2–4 runs to compare' : `Compare ${selected.length} runs`}
          </Button>
        </Group>
        {problems.length > 1 && (
          <Select
            label="Predicting"
            data={problems.map((p) => ({ value: p.key, label: `${p.target} (${TASK_WORDS[p.task]})` }))}
            value={problem.key}
            onChange={setChosen}
            allowDeselect={false}
            w={320}
          />
        )}
      </Group>
      {problem.runs.length > 1 && <RunFilters runs={problem.runs} filter={filter} onChange={setFilter} />}
      <Card withBorder padding={0}>
        {shown.length === 0 && (
          <Text p="md" size="sm">
            No run matches these filters.
          </Text>
        )}
        {shown.length > 0 && <Leaderboard runs={shown} criteria={criteria} selected={selected} onToggle={toggle} onOpen={(run) => setOpenId(run.id)} />}
      </Card>
      <StudiesList projectId={project.id} onOpen={setStudyId} />
      <RunDrawer summary={open} runs={runs} criteria={criteria} onClose={() => setOpenId(null)} />
      {studyId && (
        <StudyView
          studyId={studyId}
          onClose={() => setStudyId(null)}
          onOpenRun={(id) => {
            setStudyId(null);
            setOpenId(id);
          }}
        />
      )}
      {comparing && <CompareView project={project} ids={problem.runs.filter((r) => selected.includes(r.id)).map((r) => r.id)} opened={comparing} onClose={() => setComparing(false)} />}
    </Stack>
  );
}
