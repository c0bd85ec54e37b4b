/**
 * The `model.predict` job: every row of a dataset version scored by a model version's file, kept as a new dataset
 * version whose rows are the input's, typed as they were, with the prediction columns `gyre predict` writes appended.
 *
 * Scoring is `gyre predict`'s own code path (data/score-file.ts) writing only the added columns; DuckDB then puts
 * them beside the input's rows by position, so no input value is ever turned into text and back.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PredictResult } from '../../contract/bundles';
import type { ColumnSchema } from '../../contract/datasets';
import { GyreError } from '../../contract/errors';
import { DatasetService } from '../../core/datasets';
import { RunStore } from '../../core/runs';
import { openWorkspace } from '../../core/workspace';
import { sqlIdent, sqlString, withDuck } from '../../data/duck';
import { scoreFile } from '../../data/score-file';
import { cudaInstalled } from '../onnx-providers';
import type { TaskContext } from '../tasks';
import { importDataset } from './import-dataset';

export interface PredictJobInput {
  projectId: string;
  /** The model version's run (resolved from NAME@VERSION when the job was asked for). */
  runId: string;
  /** NAME@VERSION, for titles and the lineage's operation text. */
  ref: string;
  /** What is scored: a dataset version, or a file imported first (as `dataset.import` imports it). */
  rows: { kind: 'version'; versionId: string; datasetName: string; version: number } | { kind: 'file'; path: string; fileName: string; datasetName: string };
  /** The output dataset's name (the default was chosen when the job was asked for). */
  name: string;
  /** A binary model version's saved decision threshold: the label is the positive class at or above it. */
  threshold: number | null;
}

/** How an added column is stored: the label as text (class labels are text in the file), the rest as numbers. */
function addedSchema(name: string): ColumnSchema {
  return name === 'predicted_label' ? { name, semanticType: 'categorical', storageType: 'VARCHAR' } : { name, semanticType: 'float', storageType: 'DOUBLE' };
}

/** The first 30% of the job's progress: the file imported with the options the import wizard would sniff. */
async function importFirst(input: PredictJobInput, file: Extract<PredictJobInput['rows'], { kind: 'file' }>, ctx: TaskContext): Promise<{ versionId: string; datasetName: string; version: number }> {
  const imported = await importDataset({ projectId: input.projectId, path: file.path, fileName: file.fileName, datasetName: file.datasetName, options: {} }, { ...ctx, report: (p, m) => ctx.report(0.3 * p, m) });
  return { versionId: imported.versionId, datasetName: file.datasetName, version: imported.version };
}

export async function predictDataset(input: PredictJobInput, ctx: TaskContext): Promise<PredictResult> {
  // A file becomes a dataset version first (its own lineage: the file's name and SHA-256), then is scored as one.
  const subject = input.rows.kind === 'version' ? input.rows : await importFirst(input, input.rows, ctx);
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const datasets = new DatasetService(ws.db);
    const source = datasets.version(subject.versionId);
    const run = new RunStore(ws.db).get(input.runId);
    if (!ws.objects.has(run.onnx.sha256)) throw new GyreError('NOT_FOUND', `The model file of ${input.ref} (run ${run.id}) is missing from this workspace's object store.`, { field: 'model' });
    const label = `${subject.datasetName} v${subject.version}`;
    const tmpDir = join(ws.dir, 'tmp', 'jobs', ctx.jobId);
    mkdirSync(tmpDir, { recursive: true });
    const inputPath = ws.objects.pathOf(source.objectSha256);
    const scoredPath = join(tmpDir, 'predictions.csv');

    ctx.report(0.05, `Scoring ${label} with ${input.ref}`);
    const scored = await scoreFile({
      onnx: ws.objects.read(run.onnx.sha256),
      inputPath,
      inputName: label,
      outPath: scoredPath,
      cudaInstalled,
      keepInputColumns: false,
      onProgress: (rows) => ctx.report(0.05 + 0.75 * Math.min(1, rows / Math.max(1, source.rowCount)), `Scored ${rows.toLocaleString('en')} of ${source.rowCount.toLocaleString('en')} rows`),
    });
    const clash = scored.addedColumns.filter((c) => source.columns.some((s) => s.name === c));
    if (clash.length) {
      throw new GyreError('VALIDATION', `${label} already has ${clash.length === 1 ? 'a column' : 'columns'} named ${clash.map((c) => `"${c}"`).join(', ')}, which the predictions would add; score a version without ${clash.length === 1 ? 'it' : 'them'}.`, { column: clash[0] });
    }
    if (scored.rows !== source.rowCount) throw new GyreError('INTERNAL', `Scoring ${label} gave ${scored.rows} rows where the version has ${source.rowCount}.`);

    ctx.report(0.85, 'Writing the scored rows');
    const target = join(tmpDir, 'data.parquet');
    const added = scored.addedColumns.map(addedSchema);
    await withDuck(async (duck) => {
      const types = `{${added.map((c) => `${sqlString(c.name)}: ${sqlString(c.storageType)}`).join(', ')}}`;
      const predictions = `read_csv(${sqlString(scoredPath)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = ${types})`;
      // POSITIONAL JOIN: the n-th scored line is the n-th row of the version, as both are read in order.
      // A saved threshold decides the label, as the bundle's server decides it; otherwise the file's own label.
      const labels = run.task === 'binary' && input.threshold !== null ? run.details.classLabels : null;
      const column = (c: { name: string }) =>
        labels && c.name === 'predicted_label'
          ? `CASE WHEN p.${sqlIdent(`probability_${labels[1]}`)} >= ${Number(input.threshold)} THEN ${sqlString(labels[1]!)} ELSE ${sqlString(labels[0]!)} END AS predicted_label`
          : `p.${sqlIdent(c.name)}`;
      const sql = `SELECT i.*, ${added.map(column).join(', ')} FROM read_parquet(${sqlString(inputPath)}) i POSITIONAL JOIN ${predictions} p`;
      await duck.run(`COPY (${sql}) TO ${sqlString(target)} (FORMAT parquet, COMPRESSION zstd)`);
    });

    ctx.report(0.95, 'Saving the dataset version');
    const object = await ws.objects.putFile(target, 'application/vnd.apache.parquet');
    const version = datasets.addVersion({
      projectId: input.projectId,
      datasetName: input.name,
      objectSha256: object.sha256,
      rowCount: scored.rows,
      columns: [...source.columns, ...added],
      source: null,
      readOptions: {},
      operation: `predict with ${input.ref}`,
      parentIds: [source.id],
      jobId: ctx.jobId,
    });
    return { datasetId: version.datasetId, datasetName: input.name, versionId: version.id, version: version.version, rowCount: version.rowCount, addedColumns: scored.addedColumns };
  } finally {
    ws.close();
  }
}
