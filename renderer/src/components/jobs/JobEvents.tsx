/** Listens to job events once for the whole app: keeps cached jobs live and tells the user how each import ended. */
import { useEffect } from 'react';
import { notifications } from '@mantine/notifications';
import type { DatasetDetail, ImportResult, Job } from '@contract';
import { call } from '../../api/client';
import { invalidateEntities } from '../../api/queries';
import { transport } from '../../api/transport';
import { applyJobEvent } from './jobCache';
import { importJobInput, jobTitle } from './jobText';

/** Jobs whose ending was already announced (events can repeat, and StrictMode subscribes twice). */
const announced = new Set<string>();

export function JobEvents() {
  useEffect(
    () =>
      transport.on('job', (job) => {
        applyJobEvent(job);
        announce(job);
      }),
    [],
  );
  return null;
}

function announce(job: Job): void {
  if (announced.has(job.id)) return;
  if (job.status === 'failed' || job.status === 'interrupted') {
    announced.add(job.id);
    notifications.show({ color: 'red', title: `${jobTitle(job)} failed`, message: job.error?.message ?? job.message, autoClose: 10_000 });
  } else if (job.status === 'succeeded' && job.kind === 'dataset.import') {
    announced.add(job.id);
    void invalidateEntities(['datasets']);
    void announceImport(job);
  }
}

async function announceImport(job: Job): Promise<void> {
  const result = job.result as ImportResult;
  const { fileName, datasetName } = importJobInput(job);
  let name = datasetName ?? 'a dataset';
  let rows = '';
  try {
    if (job.projectId) {
      const detail: DatasetDetail = await call('datasets.get', { projectId: job.projectId, dataset: result.datasetId });
      name = detail.name;
      const version = detail.versions.find((v) => v.id === result.versionId);
      if (version) rows = ` — ${version.rowCount.toLocaleString()} rows`;
    }
  } catch {
    // The row count is a nicety: the import itself succeeded, so say so without it.
    rows = '';
  }
  const skipped = result.skippedRows > 0 ? ` (${result.skippedRows.toLocaleString()} bad rows skipped)` : '';
  const message = result.deduplicated
    ? `${fileName ?? 'This file'} was already imported as ${name} v${result.version}; nothing new was stored.`
    : `Imported ${fileName ?? 'the file'} as ${name} v${result.version}${rows}${skipped}`;
  const warnings = result.warnings ?? [];
  notifications.show({
    color: warnings.length ? 'yellow' : 'teal',
    title: result.deduplicated ? 'Already imported' : warnings.length ? 'Import finished, with changes' : 'Import finished',
    // The warnings are sentences of their own: close the summary before them.
    message: warnings.length ? [/[.!?]$/.test(message) ? message : `${message}.`, ...warnings].join(' ') : message,
    autoClose: warnings.length ? false : 6000,
  });
}
