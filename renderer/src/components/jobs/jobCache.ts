/**
 * Live job state without polling: each `job` event (progress, at least every 500 ms while running) is written
 * into the cached `jobs.list` and `jobs.get` answers, so every panel showing the job moves at once.
 */
import type { Input, Job } from '@contract';
import { queryClient } from '../../api/queries';

function belongsTo(input: Input<'jobs.list'> | undefined, job: Job): boolean {
  return !input?.projectId || input.projectId === job.projectId;
}

export function applyJobEvent(job: Job): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: ['jobs.list'] })) {
    const input = query.queryKey[1] as Input<'jobs.list'> | undefined;
    if (!belongsTo(input, job)) continue;
    queryClient.setQueryData<Job[]>(query.queryKey, (jobs) => {
      if (!jobs) return jobs;
      const at = jobs.findIndex((j) => j.id === job.id);
      if (at === -1) return [job, ...jobs];
      return jobs.map((j, i) => (i === at ? job : j));
    });
  }
  queryClient.setQueryData<Job>(['jobs.get', { id: job.id }], (old) => (old ? job : old));
}
