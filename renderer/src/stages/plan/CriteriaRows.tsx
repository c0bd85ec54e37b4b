/** Success criteria rows: a metric that fits the task, which way is better, the minimum acceptable and the target value. */
import { ActionIcon, Button, Card, Grid, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { METRIC_INFO, TASK_LABELS, metricFitsTask, metricsForTask, type Direction, type Metric } from '@contract';
import { emptyCriterion, patchRow, type CriterionDraft } from './draft';
import { criterionSentence } from './sentences';
import type { SectionProps } from './sections/types';

const DIRECTION_OPTIONS = [
  { value: 'higher', label: 'Higher is better' },
  { value: 'lower', label: 'Lower is better' },
];

export function CriteriaRows({ draft, update, errors }: SectionProps) {
  const set = (key: string, patch: Partial<CriterionDraft>) => update((d) => ({ ...d, successCriteria: patchRow(d.successCriteria, key, patch) }));
  const rows = draft.successCriteria;
  return (
    <Stack gap="sm">
      {!draft.task && (
        <Text size="sm" c="orange">
          Pick the task in ML framing first: it decides which metrics fit.
        </Text>
      )}
      {rows.map((row, i) => (
        <CriterionRow
          key={row.key}
          index={i}
          row={row}
          draft={draft}
          errors={errors}
          canRemove={rows.length > 1}
          onChange={(patch) => set(row.key, patch)}
          onRemove={() => update((d) => ({ ...d, successCriteria: d.successCriteria.filter((c) => c.key !== row.key) }))}
        />
      ))}
      {errors.successCriteria && (
        <Text size="sm" c="red" role="alert">
          {errors.successCriteria}
        </Text>
      )}
      <Group>
        <Button variant="light" size="xs" onClick={() => update((d) => ({ ...d, successCriteria: [...d.successCriteria, emptyCriterion()] }))}>
          Add criterion
        </Button>
      </Group>
    </Stack>
  );
}

interface RowProps extends Omit<SectionProps, 'update'> {
  index: number;
  row: CriterionDraft;
  canRemove: boolean;
  onChange(patch: Partial<CriterionDraft>): void;
  onRemove(): void;
}

function CriterionRow({ index, row, draft, errors, canRemove, onChange, onRemove }: RowProps) {
  const n = index + 1;
  const at = (field: string) => errors[`successCriteria.${index}.${field}`];
  const fitting = draft.task ? metricsForTask(draft.task) : [];
  // A metric chosen before the task changed stays visible, flagged, rather than silently vanishing.
  const options = row.metric && !fitting.includes(row.metric) ? [...fitting, row.metric] : fitting;
  const misfit = row.metric && draft.task && !metricFitsTask(row.metric, draft.task);
  const metricError = at('metric') ?? (misfit && row.metric && draft.task ? `${METRIC_INFO[row.metric].label} does not fit ${TASK_LABELS[draft.task].toLowerCase()}.` : undefined);
  const unit = row.metric ? METRIC_INFO[row.metric].unit : undefined;
  const bounded = row.metric ? METRIC_INFO[row.metric].max === 1 : false;

  return (
    <Card withBorder padding="sm" data-testid={`criterion-${n}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text size="sm" fw={600}>
            Criterion {n}
          </Text>
          <ActionIcon variant="subtle" color="gray" aria-label={`Remove criterion ${n}`} disabled={!canRemove} onClick={onRemove}>
            ✕
          </ActionIcon>
        </Group>
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <Select
              label="Metric"
              aria-label={`Metric ${n}`}
              placeholder={draft.task ? 'Pick a metric' : 'Pick the task first'}
              disabled={!draft.task}
              data={options.map((m) => ({ value: m, label: METRIC_INFO[m].label }))}
              value={row.metric}
              error={metricError}
              allowDeselect={false}
              searchable
              onChange={(v) => {
                const metric = v as Metric | null;
                onChange(metric ? { metric, direction: METRIC_INFO[metric].direction } : { metric });
              }}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <Select
              label="Direction"
              aria-label={`Direction ${n}`}
              data={DIRECTION_OPTIONS}
              value={row.direction}
              error={at('direction')}
              allowDeselect={false}
              onChange={(v) => v && onChange({ direction: v as Direction })}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <NumberInput
              label="Minimum acceptable"
              aria-label={`Minimum acceptable ${n}`}
              placeholder={bounded ? 'e.g. 0.70' : undefined}
              suffix={unit ? ` ${unit}` : undefined}
              step={bounded ? 0.01 : 1}
              decimalScale={6}
              value={row.acceptable}
              error={at('acceptable')}
              onChange={(v) => onChange({ acceptable: v })}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <NumberInput
              label="Target value"
              aria-label={`Target value ${n}`}
              placeholder={bounded ? 'e.g. 0.90' : undefined}
              suffix={unit ? ` ${unit}` : undefined}
              step={bounded ? 0.01 : 1}
              decimalScale={6}
              value={row.target}
              error={at('target')}
              onChange={(v) => onChange({ target: v })}
            />
          </Grid.Col>
        </Grid>
        <Text size="sm" c="dimmed" data-testid={`criterion-sentence-${n}`}>
          {criterionSentence(row)}
        </Text>
      </Stack>
    </Card>
  );
}
