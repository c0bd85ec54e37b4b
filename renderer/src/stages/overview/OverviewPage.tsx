/**
 * The project dashboard: the whole cycle at a glance — each stage's state, the model in production and its latest
 * health, the alerts waiting for a decision, and what happened last.
 */
import { useEffect, useState } from 'react';
import { Anchor, Button, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'wouter';
import { STAGE_INFO, type Project, type StageStatus } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { stagePath } from '../../app/paths';
import { useShortcutsHelp } from '../../app/shortcuts';
import { lifecycleNext } from '../../components/lifecycle/lifecycleNext';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { ActivityList } from './ActivityList';
import { AlertsCard } from './AlertsCard';
import { CycleCards } from './CycleCards';
import { relativeTime } from './overviewText';
import { ProductionCard } from './ProductionCard';

interface Props {
  project: Project;
  statuses: StageStatus[] | undefined;
}

export function OverviewPage({ project, statuses }: Props) {
  const overview = useGyreQuery('monitor.overview', { projectId: project.id });
  const charter = useGyreQuery('charters.get', { projectId: project.id });
  const now = useNow(60_000);
  const { openMap } = useShortcutsHelp();
  const last = overview.data?.activity.reduce<string | null>((newest, a) => (newest === null || a.at > newest ? a.at : newest), null) ?? null;
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase">
          Project overview
        </Text>
        <Title order={1} size="h2">
          {project.name}
        </Title>
        {project.description && (
          <Text c="dimmed" maw={760}>
            {project.description}
          </Text>
        )}
        <Group justify="space-between" align="center" gap="sm">
          <Progress statuses={statuses} projectId={project.id} lastActivity={last ? relativeTime(last, now) : null} />
          <Button size="xs" variant="default" onClick={openMap} title="The cycle as a diagram: what is done, what comes next (Alt+L)">
            Lifecycle map
          </Button>
        </Group>
      </Stack>
      <CycleCards projectId={project.id} statuses={statuses} />
      {overview.isPending && <LoadingState label="Loading production and activity…" />}
      {overview.isError && <ErrorState title="Production and activity could not be loaded" error={overview.error} onRetry={() => void overview.refetch()} />}
      {overview.data && (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack gap="lg">
              <ProductionCard projectId={project.id} overview={overview.data} criteria={charter.data?.content.successCriteria ?? []} now={now} />
              <AlertsCard projectId={project.id} overview={overview.data} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <ActivityList activity={overview.data.activity} now={now} />
          </Grid.Col>
        </Grid>
      )}
    </Stack>
  );
}

/** "3 of 8 stages done · next: Train · last activity 5 minutes ago". */
function Progress({ statuses, projectId, lastActivity }: { statuses: StageStatus[] | undefined; projectId: string; lastActivity: string | null }) {
  if (!statuses) return null;
  const done = statuses.filter((s) => s.state === 'done').length;
  // Where to look first, as the lifecycle map says it; with every stage done there is nothing to point at here.
  const found = lifecycleNext(statuses);
  const next = found?.reason === 'round_again' ? null : found;
  return (
    <Text size="sm" data-testid="overview-progress">
      {done} of {statuses.length} stages done
      {next && (
        <>
          {' · '}
          {next.reason === 'needs_attention' ? 'needs attention' : 'next'}:{' '}
          <Anchor component={Link} href={stagePath(projectId, next.stage)} size="sm">
            {STAGE_INFO[next.stage].label}
          </Anchor>
        </>
      )}
      {lastActivity && (
        <Text span size="sm" c="dimmed">
          {' · '}last activity {lastActivity}
        </Text>
      )}
    </Text>
  );
}

/** The time now, moved on every `everyMs`, so relative times ("5 minutes ago") stay true while the page is open. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
