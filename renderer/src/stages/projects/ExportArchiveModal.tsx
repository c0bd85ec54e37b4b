/**
 * Writes a project to one .gyre file for another machine: everything it holds, with a checksum per entry, so the
 * receiving workspace can check it before importing. Runs as a job; the file's place is shown when it is done.
 */
import { useState } from 'react';
import { Alert, Button, Code, CopyButton, Group, Modal, Progress, Stack, Text, TextInput } from '@mantine/core';
import { describeArchiveCounts, type ArchiveExportResult, type Project } from '@contract';
import { useGyreMutation } from '../../api/queries';
import { useStartedJob } from '../../components/jobs/useStartedJob';
import { notifyError } from '../../components/notify';
import { megabytes } from './archiveText';

export function ExportArchiveModal({ project, onClose }: { project: Project; onClose(): void }) {
  const [out, setOut] = useState('');
  const start = useGyreMutation('archive.export');
  const job = useStartedJob<ArchiveExportResult>(project.id);
  const submit = () => start.mutate({ projectId: project.id, ...(out.trim() ? { out: out.trim() } : {}) }, { onSuccess: job.started, onError: (e) => notifyError(e, 'Could not start the export') });
  const result = job.result;

  return (
    <Modal opened onClose={onClose} title={`Export “${project.name}” for another machine`} size="lg">
      <Stack gap="md">
        <Text size="sm">
          One <Code>.gyre</Code> file carries the whole project — charter history, dataset versions, recipes, runs, models, evaluations, bundles and
          monitoring history — with a SHA-256 checksum for every entry. Carry it across the air gap and import it there: a file changed on the way is
          refused, and nothing of it is imported.
        </Text>
        <TextInput
          label="Write to"
          description="A new .gyre file (full path). Leave empty for the workspace’s exports folder."
          placeholder="exports/<project>-<date>.gyre in the workspace"
          value={out}
          onChange={(e) => setOut(e.currentTarget.value)}
          disabled={job.locked}
        />
        {job.job && !result && !job.failed && <Progress value={job.job.progress * 100} animated aria-label="Export progress" />}
        {job.failed && (
          <Alert color="red" title="The export failed">
            {job.failed}
          </Alert>
        )}
        {result && (
          <Alert color="teal" title="Archive written">
            <Stack gap={6}>
              <Group gap="xs" wrap="nowrap">
                <Code style={{ wordBreak: 'break-all' }}>{result.path}</Code>
                <CopyButton value={result.path}>
                  {({ copied, copy }) => (
                    <Button size="compact-xs" variant="light" onClick={copy}>
                      {copied ? 'Copied' : 'Copy path'}
                    </Button>
                  )}
                </CopyButton>
              </Group>
              <Text size="sm">
                {megabytes(result.bytes)}, {result.entries} entries: {describeArchiveCounts(result.counts)}.
              </Text>
              {result.missingBundles.map((b) => (
                <Text key={b} size="xs" c="orange">
                  The bundle at {b} no longer exists: its record is in the archive, its files are not.
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {result ? 'Close' : 'Cancel'}
          </Button>
          {!result && (
            <Button onClick={submit} loading={start.isPending || (job.locked && !job.failed)}>
              Export
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
