/** Charter section 5 (wizard only): the whole charter read back before it is saved. */
import type { ReactNode } from 'react';
import { Alert, Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { ROLE_LABELS, TASK_LABELS } from '@contract';
import type { CharterDraft } from '../draft';
import { fieldLabel } from '../fieldLabels';
import { criterionSentence, formatNumber } from '../sentences';
import { CHARTER_STEPS, type FieldErrors } from '../validation';

interface Props {
  draft: CharterDraft;
  errors: FieldErrors;
  onEdit(step: number): void;
}

export function ReviewSection({ draft, errors, onEdit }: Props) {
  const problems = Object.entries(errors);
  return (
    <Stack gap="md">
      {problems.length > 0 && (
        <Alert color="red" variant="light" title="Some fields need attention" role="alert">
          <List size="sm">
            {problems.map(([path, message]) => (
              <List.Item key={path}>
                {fieldLabel(path)}: {message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Block step={0} onEdit={onEdit}>
        <Fact label="Problem statement" value={draft.problem} />
        <Fact label="Business objective" value={draft.objective} />
        <Fact
          label="Stakeholders"
          value={draft.stakeholders.map((s) => `${s.name || '(unnamed)'} — ${s.role ? ROLE_LABELS[s.role] : 'no role'}`).join('; ')}
        />
      </Block>
      <Block step={1} onEdit={onEdit}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Fact label="Task" value={draft.task ? TASK_LABELS[draft.task] : ''} />
          <Fact label="Predictions used" value={draft.usage === 'online' ? 'Online' : 'Batch'} />
          <Fact label="Target" value={draft.target} />
          <Fact label="Unit of prediction" value={draft.predictionUnit} />
        </SimpleGrid>
      </Block>
      <Block step={2} onEdit={onEdit}>
        <List size="sm" spacing={4}>
          {draft.successCriteria.map((c) => (
            <List.Item key={c.key}>{criterionSentence(c)}</List.Item>
          ))}
        </List>
      </Block>
      <Block step={3} onEdit={onEdit}>
        <Fact label="Interpretability required" value={draft.interpretabilityRequired ? 'Yes' : 'No'} />
        <Fact
          label="Sensitive attributes"
          value={draft.sensitiveAttributes
            .map((a) => `${a.name || '(unnamed)'}: disparity ≤ ${typeof a.maxDisparity === 'number' ? formatNumber(a.maxDisparity) : a.maxDisparity || '…'}`)
            .join('; ')}
        />
        <Fact label="Privacy / compliance notes" value={draft.privacyNotes} />
        <Fact label="Risks" value={draft.risks.map((r) => (r.mitigation ? `${r.risk} — mitigation: ${r.mitigation}` : r.risk)).join('; ')} />
        <Fact label="Retraining trigger" value={draft.retrainingTrigger} />
      </Block>
    </Stack>
  );
}

function Block({ step, onEdit, children }: { step: number; onEdit(step: number): void; children: ReactNode }) {
  const label = CHARTER_STEPS[step]?.label ?? '';
  return (
    <Card withBorder padding="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5">
            {label}
          </Title>
          <Button variant="subtle" size="xs" onClick={() => onEdit(step)} aria-label={`Edit ${label}`}>
            Edit
          </Button>
        </Group>
        {children}
      </Stack>
    </Card>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={value ? undefined : 'dimmed'}>
        {value || 'Not given'}
      </Text>
    </div>
  );
}
