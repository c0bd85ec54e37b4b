/** The lifecycle map in a dialog, reachable from anywhere (Help menu, Alt+L): the open project's states, or the bare cycle. */
import { Modal, Stack, Text } from '@mantine/core';
import type { Stage } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { ErrorState, LoadingState } from '../QueryState';
import { LifecycleMap } from './LifecycleMap';

interface Props {
  opened: boolean;
  onClose(): void;
  /** The project open in the window, or null (the cycle is shown without states). */
  projectId: string | null;
  hrefFor(projectId: string, stage: Stage): string;
}

export function LifecycleMapModal({ opened, onClose, projectId, hrefFor }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={700}>Lifecycle map</Text>} size={1080} centered>
      {projectId ? <ProjectMap projectId={projectId} hrefFor={(stage) => hrefFor(projectId, stage)} onOpen={onClose} /> : <BareMap />}
    </Modal>
  );
}

function ProjectMap({ projectId, hrefFor, onOpen }: { projectId: string; hrefFor(stage: Stage): string; onOpen(): void }) {
  const project = useGyreQuery('projects.get', { id: projectId });
  const statuses = useGyreQuery('stages.status', { projectId });
  if (statuses.isPending) return <LoadingState label="Loading the stage states…" />;
  if (statuses.isError) return <ErrorState title="Stage states are unavailable" error={statuses.error} onRetry={() => void statuses.refetch()} />;
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Where {project.data ? `“${project.data.name}”` : 'this project'} stands in the cycle. Choose a stage to open it.
      </Text>
      <LifecycleMap statuses={statuses.data} hrefFor={hrefFor} onOpen={onOpen} />
    </Stack>
  );
}

function BareMap() {
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        The cycle every Gyre project follows, one question per stage.
      </Text>
      <LifecycleMap />
    </Stack>
  );
}
