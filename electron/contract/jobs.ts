/** Jobs: heavy work (import, profile, train…) run in worker processes, with progress, cancel and a persistent record. */
import { z } from 'zod';
import type { GyreErrorShape } from './errors';
import { procedure } from './procedure';

export const JOB_KINDS = ['dataset.import', 'dataset.profile', 'dataset.combine'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const FINISHED_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

export interface Job {
  id: string;
  kind: JobKind;
  projectId: string | null;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  /** What the job is doing now, or how it ended, in a sentence. */
  message: string;
  input: unknown;
  result: unknown;
  error: GyreErrorShape | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const JobId = z.string().trim().min(1).max(64);

export const jobProcedures = {
  /** Running and recent jobs, newest first. */
  'jobs.list': procedure(
    z.object({ projectId: z.string().optional(), limit: z.number().int().min(1).max(500).default(50) }).default({ limit: 50 }),
  ).query<Job[]>(['jobs']),
  'jobs.get': procedure(z.object({ id: JobId })).query<Job>(['jobs']),
  /** Stops a queued or running job; its worker process is killed and nothing it was writing is kept. */
  'jobs.cancel': procedure(z.object({ id: JobId })).mutation<Job>(['jobs']),
};
