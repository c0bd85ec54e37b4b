/** Writes a project's archive: the manifest, each table's rows, the objects they name, the exported bundles' files. */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ARCHIVE_FORMAT, type ArchiveEntry, type ArchiveExportResult, type ArchiveManifest } from '../../contract/archive';
import { GyreError } from '../../contract/errors';
import { APP_VERSION } from '../version';
import { fromStoredPath, type Workspace } from '../workspace';
import { ArchiveWriter } from './container';
import { MANIFEST_ENTRY, MANIFEST_SHA_ENTRY } from './read';
import { countsOf, snapshotProject } from './snapshot';

interface FileEntry extends ArchiveEntry {
  /** Where the bytes are on disk. */
  from: string;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A bundle folder's files (relative paths with "/"), or a bundle .zip as one file; links are not followed. */
function bundleFiles(root: string): { rel: string; path: string }[] {
  const top = lstatSync(root);
  if (top.isFile()) return [{ rel: basename(root), path: root }];
  const files: { rel: string; path: string }[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const s = lstatSync(path);
      if (s.isDirectory()) walk(path, `${prefix}${name}/`);
      else if (s.isFile()) files.push({ rel: prefix + name, path });
    }
  };
  walk(root, '');
  return files;
}

export async function exportProject(ws: Workspace, projectId: string, out: string, report: (share: number, message: string) => void): Promise<ArchiveExportResult> {
  const started = Date.now();
  if (existsSync(out)) throw new GyreError('CONFLICT', `${out} already exists: choose another file name (an archive is never written over).`, { field: 'out', file: out });
  const snapshot = snapshotProject(ws.db, projectId);
  const project = snapshot.tables.projects![0]!;

  const files: FileEntry[] = [];
  const missingBundles: string[] = [];
  for (const b of snapshot.tables.bundles ?? []) {
    const root = fromStoredPath(ws.dir, b.path as string);
    if (!existsSync(root)) {
      missingBundles.push(b.path as string);
      continue;
    }
    for (const f of bundleFiles(root)) files.push({ path: `bundles/${b.id as string}/${f.rel}`, size: statSync(f.path).size, sha256: await sha256Of(f.path), from: f.path });
  }
  for (const sha of snapshot.objects) {
    const path = ws.objects.pathOf(sha);
    if (!existsSync(path)) throw new GyreError('WORKSPACE_CORRUPT', `The object ${sha} is missing from the workspace store; the project cannot be archived whole.`, { file: path });
    files.push({ path: `objects/${sha}`, size: statSync(path).size, sha256: sha, from: path });
  }
  const tableBytes = Object.entries(snapshot.tables).map(([name, rows]) => ({ name, bytes: Buffer.from(JSON.stringify(rows)) }));
  const tableEntries: ArchiveEntry[] = tableBytes.map((t) => ({ path: `tables/${t.name}.json`, size: t.bytes.length, sha256: createHash('sha256').update(t.bytes).digest('hex') }));

  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    gyreVersion: APP_VERSION,
    schemaVersion: ws.schemaVersion,
    createdAt: new Date().toISOString(),
    project: { id: project.id as string, name: project.name as string, description: project.description as string },
    tables: Object.fromEntries(Object.entries(snapshot.tables).map(([name, rows]) => [name, rows.length])),
    missingBundles,
    entries: [...tableEntries, ...files.map(({ path, size, sha256 }) => ({ path, size, sha256 }))],
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 1));

  const writer = new ArchiveWriter(out);
  try {
    await writer.addBuffer(MANIFEST_ENTRY, manifestBytes);
    for (const t of tableBytes) await writer.addBuffer(`tables/${t.name}.json`, t.bytes);
    const total = Math.max(1, files.reduce((s, f) => s + f.size, 0));
    let done = 0;
    for (const f of files) {
      await writer.addFile(f.path, f.from, f.size, f.sha256);
      done += f.size;
      report(0.05 + 0.9 * (done / total), `Archived ${writer.count} of ${manifest.entries.length + 1} entries`);
    }
    await writer.addBuffer(MANIFEST_SHA_ENTRY, Buffer.from(createHash('sha256').update(manifestBytes).digest('hex')));
    const written = await writer.finish();
    return {
      path: written.path,
      bytes: written.bytes,
      entries: writer.count + 1,
      project: manifest.project,
      counts: countsOf(manifest.tables, snapshot.objects.length),
      missingBundles,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (e) {
    writer.abort();
    throw e;
  }
}
