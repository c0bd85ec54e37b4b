/** The project's queued or running jobs of one kind, with live progress and Cancel, shown on the page they belong to. */
import { Card, Stack } from '@mantine/core';
import type { JobKind } from '@contract';
import { JobItem } from './JobItem';
import { useProjectJobs } from './useProjectJobs';

export function RunningJobs({ projectId, kind, label }: { projectId: string; kind: JobKind; label: string }) {
  const { active } = useProjectJobs(projectId);
  const jobs = active.filter((job) => job.kind === kind);
  if (jobs.length === 0) return null;
  return (
    <Card withBorder padding="md" aria-label={label} component="section">
      <Stack gap="md">
        {jobs.map((job) => (
          <JobItem key={job.id} job={job} />
        ))}
      </Stack>
    </Card>
  );
}
