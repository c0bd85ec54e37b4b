/**
 * The report's registry line: which model versions this run already is, "Register as a model version…", and
 * saving the threshold chosen in the explorer with one of those versions.
 */
import { useState } from 'react';
import { Autocomplete, Badge, Button, Group, Menu, Modal, Stack, Text, Textarea } from '@mantine/core';
import type { ModelTask } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../../api/queries';
import { notifyError, notifySuccess } from '../../../components/notify';
import { ref, STAGE_COLORS } from './registryText';

export function RegisterRun({ projectId, runId }: { projectId: string; runId: string }) {
  const mine = useGyreQuery('registry.list', { projectId, runId });
  const all = useGyreQuery('registry.list', { projectId });
  const [open, setOpen] = useState(false);
  const versions = (mine.data ?? []).flatMap((m) => m.versions.filter((v) => v.runId === runId));
  return (
    <Group gap="sm" aria-label="Model registry">
      {versions.length === 0 && (
        <Text size="sm" c="dimmed">
          Not registered.
        </Text>
      )}
      {versions.map((v) => (
        <Badge key={v.id} color={STAGE_COLORS[v.stage]} variant="light" style={{ textTransform: 'none' }}>
          {ref(v)} · {v.stage}
        </Badge>
      ))}
      <Button size="xs" variant="light" onClick={() => setOpen(true)} data-tour="register-button">
        Register as a model version…
      </Button>
      {open && <RegisterModal runId={runId} names={(all.data ?? []).map((m) => m.name)} onClose={() => setOpen(false)} />}
    </Group>
  );
}

function RegisterModal({ runId, names, onClose }: { runId: string; names: string[]; onClose(): void }) {
  const [name, setName] = useState(names[0] ?? '');
  const [description, setDescription] = useState('');
  const register = useGyreMutation('registry.register');
  const submit = () =>
    register.mutate(
      { runId, name, description },
      {
        onSuccess: (v) => {
          notifySuccess(`Registered as ${ref(v)}, a candidate. Promote it from the Model registry tab.`);
          onClose();
        },
        onError: (e) => notifyError(e, 'Could not register the run'),
      },
    );
  return (
    <Modal opened onClose={onClose} title="Register as a model version">
      <Stack gap="md">
        <Text size="sm">A model version is a run with a name and a number (NAME@VERSION). It starts as a candidate; production needs a passing success gate.</Text>
        <Autocomplete label="Model name" description={names.length ? 'An existing model gets its next version; a new name starts at version 1.' : 'Letters, digits, ".", "_" or "-".'} data={names} value={name} onChange={setName} placeholder="churn" data-autofocus />
        <Textarea label="Description" placeholder="What changed in this version, what it is for" value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={register.isPending} disabled={name.trim() === ''}>
            Register
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Saves a threshold chosen in the explorer as the decision threshold of one of the run's model versions. */
export function SaveThreshold({ projectId, runId, task, threshold }: { projectId: string; runId: string; task: ModelTask; threshold: number }) {
  const mine = useGyreQuery('registry.list', { projectId, runId });
  const update = useGyreMutation('registry.update');
  const versions = (mine.data ?? []).flatMap((m) => m.versions.filter((v) => v.runId === runId));
  if (task !== 'binary') return null;
  if (versions.length === 0) {
    return (
      <Button size="xs" variant="default" disabled title="Register the run as a model version first">
        Save threshold…
      </Button>
    );
  }
  const value = Number(threshold.toPrecision(6));
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button size="xs" variant="default">
          Save threshold…
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Save {value} as the decision threshold of</Menu.Label>
        {versions.map((v) => (
          <Menu.Item
            key={v.id}
            disabled={!(value > 0 && value < 1)}
            onClick={() =>
              update.mutate(
                { projectId, ref: ref(v), threshold: value },
                { onSuccess: () => notifySuccess(`${ref(v)} now predicts positive at a score of ${value} or above.`), onError: (e) => notifyError(e, 'Could not save the threshold') },
              )
            }
          >
            {ref(v)} ({v.stage}{v.threshold === null ? '' : `, now ${v.threshold}`})
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
