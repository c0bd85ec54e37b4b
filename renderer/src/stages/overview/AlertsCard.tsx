/** How many monitoring alerts wait for a decision, and how many someone has seen but not yet resolved. */
import { Button, Group, Stack, Text } from '@mantine/core';
import { Link } from 'wouter';
import type { ProjectOverview } from '@contract';
import { stagePath } from '../../app/paths';
import { Section } from '../../components/Section';

export function AlertsCard({ projectId, overview }: { projectId: string; overview: ProjectOverview }) {
  const { openAlerts: open, acknowledgedAlerts: acknowledged } = overview;
  return (
    <Section
      title="Alerts"
      description="Raised when a batch breaks one of the charter’s rules: a metric below acceptable, drift, a fairness gap, a schema change."
    >
      <Group gap="xl">
        <Count label="Open" value={open} color={open > 0 ? 'red' : undefined} />
        <Count label="Acknowledged" value={acknowledged} color={acknowledged > 0 ? 'orange' : undefined} />
      </Group>
      <Text size="sm" c="dimmed">
        {open > 0
          ? `${open} alert${open === 1 ? ' waits' : 's wait'} for a decision: acknowledge, resolve, or start the next iteration from it.`
          : acknowledged > 0
            ? 'No new alerts; the acknowledged ones are still open questions until resolved.'
            : 'No open alerts.'}
      </Text>
      <Button component={Link} href={stagePath(projectId, 'monitor')} variant={open > 0 ? 'light' : 'default'} color={open > 0 ? 'red' : undefined} size="xs" w="fit-content">
        {open > 0 ? 'Review the alerts on Monitor' : 'Open Monitor'}
      </Button>
    </Section>
  );
}

function Count({ label, value, color }: { label: string; value: number; color: string | undefined }) {
  return (
    <Stack gap={0} aria-label={`${label} alerts: ${value}`}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="xl" fw={700} c={color}>
        {value}
      </Text>
    </Stack>
  );
}
