/** The `dataset.export` job: a dataset version written to a CSV or Parquet file outside the workspace. */
import type { ExportResult } from '../../contract/datasets';
import { DatasetService } from '../../core/datasets';
import { openWorkspace } from '../../core/workspace';
import { withDuck } from '../../data/duck';
import { exportVersion, type ExportFormat } from '../../data/export';
import type { TaskContext } from '../tasks';

export interface ExportDatasetJobInput {
  versionId: string;
  format: ExportFormat;
  out: string;
  /** "customers v2", for the jobs list. */
  label: string;
}

export async function exportDataset(input: ExportDatasetJobInput, ctx: TaskContext): Promise<ExportResult> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const version = new DatasetService(ws.db).version(input.versionId);
    ctx.report(0.05, `Writing ${version.rowCount.toLocaleString('en')} rows to ${input.out}`);
    const bytes = await withDuck((duck) => exportVersion(duck, ws.objects.pathOf(version.objectSha256), version.columns, input.format, input.out));
    return { path: input.out, format: input.format, rows: version.rowCount, bytes };
  } finally {
    ws.close();
  }
}
