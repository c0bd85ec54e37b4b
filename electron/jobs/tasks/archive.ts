/** The `project.export` and `project.import` jobs: a project's archive written, or an archive checked and imported. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchiveConflictMode, ArchiveExportResult, ArchiveImportResult } from '../../contract/archive';
import { exportProject } from '../../core/archive/export';
import { importStaged } from '../../core/archive/import';
import { stageArchive } from '../../core/archive/read';
import { openWorkspace } from '../../core/workspace';
import type { TaskContext } from '../tasks';

export interface ArchiveExportJobInput {
  projectId: string;
  out: string;
}

export interface ArchiveImportJobInput {
  file: string;
  mode: ArchiveConflictMode | null;
}

export async function archiveExport(input: ArchiveExportJobInput, ctx: TaskContext): Promise<ArchiveExportResult> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    ctx.report(0.02, 'Reading the project’s records');
    return await exportProject(ws, input.projectId, input.out, ctx.report);
  } finally {
    ws.close();
  }
}

/** Everything is checked into a staging folder first; the workspace changes only in importStaged, all or nothing. */
export async function archiveImport(input: ArchiveImportJobInput, ctx: TaskContext): Promise<ArchiveImportResult> {
  const ws = openWorkspace(ctx.workspaceDir);
  const staging = join(ws.dir, 'tmp', 'jobs', ctx.jobId, 'archive');
  try {
    const staged = await stageArchive(input.file, staging, (share, message) => ctx.report(0.9 * share, message));
    ctx.report(0.92, 'Adding the project to this workspace');
    return importStaged(ws, staged, input.mode ?? undefined, input.file);
  } finally {
    rmSync(join(ws.dir, 'tmp', 'jobs', ctx.jobId), { recursive: true, force: true });
    ws.close();
  }
}
