/** The `dataset.import` job: hash the source, reuse an identical earlier import, else convert to Parquet and commit. */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { ImportResult, ReadOptions } from '../../contract/datasets';
import { GyreError } from '../../contract/errors';
import { DatasetService } from '../../core/datasets';
import { uploadsDir } from '../../core/files';
import { sha256File } from '../../core/store/hash-file';
import { openWorkspace } from '../../core/workspace';
import { withDuck } from '../../data/duck';
import { convertToParquet, planImport } from '../../data/importer';
import type { TaskContext } from '../tasks';

export interface ImportJobInput {
  projectId: string;
  /** Absolute path, already resolved and confined by the host. */
  path: string;
  /** What the user calls the file (its name, not the upload's temporary path). */
  fileName: string;
  datasetName: string;
  options: ReadOptions;
}

async function hashFile(path: string, onProgress: (fraction: number) => void): Promise<string> {
  const size = statSync(path).size || 1;
  return sha256File(path, (read) => onProgress(read / size));
}

/** Conversion speed assumed for the progress estimate; measured ~130 MB/s on 2 cores, kept conservative. */
const ESTIMATED_BYTES_PER_SECOND = 60e6;

/**
 * Reports progress at least every 250 ms while DuckDB's COPY runs. DuckDB reports no progress for a COPY run
 * this way, so the fraction is estimated from the file size and elapsed time, approaching but never reaching 1.
 */
function pollProgress(sizeBytes: number, report: (fraction: number) => void): () => void {
  const started = Date.now();
  const tau = Math.max(0.5, sizeBytes / ESTIMATED_BYTES_PER_SECOND);
  const timer = setInterval(() => report(1 - Math.exp(-(Date.now() - started) / 1000 / tau)), 250);
  return () => clearInterval(timer);
}

/** An uploaded file (browser host) is a temporary copy: once imported, the dataset version holds the data. */
function removeUpload(workspaceDir: string, path: string): void {
  const uploads = uploadsDir(workspaceDir) + sep;
  if (path.startsWith(uploads)) rmSync(dirname(path), { recursive: true, force: true });
}

/** A file that vanishes or becomes unreadable mid-import gets a sentence, not a stack trace. */
function fileProblem(e: unknown, fileName: string): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new GyreError('NOT_FOUND', `${fileName} disappeared while it was being imported (moved or deleted?). Nothing was saved.`, { file: fileName });
  if (code === 'EACCES' || code === 'EIO') return new GyreError('FORBIDDEN', `${fileName} could not be read (${code}). Nothing was saved.`, { file: fileName });
  return e;
}

export async function importDataset(input: ImportJobInput, ctx: TaskContext): Promise<ImportResult> {
  try {
    return await importInWorkspace(input, ctx);
  } catch (e) {
    throw fileProblem(e, input.fileName);
  }
}

async function importInWorkspace(input: ImportJobInput, ctx: TaskContext): Promise<ImportResult> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const datasets = new DatasetService(ws.db);
    const size = statSync(input.path).size;
    ctx.report(0.01, `Reading ${input.fileName}`);
    const tmpDir = join(ws.dir, 'tmp', 'jobs', ctx.jobId);
    mkdirSync(tmpDir, { recursive: true });
    const target = join(tmpDir, 'data.parquet');
    const outcome = await withDuck(async (duck) => {
      // Hashing (Node) and sampling (DuckDB's threads) overlap; the hash decides whether to convert at all.
      const [sha256, plan] = await Promise.all([
        hashFile(input.path, (f) => ctx.report(0.01 + 0.09 * f, `Checking whether ${input.fileName} was imported before`)),
        planImport(duck, input.path, input.fileName, input.options),
      ]);
      const existing = datasets.findImported(input.projectId, sha256, input.options);
      if (existing) return { existing };
      ctx.report(0.15, `Converting ${plan.columns.length} columns to Parquet`);
      const stop = pollProgress(size, (f) => ctx.report(0.15 + 0.75 * f, `Converting ${plan.columns.length} columns to Parquet (estimated)`));
      try {
        return { sha256, plan, converted: await convertToParquet(duck, plan, target) };
      } finally {
        stop();
      }
    });
    if ('existing' in outcome) {
      removeUpload(ws.dir, input.path);
      const { existing } = outcome;
      return { datasetId: existing!.datasetId, versionId: existing!.id, version: existing!.version, deduplicated: true, skippedRows: 0, renamed: [], warnings: [] };
    }
    const { sha256, plan, converted } = outcome;
    ctx.report(0.92, 'Saving the dataset version');
    const object = await ws.objects.putFile(target, 'application/vnd.apache.parquet');
    const version = datasets.addVersion({
      projectId: input.projectId,
      datasetName: input.datasetName,
      objectSha256: object.sha256,
      rowCount: converted.rows,
      columns: plan.columns,
      source: { name: input.fileName, size, sha256 },
      readOptions: input.options,
      operation: 'import',
      parentIds: [],
      jobId: ctx.jobId,
    });
    removeUpload(ws.dir, input.path);
    return { datasetId: version.datasetId, versionId: version.id, version: version.version, deduplicated: false, skippedRows: converted.skippedRows, renamed: plan.source.renamed, warnings: plan.warnings };
  } finally {
    ws.close();
  }
}
