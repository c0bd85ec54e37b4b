/**
 * First start (a workspace with no project yet): the tour offered on the home page, beside creating a project — a card,
 * not a dialog, so nobody is stopped from starting their own work.
 */
import { Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useTour } from './TourProvider';

export function TourOffer() {
  const { state, busy, begin, dismiss } = useTour();
  if (state?.status !== 'offered') return null;
  return (
    <Paper withBorder radius="lg" p="lg" maw={1100} role="region" aria-label="Guided tour offer" style={{ borderColor: 'var(--mantine-color-orange-4)' }}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          New to the lifecycle? Take the guided tour on a sample project
        </Title>
        <Text size="sm">
          The tour makes a sample project — 4,000 customers of a telecom company, and whether each one cancelled — and walks you through every stage
          once, doing the real work: a charter with success criteria, the data and its quality alerts, a cleaning recipe, baselines and a GBDT on an
          out-of-time split, tuning, the evaluation with its fairness table, production, a bundle, monitoring — and round again.
        </Text>
        <List size="sm">
          <List.Item>Each step says what the stage is for and why it matters, and rings the control to use next.</List.Item>
          <List.Item>Skip any step or pause, and pick it up later from Help → Take the tour: your progress is kept.</List.Item>
        </List>
        <Group>
          <Button color="orange" onClick={begin} loading={busy}>
            Take the tour
          </Button>
          <Button variant="default" onClick={dismiss}>
            Not now
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
