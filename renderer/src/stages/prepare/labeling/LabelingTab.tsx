/**
 * Prepare stage, Labeling: give a column its labels one row at a time, with active learning ordering the rows once
 * there are enough labels, and export them as a new dataset version.
 */
import { useState } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { Project } from '@contract';
import { useGyreQuery } from '../../../api/queries';
import { ErrorState, LoadingState } from '../../../components/QueryState';
import { LabelerForm, LabelerPrompt } from './LabelerPrompt';
import { LabelingView } from './LabelingView';
import { StartSession } from './StartSession';

export function LabelingTab({ project }: { project: Project }) {
  const me = useGyreQuery('labels.labeler', {});
  const sessions = useGyreQuery('labels.sessions', { projectId: project.id });
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [renaming, setRenaming] = useState(false);
  if (me.error || sessions.error) return <ErrorState title="Could not load labeling" error={me.error ?? sessions.error} onRetry={() => void (me.refetch(), sessions.refetch())} />;
  if (!me.data || !sessions.data) return <LoadingState label="Loading labeling…" />;
  if (me.data.name === null) return <LabelerPrompt suggested={me.data.suggested} />;
  const session = sessions.data.find((s) => s.id === sessionId) ?? null;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm">
          Labeling as <b>{me.data.name}</b>{' '}
          <Button size="compact-xs" variant="subtle" onClick={() => setRenaming(true)}>
            Change
          </Button>
        </Text>
        {session && (
          <Button size="xs" variant="default" onClick={() => setSessionId(null)}>
            Another column…
          </Button>
        )}
      </Group>
      {session ? <LabelingView key={`${session.id}|${me.data.name}`} project={project} session={session} labeler={me.data.name} /> : <StartSession project={project} sessions={sessions.data} onOpen={setSessionId} />}
      {renaming && (
        <Modal opened onClose={() => setRenaming(false)} title="Who is labeling?">
          <LabelerForm initial={me.data.name} submitLabel="Save" onDone={() => setRenaming(false)} />
        </Modal>
      )}
    </Stack>
  );
}
