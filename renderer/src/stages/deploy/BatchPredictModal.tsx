/**
 * Scores every row of a dataset version — or of a file, imported first — with a model version, as a job: the rows come
 * back as a new dataset version with the predictions appended, which the dialog links to on the Data stage and offers
 * as a CSV or Parquet file when the job is done.
 */
import { useState } from 'react';
import { Alert, Anchor, Button, FileButton, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { Link } from 'wouter';
import type { ModelVersion, PredictResult, Project } from '@contract';
import { useGyreMutation } from '../../api/queries';
import { transport } from '../../api/transport';
import { notifyError } from '../../components/notify';
import { useStartedJob } from '../../components/jobs/useStartedJob';
import { ref } from '../evaluate/registry/registryText';
import { IMPORT_ACCEPT } from '../data/describe';
import { ExportVersionForm } from '../data/ExportVersion';
import { useVersionPick } from './useVersionPick';
import { datasetPath } from '../data/paths';

export function BatchPredictModal({ project, version, onClose }: { project: Project; version: ModelVersion; onClose(): void }) {
  const [name, setName] = useState<string | null>(null);
  const pick = useVersionPick(project.id, version.dataset.id, () => setName(null));
  const input = pick.version;
  const [kind, setKind] = useState<'version' | 'file'>('version');
  // A chosen file and its reference (in the browser host, an upload into the workspace).
  const [file, setFile] = useState<{ name: string; ref: string | null; error: string | null } | null>(null);
  const choose = (f: File | null) => {
    if (!f) return;
    setFile({ name: f.name, ref: null, error: null });
    transport.fileRef(f).then(
      (r) => setFile((c) => (c?.name === f.name ? { ...c, ref: r } : c)),
      (e: unknown) => setFile((c) => (c?.name === f.name ? { ...c, error: e instanceof Error ? e.message : String(e) } : c)),
    );
  };
  const sourceName = kind === 'file' ? (file?.name.replace(/\.[^.]+$/, '') ?? null) : pick.datasetName;
  const output = name ?? (sourceName ? `${sourceName}-scored-${version.name}-v${version.version}` : '');
  const ready = kind === 'file' ? Boolean(file?.ref) : input !== null;

  const start = useGyreMutation('bundles.predict');
  const { job, started, result, locked } = useStartedJob<PredictResult>(project.id);

  const submit = () => {
    const rows = kind === 'file' ? (file?.ref ? { file: file.ref } : null) : input ? { versionId: input.id } : null;
    if (rows) start.mutate({ projectId: project.id, ref: version.id, ...rows, name: output.trim() }, { onSuccess: started, onError: (e) => notifyError(e, 'Could not start scoring') });
  };

  return (
    <Modal opened onClose={onClose} title={`Score a dataset with ${ref(version)}`} size="lg">
      <Stack gap="md">
        <Text size="sm">
          Every row is scored by this model version’s file, as <code>gyre predict</code> scores a file. The rows are kept as a new dataset
          version, unchanged, with the predictions appended: the predicted label and one probability per class, or the predicted value. A file
          is imported first, as the Data stage imports it.
        </Text>
        <SegmentedControl
          value={kind}
          onChange={(v) => (setKind(v as 'version' | 'file'), setName(null))}
          data={[
            { value: 'version', label: 'A dataset version' },
            { value: 'file', label: 'A file' },
          ]}
          disabled={locked}
        />
        {kind === 'file' ? (
          <Group>
            <FileButton onChange={choose} accept={IMPORT_ACCEPT} disabled={locked}>
              {(props) => (
                <Button variant="default" {...props}>
                  Choose a file…
                </Button>
              )}
            </FileButton>
            <Text size="sm" c={file?.error ? 'red' : 'dimmed'} data-testid="predict-file">
              {file ? (file.error ?? `${file.name}${file.ref ? '' : ' (reading…)'}`) : 'CSV, TSV, JSON, JSON Lines or Parquet'}
            </Text>
          </Group>
        ) : (
          pick.fields('Dataset', locked)
        )}
        <TextInput label="Save the scored rows as" description="A dataset name; an existing dataset gets a new version." value={output} onChange={(e) => setName(e.currentTarget.value)} disabled={locked} />
        {job && job.status !== 'succeeded' && (
          <Text size="sm" c={job.status === 'failed' ? 'red' : 'dimmed'} data-testid="predict-status">
            {job.status === 'failed' ? (job.error?.message ?? job.message) : `${Math.round(job.progress * 100)}% ${job.message}`}
          </Text>
        )}
        {result && (
          <Alert color="teal" title="Rows scored" data-testid="predict-result">
            <Text size="sm">
              {result.datasetName} v{result.version}: {result.rowCount.toLocaleString('en')} rows with {result.addedColumns.join(', ')} appended.{' '}
              <Anchor component={Link} href={datasetPath(project.id, result.datasetId)}>
                Open it on the Data stage
              </Anchor>
            </Text>
          </Alert>
        )}
        {result && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Download the scored rows as a file
            </Text>
            <ExportVersionForm projectId={project.id} datasetName={result.datasetName} version={{ id: result.versionId, version: result.version, rowCount: result.rowCount }} />
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          {!result && (
            <Button onClick={submit} loading={start.isPending || (locked && !result)} disabled={!ready || output.trim() === ''}>
              Start
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
