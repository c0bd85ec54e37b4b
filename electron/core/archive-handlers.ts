/** Project archives' procedures: export and import run as jobs; inspecting reads the manifest at once. */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { ARCHIVE_EXTENSION } from '../contract/archive';
import { GyreError } from '../contract/errors';
import type { Handlers, ProcedureName } from '../contract/index';
import type { JobQueue } from '../jobs/queue';
import type { ArchiveExportJobInput, ArchiveImportJobInput } from '../jobs/tasks/archive';
import { readManifest } from './archive/read';
import { countsOf } from './archive/snapshot';
import { resolveFileRef } from './files';
import type { ProjectService } from './projects';
import { makeOutputFolder, type Workspace } from './workspace';

type ArchiveProcedure = Extract<ProcedureName, `archive.${string}`>;

export interface ArchiveDeps {
  ws: Workspace;
  projects: ProjectService;
  queue: JobQueue;
}

/** exports/<project>-<date>.gyre in the workspace, with -2, -3… when taken. */
export function defaultArchivePath(workspaceDir: string, projectName: string, now = new Date()): string {
  const slug = projectName.toLocaleLowerCase('en').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'project';
  const stem = join(workspaceDir, 'exports', `${slug}-${now.toISOString().slice(0, 10)}`);
  let path = stem + ARCHIVE_EXTENSION;
  for (let i = 2; existsSync(path); i++) path = `${stem}-${i}${ARCHIVE_EXTENSION}`;
  return path;
}

/** An archive is written to a new .gyre file in a folder that exists; never over anything. */
function checkArchiveTarget(out: string): void {
  if (!isAbsolute(out)) throw new GyreError('VALIDATION', `Give the full path of the archive ("${out}" is relative).`, { field: 'out' });
  if (!out.toLowerCase().endsWith(ARCHIVE_EXTENSION)) throw new GyreError('VALIDATION', `A project archive's file name ends in ${ARCHIVE_EXTENSION}; "${out}" does not.`, { field: 'out' });
  const parent = dirname(out);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new GyreError('VALIDATION', `Cannot write the archive into ${parent}: that folder does not exist.`, { field: 'out', file: parent });
  if (existsSync(out)) throw new GyreError('CONFLICT', `${out} already exists; Gyre does not write an archive over a file: choose another name.`, { field: 'out', file: out });
}

export function archiveHandlers({ ws, projects, queue }: ArchiveDeps): Pick<Handlers, ArchiveProcedure> {
  const archiveFile = (ref: string) => resolveFileRef(ref, 'cli', ws.dir).path;
  return {
    'archive.export': ({ projectId, out }) => {
      const project = projects.get(projectId);
      const path = out ?? defaultArchivePath(ws.dir, project.name);
      makeOutputFolder(ws.dir, path);
      checkArchiveTarget(path);
      const job: ArchiveExportJobInput = { projectId: project.id, out: path };
      return queue.enqueue('project.export', project.id, job, `Archive ${project.name} → ${path}`);
    },
    'archive.inspect': async ({ file }) => {
      const path = archiveFile(file);
      const m = await readManifest(path);
      const existing = ws.db.prepare('SELECT id, name FROM projects WHERE id = ?').get(m.project.id) as { id: string; name: string } | undefined;
      return {
        file: path,
        bytes: statSync(path).size,
        gyreVersion: m.gyreVersion,
        schemaVersion: m.schemaVersion,
        createdAt: m.createdAt,
        project: m.project,
        counts: countsOf(m.tables, m.entries.filter((e) => e.path.startsWith('objects/')).length),
        existing: existing ?? null,
      };
    },
    'archive.import': ({ file, mode }) => {
      const path = archiveFile(file);
      const job: ArchiveImportJobInput = { file: path, mode: mode ?? null };
      return queue.enqueue('project.import', null, job, `Import the project archive ${path}`);
    },
  };
}
