/**
 * The frame around every page: header (name, project switcher, jobs, help), inside a project the stage rail, and while
 * the guided tour runs its panel docked on the right.
 */
import type { ReactNode } from 'react';
import { Anchor, AppShell, Button, Group, Kbd, Menu, Text } from '@mantine/core';
import { useLocation } from 'wouter';
import type { Project, StageStatus } from '@contract';
import { JobsButton } from '../components/jobs/JobsPanel';
import { useTour } from '../components/tour/TourProvider';
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
  const withRail = project !== null && stage !== null;
  const { dock } = useTour();
  return (
    <AppShell header={{ height: 56 }} navbar={withRail ? { width: 250, breakpoint: 0 } : undefined} aside={dock ? { width: 340, breakpoint: 0 } : undefined} padding="lg">
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
            <HelpMenu />
          </Group>
        </Group>
      </AppShell.Header>
      {withRail && (
        <AppShell.Navbar p="sm">
          <StageRail projectId={project.id} current={stage} statuses={statuses} />
        </AppShell.Navbar>
      )}
      {dock && (
        <AppShell.Aside p="md" style={{ overflowY: 'auto' }}>
          {dock}
        </AppShell.Aside>
      )}
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}

/** Help: the lifecycle map, the tour, the keyboard shortcuts, and the settings. */
function HelpMenu() {
  const { openHelp, openMap, startTour } = useShortcutsHelp();
  const [, navigate] = useLocation();
  const keys = (...k: string[]) => (
    <Text span size="xs" c="dimmed">
      {k.map((key, i) => (
        <span key={key}>
          {i > 0 && '+'}
          <Kbd size="xs">{key}</Kbd>
        </span>
      ))}
    </Text>
  );
  return (
    <Menu position="bottom-end" width={230} shadow="md">
      <Menu.Target>
        <Button variant="subtle" color="gray" size="sm" aria-label="Help" rightSection={<Text span size="xs" aria-hidden>▾</Text>}>
          Help
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={openMap} rightSection={keys('Alt', 'L')}>
          Lifecycle map
        </Menu.Item>
        <Menu.Item onClick={startTour}>Take the tour</Menu.Item>
        <Menu.Item onClick={openHelp} rightSection={keys('?')}>
          Keyboard shortcuts
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item onClick={() => navigate('/settings')}>Settings</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
