/** The list of projects: open one, rename, archive, or restore an archived one. */
import { Badge, Button, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { useLocation } from 'wouter';
import type { Project } from '@contract';
import { useGyreMutation } from '../../api/queries';
import { overviewPath } from '../../app/paths';
import { useProjectActions } from '../../app/ProjectActions';
import { formatDate, formatDateTime } from '../../components/format';
import { notifyError, notifySuccess } from '../../components/notify';

export function ProjectTable({ projects }: { projects: Project[] }) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="sm" highlightOnHover aria-label="Projects">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last opened</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {projects.map((p) => (
            <ProjectRow key={p.id} project={p} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ProjectRow({ project }: { project: Project }) {
  const [, navigate] = useLocation();
  const { renameProject, archiveProject, exportProject } = useProjectActions();
  const archive = useGyreMutation('projects.archive');
  const archived = project.archivedAt !== null;
  const restore = () =>
    archive.mutate(
      { id: project.id, archived: false },
      { onSuccess: (p) => notifySuccess(`“${p.name}” restored.`), onError: (e) => notifyError(e, 'Could not restore the project') },
    );

  return (
    <Table.Tr data-testid={`project-row-${project.id}`}>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Text fw={600}>{project.name}</Text>
          {archived && (
            <Badge color="gray" variant="light" size="sm">
              Archived
            </Badge>
          )}
        </Group>
        {project.description && (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {project.description}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDate(project.createdAt)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{project.lastOpenedAt ? formatDateTime(project.lastOpenedAt) : 'Never'}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          {archived ? (
            <Button size="xs" variant="default" onClick={restore} loading={archive.isPending} aria-label={`Restore ${project.name}`}>
              Restore
            </Button>
          ) : (
            <>
              <Button size="xs" onClick={() => navigate(overviewPath(project.id))} aria-label={`Open ${project.name}`}>
                Open
              </Button>
              <Button size="xs" variant="default" onClick={() => exportProject(project)} aria-label={`Export ${project.name} for another machine`}>
                Export…
              </Button>
              <Button size="xs" variant="default" onClick={() => renameProject(project)} aria-label={`Rename ${project.name}`}>
                Rename
              </Button>
              <Button size="xs" variant="subtle" color="orange" onClick={() => archiveProject(project)} aria-label={`Archive ${project.name}`}>
                Archive
              </Button>
            </>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
