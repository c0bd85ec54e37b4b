/**
 * The runs of one problem (what they predict): the charter's problem first, a filter bar, the leaderboard, the
 * studies, and the run drawer and comparison opened from it.
 */
import { useMemo, useState } from 'react';
import { Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { isFiltering, NO_FILTER, type CharterVersion, type Project, type RunFilter, type RunProblem } from '@contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { boardColumns, defaultSort, type BoardSort } from './boardColumns';
import { boardQueries, criteriaFor, preferredProblem, statsQuery } from './boardQuery';
import { CompareView } from './CompareView';
import { Leaderboard } from './Leaderboard';
import { RunDrawer } from './RunDrawer';
import { RunFilters } from './RunFilters';
import { problemKey, TASK_WORDS } from './runText';
import { StudiesList } from './StudiesList';
import { StudyView } from './StudyView';

interface Props {
  project: Project;
  problems: RunProblem[];
  charter: CharterVersion | null;
}

export function ProblemRuns({ project, problems, charter }: Props) {
  const preferred = preferredProblem(problems, charter);
  const [chosen, setChosen] = useState<string | null>(null);
  const problem = problems.find((p) => problemKey(p) === chosen) ?? preferred;
  const key = problemKey(problem);
  const criteria = useMemo(() => criteriaFor(charter, problem), [charter, problem]);
  const columns = useMemo(() => boardColumns(problem.task, criteria), [problem.task, criteria]);

  const [chosenSort, setSort] = useState<BoardSort | null>(null);
  const sort = chosenSort && columns.some((c) => c.id === chosenSort.id || chosenSort.id === 'created') ? chosenSort : defaultSort(columns);
  const [filter, setFilter] = useState<RunFilter>(NO_FILTER);
  // Typing in the search line asks the main process once the typing pauses, not at every key.
  const [asked] = useDebouncedValue(filter, 150);
  const queries = boardQueries(project.id, problem, columns, asked, sort);
  // How many runs match, each column's best, and the filter bar's models and tags; the rows come apart, first.
  const stats = useQuery({ ...statsQuery(queries.stats), placeholderData: keepPreviousData }).data;

  const [openId, setOpenId] = useState<string | null>(null);
  // Ticked runs belong to the problem shown: switching problems starts a new selection.
  const [ticked, setTicked] = useState<{ key: string; ids: string[] }>({ key, ids: [] });
  const selected = ticked.key === key ? ticked.ids : [];
  const toggle = (id: string) => setTicked({ key, ids: selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id] });
  const [comparing, setComparing] = useState(false);
  const [studyId, setStudyId] = useState<string | null>(null);
  const shown = stats?.total ?? 0;
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Group gap="md">
          <Text size="sm" c="dimmed" aria-live="polite">
            {isFiltering(filter) ? `${shown} of ${problem.runs} runs` : `${problem.runs} ${problem.runs === 1 ? 'run' : 'runs'}`} · test-set metrics, computed from each exported file · click a run for its details
          </Text>
          <Button size="xs" variant="light" disabled={selected.length < 2} onClick={() => setComparing(true)} data-tour="compare-button">
            {selected.length < 2 ? 'Tick 2–4 runs to compare' : `Compare ${selected.length} runs`}
          </Button>
        </Group>
        {problems.length > 1 && (
          <Select
            label="Predicting"
            data={problems.map((p) => ({ value: problemKey(p), label: `${p.target} (${TASK_WORDS[p.task]})` }))}
            value={key}
            onChange={(v) => {
              setChosen(v);
              setFilter(NO_FILTER);
            }}
            allowDeselect={false}
            w={320}
          />
        )}
      </Group>
      {problem.runs > 1 && <RunFilters task={problem.task} models={stats?.models ?? []} tags={stats?.tags ?? []} filter={filter} onChange={setFilter} />}
      <Card withBorder padding={0}>
        {stats && stats.total === 0 && (
          <Text p="md" size="sm">
            No run matches these filters.
          </Text>
        )}
        {(!stats || stats.total > 0) && <Leaderboard key={key} columns={columns} ranges={stats?.ranges ?? {}} sort={sort} onSort={setSort} input={queries.board} selected={selected} onToggle={toggle} onOpen={(run) => setOpenId(run.id)} />}
      </Card>
      <StudiesList projectId={project.id} onOpen={setStudyId} />
      <RunDrawer runId={openId} criteria={criteria} onClose={() => setOpenId(null)} />
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
      {comparing && <CompareView project={project} ids={selected} opened={comparing} onClose={() => setComparing(false)} />}
    </Stack>
  );
}
