/** The header's Jobs button (with the number running) and the drawer listing the project's running and recent jobs. */
import { Badge, Button, Divider, Drawer, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Fragment } from 'react';
import { ErrorState, LoadingState } from '../QueryState';
import { ComputeSetting } from './ComputeSetting';
import { ConcurrencyHint, ConcurrencySetting } from './ConcurrencySetting';
import { JobItem } from './JobItem';
import { useProjectJobs } from './useProjectJobs';

export function JobsButton({ projectId }: { projectId: string }) {
  const [opened, { open, close }] = useDisclosure(false);
  const { active } = useProjectJobs(projectId);
  return (
    <>
      <Button
        variant="subtle"
        color="gray"
        onClick={open}
        aria-label="Jobs"
        rightSection={
          active.length > 0 ? (
            <Badge size="sm" circle aria-label={`${active.length} running`}>
              {active.length}
            </Badge>
          ) : undefined
        }
      >
        Jobs
      </Button>
      <Drawer opened={opened} onClose={close} title="Jobs" position="right" size="md">
        <Stack gap="xl">
          <JobsList projectId={projectId} />
          <Divider />
          <Stack gap={4}>
            <ConcurrencySetting />
            <ConcurrencyHint />
          </Stack>
          <ComputeSetting />
        </Stack>
      </Drawer>
    </>
  );
}

function JobsList({ projectId }: { projectId: string }) {
  const { jobs, active } = useProjectJobs(projectId);
  if (jobs.isPending) return <LoadingState label="Loading jobs…" />;
  if (jobs.isError) return <ErrorState title="Jobs could not be loaded" error={jobs.error} onRetry={() => void jobs.refetch()} />;
  const recent = jobs.data.filter((j) => !active.includes(j));
  if (jobs.data.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No jobs yet. Imports and other long work run here in the background, with progress and a Cancel button.
      </Text>
    );
  }
  return (
    <Stack gap="lg">
      <JobSection title="Running" empty="Nothing is running." jobs={active} />
      <JobSection title="Recent" empty="No finished jobs yet." jobs={recent} />
    </Stack>
  );
}

function JobSection({ title, empty, jobs }: { title: string; empty: string; jobs: ReturnType<typeof useProjectJobs>['active'] }) {
  return (
    <Stack gap="sm" component="section" aria-label={`${title} jobs`}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {title}
      </Text>
      {jobs.length === 0 && (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      )}
      {jobs.map((job, i) => (
        <Fragment key={job.id}>
          {i > 0 && <Divider />}
          <JobItem job={job} />
        </Fragment>
      ))}
    </Stack>
  );
}
