/** How a job reads in the UI: its title in words, its status as a label and a color. */
import { FINISHED_STATUSES, type Job, type JobStatus } from '@contract';

/** The file and dataset a dataset job names; the job's input is stored as given, so it is read defensively. */
export interface ImportJobInput {
  fileName: string | null;
  datasetName: string | null;
}

export function importJobInput(job: Job): ImportJobInput {
  const input = (typeof job.input === 'object' && job.input !== null ? job.input : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  return { fileName: text(input.fileName), datasetName: text(input.datasetName) };
}

/** What a profile job profiles: a dataset version, optionally with a target column. */
export interface ProfileJobInput {
  versionId: string | null;
  datasetName: string | null;
  version: number | null;
  target: string | null;
}

export function profileJobInput(job: Job): ProfileJobInput {
  const input = (typeof job.input === 'object' && job.input !== null ? job.input : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  return { versionId: text(input.versionId), datasetName: text(input.datasetName), version: typeof input.version === 'number' ? input.version : null, target: text(input.target) };
}

function profileTitle(job: Job): string {
  const { datasetName, version, target } = profileJobInput(job);
  return `Profile ${datasetName ?? 'a dataset'}${version ? ` v${version}` : ''}${target ? ` (target ${target})` : ''}`;
}

export function jobTitle(job: Job): string {
  switch (job.kind) {
    case 'dataset.import':
      return `Import ${importJobInput(job).fileName ?? 'a file'}`;
    case 'dataset.profile':
      return profileTitle(job);
    case 'dataset.combine': {
      const { datasetName } = importJobInput(job);
      const input = job.input as { operation?: string; name?: string } | null;
      return `${input?.operation === 'join' ? 'Join' : 'Append'} into ${input?.name ?? datasetName ?? 'a dataset'}`;
    }
    case 'model.train': {
      const input = job.input as { models?: string[]; target?: string } | null;
      return `Train ${input?.models?.join(', ') ?? 'models'}${input?.target ? ` to predict ${input.target}` : ''}`;
    }
    case 'model.tune': {
      const input = job.input as { model?: string; strategy?: string; target?: string } | null;
      return `Tune ${input?.model ?? 'a model'}${input?.strategy ? ` (${input.strategy})` : ''}${input?.target ? ` to predict ${input.target}` : ''}`;
    }
    case 'model.evaluate': {
      const input = job.input as { runId?: string; rows?: string } | null;
      return `Evaluate ${input?.runId ?? 'a run'}${input?.rows === 'all' ? ' on every row' : input?.rows === 'test' ? ' on its test rows' : ''}`;
    }
    case 'model.import': {
      const input = job.input as { fileName?: string; target?: string } | null;
      return `Import the model ${input?.fileName ?? 'from a file'}${input?.target ? ` predicting ${input.target}` : ''}`;
    }
    case 'bundle.export': {
      const input = job.input as { ref?: string; format?: string } | null;
      return `Bundle ${input?.ref ?? 'a model version'}${input?.format === 'zip' ? ' as a .zip' : ''}`;
    }
    case 'model.predict': {
      const input = job.input as { ref?: string; rows?: { datasetName?: string; version?: number; fileName?: string } } | null;
      const rows = input?.rows;
      return `Score ${rows?.fileName ?? rows?.datasetName ?? 'a dataset'}${rows?.version ? ` v${rows.version}` : ''} with ${input?.ref ?? 'a model version'}`;
    }
    case 'dataset.export': {
      const input = job.input as { label?: string; format?: string } | null;
      return `Export ${input?.label ?? 'a dataset version'} as ${input?.format === 'parquet' ? 'Parquet' : 'CSV'}`;
    }
    case 'model.shadow': {
      const input = job.input as { production?: { ref?: string }; candidate?: { ref?: string } } | null;
      return `Compare ${input?.candidate?.ref ?? 'a candidate'} with ${input?.production?.ref ?? 'production'}`;
    }
    case 'recipe.apply': {
      const input = job.input as { recipeName?: string; recipeVersion?: number; name?: string } | null;
      return `Apply recipe "${input?.recipeName ?? '?'}" v${input?.recipeVersion ?? '?'} → ${input?.name ?? 'a new version'}`;
    }
    case 'dataset.synthesize': {
      const input = job.input as { rows?: number; sourceLabel?: string } | null;
      return `Generate ${input?.rows?.toLocaleString('en') ?? ''} synthetic rows from ${input?.sourceLabel ?? 'a dataset version'}`;
    }
    case 'labels.rank':
      return 'Order the labeling queue (active learning)';
    case 'labels.export': {
      const input = job.input as { name?: string } | null;
      return `Write the labels into ${input?.name ?? 'a new dataset version'}`;
    }
    case 'monitor.batch': {
      const input = job.input as { ref?: string; name?: string } | null;
      return `Check batch ${input?.name ?? ''} against ${input?.ref ?? 'a model version'}'s training rows`;
    }
    case 'monitor.compare': {
      const input = job.input as { candidate?: { ref?: string }; production?: { ref?: string }; batchName?: string } | null;
      return `Compare ${input?.candidate?.ref ?? 'a new version'} with ${input?.production?.ref ?? 'production'} on batch ${input?.batchName ?? ''}`;
    }
    case 'monitor.iterate': {
      const input = job.input as { alertTitle?: string } | null;
      return `Start the next iteration${input?.alertTitle ? ` (${input.alertTitle})` : ''}`;
    }
    case 'project.export': {
      const input = job.input as { out?: string } | null;
      return `Archive the project${input?.out ? ` → ${input.out.split(/[\\/]/).at(-1)}` : ''}`;
    }
    case 'project.import': {
      const input = job.input as { file?: string } | null;
      return `Import the project archive${input?.file ? ` ${input.file.split(/[\\/]/).at(-1)}` : ''}`;
    }
    default: {
      const unknownKind: never = job.kind;
      return `Job ${String(unknownKind)}`;
    }
  }
}

export const JOB_STATUS_LABELS: Record<JobStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

export const JOB_STATUS_COLORS: Record<JobStatus, string> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'teal',
  failed: 'red',
  cancelled: 'gray',
  interrupted: 'orange',
};

export function isActive(job: Job): boolean {
  return !FINISHED_STATUSES.includes(job.status);
}
