/** The header's project menu: the open project's name, other projects to switch to, and new / rename / archive. */
import { Button, Menu, Text } from '@mantine/core';
import { useLocation } from 'wouter';
import type { Project } from '@contract';
import { useGyreQuery } from '../api/queries';
import { HOME_PATH, overviewPath } from './paths';
import { useProjectActions } from './ProjectActions';

export function ProjectSwitcher({ current }: { current: Project | null }) {
  const [, navigate] = useLocation();
  const { createProject, renameProject, archiveProject } = useProjectActions();
  const projects = useGyreQuery('projects.list', {});
  const others = (projects.data ?? []).filter((p) => p.id !== current?.id);

  return (
    <Menu position="bottom-start" width={260} shadow="md">
      <Menu.Target>
        <Button variant="default" size="sm" rightSection={<span aria-hidden>▾</span>} data-testid="project-switcher" maw={320}>
          <Text size="sm" truncate>
            {current ? current.name : 'Projects'}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {others.length > 0 && <Menu.Label>Switch to</Menu.Label>}
        {others.slice(0, 10).map((p) => (
          <Menu.Item key={p.id} onClick={() => navigate(overviewPath(p.id))}>
            {p.name}
          </Menu.Item>
        ))}
        {projects.isError && <Menu.Label c="red">{projects.error.message}</Menu.Label>}
        <Menu.Item onClick={() => navigate(HOME_PATH)}>All projects</Menu.Item>
        <Menu.Divider />
        <Menu.Item onClick={createProject} rightSection={<Text size="xs" c="dimmed">Alt+N</Text>}>
          New project
        </Menu.Item>
        {current && (
          <>
            <Menu.Item onClick={() => renameProject(current)}>Rename</Menu.Item>
            <Menu.Item color="orange" onClick={() => archiveProject(current)}>
              Archive
            </Menu.Item>
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
