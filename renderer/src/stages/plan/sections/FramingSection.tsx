/** Charter section 2: the problem as an ML task — what is predicted, for what unit, and how predictions are used. */
import { Group, Radio, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { TASKS, TASK_LABELS, type Task, type Usage } from '@contract';
import type { SectionProps } from './types';

const TASK_HELP: Record<Task, string> = {
  binary_classification: 'Yes or no: will this customer cancel?',
  multiclass_classification: 'One of several classes: which product category?',
  regression: 'A number: how many units next week?',
};

const USAGE_HELP: Record<Usage, { label: string; help: string }> = {
  online: { label: 'Online', help: 'One request at a time, answered within milliseconds.' },
  batch: { label: 'Batch', help: 'Many rows scored on a schedule, e.g. nightly.' },
};

export function FramingSection({ draft, update, errors }: SectionProps) {
  return (
    <Stack gap="md">
      <Radio.Group
        label="Task"
        description="What kind of answer the model gives."
        required
        value={draft.task}
        error={errors.task}
        onChange={(v) => update((d) => ({ ...d, task: v as Task }))}
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
          {TASKS.map((t) => (
            <Radio.Card key={t} value={t} p="sm" radius="md" withBorder aria-label={TASK_LABELS[t]}>
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Radio.Indicator />
                <div>
                  <div style={{ fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)' }}>{TASK_LABELS[t]}</div>
                  <div style={{ fontSize: 'var(--mantine-font-size-xs)', color: 'var(--mantine-color-dimmed)' }}>{TASK_HELP[t]}</div>
                </div>
              </Group>
            </Radio.Card>
          ))}
        </SimpleGrid>
      </Radio.Group>
      <TextInput
        label="Target"
        description="What exactly the model predicts, as a column or a definition."
        placeholder="e.g. customer cancels within the next 30 days"
        value={draft.target}
        error={errors.target}
        onChange={(e) => {
          const target = e.currentTarget.value;
          update((d) => ({ ...d, target }));
        }}
      />
      <TextInput
        label="Unit of prediction"
        description="One prediction is made for one…"
        placeholder="e.g. customer per month"
        value={draft.predictionUnit}
        error={errors.predictionUnit}
        onChange={(e) => {
          const predictionUnit = e.currentTarget.value;
          update((d) => ({ ...d, predictionUnit }));
        }}
      />
      <Radio.Group
        label="Predictions used"
        description="How predictions reach the people or systems that act on them."
        value={draft.usage}
        error={errors.usage}
        onChange={(v) => update((d) => ({ ...d, usage: v as Usage }))}
      >
        <Stack gap="xs" mt="xs">
          {(Object.keys(USAGE_HELP) as Usage[]).map((u) => (
            <Radio key={u} value={u} label={USAGE_HELP[u].label} description={USAGE_HELP[u].help} />
          ))}
        </Stack>
      </Radio.Group>
    </Stack>
  );
}
