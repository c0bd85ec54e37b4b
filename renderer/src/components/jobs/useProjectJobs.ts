/** The open project's running and recent jobs, kept live by job events (see jobCache.ts). */
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { notifyError } from '../notify';
import { isActive } from './jobText';

export const RECENT_JOBS = 30;

export function useProjectJobs(projectId: string) {
  const jobs = useGyreQuery('jobs.list', { projectId, limit: RECENT_JOBS });
  const active = (jobs.data ?? []).filter(isActive);
  return { jobs, active };
}

export function useCancelJob() {
  const cancel = useGyreMutation('jobs.cancel');
  return {
    cancel: (id: string) => cancel.mutate({ id }, { onError: (e) => notifyError(e, 'Could not cancel the job') }),
    cancelling: cancel.isPending ? cancel.variables?.id : undefined,
  };
}
