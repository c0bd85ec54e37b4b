/** The recipe's steps in order: what each does, what it did on the preview sample, and controls to move or remove it. */
import { ActionIcon, Badge, Button, Card, Group, Menu, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { describeReport, describeStep, RECIPE_OP_LABELS, type RecipePreview, type RecipeStep } from '@contract';
import { STEP_GROUPS } from './stepDefaults';

interface Props {
  steps: RecipeStep[];
  selected: number | null;
  /** The preview of all steps (their reports), when it has run. */
  preview: RecipePreview | undefined;
  onSelect(index: number): void;
  onMove(index: number, by: -1 | 1): void;
  onRemove(index: number): void;
  onAdd(op: RecipeStep['op']): void;
}

const STATUS_COLORS = { applied: 'teal', partial: 'yellow', skipped: 'gray' } as const;

function StepStatus({ index, preview }: { index: number; preview: RecipePreview | undefined }) {
  if (!preview) return null;
  if (preview.error?.index === index) return <Badge color="red" size="sm" variant="light">error</Badge>;
  const report = preview.steps.find((s) => s.index === index);
  if (!report) return null;
  return (
    <Tooltip label={describeReport(report)} multiline maw={360} withArrow>
      <Badge color={STATUS_COLORS[report.status]} size="sm" variant="light">
        {report.status}
      </Badge>
    </Tooltip>
  );
}

export function AddStepMenu({ onAdd }: { onAdd(op: RecipeStep['op']): void }) {
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>
        <Button variant="light" size="xs">
          Add step
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {STEP_GROUPS.map((g) => (
          <div key={g.label}>
            <Menu.Label>{g.label}</Menu.Label>
            {g.ops.map((op) => (
              <Menu.Item key={op} onClick={() => onAdd(op)}>
                {RECIPE_OP_LABELS[op]}
              </Menu.Item>
            ))}
          </div>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

export function StepList({ steps, selected, preview, onSelect, onMove, onRemove, onAdd }: Props) {
  return (
    <Stack gap={6}>
      {steps.length === 0 && (
        <Text size="sm" c="dimmed">
          No steps yet. Add one, or use an alert&apos;s “Fix in Prepare” on the Explore stage.
        </Text>
      )}
      {steps.map((step, i) => {
        const report = preview?.steps.find((s) => s.index === i);
        return (
          <Card key={i} withBorder padding="xs" bg={selected === i ? 'var(--mantine-color-blue-light)' : undefined} aria-current={selected === i ? 'step' : undefined}>
            <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
              <UnstyledButton onClick={() => onSelect(i)} style={{ flex: 1, minWidth: 0 }} aria-label={`Step ${i + 1}: ${describeStep(step)}`}>
                <Group gap={6} wrap="nowrap">
                  <Text size="xs" c="dimmed" w={18} ta="right">
                    {i + 1}
                  </Text>
                  <Text size="sm" fw={500} truncate>
                    {RECIPE_OP_LABELS[step.op]}
                  </Text>
                  <StepStatus index={i} preview={preview} />
                </Group>
                <Text size="xs" ml={24} lineClamp={2}>
                  {describeStep(step)}
                </Text>
                {report && (
                  <Text size="xs" ml={24} c="dimmed" lineClamp={2}>
                    {describeReport(report)}
                  </Text>
                )}
              </UnstyledButton>
              <Group gap={0} wrap="nowrap">
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Move step ${i + 1} up`} disabled={i === 0} onClick={() => onMove(i, -1)}>
                  ↑
                </ActionIcon>
                <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Move step ${i + 1} down`} disabled={i === steps.length - 1} onClick={() => onMove(i, 1)}>
                  ↓
                </ActionIcon>
                <ActionIcon variant="subtle" color="red" size="sm" aria-label={`Remove step ${i + 1}`} onClick={() => onRemove(i)}>
                  ×
                </ActionIcon>
              </Group>
            </Group>
          </Card>
        );
      })}
      <AddStepMenu onAdd={onAdd} />
    </Stack>
  );
}
