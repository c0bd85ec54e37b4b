/** Who is labeling: asked once (the operating-system user name suggested), remembered in the workspace for this user. */
import { useState } from 'react';
import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useGyreMutation } from '../../../api/queries';
import { notifyError } from '../../../components/notify';

export function LabelerForm({ initial, onDone, submitLabel }: { initial: string; onDone?(): void; submitLabel: string }) {
  const [name, setName] = useState(initial);
  const save = useGyreMutation('labels.setLabeler');
  const submit = () => save.mutate({ name: name.trim() }, { onSuccess: () => onDone?.(), onError: (e) => notifyError(e, 'Could not save the name') });
  return (
    <Group align="flex-end">
      <TextInput label="Your name as a labeler" description="Stored with every label you give, with the time." value={name} onChange={(e) => setName(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && name.trim() && submit()} w={320} maxLength={60} />
      <Button onClick={submit} loading={save.isPending} disabled={name.trim() === ''}>
        {submitLabel}
      </Button>
    </Group>
  );
}

export function LabelerPrompt({ suggested }: { suggested: string }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label="Who is labeling">
      <Stack gap="sm">
        <Title order={3}>Who is labeling?</Title>
        <Text size="sm" c="dimmed" maw={720}>
          Labels are kept per person, so that two people’s labels of the same rows can be compared (Cohen’s kappa) and either one’s exported. Gyre remembers
          the name for this computer account.
        </Text>
        <LabelerForm initial={suggested} submitLabel="Continue" />
      </Stack>
    </Card>
  );
}
