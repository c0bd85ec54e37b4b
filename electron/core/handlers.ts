/** Binds every contract procedure to its service: the one place a host gets its behaviour from (Deploy's: deploy-handlers.ts; Prepare's: prepare-, label- and synthetic-handlers.ts). */
import { platform, userInfo } from 'node:os';
import { basename, extname } from 'node:path';
import type { HostKind } from '../contract/app';
import { GyreError } from '../contract/errors';
import type { ImportPreview } from '../contract/datasets';
import type { ModelInspection } from '../contract/imports';
import type { RowExplanation } from '../contract/evaluations';
import type { Profile } from '../contract/profiles';
import type { Handlers } from '../contract/index';
import { appendSql, joinSql } from '../data/combine';
import { checkExportTarget } from '../data/export';
import { RowReader } from '../data/rows';
import { JobQueue, type Emit } from '../jobs/queue';
import type { SpawnWorker } from '../jobs/protocol';
import { runInWorker } from '../jobs/run-once';
import { WarmWorker } from '../jobs/warm-worker';
import type { EvaluateJobInput } from '../jobs/tasks/evaluate-run';
import type { ExportDatasetJobInput } from '../jobs/tasks/export-dataset';
import type { ImportModelJobInput } from '../jobs/tasks/import-model';
import type { InspectModelInput } from '../jobs/tasks/inspect-model';
import type { ImportJobInput } from '../jobs/tasks/import-dataset';
import type { TrainJobInput } from '../jobs/tasks/train-models';
import type { TuneJobInput } from '../jobs/tasks/tune-models';
import { studyMetric } from '../ml/tune/metric';
import { resolveSpace } from '../ml/tune/space';
import { CharterService } from './charters';
import { deployHandlers } from './deploy-handlers';
import { syntheticHandlers } from './synthetic-handlers';
import { labelHandlers } from './label-handlers';
import { monitorHandlers } from './monitor-handlers';
import { networkReport } from './network-report';
import { archiveHandlers } from './archive-handlers';
import { tourHandlers } from './tour-handlers';
import { prepareHandlers } from './prepare-handlers';
import { ComputeSettingsStore } from './compute';
import { DatasetService } from './datasets';
import { EvaluationStore, newEvaluationId } from './evaluations';
import { resolveFileRef } from './files';
import { Leaderboard } from './leaderboard';
import { editModelCard, modelCard } from './model-card';
import { ProfileStore } from './profiles';
import { ProjectService } from './projects';
import { ModelRegistry } from './registry';
import { RunStore } from './runs';
import { stageStatuses } from './stages';
import { newStudyId, StudyStore } from './studies';
import { APP_VERSION } from './version';
import { makeOutputFolder, type Workspace } from './workspace';

export interface CoreOptions {
  ws: Workspace;
  host: HostKind;
  spawnWorker: SpawnWorker;
  /** Where job progress and `changed` events go (IPC, SSE, the CLI's progress line, or nowhere). */
  emit?: Emit;
  concurrency?: number;
}

export interface Core {
  handlers: Handlers;
  queue: JobQueue;
  close(): Promise<void>;
}

/** Who is acting, for the registry's history: the operating-system user (one person per desktop session). */
function osUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

export function createCore({ ws, host, spawnWorker, emit = () => undefined, concurrency }: CoreOptions): Core {
  const projects = new ProjectService(ws.db);
  const charters = new CharterService(ws.db, projects);
  const datasets = new DatasetService(ws.db);
  const queue = new JobQueue(ws, spawnWorker, emit, concurrency);
  const rows = new RowReader();
  const profiles = new ProfileStore(ws.db);
  const runs = new RunStore(ws.db);
  const leaderboard = new Leaderboard(ws.db);
  const evaluations = new EvaluationStore(ws.db);
  // Try it and a row's explanation answer while someone waits: one worker kept warm for them.
  const interactive = new WarmWorker(spawnWorker);
  const registry = new ModelRegistry(ws.db, osUser);
  const compute = new ComputeSettingsStore(ws.db);
  const studies = new StudyStore(ws.db);
  queue.recover();
  const deploy = deployHandlers({ ws, host, projects, datasets, runs, registry, queue, spawnWorker, interactive, emit });
  const labeling = labelHandlers({ ws, projects, datasets, queue, osUser });

  const handlers: Handlers = {
    'app.info': () => ({ version: APP_VERSION, host, workspace: ws.dir, schemaVersion: ws.schemaVersion, platform: platform() }),
    'app.network': () => networkReport(host, deploy.listening()),
    'projects.list': ({ includeArchived }) => projects.list(includeArchived),
    'projects.get': ({ id }) => projects.get(id),
    'projects.create': ({ name, description }) => projects.create(name, description),
    'projects.rename': ({ id, name }) => projects.rename(id, name),
    'projects.archive': ({ id, archived }) => projects.archive(id, archived),
    'projects.open': ({ id }) => projects.open(id),
    'projects.lastOpened': () => projects.lastOpened(),
    'charters.get': ({ projectId, version }) => charters.get(projectId, version),
    'charters.save': ({ projectId, content, basedOnVersion, note }) => charters.save(projectId, content, basedOnVersion, note),
    'charters.history': ({ projectId }) => charters.history(projectId),
    'charters.diff': ({ projectId, from, to }) => charters.diff(projectId, from, to),
    'stages.status': ({ projectId }) => stageStatuses(ws.db, charters, datasets, leaderboard, projects.get(projectId).id),
    'jobs.list': ({ projectId, limit }) => queue.list(projectId ? projects.get(projectId).id : undefined, limit),
    'jobs.get': ({ id }) => queue.get(id),
    'jobs.cancel': ({ id }) => queue.cancel(id),
    'jobs.settings': () => queue.settings(),
    'jobs.configure': ({ concurrency }) => queue.configure(concurrency),
    'datasets.preview': async ({ file, options }) => {
      const { path, fileName } = resolveFileRef(file, host, ws.dir);
      return (await runInWorker(spawnWorker, 'dataset.preview', { path, ref: file, fileName, options }, ws.dir)) as ImportPreview;
    },
    'datasets.import': ({ projectId, file, name, options }) => {
      const project = projects.get(projectId);
      const { path, fileName } = resolveFileRef(file, host, ws.dir);
      const input: ImportJobInput = { projectId: project.id, path, fileName, datasetName: name ?? basename(fileName, extname(fileName)), options };
      return queue.enqueue('dataset.import', project.id, input, `Import ${fileName}`);
    },
    'datasets.combine': (input) => {
      const project = projects.get(input.projectId);
      const sources = input.versionIds.map((id) => {
        const v = datasets.version(id);
        return { label: `${datasets.get(project.id, v.datasetId).name} v${v.version}`, path: ws.objects.pathOf(v.objectSha256), columns: v.columns };
      });
      // Column mismatches and missing keys are known from the schemas: refuse now rather than in the job.
      if (input.operation === 'append') appendSql(sources);
      else joinSql(sources[0]!, sources[1]!, input.keys, input.how);
      const labels = sources.map((s) => s.label);
      const what = input.operation === 'append' ? `Append ${labels.join(' + ')}` : `Join ${labels.join(' with ')} on ${input.keys.join(', ')}`;
      return queue.enqueue('dataset.combine', project.id, { ...input, projectId: project.id }, what);
    },
    'datasets.list': ({ projectId }) => datasets.list(projects.get(projectId).id),
    'datasets.get': ({ projectId, dataset }) => datasets.get(projects.get(projectId).id, dataset),
    'datasets.rows': async ({ versionId, offset, limit, sort, filters }) => {
      const version = datasets.version(versionId);
      return rows.page(ws.objects.pathOf(version.objectSha256), version.columns, { offset, limit, sort, filters });
    },
    'datasets.export': ({ versionId, format, out }) => {
      const version = datasets.version(versionId);
      // A bad destination is refused now, not after a million rows were read.
      makeOutputFolder(ws.dir, out);
      checkExportTarget(out, format);
      const dataset = datasets.get(datasets.projectOf(version.datasetId), version.datasetId);
      const job: ExportDatasetJobInput = { versionId: version.id, format, out, label: `${dataset.name} v${version.version}` };
      return queue.enqueue('dataset.export', dataset.projectId, job, `Export ${dataset.name} v${version.version} → ${out}`);
    },
    'profiles.get': ({ versionId, target }) => {
      const sha = profiles.find(datasets.version(versionId).id, target ?? '');
      return sha ? (JSON.parse(ws.objects.read(sha).toString('utf8')) as Profile) : null;
    },
    'profiles.compute': ({ versionId, target }) => {
      const version = datasets.version(versionId);
      if (target && !version.columns.some((c) => c.name === target)) {
        throw new GyreError('VALIDATION', `This dataset version has no column "${target}" to use as the target.`, { field: 'target' });
      }
      const projectId = datasets.projectOf(version.datasetId);
      const dataset = datasets.get(projectId, version.datasetId);
      const input = { versionId, datasetName: dataset.name, version: version.version, ...(target ? { target } : {}) };
      return queue.enqueue('dataset.profile', projectId, input, `Profile ${dataset.name} v${version.version}`);
    },
    'runs.train': (input) => {
      const project = projects.get(input.projectId);
      const version = datasets.version(input.versionId);
      if (!version.columns.some((c) => c.name === input.target)) throw new GyreError('VALIDATION', `This dataset version has no column "${input.target}".`, { field: 'target' });
      const dataset = datasets.get(project.id, version.datasetId);
      const job: TrainJobInput = { ...input, projectId: project.id, provider: input.provider ?? compute.provider() };
      return queue.enqueue('model.train', project.id, job, `Train ${input.models.join(', ')} on ${dataset.name} v${version.version} → ${input.target}`);
    },
    'runs.reproduce': ({ id }) => {
      const run = runs.get(id);
      const request = run.details.request;
      if (run.model === 'imported') throw new GyreError('VALIDATION', `Run ${run.id} is a model imported from ${(run.details as { imported?: { fileName?: string } }).imported?.fileName ?? 'a file'}: it was trained elsewhere, so Gyre cannot train it again; import a new file instead.`, { field: 'run' });
      if (!request) throw new GyreError('VALIDATION', `Run ${run.id} was saved before Gyre recorded how runs were asked for; train it again from the wizard.`, { field: 'run' });
      const dataset = datasets.get(run.projectId, datasets.version(run.versionId).datasetId);
      const job: TrainJobInput = { projectId: run.projectId, versionId: run.versionId, target: run.target, task: request.task, models: [run.model], ...(request.split ? { split: request.split } : {}), seed: request.seed, params: request.params, provider: request.provider, ...(request.columns ? { columns: request.columns } : {}), ...(request.resample ? { resample: request.resample } : {}), reproduces: run.id };
      return queue.enqueue('model.train', run.projectId, job, `Re-train ${run.model} (${run.id.slice(0, 12)}) on ${dataset.name} v${run.dataset.version}`);
    },
    'runs.list': ({ projectId }) => runs.summaries(projects.get(projectId).id),
    'runs.problems': ({ projectId }) => leaderboard.problems(projects.get(projectId).id),
    'runs.board': (input) => leaderboard.board({ ...input, projectId: projects.get(input.projectId).id }),
    'runs.boardStats': (input) => leaderboard.stats({ ...input, projectId: projects.get(input.projectId).id }),
    'evaluations.start': (input) => {
      const run = runs.get(input.runId);
      const versionId = input.versionId ? datasets.version(input.versionId).id : run.versionId;
      const own = versionId === run.versionId;
      if (input.rows === 'test' && !own) throw new GyreError('VALIDATION', "A run's test rows are rows of the version it was trained on; evaluate another version on all its rows.", { field: 'rows' });
      const version = datasets.version(versionId);
      const dataset = datasets.get(run.projectId, version.datasetId);
      const job: EvaluateJobInput = { id: newEvaluationId(), projectId: run.projectId, runId: run.id, versionId, rows: input.rows ?? (own ? 'test' : 'all'), resamples: input.resamples, repeats: input.repeats, sensitive: input.sensitive, seed: input.seed };
      return queue.enqueue('model.evaluate', run.projectId, job, `Evaluate ${run.model} (${run.id.slice(0, 12)}) on ${dataset.name} v${version.version}${job.rows === 'test' ? ' test rows' : ''}`);
    },
    'evaluations.list': ({ projectId, runId }) => evaluations.list(projects.get(projectId).id, runId ? runs.get(runId).id : undefined),
    'evaluations.get': ({ id }) => evaluations.get(id),
    'evaluations.explainRow': async ({ id, row }) => (await interactive.run('evaluation.explainRow', { evaluationId: evaluations.get(id).id, row }, ws.dir)) as RowExplanation,
    'registry.register': ({ runId, name, description }) => {
      const run = runs.get(runId);
      return registry.register(run.id, run.projectId, name, description);
    },
    'registry.list': ({ projectId, runId }) => registry.list(projects.get(projectId).id, runId ? runs.get(runId).id : undefined),
    'registry.get': ({ projectId, ref }) => registry.detail(projects.get(projectId).id, ref),
    'registry.promote': ({ projectId, ref, stage, reason, override }) => registry.promote(projects.get(projectId).id, ref, stage, reason, override),
    'registry.update': ({ projectId, ref, description, threshold }) => registry.update(projects.get(projectId).id, ref, { ...(description !== undefined ? { description } : {}), ...(threshold !== undefined ? { threshold } : {}) }),
    'registry.card': ({ projectId, ref }) => modelCard(ws.db, ws.objects, projects.get(projectId).id, ref),
    'registry.editCard': ({ projectId, ref, section, text }) => editModelCard(ws.db, ws.objects, projects.get(projectId).id, ref, section, text, osUser()),
    ...deploy.handlers,
    ...syntheticHandlers({ ws, projects, datasets, queue }),
    ...labeling.handlers,
    ...monitorHandlers({ ws, projects, charters, registry, queue, osUser }),
    ...archiveHandlers({ ws, projects, queue }),
    ...tourHandlers({ ws, projects, queue, handlers: () => handlers }),
    ...prepareHandlers({ ws, projects, datasets, queue, interactive }),
    'runs.get': ({ id }) => runs.get(id),
    'runs.curves': ({ id }) => runs.curves(id),
    'runs.evaluation': ({ id }) => runs.evaluation(id),
    'runs.annotate': ({ id, notes, tags }) => runs.annotate(id, { ...(notes !== undefined ? { notes } : {}), ...(tags !== undefined ? { tags } : {}) }),
    'runs.computeSettings': () => compute.get(),
    'runs.configureCompute': ({ provider }) => compute.set(provider),
    'studies.start': (input) => {
      const project = projects.get(input.projectId);
      const version = datasets.version(input.versionId);
      if (!version.columns.some((c) => c.name === input.target)) throw new GyreError('VALIDATION', `This dataset version has no column "${input.target}".`, { field: 'target' });
      // What can be refused without the data is refused now, not minutes into the job.
      const space = resolveSpace(input.model, input.space);
      if (input.task && input.metric) studyMetric(input.task, input.metric);
      const dataset = datasets.get(project.id, version.datasetId);
      const { budgetSeconds, trials, ...rest } = input;
      const job: TuneJobInput = { ...rest, ...(budgetSeconds !== undefined ? { budgetSeconds } : {}), ...(trials !== undefined ? { trials } : {}), studyId: newStudyId(), projectId: project.id, space, provider: input.provider ?? compute.provider() };
      return queue.enqueue('model.tune', project.id, job, `Tune ${input.model} (${input.strategy}) on ${dataset.name} v${version.version} → ${input.target}`);
    },
    'studies.list': ({ projectId }) => studies.list(projects.get(projectId).id),
    'studies.get': ({ id }) => studies.get(id),
    // Bring your own model: the file is decoded only in workers (inspect: a short task; import: a job).
    'models.inspect': async ({ projectId, file, versionId, target }) => {
      projects.get(projectId);
      const version = datasets.version(versionId);
      if (target && !version.columns.some((c) => c.name === target)) throw new GyreError('VALIDATION', `This dataset version has no column "${target}".`, { field: 'target' });
      const { path, fileName } = resolveFileRef(file, host, ws.dir);
      const input: InspectModelInput = { path, fileName, versionId: version.id, ...(target ? { target } : {}) };
      return (await runInWorker(spawnWorker, 'model.inspect', input, ws.dir)) as ModelInspection;
    },
    'models.import': ({ file, ...rest }) => {
      const project = projects.get(rest.projectId);
      const version = datasets.version(rest.versionId);
      if (!version.columns.some((c) => c.name === rest.target)) throw new GyreError('VALIDATION', `This dataset version has no column "${rest.target}".`, { field: 'target' });
      const dataset = datasets.get(project.id, version.datasetId);
      const { path, fileName } = resolveFileRef(file, host, ws.dir);
      const job: ImportModelJobInput = { ...rest, projectId: project.id, versionId: version.id, path, fileName };
      return queue.enqueue('model.import', project.id, job, `Import the model ${fileName} predicting ${rest.target} on ${dataset.name} v${version.version}`);
    },
  };
  return {
    handlers,
    queue,
    close: async () => {
      await deploy.close();
      await labeling.close();
      interactive.close();
      queue.close();
      await rows.close();
    },
  };
}
