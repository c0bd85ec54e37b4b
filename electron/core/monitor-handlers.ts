/** The Monitor stage's procedures: batches (a job each), rules and drift settings, alerts, the next iteration, the dashboard. */
import { basename } from 'node:path';
import type { Handlers, ProcedureName } from '../contract/index';
import { GyreError } from '../contract/errors';
import type { ModelVersion } from '../contract/registry';
import type { JobQueue } from '../jobs/queue';
import type { MonitorBatchJobInput } from '../jobs/tasks/monitor-batch';
import type { MonitorCompareJobInput } from '../jobs/tasks/monitor-compare';
import type { MonitorIterateJobInput } from '../jobs/tasks/monitor-iterate';
import type { CharterService } from './charters';
import { resolveFileRef } from './files';
import { MonitorSettingsStore } from './monitor-rules';
import { MonitorStore } from './monitor-store';
import { projectOverview } from './monitor-overview';
import type { ProjectService } from './projects';
import type { ModelRegistry } from './registry';
import type { Workspace } from './workspace';

type MonitorProcedure = Extract<ProcedureName, `monitor.${string}`>;

export interface MonitorDeps {
  ws: Workspace;
  projects: ProjectService;
  charters: CharterService;
  registry: ModelRegistry;
  queue: JobQueue;
  osUser: () => string;
}

/**
 * A batch or outcomes file: an upload (the browser studio), or a full path on this machine — any host may name one,
 * as the studio and the files it reads are on the same machine (a server's prediction log is in the workspace).
 */
function localFile(ref: string, field: string, workspaceDir: string): string {
  try {
    return resolveFileRef(ref, 'cli', workspaceDir).path;
  } catch (e) {
    // Said of the field the person filled in, not of a generic "file".
    if (e instanceof GyreError) throw new GyreError(e.code, e.message, { ...e.details, field });
    throw e;
  }
}

/** NAME@VERSION, a version id, or NAME alone: its production version (its newest when none is in production). */
export function monitoredVersion(registry: ModelRegistry, projectId: string, ref: string): ModelVersion {
  if (ref.includes('@')) return registry.resolve(projectId, ref);
  const model = registry.list(projectId).find((m) => m.name === ref.trim());
  if (model?.production) return registry.resolve(projectId, `${model.name}@${model.production}`);
  return registry.resolve(projectId, ref);
}

export function monitorHandlers({ ws, projects, charters, registry, queue, osUser }: MonitorDeps): Pick<Handlers, MonitorProcedure> {
  const store = new MonitorStore(ws.db, ws.objects);
  const settings = new MonitorSettingsStore(ws.db);
  const settingsOf = (projectId: string) => settings.settings(projectId, charters.get(projectId)?.content ?? null);
  const refOf = (v: ModelVersion) => `${v.name}@${v.version}`;

  return {
    'monitor.addBatch': ({ projectId, model, source, outcomes, name, observedAt }) => {
      const project = projects.get(projectId);
      const version = monitoredVersion(registry, project.id, model);
      const path = localFile(source.path, 'source', ws.dir);
      const outcomesPath = outcomes ? localFile(outcomes.path, 'outcomes', ws.dir) : null;
      const job: MonitorBatchJobInput = {
        projectId: project.id,
        versionId: version.id,
        ref: refOf(version),
        source: { ...source, path },
        outcomes: outcomes ? { ...outcomes, path: outcomesPath! } : null,
        name: name?.trim() || basename(path),
        observedAt: observedAt ?? null,
      };
      return queue.enqueue('monitor.batch', project.id, job, `Check ${job.name} against ${job.ref}'s training rows`);
    },
    'monitor.batches': ({ projectId, model }) => {
      const project = projects.get(projectId);
      return store.batches(project.id, model ? monitoredVersion(registry, project.id, model).id : undefined);
    },
    'monitor.batch': ({ projectId, id }) => {
      const record = store.get(id);
      if (record.projectId !== projects.get(projectId).id) throw new GyreError('NOT_FOUND', `No monitoring batch with id "${id}" in this project.`, { field: 'id' });
      return record;
    },
    'monitor.settings': ({ projectId }) => settingsOf(projects.get(projectId).id),
    'monitor.saveDrift': ({ projectId, drift }) => {
      const project = projects.get(projectId);
      settings.saveDrift(project.id, drift);
      return settingsOf(project.id);
    },
    'monitor.addRule': ({ projectId, rule, severity }) => settings.addRule(projects.get(projectId).id, rule, severity),
    'monitor.updateRule': ({ projectId, ruleId, enabled, remove }) => {
      const project = projects.get(projectId);
      settings.updateRule(project.id, ruleId, { ...(enabled !== undefined ? { enabled } : {}), ...(remove ? { remove } : {}) });
      return settingsOf(project.id);
    },
    'monitor.alerts': ({ projectId, status }) => store.alerts(projects.get(projectId).id, status),
    'monitor.setAlertStatus': ({ projectId, id, status, note }) => {
      const alert = store.alert(id);
      if (alert.projectId !== projects.get(projectId).id) throw new GyreError('NOT_FOUND', `No alert with id "${id}" in this project.`, { field: 'id' });
      return store.setStatus(id, status, osUser(), note);
    },
    'monitor.nextIteration': ({ projectId, alertId, reason }) => {
      const project = projects.get(projectId);
      const alert = store.alert(alertId);
      if (alert.projectId !== project.id) throw new GyreError('NOT_FOUND', `No alert with id "${alertId}" in this project.`, { field: 'alertId' });
      if (!charters.get(project.id)) throw new GyreError('VALIDATION', 'This project has no charter yet: the next iteration starts from a new version of it.', { field: 'alertId' });
      const job: MonitorIterateJobInput = { projectId: project.id, alertId: alert.id, alertTitle: alert.title, reason: reason?.trim() || alert.title, actor: osUser() };
      return queue.enqueue('monitor.iterate', project.id, job, `Start the next iteration (${alert.title})`);
    },
    'monitor.compare': ({ projectId, batchId, candidate }) => {
      const project = projects.get(projectId);
      const batch = store.summary(batchId);
      if (batch.projectId !== project.id) throw new GyreError('NOT_FOUND', `No monitoring batch with id "${batchId}" in this project.`, { field: 'batchId' });
      if (!batch.outcomes) throw new GyreError('VALIDATION', `Batch “${batch.name}” has no outcomes: a comparison needs the true values. Add the batch again with its outcomes file.`, { field: 'batchId' });
      const production = registry.resolve(project.id, batch.versionId);
      const challenger = registry.resolve(project.id, candidate);
      if (challenger.id === production.id) throw new GyreError('VALIDATION', `${refOf(challenger)} is the version this batch was checked against; choose the new version to compare with it.`, { field: 'candidate' });
      if (challenger.target !== production.target || challenger.task !== production.task) {
        throw new GyreError('VALIDATION', `${refOf(challenger)} predicts "${challenger.target}" (${challenger.task}) but ${refOf(production)} predicts "${production.target}" (${production.task}): compare versions of the same problem.`, { field: 'candidate' });
      }
      const job: MonitorCompareJobInput = {
        projectId: project.id,
        batchId: batch.id,
        batchName: batch.name,
        production: { ref: refOf(production), versionId: production.id },
        candidate: { ref: refOf(challenger), versionId: challenger.id },
      };
      return queue.enqueue('monitor.compare', project.id, job, `Compare ${job.candidate.ref} with ${job.production.ref} on batch ${batch.name}`);
    },
    'monitor.overview': ({ projectId }) => projectOverview(ws.db, store, registry, projects.get(projectId).id),
  };
}
