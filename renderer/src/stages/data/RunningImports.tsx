/** Imports of this project that are queued or running, with live progress and Cancel, shown on the Data page. */
import { Card, Stack } from '@mantine/core';
import { JobItem } from '../../components/jobs/JobItem';
import { useProjectJobs } from '../../components/jobs/useProjectJobs';

export function RunningImports({ projectId }: { projectId: string }) {
  const { active } = useProjectJobs(projectId);
  const imports = active.filter((job) => job.kind === 'dataset.import');
  if (imports.length === 0) return null;
  return (
    <Card withBorder padding="md" aria-label="Imports in progress" component="section">
      <Stack gap="md">
        {imports.map((job) => (
          <JobItem key={job.id} job={job} />
        ))}
      </Stack>
    </Card>
  );
}
