/** One job: what it does, its status, live progress and Cancel while it runs, the error or finish time after. */
import { Badge, Button, Group, Progress, Stack, Text } from '@mantine/core';
import type { ImportResult, Job, TrainResult } from '@contract';
import { formatDateTime } from '../format';
import { useCancelJob } from './useProjectJobs';
import { JOB_STATUS_COLORS, JOB_STATUS_LABELS, importJobInput, isActive, jobTitle } from './jobText';

/** How a finished job ended, in words: for an import, the dataset version it made or found. */
function outcome(job: Job): string {
  if (job.kind === 'dataset.import' && job.status === 'succeeded') {
    const result = job.result as ImportResult | null;
    const name = importJobInput(job).datasetName ?? 'dataset';
    if (result) return result.deduplicated ? `Already imported as ${name} v${result.version}.` : `Stored as ${name} v${result.version}.`;
  }
  if (job.kind === 'model.train' && job.status === 'succeeded') {
    const result = job.result as TrainResult | null;
    if (result) {
      const trained = `Trained ${result.runIds.length} ${result.runIds.length === 1 ? 'model' : 'models'}.`;
      return result.skipped?.length ? `${trained} The time budget was spent before ${result.skipped.join(', ')}: not trained.` : trained;
    }
  }
  return job.message;
}

export function JobStatusBadge({ job }: { job: Job }) {
  return (
    <Badge variant="light" color={JOB_STATUS_COLORS[job.status]} size="sm" style={{ textTransform: 'none' }}>
      {JOB_STATUS_LABELS[job.status]}
    </Badge>
  );
}

export function JobItem({ job }: { job: Job }) {
  const title = jobTitle(job);
  const { cancel, cancelling } = useCancelJob();
  const active = isActive(job);
  const percent = Math.round(Math.min(1, Math.max(0, job.progress)) * 100);
  return (
    <Stack gap={6} data-testid={`job-${job.id}`} aria-label={title} role="group">
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Group gap="xs" wrap="nowrap" miw={0}>
          <Text fw={600} size="sm" truncate>
            {title}
          </Text>
          <JobStatusBadge job={job} />
        </Group>
        {active && (
          <Button size="compact-xs" variant="default" aria-label={`Cancel ${title}`} loading={cancelling === job.id} onClick={() => cancel(job.id)}>
            Cancel
          </Button>
        )}
      </Group>
      {active && (
        <>
          <Progress value={job.status === 'queued' ? 0 : percent} animated={job.status === 'running'} aria-label={`${title} progress`} />
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="xs" c="dimmed" truncate>
              {job.status === 'queued' ? 'Waiting to start…' : job.message}
            </Text>
            <Text size="xs" c="dimmed" ff="monospace">
              {percent}%
            </Text>
          </Group>
        </>
      )}
      {job.status === 'failed' && job.error && (
        <Text size="xs" c="red" style={{ whiteSpace: 'pre-wrap' }}>
          {job.error.message}
        </Text>
      )}
      {!active && job.status !== 'failed' && (
        <Text size="xs" c="dimmed">
          {outcome(job)}
        </Text>
      )}
      {!active && (
        <Text size="xs" c="dimmed">
          Finished {formatDateTime(job.finishedAt)}
        </Text>
      )}
    </Stack>
  );
}
