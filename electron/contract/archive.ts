/**
 * Project archives: one `.gyre` file that carries a whole project — charter history, dataset versions, recipes, runs,
 * models, evaluations, bundles, monitoring history — across an air gap, checked entry by entry on arrival.
 *
 * Layout (a POSIX tar; every entry but the last two is listed with its SHA-256 in manifest.json):
 *   manifest.json            format, Gyre and schema versions, the project, every entry's path, size and SHA-256
 *   tables/<table>.json      the project's rows of each table, as JSON objects
 *   objects/<sha256>         every stored object those rows name (Parquet, ONNX, reports)
 *   bundles/<id>/…           the files of each exported bundle that still exists
 *   manifest.sha256          the manifest's SHA-256 (entries are named by the manifest; the manifest by this)
 *   CHECKSUM                 the SHA-256 of every byte before it, so a changed byte anywhere is found
 */
import { z } from 'zod';
import { FileRef } from './datasets';
import type { Job } from './jobs';
import { procedure } from './procedure';
import { ProjectId } from './projects';

export const ARCHIVE_FORMAT = 'gyre-archive/1';
export const ARCHIVE_EXTENSION = '.gyre';

/**
 * What to do when the workspace already has the archive's project (same identity, e.g. imported before):
 * `copy` makes a new project with new identities; `merge` adds the versions this workspace lacks and changes nothing
 * it has. Neither ever overwrites.
 */
export const ARCHIVE_CONFLICT_MODES = ['copy', 'merge'] as const;
export type ArchiveConflictMode = (typeof ARCHIVE_CONFLICT_MODES)[number];

export const ArchiveExportInput = z.object({
  projectId: ProjectId,
  /** The .gyre file to write (must not exist); by default exports/<project>-<date>.gyre in the workspace. */
  out: z.string().trim().min(1).max(4096).optional(),
});
export type ArchiveExportInput = z.input<typeof ArchiveExportInput>;

export const ArchiveImportInput = z.object({
  /** A path, or in the browser host an upload. */
  file: FileRef,
  /** Required when the workspace already has the project; refused (CONFLICT) otherwise. */
  mode: z.enum(ARCHIVE_CONFLICT_MODES).optional(),
});
export type ArchiveImportInput = z.input<typeof ArchiveImportInput>;

export interface ArchiveEntry {
  path: string;
  size: number;
  sha256: string;
}

/** manifest.json */
export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  gyreVersion: string;
  /** The workspace schema the rows follow (the migration number); an archive from a newer Gyre is refused. */
  schemaVersion: number;
  createdAt: string;
  project: { id: string; name: string; description: string };
  /** Rows per table. */
  tables: Record<string, number>;
  /** Bundles whose files were not found when exporting: their records travel, their files could not. */
  missingBundles: string[];
  entries: ArchiveEntry[];
}

/** What a project archive holds, counted for people: read from the manifest without unpacking. */
export interface ArchiveCounts {
  charterVersions: number;
  datasets: number;
  datasetVersions: number;
  recipes: number;
  runs: number;
  evaluations: number;
  models: number;
  modelVersions: number;
  bundles: number;
  monitorBatches: number;
  objects: number;
}

/** "2 charter versions, 1 dataset (3 versions), …": one wording for the CLI and the studio. */
export function describeArchiveCounts(c: ArchiveCounts): string {
  const part = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return [
    part(c.charterVersions, 'charter version'),
    `${part(c.datasets, 'dataset')} (${part(c.datasetVersions, 'version')})`,
    part(c.recipes, 'recipe'),
    part(c.runs, 'run'),
    part(c.evaluations, 'evaluation'),
    `${part(c.models, 'model')} (${part(c.modelVersions, 'version')})`,
    part(c.bundles, 'bundle'),
    part(c.monitorBatches, 'monitoring batch', 'monitoring batches'),
    part(c.objects, 'stored object'),
  ].join(', ');
}

export interface ArchiveExportResult {
  path: string;
  bytes: number;
  entries: number;
  project: { id: string; name: string };
  counts: ArchiveCounts;
  /** Bundles whose files were gone: their records are in the archive, their files are not. */
  missingBundles: string[];
  seconds: number;
}

/** `archive.inspect`: the manifest of an archive, and whether this workspace already has its project. */
export interface ArchiveInspection {
  file: string;
  bytes: number;
  gyreVersion: string;
  schemaVersion: number;
  createdAt: string;
  project: { id: string; name: string; description: string };
  counts: ArchiveCounts;
  /** The project this workspace already has under the archive's identity: importing needs a mode. */
  existing: { id: string; name: string } | null;
}

export interface ArchiveImportResult {
  projectId: string;
  projectName: string;
  /** `new`: the workspace did not have the project. */
  mode: 'new' | ArchiveConflictMode;
  /** Rows added per table, and rows the workspace already had (kept as they were). */
  added: Record<string, number>;
  kept: Record<string, number>;
  objectsAdded: number;
  /** Bundles restored under the workspace's bundles/ folder. */
  bundlesRestored: number;
  /** What was renamed, renumbered or left in a safer state, in sentences. */
  notes: string[];
  seconds: number;
}

export const archiveProcedures = {
  /** Writes a project's archive as a job (its result is an ArchiveExportResult). */
  'archive.export': procedure(ArchiveExportInput).mutation<Job>(['jobs']),
  /** Reads an archive's manifest: what it holds, and whether importing needs a conflict mode. */
  'archive.inspect': procedure(z.object({ file: FileRef })).query<ArchiveInspection>(['projects']),
  /** Imports an archive as a job (its result is an ArchiveImportResult): all of it, checked, or nothing. */
  'archive.import': procedure(ArchiveImportInput).mutation<Job>(['jobs']),
};
