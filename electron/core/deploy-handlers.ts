/**
 * The Deploy stage's procedures: bundles (export, verify, batch scoring, Try it), local servers of exported bundles,
 * and shadow reports. Part of the core (handlers.ts joins them); kept apart because they own the bundle servers.
 */
import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { HostKind } from '../contract/app';
import type { TryForm, TryResult, VerifyResult } from '../contract/bundles';
import { GyreError } from '../contract/errors';
import type { Handlers, ProcedureName } from '../contract/index';
import { BundleServers } from '../deploy/serving';
import { exampleRow, readBundleModel } from '../deploy/serving-example';
import { absolutePath, checkBundleTarget } from '../deploy/target';
import type { SpawnWorker } from '../jobs/protocol';
import type { Emit, JobQueue } from '../jobs/queue';
import { runInWorker } from '../jobs/run-once';
import type { ExportBundleJobInput } from '../jobs/tasks/export-bundle';
import type { PredictJobInput } from '../jobs/tasks/predict-dataset';
import type { ShadowArm, ShadowJobInput } from '../jobs/tasks/shadow-compare';
import type { TryFormJobInput } from '../jobs/tasks/try-form';
import type { TryRowJobInput } from '../jobs/tasks/try-row';
import type { WarmWorker } from '../jobs/warm-worker';
import { BundleStore } from './bundles';
import { resolveFileRef } from './files';
import type { DatasetService } from './datasets';
import type { ProjectService } from './projects';
import type { ModelRegistry } from './registry';
import type { RunStore } from './runs';
import { ShadowStore } from './shadow-reports';
import { makeOutputFolder, type Workspace } from './workspace';

type DeployProcedure = Extract<ProcedureName, `bundles.${string}` | `serving.${string}` | `shadow.${string}`>;

export interface DeployDeps {
  ws: Workspace;
  host: HostKind;
  projects: ProjectService;
  datasets: DatasetService;
  runs: RunStore;
  registry: ModelRegistry;
  queue: JobQueue;
  spawnWorker: SpawnWorker;
  /** The warm worker Try it answers from. */
  interactive: WarmWorker;
  emit: Emit;
}

export function deployHandlers({ ws, host, projects, datasets, runs, registry, queue, spawnWorker, interactive, emit }: DeployDeps): { handlers: Pick<Handlers, DeployProcedure>; listening: BundleServers['listening']; close(): Promise<void> } {
  const bundles = new BundleStore(ws.db, ws.dir);
  const shadow = new ShadowStore(ws.db, ws.objects);
  // Local servers of exported bundles: per session, verified in a worker before each start.
  const servers = new BundleServers({
    dir: join(ws.dir, 'serving'),
    verify: async (path) => (await runInWorker(spawnWorker, 'bundle.verify', { path }, ws.dir)) as VerifyResult,
    onChange: () => emit('changed', { entities: ['servers'] }),
  });
  const exportedBundle = (projectId: string, id: string) => {
    const bundle = bundles.list(projectId).find((b) => b.id === id);
    if (!bundle) throw new GyreError('NOT_FOUND', `No exported bundle ${id} in this project.`, { field: 'bundleId' });
    return bundle;
  };

  const handlers: Pick<Handlers, DeployProcedure> = {
    // Deployment bundles: built in a job (reference profile, card, checksums); verified here, reading only the bundle.
    'bundles.export': ({ projectId, ref, out, format }) => {
      const project = projects.get(projectId);
      const version = registry.resolve(project.id, ref);
      // A bad destination is refused now, not after the training rows were profiled.
      makeOutputFolder(ws.dir, out);
      checkBundleTarget(out, format);
      const name = `${version.name}@${version.version}`;
      const job: ExportBundleJobInput = { projectId: project.id, versionId: version.id, ref: name, out, format };
      return queue.enqueue('bundle.export', project.id, job, `Bundle ${name} → ${out}`);
    },
    'bundles.list': ({ projectId }) => bundles.list(projects.get(projectId).id),
    // Hashing (and inflating a zip of) a bundle of any size stays off this process's event loop.
    'bundles.verify': async ({ path }) => (await runInWorker(spawnWorker, 'bundle.verify', { path: absolutePath(path, 'path') }, ws.dir)) as VerifyResult,
    'bundles.predict': ({ projectId, ref, versionId, file, name }) => {
      const project = projects.get(projectId);
      const model = registry.resolve(project.id, ref);
      const modelRef = `${model.name}@${model.version}`;
      // A file is imported in the job as the Data stage imports it (sniffed, typed), then scored like a version.
      let rows: PredictJobInput['rows'];
      if (file) {
        const { path, fileName } = resolveFileRef(file, host, ws.dir);
        rows = { kind: 'file', path, fileName, datasetName: basename(fileName, extname(fileName)) };
      } else {
        const version = datasets.version(versionId!);
        rows = { kind: 'version', versionId: version.id, datasetName: datasets.get(project.id, version.datasetId).name, version: version.version };
      }
      const what = rows.kind === 'file' ? rows.fileName : `${rows.datasetName} v${rows.version}`;
      // Not NAME@VERSION in the default name: "@" in a dataset reference means its version (DatasetService.get).
      const job: PredictJobInput = { projectId: project.id, runId: model.runId, ref: modelRef, rows, name: name ?? `${rows.datasetName}-scored-${model.name}-v${model.version}`, threshold: model.threshold };
      return queue.enqueue('model.predict', project.id, job, `Score ${what} with ${modelRef}`);
    },
    // "Try it": short tasks in the warm worker; the training rows are summarized on first use and kept per run.
    'bundles.tryForm': async ({ projectId, ref }) => {
      const version = registry.resolve(projects.get(projectId).id, ref);
      const input: TryFormJobInput = { runId: version.runId, ref: `${version.name}@${version.version}`, threshold: version.threshold };
      return (await interactive.run('model.tryForm', input, ws.dir)) as TryForm;
    },
    'bundles.tryRow': async ({ projectId, ref, row }) => {
      const started = performance.now();
      const version = registry.resolve(projects.get(projectId).id, ref);
      const input: TryRowJobInput = { runId: version.runId, ref: `${version.name}@${version.version}`, threshold: version.threshold, row };
      const result = (await interactive.run('model.tryRow', input, ws.dir)) as TryResult;
      return { ...result, elapsedMs: performance.now() - started };
    },
    'serving.start': ({ projectId, bundleId, port, host, candidateBundleId, mode, share }) => {
      const project = projects.get(projectId);
      const bundle = exportedBundle(project.id, bundleId);
      const candidate = candidateBundleId ? { bundle: exportedBundle(project.id, candidateBundleId), mode: mode ?? 'shadow', share: mode === 'ab' ? (share ?? 0.1) : null } : undefined;
      return servers.start({ projectId: project.id, bundle, port, host, ...(candidate ? { candidate } : {}) });
    },
    'serving.stop': ({ id }) => servers.stop(id),
    'serving.list': ({ projectId }) => servers.list(projects.get(projectId).id),
    'serving.example': async ({ projectId, bundleId }) => {
      const bundle = exportedBundle(projects.get(projectId).id, bundleId);
      return { row: exampleRow((await readBundleModel(bundle.path, bundle.format)).inputs) };
    },
    // Shadow validation: a candidate version beside production, on a dataset version or a bundle server's log.
    'shadow.start': ({ projectId, production, candidate, source }) => {
      const project = projects.get(projectId);
      const [p, c] = [registry.resolve(project.id, production), registry.resolve(project.id, candidate)];
      const arm = (v: typeof p): ShadowArm => ({ ref: `${v.name}@${v.version}`, versionId: v.id, runId: v.runId, threshold: v.threshold });
      const [pa, ca] = [arm(p), arm(c)];
      if (p.id === c.id) throw new GyreError('VALIDATION', `Choose a candidate other than ${pa.ref} itself.`, { field: 'candidate' });
      const [pr, cr] = [runs.get(p.runId), runs.get(c.runId)];
      if (pr.target !== cr.target || (pr.task === 'regression') !== (cr.task === 'regression')) {
        throw new GyreError('VALIDATION', `${ca.ref} predicts ${cr.target} (${cr.task}) and ${pa.ref} predicts ${pr.target} (${pr.task}): a candidate must predict what production predicts.`, { field: 'candidate' });
      }
      let sourceLabel: string;
      if (source.kind === 'dataset') {
        const v = datasets.version(source.versionId);
        sourceLabel = `${datasets.get(project.id, v.datasetId).name} v${v.version} (${v.rowCount.toLocaleString('en')} rows)`;
      } else {
        const path = absolutePath(source.path, 'path');
        if (!existsSync(path)) throw new GyreError('NOT_FOUND', `The prediction log ${path} does not exist.`, { field: 'path', file: path });
        if (source.outcomes) {
          const v = datasets.version(source.outcomes.versionId);
          for (const field of ['idColumn', 'outcomeColumn'] as const) {
            const name = source.outcomes[field];
            if (!v.columns.some((col) => col.name === name)) throw new GyreError('VALIDATION', `The outcomes version has no column "${name}".`, { field });
          }
        }
        sourceLabel = path;
      }
      const job: ShadowJobInput = { projectId: project.id, production: pa, candidate: ca, source, sourceLabel };
      return queue.enqueue('model.shadow', project.id, job, `Compare ${ca.ref} with ${pa.ref} on ${sourceLabel}`);
    },
    'shadow.list': ({ projectId }) => shadow.list(projects.get(projectId).id),
    'shadow.get': ({ id }) => shadow.get(id),
  };
  return { handlers, listening: () => servers.listening(), close: () => servers.close() };
}
