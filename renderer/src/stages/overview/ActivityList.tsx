/** What happened last in the project, newest first: jobs that finished, charter versions, model versions, alerts. */
import { Badge, Group, Stack, Text } from '@mantine/core';
import type { ProjectOverview } from '@contract';
import { formatDateTime } from '../../components/format';
import { jobTitle } from '../../components/jobs/jobText';
import { Section } from '../../components/Section';
import { ACTIVITY_KINDS, relativeTime } from './overviewText';

export function ActivityList({ activity, now }: { activity: ProjectOverview['activity']; now: number }) {
  const newest = [...activity].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Section title="Recent activity">
      {newest.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing has happened yet: jobs, charter versions, model versions and alerts appear here as they happen.
        </Text>
      ) : (
        <Stack component="ol" gap="xs" aria-label="Activity, newest first" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {newest.map((a, i) => {
            const kind = ACTIVITY_KINDS[a.kind];
            return (
              <Group key={`${a.at}-${i}`} component="li" gap="sm" wrap="nowrap" align="flex-start">
                <Badge color={kind.color} variant="light" w={72} style={{ flexShrink: 0, textTransform: 'none' }}>
                  {kind.label}
                </Badge>
                <Text size="sm" style={{ flex: 1, wordBreak: 'break-word' }}>
                  {a.job ? `${jobTitle(a.job)}${a.job.status === 'failed' ? ` — failed: ${a.job.message}` : ''}` : a.text}
                </Text>
                <Text size="xs" c="dimmed" title={formatDateTime(a.at)} style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
                  {relativeTime(a.at, now)}
                </Text>
              </Group>
            );
          })}
        </Stack>
      )}
    </Section>
  );
}
