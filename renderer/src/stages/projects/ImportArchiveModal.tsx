/**
 * Imports a project from a .gyre file: its manifest is read first (what it holds; whether this workspace already has
 * the project), then the import job checks every entry and adds all of it or nothing.
 */
import { useRef, useState } from 'react';
import { Alert, Button, Code, FileButton, Group, List, Modal, Progress, Radio, Stack, Text } from '@mantine/core';
import { useLocation } from 'wouter';
import { describeArchiveCounts, type ArchiveConflictMode, type ArchiveImportResult, type ArchiveInspection, type Job } from '@contract';
import { call } from '../../api/client';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { transport } from '../../api/transport';
import { overviewPath } from '../../app/paths';
import { formatDateTime } from '../../components/format';
import { errorMessage, notifyError } from '../../components/notify';
import { megabytes, tally } from './archiveText';

type Chosen = { name: string; ref: string; inspection: ArchiveInspection } | { name: string; error: string } | { name: string; reading: true };

export function ImportArchiveModal({ onClose }: { onClose(): void }) {
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [mode, setMode] = useState<ArchiveConflictMode>('copy');
  const [jobId, setJobId] = useState<string | null>(null);
  const reads = useRef(0);
  const start = useGyreMutation('archive.import');
  const job = useGyreQuery('jobs.get', { id: jobId ?? '' }, { enabled: jobId !== null });
  const [, navigate] = useLocation();
  const running: Job | undefined = job.data;
  const result = running?.status === 'succeeded' ? (running.result as ArchiveImportResult) : null;
  const failed = running?.status === 'failed' ? (running.error?.message ?? running.message) : null;
  const inspection = chosen && 'inspection' in chosen ? chosen.inspection : null;

  const choose = (file: File | null) => {
    if (!file) return;
    const n = ++reads.current;
    setJobId(null);
    setChosen({ name: file.name, reading: true });
    transport
      .fileRef(file)
      .then(async (ref) => ({ ref, inspection: await call('archive.inspect', { file: ref }) }))
      .then(
        ({ ref, inspection }) => n === reads.current && setChosen({ name: file.name, ref, inspection }),
        (e: unknown) => n === reads.current && setChosen({ name: file.name, error: errorMessage(e) }),
      );
  };
  const submit = () => {
    if (!chosen || !('ref' in chosen)) return;
    start.mutate({ file: chosen.ref, ...(chosen.inspection.existing ? { mode } : {}) }, { onSuccess: (j) => setJobId(j.id), onError: (e) => notifyError(e, 'Could not start the import') });
  };
  const locked = jobId !== null && !failed;

  return (
    <Modal opened onClose={onClose} title="Import a project from another machine" size="lg">
      <Stack gap="md">
        <Text size="sm">
          Choose a <Code>.gyre</Code> file exported by Gyre. Every entry is checked against its SHA-256 checksum before anything is added; a damaged
          or incomplete file is refused whole, and this workspace stays as it was.
        </Text>
        <Group>
          <FileButton onChange={choose} accept=".gyre">
            {(props) => (
              <Button variant="default" {...props} disabled={locked}>
                {chosen ? 'Choose another file…' : 'Choose a .gyre file…'}
              </Button>
            )}
          </FileButton>
          {chosen && <Text size="sm">{chosen.name}</Text>}
        </Group>
        {chosen && 'reading' in chosen && <Text size="sm" c="dimmed">Reading its manifest…</Text>}
        {chosen && 'error' in chosen && (
          <Alert color="red" title="This file cannot be imported">
            {chosen.error}
          </Alert>
        )}
        {inspection && (
          <Stack gap={6} data-testid="archive-summary">
            <Text fw={600}>“{inspection.project.name}”</Text>
            <Text size="sm">
              Exported {formatDateTime(inspection.createdAt)} by Gyre {inspection.gyreVersion} · {megabytes(inspection.bytes)}
            </Text>
            <Text size="sm">{describeArchiveCounts(inspection.counts)}.</Text>
          </Stack>
        )}
        {inspection?.existing && (
          <Radio.Group
            value={mode}
            onChange={(v) => setMode(v as ArchiveConflictMode)}
            label={`This workspace already has “${inspection.existing.name}” from this file`}
            description="Nothing here is overwritten either way."
          >
            <Stack gap="xs" mt="xs">
              <Radio value="copy" label="Import as a copy: a new project beside it" disabled={locked} />
              <Radio value="merge" label="Merge: add the versions and records this workspace lacks, keep everything it has" disabled={locked} />
            </Stack>
          </Radio.Group>
        )}
        {running && !result && !failed && <Progress value={running.progress * 100} animated aria-label="Import progress" />}
        {failed && (
          <Alert color="red" title="Nothing was imported">
            {failed}
          </Alert>
        )}
        {result && (
          <Alert color="teal" title={`Imported “${result.projectName}”`}>
            <Text size="sm">
              {tally(result.added)} records added{tally(result.kept) ? `, ${tally(result.kept)} this workspace already had (kept as they were)` : ''}; {result.objectsAdded} stored
              objects; {result.bundlesRestored} bundles restored in the workspace’s bundles folder.
            </Text>
            {result.notes.length > 0 && (
              <List size="sm" mt="xs">
                {result.notes.map((n) => (
                  <List.Item key={n}>{n}</List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {result ? 'Close' : 'Cancel'}
          </Button>
          {result ? (
            <Button onClick={() => (onClose(), navigate(overviewPath(result.projectId)))}>Open the project</Button>
          ) : (
            <Button onClick={submit} disabled={!inspection} loading={start.isPending || locked}>
              Import
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
