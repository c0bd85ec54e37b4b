/** Confirms archiving: the project leaves the default list, nothing is deleted, and it can be restored. */
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useLocation } from 'wouter';
import type { Project } from '@contract';
import { useGyreMutation } from '../../api/queries';
import { HOME_PATH } from '../../app/paths';
import { notifyError, notifySuccess } from '../../components/notify';

export function ArchiveModal({ opened, project, onClose }: { opened: boolean; project: Project | null; onClose(): void }) {
  const archive = useGyreMutation('projects.archive');
  const [location, navigate] = useLocation();

  const confirm = () => {
    if (!project) return;
    archive.mutate(
      { id: project.id, archived: true },
      {
        onSuccess: (p) => {
          notifySuccess(`“${p.name}” archived. Show archived projects on the home page to restore it.`);
          onClose();
          if (location.startsWith(`/p/${encodeURIComponent(p.id)}/`)) navigate(HOME_PATH);
        },
        onError: (e) => notifyError(e, 'Could not archive the project'),
      },
    );
  };

  return (
    <Modal opened={opened && project !== null} onClose={onClose} title="Archive project?" centered>
      <Stack>
        <Text size="sm">
          “{project?.name}” will be hidden from the project list. Nothing is deleted: its charter and history stay in the workspace, and you can
          restore it at any time.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="orange" onClick={confirm} loading={archive.isPending}>
            Archive
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
