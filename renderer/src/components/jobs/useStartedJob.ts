/** A job a dialog started, followed through the project's job list (kept live by job events): its row and result. */
import { useState } from 'react';
import type { Job } from '@contract';
import { useProjectJobs } from './useProjectJobs';

export function useStartedJob<R>(projectId: string) {
  const [jobId, setJobId] = useState<string | null>(null);
  const { jobs } = useProjectJobs(projectId);
  const job: Job | null = (jobs.data ?? []).find((j) => j.id === jobId) ?? null;
  return {
    job,
    /** Call with the job the mutation returned. */
    started: (j: Job) => setJobId(j.id),
    result: job?.status === 'succeeded' ? (job.result as R) : null,
    /** Running, or done: the form that started it is fixed. A failed job can be started again with other choices. */
    locked: jobId !== null && job?.status !== 'failed',
    failed: job?.status === 'failed' ? (job.error?.message ?? job.message) : null,
  };
}
