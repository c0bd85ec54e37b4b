/** Writes the session's labels into a new dataset version (a job), optionally only labeled rows or one labeler's labels. */
import { useState } from 'react';
import { Alert, Anchor, Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { Link } from 'wouter';
import type { LabelExportResult, LabelProgress, LabelSession, Project } from '@contract';
import { useGyreMutation } from '../../../api/queries';
import { notifyError } from '../../../components/notify';
import { useStartedJob } from '../../../components/jobs/useStartedJob';
import { datasetPath } from '../../data/paths';

const EVERYONE = '\u0000everyone';

export function ExportLabelsModal({ project, session, progress, onClose }: { project: Project; session: LabelSession; progress: LabelProgress; onClose(): void }) {
  const [name, setName] = useState(`${session.datasetName}-labeled`);
  const [onlyLabeled, setOnlyLabeled] = useState(false);
  const [labeler, setLabeler] = useState(EVERYONE);
  const start = useGyreMutation('labels.export');
  const { job, started, result, locked } = useStartedJob<LabelExportResult>(project.id);
  const submit = () =>
    start.mutate(
      { sessionId: session.id, name: name.trim(), onlyLabeled, ...(labeler !== EVERYONE ? { labeler } : {}) },
      { onSuccess: started, onError: (e) => notifyError(e, 'Could not export the labels') },
    );
  return (
    <Modal opened onClose={onClose} title="Export the labels as a dataset version" size="lg">
      <Stack gap="md">
        <Text size="sm">
          A new dataset version: the rows of {session.datasetName} v{session.version} in their order, with <b>{session.target}</b> filled from people’s labels. {progress.rule} Its
          lineage names the source version and the labelers.
        </Text>
        <TextInput label="Save as" description="A dataset name; an existing dataset gets a new version." value={name} onChange={(e) => setName(e.currentTarget.value)} disabled={locked} />
        <Select
          label="Labels of"
          data={[{ value: EVERYONE, label: 'Everyone' }, ...progress.labelers.filter((l) => l.labels > 0).map((l) => ({ value: l.labeler, label: `${l.labeler} only (${l.labels} labels)` }))]}
          value={labeler}
          onChange={(v) => setLabeler(v ?? EVERYONE)}
          allowDeselect={false}
          disabled={locked}
        />
        <Checkbox label={`Only rows with a label (${progress.labeled.toLocaleString('en')} of ${progress.total.toLocaleString('en')} now)`} checked={onlyLabeled} onChange={(e) => setOnlyLabeled(e.currentTarget.checked)} disabled={locked} />
        {job && job.status !== 'succeeded' && (
          <Text size="sm" c={job.status === 'failed' ? 'red' : 'dimmed'}>
            {job.status === 'failed' ? (job.error?.message ?? job.message) : `${Math.round(job.progress * 100)}% ${job.message}`}
          </Text>
        )}
        {result && (
          <Alert color="teal" title="Labels exported" data-testid="labels-exported">
            <Stack gap={4}>
              <Text size="sm">
                {result.datasetName} v{result.version}: {result.rows.toLocaleString('en')} rows, {result.labeledByPeople.toLocaleString('en')} labeled by {result.labelers.join(', ') || 'no one'}
                {result.relabeled > 0 ? ` (${result.relabeled} relabeled)` : ''}
                {result.conflicts > 0 ? `; ${result.conflicts} ${result.conflicts === 1 ? 'disagreement' : 'disagreements'} settled by the rule` : ''}.{' '}
                <Anchor component={Link} href={datasetPath(project.id, result.datasetId)}>
                  Open it on the Data stage
                </Anchor>
              </Text>
              {result.warnings.map((w) => (
                <Text key={w} size="sm" c="orange">
                  {w}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          {!result && (
            <Button onClick={submit} loading={start.isPending || locked} disabled={name.trim() === ''}>
              Export
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
