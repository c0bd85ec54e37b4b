/** Jobs: heavy work (import, profile, train…) run in worker processes, with progress, cancel and a persistent record. */
import { z } from 'zod';
import type { GyreErrorShape } from './errors';
import { procedure } from './procedure';

export const JOB_KINDS = ['dataset.import', 'dataset.profile', 'dataset.combine', 'model.train', 'model.tune', 'model.evaluate', 'model.import', 'bundle.export', 'model.predict', 'dataset.export', 'model.shadow', 'recipe.apply', 'dataset.synthesize', 'labels.rank', 'labels.export', 'monitor.batch', 'monitor.compare', 'monitor.iterate', 'project.export', 'project.import'] as const;
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

export interface JobSettings {
  /** How many jobs run at once, each in its own worker process. */
  concurrency: number;
  /** max(1, cores − 1): one core stays free for the window. */
  defaultConcurrency: number;
  cores: number;
  /** Where the value comes from; GYRE_JOB_CONCURRENCY in the environment wins over the saved setting. */
  source: 'default' | 'setting' | 'environment';
}

export const jobProcedures = {
  /** Running and recent jobs, newest first. */
  'jobs.list': procedure(
    z.object({ projectId: z.string().optional(), limit: z.number().int().min(1).max(500).default(50) }).default({ limit: 50 }),
  ).query<Job[]>(['jobs']),
  'jobs.get': procedure(z.object({ id: JobId })).query<Job>(['jobs']),
  'jobs.settings': procedure(z.object({}).default({})).query<JobSettings>(['settings']),
  /** Saves how many jobs may run at once (for this workspace); queued jobs start at once if it went up. */
  'jobs.configure': procedure(
    z.object({ concurrency: z.number().int('Give a whole number of jobs.').min(1, 'At least one job must be able to run.').max(32, 'At most 32 jobs at once.') }),
  ).mutation<JobSettings>(['settings']),
  /** Stops a queued or running job; its worker process is killed and nothing it was writing is kept. */
  'jobs.cancel': procedure(z.object({ id: JobId })).mutation<Job>(['jobs']),
};
