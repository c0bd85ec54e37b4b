/** The worker side's table of job kinds: each kind's input goes to exactly one task function. */
import { monitorBatch, type MonitorBatchJobInput } from './tasks/monitor-batch';
import { monitorCompare, type MonitorCompareJobInput } from './tasks/monitor-compare';
import { monitorIterate, type MonitorIterateJobInput } from './tasks/monitor-iterate';
import { archiveExport, archiveImport, type ArchiveExportJobInput, type ArchiveImportJobInput } from './tasks/archive';
import { verify } from '../deploy/verify';
import type { WorkerTaskKind } from './protocol';
import { applyRecipe, type ApplyRecipeJobInput } from './tasks/apply-recipe';
import { combineDatasets, type CombineJobInput } from './tasks/combine-datasets';
import { evaluateRun, type EvaluateJobInput } from './tasks/evaluate-run';
import { explainRow, type ExplainRowInput } from './tasks/explain-row';
import { exportBundle, type ExportBundleJobInput } from './tasks/export-bundle';
import { exportDataset, type ExportDatasetJobInput } from './tasks/export-dataset';
import { exportLabels, type ExportLabelsJobInput } from './tasks/export-labels';
import { shadowCompare, type ShadowJobInput } from './tasks/shadow-compare';
import { synthesizeDataset, type SynthesizeJobInput } from './tasks/synthesize-dataset';
import { importDataset, type ImportJobInput } from './tasks/import-dataset';
import { importModel, type ImportModelJobInput } from './tasks/import-model';
import { inspectModel, type InspectModelInput } from './tasks/inspect-model';
import { predictDataset, type PredictJobInput } from './tasks/predict-dataset';
import { previewDataset, type PreviewInput } from './tasks/preview-dataset';
import { previewRecipeTask, type PreviewRecipeInput } from './tasks/preview-recipe';
import { profileDataset, type ProfileJobInput } from './tasks/profile-dataset';
import { rankLabels, type RankLabelsJobInput } from './tasks/rank-labels';
import { trainModels, type TrainJobInput } from './tasks/train-models';
import { tuneModel, type TuneJobInput } from './tasks/tune-models';
import { tryForm, type TryFormJobInput } from './tasks/try-form';
import { tryRow, type TryRowJobInput } from './tasks/try-row';

export interface TaskContext {
  jobId: string;
  workspaceDir: string;
  /** Progress 0..1 and what is happening, in a sentence. */
  report(progress: number, message: string): void;
}

export async function runTask(kind: WorkerTaskKind, input: unknown, ctx: TaskContext): Promise<unknown> {
  switch (kind) {
    case 'dataset.preview':
      return previewDataset(input as PreviewInput);
    case 'dataset.import':
      return importDataset(input as ImportJobInput, ctx);
    case 'dataset.combine':
      return combineDatasets(input as CombineJobInput, ctx);
    case 'dataset.profile':
      return profileDataset(input as ProfileJobInput, ctx);
    case 'model.train':
      return trainModels(input as TrainJobInput, ctx);
    case 'model.tune':
      return tuneModel(input as TuneJobInput, ctx);
    case 'model.evaluate':
      return evaluateRun(input as EvaluateJobInput, ctx);
    case 'evaluation.explainRow':
      return explainRow(input as ExplainRowInput, ctx);
    case 'bundle.verify':
      return verify((input as { path: string }).path);
    case 'model.inspect':
      return inspectModel(input as InspectModelInput, ctx);
    case 'model.import':
      return importModel(input as ImportModelJobInput, ctx);
    case 'bundle.export':
      return exportBundle(input as ExportBundleJobInput, ctx);
    case 'model.predict':
      return predictDataset(input as PredictJobInput, ctx);
    case 'model.tryForm':
      return tryForm(input as TryFormJobInput, ctx);
    case 'model.tryRow':
      return tryRow(input as TryRowJobInput, ctx);
    case 'dataset.export':
      return exportDataset(input as ExportDatasetJobInput, ctx);
    case 'model.shadow':
      return shadowCompare(input as ShadowJobInput, ctx);
    case 'dataset.synthesize':
      return synthesizeDataset(input as SynthesizeJobInput, ctx);
    case 'labels.rank':
      return rankLabels(input as RankLabelsJobInput, ctx);
    case 'labels.export':
      return exportLabels(input as ExportLabelsJobInput, ctx);
    case 'monitor.batch':
      return monitorBatch(input as MonitorBatchJobInput, ctx);
    case 'monitor.compare':
      return monitorCompare(input as MonitorCompareJobInput, ctx);
    case 'monitor.iterate':
      return monitorIterate(input as MonitorIterateJobInput, ctx);
    case 'project.export':
      return archiveExport(input as ArchiveExportJobInput, ctx);
    case 'project.import':
      return archiveImport(input as ArchiveImportJobInput, ctx);
    case 'recipe.apply':
      return applyRecipe(input as ApplyRecipeJobInput, ctx);
    case 'recipe.preview':
      return previewRecipeTask(input as PreviewRecipeInput, ctx);
    default:
      throw new Error(`Unknown job kind ${String(kind)}`);
  }
}
