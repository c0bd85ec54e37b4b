/**
 * Starts an evaluation: which run (the charter's problem, best first), on which dataset version (the run's own by
 * default, on its held-out test rows), how many bootstrap resamples and shuffles, and which extra columns to check
 * for fairness besides the charter's sensitive attributes.
 */
import { useState } from 'react';
import { Button, Group, Modal, MultiSelect, NumberInput, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { NO_FILTER, type Project } from '@contract';
import { useQuery } from '@tanstack/react-query';
import { pageQuery } from '../../api/pages';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { notifyError, notifySuccess } from '../../components/notify';
import { boardColumns, defaultSort } from '../train/boardColumns';
import { boardQueries, criteriaFor, preferredProblem } from '../train/boardQuery';
import { formatMetric, HEADLINE, SHORT_MODEL_NAMES } from '../train/runText';

interface Props {
  project: Project;
  opened: boolean;
  onClose(): void;
  onStarted(): void;
}

export function EvaluateModal({ project, opened, onClose, onStarted }: Props) {
  const problems = useGyreQuery('runs.problems', { projectId: project.id });
  const charter = useGyreQuery('charters.get', { projectId: project.id });
  const problem = problems.data?.length ? preferredProblem(problems.data, charter.data ?? null) : null;
  const columns = problem ? boardColumns(problem.task, criteriaFor(charter.data ?? null, problem)) : [];
  const board = useQuery({ ...pageQuery('runs.board', problem ? boardQueries(project.id, problem, columns, NO_FILTER, defaultSort(columns)).board : { projectId: project.id, target: '-', task: 'binary', sort: { column: 'created', descending: true } }, 0), enabled: problem !== null });
  const runs = board.data?.rows ?? [];
  const [runId, setRunId] = useState<string | null>(null);
  const run = runs.find((r) => r.id === runId) ?? runs[0] ?? null;

  const datasets = useGyreQuery('datasets.list', { projectId: project.id });
  const [datasetId, setDatasetId] = useState<string | null>(null);
  const dataset = datasetId ?? run?.dataset.id ?? null;
  const detail = useGyreQuery('datasets.get', { projectId: project.id, dataset: dataset ?? '' }, { enabled: dataset !== null });
  const [versionId, setVersionId] = useState<string | null>(null);
  const version = detail.data?.versions.find((v) => v.id === versionId) ?? detail.data?.versions.find((v) => v.id === run?.versionId) ?? detail.data?.versions[0] ?? null;
  const own = version !== null && version.id === run?.versionId;
  const [rowsChoice, setRows] = useState<'test' | 'all'>('test');
  const rows = own ? rowsChoice : 'all';
  const [resamples, setResamples] = useState<number>(1000);
  const [repeats, setRepeats] = useState<number>(5);
  const [sensitive, setSensitive] = useState<string[]>([]);
  const named = charter.data?.content.constraints.sensitiveAttributes.map((a) => a.name) ?? [];
  const start = useGyreMutation('evaluations.start');
  const headline = problem ? HEADLINE[problem.task][0]! : null;

  const submit = () => {
    if (!run || !version) return;
    start.mutate(
      { runId: run.id, versionId: version.id, rows, resamples, repeats, sensitive },
      {
        onSuccess: () => {
          notifySuccess('Evaluating: progress is shown on the page; the report opens when it is ready.');
          onStarted();
          onClose();
        },
        onError: (e) => notifyError(e, 'Could not start the evaluation'),
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Evaluate a run" size="lg">
      <Stack gap="md">
        <Select
          label="Run"
          description={problem ? `Runs predicting ${problem.target}, best first` : undefined}
          data={runs.map((r) => ({ value: r.id, label: `${SHORT_MODEL_NAMES[r.model]} · ${r.id.slice(0, 12)}${headline ? ` · ${headline.label} ${formatMetric(r.metrics[headline.key])}` : ''}` }))}
          value={run?.id ?? null}
          onChange={setRunId}
          searchable
          allowDeselect={false}
        />
        <Group grow align="flex-start">
          <Select label="Dataset" data={(datasets.data ?? []).map((d) => ({ value: d.id, label: d.name }))} value={dataset} onChange={(v) => { setDatasetId(v); setVersionId(null); }} allowDeselect={false} />
          <Select label="Version" data={(detail.data?.versions ?? []).map((v) => ({ value: v.id, label: `v${v.version} · ${v.rowCount.toLocaleString('en')} rows${v.id === run?.versionId ? ' (trained on)' : ''}` }))} value={version?.id ?? null} onChange={setVersionId} allowDeselect={false} />
        </Group>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Rows
          </Text>
          <SegmentedControl
            value={rows}
            onChange={(v) => setRows(v as 'test' | 'all')}
            data={[
              { value: 'test', label: "The run's test rows", disabled: !own },
              { value: 'all', label: 'Every row with a target' },
            ]}
          />
          <Text size="xs" c="dimmed">
            {own ? 'The test rows were held out of training: the honest estimate. Other rows of this version trained the model.' : 'None of these rows trained the model (as far as Gyre knows): a check of how it holds up on new data.'}
          </Text>
        </Stack>
        <Group grow align="flex-start">
          <NumberInput label="Bootstrap resamples" description="For the 95% intervals" value={resamples} onChange={(v) => setResamples(typeof v === 'number' ? v : 1000)} min={100} max={10_000} step={100} />
          <NumberInput label="Shuffles per column" description="Permutation importance" value={repeats} onChange={(v) => setRepeats(typeof v === 'number' ? v : 5)} min={1} max={50} />
        </Group>
        <MultiSelect
          data-tour="fairness-select"
          label="Also check fairness across"
          description={named.length ? `The charter's sensitive attributes are always checked: ${named.join(', ')}.` : 'The charter names no sensitive attributes; add columns to check here, or in the charter.'}
          data={(version?.columns ?? []).filter((c) => c.name !== run?.target).map((c) => c.name)}
          value={sensitive}
          onChange={setSensitive}
          searchable
          clearable
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} disabled={!run || !version} loading={start.isPending}>
            Evaluate
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
