/** An existing charter: the same sections as the wizard on one page, saved as a new version; plus its history. */
import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Group, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import type { CharterVersion, Project } from '@contract';
import { call } from '../../api/client';
import { invalidateEntities } from '../../api/queries';
import { notifyError } from '../../components/notify';
import { formatDateTime } from '../../components/format';
import { ConflictAlert } from './ConflictAlert';
import { draftFingerprint, fromCharter, type CharterDraft, type DraftUpdate } from './draft';
import { HistoryPanel } from './HistoryPanel';
import { ConstraintsSection } from './sections/ConstraintsSection';
import { FramingSection } from './sections/FramingSection';
import { ProblemSection } from './sections/ProblemSection';
import { SuccessSection } from './sections/SuccessSection';
import type { SectionProps } from './sections/types';
import { useCharterSave } from './useCharterSave';
import { CHARTER_STEPS, validateDraft, type FieldErrors } from './validation';

export function CharterEditor({ project, latest }: { project: Project; latest: CharterVersion }) {
  const [base, setBase] = useState(latest);
  const [draft, setDraft] = useState<CharterDraft>(() => fromCharter(latest.content));
  const [note, setNote] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const { save, saving, conflict, clearConflict } = useCharterSave(project.id);
  const dirty = draftFingerprint(draft) !== draftFingerprint(fromCharter(base.content));

  const reset = (to: CharterVersion) => {
    setBase(to);
    setDraft(fromCharter(to.content));
    setNote('');
    setAttempted(false);
    setServerErrors({});
    clearConflict();
  };

  // A version saved elsewhere (another window, the CLI) is adopted at once when nothing here is unsaved.
  const [seenVersion, setSeenVersion] = useState(latest.version);
  if (latest.version !== seenVersion) {
    setSeenVersion(latest.version);
    if (latest.version > base.version && !dirty) reset(latest);
  }
  const newerElsewhere = latest.version > base.version;

  const update: DraftUpdate = (fn) => {
    setDraft(fn);
    setServerErrors({});
  };
  const errors: FieldErrors = { ...(attempted ? validateDraft(draft) : {}), ...serverErrors };
  const reloadLatest = () => {
    call('charters.get', { projectId: project.id })
      .then((fresh) => {
        if (fresh) reset(fresh);
        void invalidateEntities(['charters']);
      })
      .catch((e: unknown) => notifyError(e, 'Could not load the latest charter'));
  };

  const submit = () => {
    setAttempted(true);
    save({ draft, basedOnVersion: base.version, note, onSaved: reset, onFieldErrors: setServerErrors });
  };

  const props: SectionProps = { draft, update, errors };
  return (
    <Tabs defaultValue="charter" keepMounted={false}>
      <Group justify="space-between" align="flex-end" mb="md">
        <Text size="sm" c="dimmed" data-testid="charter-version">
          Version {base.version} · saved {formatDateTime(base.createdAt)}
          {base.note ? ` · “${base.note}”` : ''}
        </Text>
        <Tabs.List>
          <Tabs.Tab value="charter">Charter</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
      </Group>
      <Tabs.Panel value="charter">
        <Stack gap="lg">
          {conflict && <ConflictAlert error={conflict} hasEdits={dirty} onReload={reloadLatest} />}
          {!conflict && newerElsewhere && dirty && (
            <Alert color="orange" variant="light" title={`Version ${latest.version} was saved elsewhere`}>
              <Group justify="space-between">
                <Text size="sm">You are editing version {base.version}. Saving now would be refused; reload to continue from the latest.</Text>
                <Button size="xs" color="orange" onClick={() => reset(latest)}>
                  Reload latest
                </Button>
              </Group>
            </Alert>
          )}
          <Section title={CHARTER_STEPS[0].label}>
            <ProblemSection {...props} />
          </Section>
          <Section title={CHARTER_STEPS[1].label}>
            <FramingSection {...props} />
          </Section>
          <Section title={CHARTER_STEPS[2].label}>
            <SuccessSection {...props} />
          </Section>
          <Section title={CHARTER_STEPS[3].label}>
            <ConstraintsSection {...props} />
          </Section>
          <SaveBar dirty={dirty} saving={saving} note={note} onNote={setNote} onSave={submit} onDiscard={() => reset(base)} />
        </Stack>
      </Tabs.Panel>
      <Tabs.Panel value="history">
        <HistoryPanel projectId={project.id} latestVersion={latest.version} />
      </Tabs.Panel>
    </Tabs>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={title}>
      <Title order={2} size="h4" mb="md">
        {title}
      </Title>
      {children}
    </Card>
  );
}

interface SaveBarProps {
  dirty: boolean;
  saving: boolean;
  note: string;
  onNote(note: string): void;
  onSave(): void;
  onDiscard(): void;
}

function SaveBar({ dirty, saving, note, onNote, onSave, onDiscard }: SaveBarProps) {
  return (
    <Card
      withBorder
      padding="sm"
      shadow={dirty ? 'md' : undefined}
      style={{ position: 'sticky', bottom: 'var(--mantine-spacing-md)', zIndex: 2 }}
    >
      <Group align="flex-end" wrap="nowrap">
        <TextInput
          label="Change note"
          placeholder="Optional: what changed and why"
          maxLength={500}
          style={{ flex: 1 }}
          value={note}
          disabled={!dirty}
          onChange={(e) => onNote(e.currentTarget.value)}
        />
        <Button variant="default" onClick={onDiscard} disabled={!dirty || saving}>
          Discard changes
        </Button>
        <Button onClick={onSave} disabled={!dirty} loading={saving}>
          Save charter
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {dirty ? 'Unsaved changes. Saving creates a new version; earlier versions stay in History.' : 'No changes since this version.'}
      </Text>
    </Card>
  );
}
