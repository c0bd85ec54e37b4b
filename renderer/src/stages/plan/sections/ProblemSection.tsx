/** Charter section 1: the problem, the business objective, and the people involved. */
import { ActionIcon, Button, Group, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { ROLES, ROLE_LABELS, type Role } from '@contract';
import { patchRow, rowKey } from '../draft';
import type { SectionProps } from './types';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export function ProblemSection({ draft, update, errors }: SectionProps) {
  return (
    <Stack gap="md">
      <Textarea
        label="Problem statement"
        description="What goes wrong today, for whom, and why a model could help."
        placeholder="e.g. Support cannot tell which customers are about to cancel, so retention offers reach them too late."
        required
        autosize
        minRows={3}
        value={draft.problem}
        error={errors.problem}
        onChange={(e) => {
          const problem = e.currentTarget.value;
          update((d) => ({ ...d, problem }));
        }}
      />
      <Textarea
        label="Business objective"
        description="The outcome the business wants, in its own terms."
        placeholder="e.g. Cut monthly churn from 4% to 3% within two quarters."
        autosize
        minRows={2}
        value={draft.objective}
        error={errors.objective}
        onChange={(e) => {
          const objective = e.currentTarget.value;
          update((d) => ({ ...d, objective }));
        }}
      />
      <StakeholderRows draft={draft} update={update} errors={errors} />
    </Stack>
  );
}

function StakeholderRows({ draft, update, errors }: SectionProps) {
  const rows = draft.stakeholders;
  const set = (key: string, patch: { name?: string; role?: Role | null }) =>
    update((d) => ({ ...d, stakeholders: patchRow(d.stakeholders, key, patch) }));
  return (
    <Stack gap="xs">
      <Text fw={500} size="sm">
        Stakeholders
      </Text>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          Who asks for this model, who builds it, who reviews it? Add the people or teams involved.
        </Text>
      )}
      {rows.map((row, i) => (
        <Group key={row.key} align="flex-start" wrap="nowrap" gap="sm">
          <TextInput
            label="Name"
            aria-label={`Stakeholder name ${i + 1}`}
            placeholder="Person or team"
            style={{ flex: 2 }}
            value={row.name}
            error={errors[`stakeholders.${i}.name`]}
            onChange={(e) => set(row.key, { name: e.currentTarget.value })}
          />
          <Select
            label="Role"
            aria-label={`Stakeholder role ${i + 1}`}
            placeholder="Pick a role"
            style={{ flex: 1 }}
            data={ROLE_OPTIONS}
            value={row.role}
            error={errors[`stakeholders.${i}.role`]}
            allowDeselect={false}
            onChange={(v) => set(row.key, { role: v as Role | null })}
          />
          <ActionIcon
            variant="subtle"
            color="gray"
            mt={28}
            size="lg"
            aria-label={`Remove stakeholder ${i + 1}`}
            onClick={() => update((d) => ({ ...d, stakeholders: d.stakeholders.filter((s) => s.key !== row.key) }))}
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          onClick={() => update((d) => ({ ...d, stakeholders: [...d.stakeholders, { key: rowKey(), name: '', role: null }] }))}
        >
          Add stakeholder
        </Button>
      </Group>
    </Stack>
  );
}
