/** The guided tour's procedures: its state, and the sample's two files fed to the normal import and monitoring jobs. */
import { basename, extname } from 'node:path';
import { GyreError } from '../contract/errors';
import type { Handlers, ProcedureName } from '../contract/index';
import type { JobQueue } from '../jobs/queue';
import type { ImportJobInput } from '../jobs/tasks/import-dataset';
import { resolveFileRef } from './files';
import type { ProjectService } from './projects';
import { SAMPLE_COLUMNS, sampleDataFiles } from './sample-data';
import { TourService } from './tour';
import type { Workspace } from './workspace';

type TourProcedure = Extract<ProcedureName, `tour.${string}`>;

export interface TourDeps {
  ws: Workspace;
  projects: ProjectService;
  queue: JobQueue;
  /** The core's handlers, once made: the sample batch goes through monitor.addBatch itself. */
  handlers: () => Pick<Handlers, 'monitor.addBatch'>;
}

export const SAMPLE_BATCH_NAME = 'Sample batch: 2024 signups';

export function tourHandlers({ ws, projects, queue, handlers }: TourDeps): Pick<Handlers, TourProcedure> {
  const tour = new TourService(ws.db, projects);
  return {
    'tour.state': () => tour.state(),
    'tour.start': () => tour.start(),
    'tour.update': ({ action, step }) => tour.update(action, step),
    'tour.importSample': () => {
      const project = projects.get(tour.projectId());
      // datasets.import's job, as it queues it. The file is Gyre's own, so it is resolved as for the trusted hosts: the
      // browser studio, which otherwise names only uploads, can import it too.
      const { path, fileName } = resolveFileRef(sampleDataFiles().dataset, 'cli', ws.dir);
      const input: ImportJobInput = { projectId: project.id, path, fileName, datasetName: basename(fileName, extname(fileName)), options: {} };
      return queue.enqueue('dataset.import', project.id, input, `Import ${fileName}`);
    },
    'tour.addSampleBatch': () => {
      const projectId = tour.projectId();
      const model = ws.db
        .prepare("SELECT m.name FROM model_versions mv JOIN models m ON m.id = mv.model_id WHERE m.project_id = ? AND mv.stage = 'production' ORDER BY mv.created_at DESC LIMIT 1")
        .pluck()
        .get(projectId) as string | undefined;
      if (!model) throw new GyreError('VALIDATION', 'No model of the sample project is in production yet: promote one first — the batch is checked against it.', { field: 'model' });
      const batch = sampleDataFiles().batch;
      return handlers()['monitor.addBatch']({ projectId, model, source: { kind: 'file', path: batch }, outcomes: { path: batch, idColumn: SAMPLE_COLUMNS.id }, name: SAMPLE_BATCH_NAME });
    },
  };
}
