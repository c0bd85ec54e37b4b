/** The Prepare stage's synthetic-data procedures: a generation job per request, and the reports kept with the versions. */
import { GyreError } from '../contract/errors';
import type { Handlers, ProcedureName } from '../contract/index';
import type { JobQueue } from '../jobs/queue';
import type { SynthesizeJobInput } from '../jobs/tasks/synthesize-dataset';
import { assertModelable, planColumns } from '../ml/synthetic/report';
import type { DatasetService } from './datasets';
import type { ProjectService } from './projects';
import { SyntheticStore } from './synthetic-reports';
import type { Workspace } from './workspace';

type SyntheticProcedure = Extract<ProcedureName, `synthetic.${string}`>;

export interface SyntheticDeps {
  ws: Workspace;
  projects: ProjectService;
  datasets: DatasetService;
  queue: JobQueue;
}

export function syntheticHandlers({ ws, projects, datasets, queue }: SyntheticDeps): Pick<Handlers, SyntheticProcedure> {
  const store = new SyntheticStore(ws.db, ws.objects);
  return {
    'synthetic.generate': ({ projectId, versionId, rows, seed, name }) => {
      const project = projects.get(projectId);
      const version = datasets.version(versionId);
      if (datasets.projectOf(version.datasetId) !== project.id) throw new GyreError('NOT_FOUND', `No dataset version with id "${versionId}" in this project.`, { field: 'versionId' });
      const dataset = datasets.get(project.id, version.datasetId);
      const label = `${dataset.name} v${version.version}`;
      // What the schema already tells is refused now, not after the rows were read.
      assertModelable(planColumns(version.columns), label, version.rowCount);
      const target = name ?? `${dataset.name}-synthetic`;
      if (target.trim().toLocaleLowerCase('en') === dataset.name.toLocaleLowerCase('en')) {
        throw new GyreError('VALIDATION', `Give the synthetic rows a dataset of their own, not "${dataset.name}": a synthetic version among the real ones is easily taken for real data.`, { field: 'name' });
      }
      const job: SynthesizeJobInput = { projectId: project.id, versionId: version.id, sourceLabel: label, rows, seed, name: target };
      return queue.enqueue('dataset.synthesize', project.id, job, `Generate ${rows.toLocaleString('en')} synthetic rows from ${label}`);
    },
    'synthetic.list': ({ projectId }) => store.list(projects.get(projectId).id),
    'synthetic.report': ({ projectId, versionId }) => store.forVersion(projects.get(projectId).id, versionId),
  };
}
