/**
 * A dataset version written to a CSV or Parquet file on the machine Gyre runs on, as a job: for the tools outside
 * Gyre (a spreadsheet, pandas, a warehouse load). Never over an existing file.
 */
import { useState } from 'react';
import { Alert, Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import type { DatasetVersion, ExportResult } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { useStartedJob } from '../../components/jobs/useStartedJob';
import { notifyError } from '../../components/notify';
import { workspaceFile } from '../../components/paths';

type Format = 'csv' | 'parquet';

/** `<workspace>/exports/<name>-v<N>.<format>`, with the workspace path's own separator. */
export function suggestedExportPath(workspace: string, name: string, version: number, format: Format): string {
  return workspaceFile(workspace, 'exports', `${name}-v${version}.${format}`);
}

/** Format, path, Export, and what was written; embedded where a version was just made (batch scoring) or in a dialog. */
export function ExportVersionForm({ projectId, datasetName, version }: { projectId: string; datasetName: string; version: Pick<DatasetVersion, 'id' | 'version' | 'rowCount'> }) {
  const info = useGyreQuery('app.info', {});
  const [format, setFormat] = useState<Format>('csv');
  const [path, setPath] = useState<string | null>(null);
  const out = path ?? (info.data ? suggestedExportPath(info.data.workspace, datasetName, version.version, format) : '');
  const start = useGyreMutation('datasets.export');
  const job = useStartedJob<ExportResult>(projectId);
  const submit = () => start.mutate({ versionId: version.id, format, out: out.trim() }, { onSuccess: job.started, onError: (e) => notifyError(e, 'Could not export the rows') });

  return (
    <Stack gap="sm">
      <Group align="flex-end" wrap="nowrap">
        <SegmentedControl
          value={format}
          onChange={(v) => (setFormat(v as Format), setPath(null))}
          data={[
            { value: 'csv', label: 'CSV' },
            { value: 'parquet', label: 'Parquet' },
          ]}
          disabled={job.locked}
          aria-label="File format"
        />
        <TextInput label="Write it to" description="A path on the machine Gyre runs on; an existing file is never replaced." value={out} onChange={(e) => setPath(e.currentTarget.value)} disabled={job.locked} style={{ flex: 1 }} />
        {!job.result && (
          <Button onClick={submit} loading={start.isPending || (job.locked && !job.result)} disabled={out.trim() === ''}>
            Export
          </Button>
        )}
      </Group>
      {job.failed && (
        <Text size="sm" c="red">
          {job.failed}
        </Text>
      )}
      {job.result && (
        <Alert color="teal" title="File written" data-testid="export-result">
          <Text size="sm">
            {job.result.path} — {job.result.rows.toLocaleString('en')} rows, {(job.result.bytes / 1e6).toFixed(2)} MB.
          </Text>
        </Alert>
      )}
    </Stack>
  );
}

export function ExportVersionModal({ projectId, datasetName, version, onClose }: { projectId: string; datasetName: string; version: DatasetVersion; onClose(): void }) {
  return (
    <Modal opened onClose={onClose} title={`Export ${datasetName} v${version.version}`} size="lg">
      <Stack gap="md">
        <Text size="sm">
          All {version.rowCount.toLocaleString('en')} rows and {version.columnCount} columns, as stored: CSV for spreadsheets and any tool, Parquet to keep
          the column types. (<code>gyre dataset export {datasetName}@{version.version} --out FILE</code> does the same from a terminal.)
        </Text>
        <ExportVersionForm projectId={projectId} datasetName={datasetName} version={version} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
