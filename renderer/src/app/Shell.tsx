/** The frame around every page: header (name, project switcher, jobs, help) and, inside a project, the stage rail. */
import type { ReactNode } from 'react';
import { ActionIcon, Anchor, AppShell, Group, Text, Tooltip } from '@mantine/core';
import type { Project, StageStatus } from '@contract';
import { JobsButton } from '../components/jobs/JobsPanel';
import { HOME_PATH, type ProjectPage } from './paths';
import { ProjectSwitcher } from './ProjectSwitcher';
import { useShortcutsHelp } from './shortcuts';
import { StageRail } from './StageRail';

interface Props {
  project: Project | null;
  /** The project page shown (a stage or the overview); null outside a project, where no stage rail is drawn. */
  stage: ProjectPage | null;
  statuses?: StageStatus[] | undefined;
  children: ReactNode;
}

export function Shell({ project, stage, statuses, children }: Props) {
  const { openHelp } = useShortcutsHelp();
  const withRail = project !== null && stage !== null;
  return (
    <AppShell header={{ height: 56 }} navbar={withRail ? { width: 250, breakpoint: 0 } : undefined} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Anchor href={`#${HOME_PATH}`} underline="never" c="inherit" aria-label="Gyre — all projects">
              <Text fw={800} size="lg" style={{ letterSpacing: '0.02em' }}>
                Gyre
              </Text>
            </Anchor>
            <ProjectSwitcher current={project} />
          </Group>
          <Group gap="xs" wrap="nowrap">
            {project && <JobsButton projectId={project.id} />}
            <Tooltip label="Keyboard shortcuts (?)">
              <ActionIcon variant="subtle" color="gray" size="lg" aria-label="Keyboard shortcuts" onClick={openHelp}>
                <Text fw={700}>?</Text>
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>
      {withRail && (
        <AppShell.Navbar p="sm">
          <StageRail projectId={project.id} current={stage} statuses={statuses} />
        </AppShell.Navbar>
      )}
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
