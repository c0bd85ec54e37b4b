/**
 * Tune a trained model: the same data, target and split as the run, a strategy, a budget, the metric and the search
 * space (each hyperparameter's range, log scale or choices, starting from sensible defaults).
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { DEFAULT_SPACES, METRIC_INFO, metricFitsTask, TUNING_METRICS, type Dimension, type Run, type SearchSpace, type TunableParam } from '@contract';
import { useGyreMutation } from '../../api/queries';
import { errorMessage, notifySuccess } from '../../components/notify';
import { SHORT_MODEL_NAMES } from './runText';

const CHARTER_TASK = { binary: 'binary_classification', multiclass: 'multiclass_classification', regression: 'regression' } as const;
const DEFAULT_METRIC = { binary: 'log_loss', multiclass: 'f1', regression: 'rmse' } as const;

const PARAM_LABELS: Record<TunableParam, string> = {
  trees: 'Trees',
  depth: 'Max depth',
  learningRate: 'Learning rate',
  minLeaf: 'Min rows in a leaf',
  l2: 'L2 penalty',
  epochs: 'Epochs',
  hidden: 'Hidden layers',
  batchSize: 'Batch size',
  alpha: 'Alpha (L2)',
  mlpLearningRate: 'Adam step size',
};

/** Choices as the editor shows them: "32 | 64 | 128,64". */
function choicesText(values: (number | number[])[]): string {
  return values.map((v) => (Array.isArray(v) ? v.join(',') : String(v))).join(' | ');
}

function parseChoices(text: string, layers: boolean): (number | number[])[] {
  return text.split('|').map((t) => t.trim()).filter(Boolean).map((t) => (layers ? t.split(',').map((u) => Number(u.trim())) : Number(t)));
}

export function TuneModal({ run, opened, onClose }: { run: Run; opened: boolean; onClose(): void }) {
  const [strategy, setStrategy] = useState<'halving' | 'random'>('halving');
  const [minutes, setMinutes] = useState<number | ''>('');
  const [trials, setTrials] = useState<number | ''>(27);
  const [metric, setMetric] = useState<string>(DEFAULT_METRIC[run.task]);
  const [space, setSpace] = useState<SearchSpace>(DEFAULT_SPACES[run.model]);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const start = useGyreMutation('studies.start');
  const request = run.details.request;
  const metrics = TUNING_METRICS.filter((m) => metricFitsTask(m, CHARTER_TASK[run.task]));
  const set = (param: TunableParam, d: Dimension) => setSpace((s) => ({ ...s, [param]: d }));

  const model = run.model;
  const submit = () => {
    // The drawer offers tuning only for models Gyre trains.
    if (model === 'imported') return;
    start.mutate(
      {
        projectId: run.projectId,
        versionId: run.versionId,
        target: run.target,
        task: run.task,
        model,
        strategy,
        metric: metric as (typeof TUNING_METRICS)[number],
        space,
        ...(minutes ? { budgetSeconds: minutes * 60 } : {}),
        ...(trials ? { trials } : {}),
        seed: request?.seed ?? 42,
        ...(request?.split ? { split: request.split } : {}),
      },
      {
        onSuccess: () => {
          notifySuccess(`Tuning ${SHORT_MODEL_NAMES[run.model]}: trials appear under Studies as they finish.`);
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Tune ${SHORT_MODEL_NAMES[run.model]}`} size="xl">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          On {run.dataset.name} v{run.dataset.version}, predicting “{run.target}”, with the run’s split. Trials are scored on a validation slice of the
          training rows; the test rows judge only the best configuration, trained at the end on every training row.
        </Text>
        <Group align="flex-end" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Strategy
            </Text>
            <SegmentedControl
              aria-label="Strategy"
              value={strategy}
              onChange={(v) => setStrategy(v as typeof strategy)}
              data={[
                { value: 'halving', label: 'Successive halving' },
                { value: 'random', label: 'Random search' },
              ]}
            />
          </Stack>
          <Select label="Metric" data={metrics.map((m) => ({ value: m, label: METRIC_INFO[m].label }))} value={metric} onChange={(v) => v && setMetric(v)} allowDeselect={false} w={180} />
          <NumberInput label={strategy === 'halving' ? 'Configurations' : 'Trials'} value={trials} onChange={(v) => setTrials(typeof v === 'number' ? v : '')} min={1} max={10_000} allowDecimal={false} w={140} />
          <NumberInput label="Time budget (minutes)" placeholder="none" value={minutes} onChange={(v) => setMinutes(typeof v === 'number' ? v : '')} min={0.1} step={1} decimalScale={1} w={170} />
        </Group>
        <Text size="xs" c="dimmed">
          {strategy === 'halving'
            ? 'Successive halving starts every configuration on a third of a third of the rows and promotes the best third to three times the rows, until the best train on all of them.'
            : 'Random search trains every configuration on all tuning rows.'}{' '}
          No trial starts once the time budget is spent.
        </Text>
        <Table aria-label="Search space" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Hyperparameter</Table.Th>
              <Table.Th>Search</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(Object.entries(space) as [TunableParam, Dimension][]).map(([param, d]) => (
              <Table.Tr key={param}>
                <Table.Td>{PARAM_LABELS[param]}</Table.Td>
                <Table.Td>
                  {d.type === 'choice' ? (
                    <TextInput
                      aria-label={`${PARAM_LABELS[param]} choices`}
                      description={param === 'hidden' ? 'Layer sizes, choices separated by |' : 'Choices separated by |'}
                      value={texts[param] ?? choicesText(d.values)}
                      onChange={(e) => {
                        const text = e.currentTarget.value;
                        setTexts((t) => ({ ...t, [param]: text }));
                        set(param, { type: 'choice', values: parseChoices(text, param === 'hidden') });
                      }}
                    />
                  ) : (
                    <Group gap="sm" wrap="nowrap">
                      <NumberInput aria-label={`${PARAM_LABELS[param]} from`} value={d.low} onChange={(v) => typeof v === 'number' && set(param, { ...d, low: v })} w={110} hideControls decimalScale={6} />
                      <Text size="sm">to</Text>
                      <NumberInput aria-label={`${PARAM_LABELS[param]} to`} value={d.high} onChange={(v) => typeof v === 'number' && set(param, { ...d, high: v })} w={110} hideControls decimalScale={6} />
                      <Switch label="log scale" checked={d.log} onChange={(e) => set(param, { ...d, log: e.currentTarget.checked })} />
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {start.error && (
          <Alert color="red" title="Tuning could not start">
            {errorMessage(start.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={start.isPending} disabled={!trials && !minutes}>
            Start tuning
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
