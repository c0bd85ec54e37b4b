/** The home page: every project in the workspace, a way to create one, and a first-run explanation when there are none. */
import { useState } from 'react';
import { Button, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { useGyreQuery } from '../../api/queries';
import { useProjectActions } from '../../app/ProjectActions';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { TourOffer } from '../../components/tour/TourOffer';
import { EmptyProjects } from './EmptyProjects';
import { ProjectTable } from './ProjectTable';

export function ProjectsHome() {
  const [showArchived, setShowArchived] = useState(false);
  const { createProject, importProject } = useProjectActions();
  const projects = useGyreQuery('projects.list', { includeArchived: showArchived });
  const hasAny = (projects.data?.length ?? 0) > 0;

  return (
    <Stack gap="lg" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1} size="h2">
            Projects
          </Title>
          <Text c="dimmed" size="sm">
            Each project carries one model’s lifecycle, from its charter to monitoring.
          </Text>
        </Stack>
        <Group>
          <Switch label="Show archived" checked={showArchived} onChange={(e) => setShowArchived(e.currentTarget.checked)} />
          <Button variant="default" onClick={importProject}>
            Import project…
          </Button>
          {(hasAny || showArchived) && <Button onClick={createProject}>New project</Button>}
        </Group>
      </Group>
      <TourOffer />
      {projects.isPending && <LoadingState label="Loading projects…" />}
      {projects.isError && <ErrorState title="Projects could not be loaded" error={projects.error} onRetry={() => void projects.refetch()} />}
      {projects.data && !hasAny && !showArchived && <EmptyProjects onCreate={createProject} />}
      {projects.data && !hasAny && showArchived && (
        <Text c="dimmed" size="sm">
          No projects yet, archived or not.
        </Text>
      )}
      {projects.data && hasAny && <ProjectTable projects={projects.data} />}
    </Stack>
  );
}
