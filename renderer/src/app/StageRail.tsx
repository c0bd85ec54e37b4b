/** The project's overview, then the lifecycle in order with each stage's state for the open project; the current page is highlighted. */
import { NavLink, Stack, Text, ThemeIcon } from '@mantine/core';
import { STAGES, STAGE_INFO, type StageStatus } from '@contract';
import { StageStateBadge } from '../components/StageStateBadge';
import { overviewHref, stageHref, type ProjectPage } from './paths';
import { prefetchStage } from './prefetch';

interface Props {
  projectId: string;
  current: ProjectPage;
  statuses: StageStatus[] | undefined;
}

export function StageRail({ projectId, current, statuses }: Props) {
  const onOverview = current === 'overview';
  return (
    <>
      <nav aria-label="Project">
        <NavLink
          href={overviewHref(projectId)}
          active={onOverview}
          aria-current={onOverview ? 'page' : undefined}
          label="Overview"
          title="Overview: the whole cycle at a glance (Alt+0)"
          leftSection={
            <ThemeIcon size="sm" radius="xl" variant={onOverview ? 'filled' : 'light'} color={onOverview ? undefined : 'gray'} aria-hidden>
              <Text size="xs" fw={700}>
                ◎
              </Text>
            </ThemeIcon>
          }
          mb="sm"
        />
      </nav>
      <nav aria-label="Lifecycle stages">
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" px="sm" pb="xs">
          Lifecycle
        </Text>
        <Stack gap={2}>
          {STAGES.map((stage, i) => {
            const status = statuses?.find((s) => s.stage === stage);
            const active = stage === current;
            return (
              <NavLink
                key={stage}
                href={stageHref(projectId, stage)}
                active={active}
                aria-current={active ? 'page' : undefined}
                label={STAGE_INFO[stage].label}
                title={`${STAGE_INFO[stage].label} (Alt+${i + 1})`}
                description={status ? <StageStateBadge state={status.state} summary={status.summary} /> : undefined}
                leftSection={
                  <ThemeIcon size="sm" radius="xl" variant={active ? 'filled' : 'light'} color={active ? undefined : 'gray'} aria-hidden>
                    <Text size="xs" fw={700}>
                      {i + 1}
                    </Text>
                  </ThemeIcon>
                }
                styles={{ description: { marginTop: 4 } }}
                // Pointing at a stage starts fetching what it shows first, so it is there when the click lands.
                onMouseEnter={() => prefetchStage(projectId, stage)}
                onFocus={() => prefetchStage(projectId, stage)}
              />
            );
          })}
        </Stack>
      </nav>
    </>
  );
}
