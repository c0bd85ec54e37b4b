/**
 * The tour's panel, docked on the right of every page while the tour runs: the step's stage, what the stage is for and why it matters, what to do now, and the
 * way to the page that has the control. Steps move on by themselves when their work exists in the project.
 */
import { ActionIcon, Alert, Badge, Box, Button, Group, Paper, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { STAGE_INFO, type TourUpdateInput } from '@contract';
import { stepPage, type ShownStep } from './tourSteps';

interface Props {
  shown: ShownStep;
  /** The page open is the step's stage in the tour's project. */
  onStepPage: boolean;
  done: { title: string; evidence: string } | null;
  busy: boolean;
  update(action: TourUpdateInput['action']): void;
  goToStep(): void;
  /** The sample's file or batch, for the steps that take one. */
  sampleAction: { label: string; run(): void } | null;
}

export function TourPanel({ shown, onStepPage, done, busy, update, goToStep, sampleAction }: Props) {
  const { step, number, total, behind } = shown;
  const stage = STAGE_INFO[step.stage].label;
  return (
    <Stack gap="xs" role="region" aria-label="Guided tour">
      <Group justify="space-between" wrap="nowrap">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          Guided tour · step {number} of {total}
        </Text>
        <Group gap={4} wrap="nowrap">
          <Tooltip label="Pause: hide the tour and come back to it">
            <ActionIcon variant="subtle" color="gray" aria-label="Pause the tour" onClick={() => update('pause')} disabled={busy}>
              –
            </ActionIcon>
          </Tooltip>
          <Tooltip label="End the tour (your progress is kept)">
            <ActionIcon variant="subtle" color="gray" aria-label="End the tour" onClick={() => update('dismiss')} disabled={busy}>
              ×
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <Progress value={(100 * behind) / total} size="sm" aria-label={`${behind} of ${total} steps behind you`} />
      {done && (
        <Text size="xs" c="teal" data-testid="tour-done">
          ✓ {done.title}: {done.evidence}
        </Text>
      )}
      <Group gap="xs">
        <Badge variant="light">{stage}</Badge>
        <Text fw={700}>{step.title}</Text>
      </Group>
      <Text size="sm">{step.what}</Text>
      <Box>
        <Text size="xs" fw={700} c="dimmed">
          Why it matters
        </Text>
        <Text size="sm" c="dimmed">
          {step.why}
        </Text>
      </Box>
      <Alert variant="light" color="orange" p="xs" title="Now">
        <Text size="sm">{step.action}</Text>
        {sampleAction && (
          <Button size="xs" mt="xs" variant="filled" color="orange" onClick={sampleAction.run} loading={busy} data-tour="sample-button">
            {sampleAction.label}
          </Button>
        )}
      </Alert>
      <Group justify="space-between">
        <Group gap="xs">
          <Button size="xs" variant="subtle" onClick={() => update('back')} disabled={busy || number === 1}>
            Back
          </Button>
          <Button size="xs" variant="subtle" color="gray" onClick={() => update('skip')} disabled={busy}>
            Skip step
          </Button>
        </Group>
        {!onStepPage && (
          <Button size="xs" onClick={goToStep}>
            Go to {STAGE_INFO[stepPage(step)].label}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/**
 * The tour while a dialog is open: one line at the top, clear of the dialog's own buttons; the ring inside the dialog
 * shows what to use. The full panel comes back when the dialog closes.
 */
export function TourPill({ shown }: { shown: ShownStep }) {
  return (
    <Paper withBorder shadow="md" radius="xl" px="md" py={4} role="status" style={{ position: 'fixed', top: 6, left: '50%', transform: 'translateX(-50%)', zIndex: 300, maxWidth: '60vw' }}>
      <Text size="xs" truncate>
        <b>
          Guided tour · step {shown.number} of {shown.total}
        </b>{' '}
        · {shown.step.title}
      </Text>
    </Paper>
  );
}
