/** The newest profile job for one version and target (jobs arrive newest first), kept live by job events. */
import { useEffect } from 'react';
import type { Job } from '@contract';
import { invalidateEntities } from '../../api/queries';
import { profileJobInput } from '../../components/jobs/jobText';
import { useProjectJobs } from '../../components/jobs/useProjectJobs';

export function useProfileJob(projectId: string, versionId: string, target: string): Job | undefined {
  const { jobs } = useProjectJobs(projectId);
  const job = (jobs.data ?? []).find((j) => {
    if (j.kind !== 'dataset.profile') return false;
    const input = profileJobInput(j);
    return input.versionId === versionId && (input.target ?? '') === target;
  });
  const succeeded = job?.status === 'succeeded';
  // The `changed` event refreshes profiles too; this covers a window that missed it while the job ran.
  useEffect(() => {
    if (succeeded) void invalidateEntities(['profiles']);
  }, [succeeded]);
  return job;
}
