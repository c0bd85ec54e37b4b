/**
 * Exports a model version as a bundle: a .zip (one file to carry) or a folder, written on the machine Gyre runs on.
 * When the job is done the dialog says where it is, what is in it, and verifies it against its manifest.
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import type { BundleResult, ModelVersion, Project, VerifyResult } from '@contract';
import { call } from '../../api/client';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { notifyError } from '../../components/notify';
import { useStartedJob } from '../../components/jobs/useStartedJob';
import { ref } from '../evaluate/registry/registryText';
import { suggestedPath } from './bundleText';
import { VerifyReport } from './VerifyReport';

export function ExportBundleModal({ project, version, onClose }: { project: Project; version: ModelVersion; onClose(): void }) {
  const info = useGyreQuery('app.info', {});
  const [format, setFormat] = useState<'zip' | 'folder'>('zip');
  const [path, setPath] = useState<string | null>(null);
  const out = path ?? (info.data ? suggestedPath(info.data.workspace, version.name, version.version, format) : '');
  const start = useGyreMutation('bundles.export');
  const { job, started, result, locked } = useStartedJob<BundleResult>(project.id);
  const [verified, setVerified] = useState<VerifyResult | null>(null);

  const submit = () => start.mutate({ projectId: project.id, ref: version.id, out, format }, { onSuccess: started, onError: (e) => notifyError(e, 'Could not export the bundle') });
  const verify = () => result && call('bundles.verify', { path: result.path }).then(setVerified, (e: unknown) => notifyError(e, 'Could not verify the bundle'));

  return (
    <Modal opened onClose={onClose} title={`Export ${ref(version)} as a bundle`} size="lg">
      <Stack gap="md">
        <Text size="sm">
          The bundle holds the model file, its input schema, the training data’s profile (for monitoring), the evaluation’s metrics and the
          model card, a small HTTP server and batch scoring for Node, batch scoring for Python, a Triton model repository, and a manifest of
          every file’s SHA-256. It runs where Gyre has never been: <code>npm install && node serve.mjs</code>.
        </Text>
        <SegmentedControl
          value={format}
          onChange={(v) => (setFormat(v as 'zip' | 'folder'), setPath(null))}
          data={[
            { value: 'zip', label: 'One .zip file' },
            { value: 'folder', label: 'A folder' },
          ]}
          disabled={locked}
        />
        <TextInput label="Write it to" description="A path on the machine Gyre runs on; a folder must not exist yet." value={out} onChange={(e) => setPath(e.currentTarget.value)} disabled={locked} />
        {job && job.status !== 'succeeded' && (
          <Text size="sm" c={job.status === 'failed' ? 'red' : 'dimmed'}>
            {job.status === 'failed' ? (job.error?.message ?? job.message) : `${Math.round(job.progress * 100)}% ${job.message}`}
          </Text>
        )}
        {result && (
          <Alert color="teal" title="Bundle written" data-testid="bundle-result">
            <Text size="sm">
              {result.path} — {result.files} files, {(result.bytes / 1e6).toFixed(2)} MB.
            </Text>
          </Alert>
        )}
        {verified && <VerifyReport result={verified} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          {result ? (
            <Button onClick={verify}>Verify it</Button>
          ) : (
            <Button onClick={submit} loading={start.isPending || (locked && !result)} disabled={out.trim() === ''}>
              Export
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
