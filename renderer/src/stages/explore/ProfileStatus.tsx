/** Before a profile exists: the Compute profile button, the running job with progress and Cancel, or how the last try ended. */
import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { DatasetVersion, Job } from '@contract';
import { useGyreMutation } from '../../api/queries';
import { JobItem } from '../../components/jobs/JobItem';
import { isActive } from '../../components/jobs/jobText';
import { notifyError } from '../../components/notify';

interface Props {
  datasetName: string;
  version: DatasetVersion;
  target: string;
  /** The newest profile job for this version and target, if any. */
  job: Job | undefined;
}

export function ProfileStatus({ datasetName, version, target, job }: Props) {
  const compute = useGyreMutation('profiles.compute');
  const start = () =>
    compute.mutate({ versionId: version.id, ...(target ? { target } : {}) }, { onError: (e) => notifyError(e, 'Could not start the profile') });
  const subject = `${datasetName} v${version.version}`;

  if (job && isActive(job)) {
    return (
      <Card withBorder padding="lg" component="section" aria-label="Profile in progress">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Profiling {subject} in a background worker. You can leave this page; the profile is kept when it finishes.
          </Text>
          <JobItem job={job} />
        </Stack>
      </Card>
    );
  }

  return (
    <Card withBorder padding="xl">
      <Stack gap="md" maw={720}>
        <Title order={2} size="h4">
          {target ? `No profile of ${subject} with target “${target}” yet` : `No profile of ${subject} yet`}
        </Title>
        {job?.status === 'failed' && (
          <Alert color="red" variant="light" title="The last profile failed">
            <Text size="sm">{job.error?.message ?? job.message}</Text>
          </Alert>
        )}
        {(job?.status === 'cancelled' || job?.status === 'interrupted') && (
          <Text size="sm" c="dimmed">
            The last profile was {job.status === 'cancelled' ? 'cancelled' : 'interrupted when Gyre closed'}; nothing was kept.
          </Text>
        )}
        <Text size="sm">
          A profile reads all {version.rowCount.toLocaleString()} rows once: statistics and a histogram or top values per column,
          correlations, missing values and alerts{target ? `, plus how each column relates to “${target}”` : ''}. It runs as a
          background job with progress and Cancel, and is kept with the version, so it is computed only once.
        </Text>
        <Group>
          <Button onClick={start} loading={compute.isPending} data-tour="compute-profile">
            Compute profile
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
