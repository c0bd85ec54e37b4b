/** Create a project (name + description) or rename one; the server's messages land on the name field. */
import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { GyreError, ProjectName, type Project } from '@contract';
import { useGyreMutation } from '../../api/queries';
import { notifyError, notifySuccess } from '../../components/notify';

interface Props {
  opened: boolean;
  /** The project to rename; null to create a new one. */
  project: Project | null;
  onClose(): void;
  onCreated(project: Project): void;
}

export function ProjectFormModal({ opened, project, onClose, onCreated }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={project ? 'Rename project' : 'New project'} centered>
      {/* Mounted only while open, so each opening starts from the project's current values. */}
      <ProjectForm key={project?.id ?? 'new'} project={project} onClose={onClose} onCreated={onCreated} />
    </Modal>
  );
}

function ProjectForm({ project, onClose, onCreated }: Omit<Props, 'opened'>) {
  const renaming = project !== null;
  const [name, setName] = useState(project?.name ?? '');
  const [description, setDescription] = useState(project?.description ?? '');
  const [nameError, setNameError] = useState<string | null>(null);
  const create = useGyreMutation('projects.create');
  const rename = useGyreMutation('projects.rename');
  const pending = create.isPending || rename.isPending;

  const fail = (error: GyreError) => {
    const onName = error.code === 'CONFLICT' || error.details?.field === 'name' || error.details?.issues?.some((i) => i.field === 'name');
    if (onName) setNameError(error.details?.issues?.find((i) => i.field === 'name')?.message ?? error.message);
    else notifyError(error, renaming ? 'Could not rename the project' : 'Could not create the project');
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = ProjectName.safeParse(name);
    if (!checked.success) {
      setNameError(checked.error.issues[0]?.message ?? 'Check the name.');
      return;
    }
    if (project) {
      rename.mutate(
        { id: project.id, name: checked.data },
        {
          onSuccess: (p) => {
            notifySuccess(`Renamed to “${p.name}”.`);
            onClose();
          },
          onError: fail,
        },
      );
    } else {
      create.mutate(
        { name: checked.data, description },
        {
          onSuccess: (p) => {
            notifySuccess(`Project “${p.name}” created.`);
            onClose();
            onCreated(p);
          },
          onError: fail,
        },
      );
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label="Project name"
          placeholder="e.g. Churn prediction"
          required
          data-autofocus
          value={name}
          error={nameError}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setNameError(null);
          }}
        />
        {!renaming && (
          <Textarea
            label="Description"
            description="Optional: one or two sentences on what the project is for."
            autosize
            minRows={2}
            maxLength={2000}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {renaming ? 'Rename' : 'Create project'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
