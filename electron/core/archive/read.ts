/**
 * Unpacks a `.gyre` file into a staging folder, checking every entry against the manifest as it streams by. Nothing
 * here touches the workspace's database or store: a refused archive leaves only the staging folder, which the caller
 * removes.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { ARCHIVE_FORMAT, type ArchiveEntry, type ArchiveManifest } from '../../contract/archive';
import { GyreError } from '../../contract/errors';
import { readArchive } from './container';
import { ARCHIVE_TABLES } from './tables';

export type Row = Record<string, unknown>;

export const MANIFEST_ENTRY = 'manifest.json';
export const MANIFEST_SHA_ENTRY = 'manifest.sha256';
const MAX_MANIFEST_BYTES = 256 * 1024 * 1024;
const SHA256 = /^[0-9a-f]{64}$/;
/** The project's tables, and `objects`: the store's record (size, media type) of each object the archive carries. */
const TABLE_NAMES = new Set([...ARCHIVE_TABLES.map((t) => t.name), 'objects']);

export interface StagedBundleFile {
  /** The file's path inside the bundle. */
  rel: string;
  staged: string;
}

export interface StagedArchive {
  manifest: ArchiveManifest;
  tables: Record<string, Row[]>;
  /** sha256 → the staged file. */
  objects: Map<string, string>;
  /** bundle id → its files. */
  bundles: Map<string, StagedBundleFile[]>;
}

/** Where an entry is staged, or why its name is refused. */
type Place = { kind: 'table'; table: string } | { kind: 'object'; sha256: string } | { kind: 'bundle'; bundleId: string; rel: string };

export function placeOf(name: string): Place | null {
  const table = /^tables\/([a-z_]+)\.json$/.exec(name);
  if (table && TABLE_NAMES.has(table[1]!)) return { kind: 'table', table: table[1]! };
  const object = /^objects\/([0-9a-f]{64})$/.exec(name);
  if (object) return { kind: 'object', sha256: object[1]! };
  const bundle = /^bundles\/(bdl_[0-9a-f]{16})\/(.+)$/.exec(name);
  if (bundle) {
    const rel = bundle[2]!;
    const parts = rel.split('/');
    if (rel.length <= 1024 && !rel.includes('\\') && !rel.includes('\0') && parts.every((p) => p !== '' && p !== '.' && p !== '..')) return { kind: 'bundle', bundleId: bundle[1]!, rel };
  }
  return null;
}

async function bytesOf(stream: Readable, limit: number, name: string, file: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new GyreError('VALIDATION', `${basename(file)}: the entry ${name} is larger than ${limit} bytes.`, { file, entry: name });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parseManifest(bytes: Buffer, file: string): ArchiveManifest {
  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as ArchiveManifest;
  } catch (e) {
    throw new GyreError('VALIDATION', `${basename(file)} is damaged: ${MANIFEST_ENTRY} is not JSON (${(e as Error).message}).`, { file, entry: MANIFEST_ENTRY });
  }
  if (manifest?.format !== ARCHIVE_FORMAT) {
    throw new GyreError('VALIDATION', `${basename(file)} is not a Gyre project archive: its ${MANIFEST_ENTRY} says format "${String(manifest?.format)}", not "${ARCHIVE_FORMAT}".`, { file, entry: MANIFEST_ENTRY });
  }
  if (!Array.isArray(manifest.entries) || typeof manifest.project?.id !== 'string' || typeof manifest.schemaVersion !== 'number') {
    throw new GyreError('VALIDATION', `${basename(file)} is damaged: ${MANIFEST_ENTRY} lacks its entries, project or schema version.`, { file, entry: MANIFEST_ENTRY });
  }
  return manifest;
}

/** The manifest alone (the first entry), for showing what an archive holds before importing it. */
export async function readManifest(file: string): Promise<ArchiveManifest> {
  const extract = tar.extract();
  const source = createReadStream(file);
  source.pipe(extract as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of extract) {
      if (entry.header.name !== MANIFEST_ENTRY) throw new GyreError('VALIDATION', `${basename(file)} is not a Gyre project archive: it does not start with ${MANIFEST_ENTRY}.`, { file, entry: entry.header.name });
      return parseManifest(await bytesOf(entry as unknown as Readable, MAX_MANIFEST_BYTES, MANIFEST_ENTRY, file), file);
    }
  } catch (e) {
    if (e instanceof GyreError) throw e;
    throw new GyreError('VALIDATION', `${basename(file)} is not a Gyre project archive, or it is damaged: ${(e as Error).message}`, { file });
  } finally {
    source.destroy();
  }
  throw new GyreError('VALIDATION', `${basename(file)} is empty: it holds no ${MANIFEST_ENTRY}.`, { file });
}

/** Streams an entry into `target`, refusing it unless its size and SHA-256 are the manifest's. */
async function stageEntry(stream: Readable, target: string, expected: ArchiveEntry, file: string): Promise<void> {
  mkdirSync(dirname(target), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, next) {
      hash.update(chunk);
      size += chunk.length;
      next(null, chunk);
    },
  });
  await pipeline(stream, tap, createWriteStream(target, { flags: 'wx' }));
  if (size !== expected.size || hash.digest('hex') !== expected.sha256) {
    throw new GyreError('VALIDATION', `${basename(file)} is damaged: the entry ${expected.path} does not match its checksum in the manifest. Nothing was imported.`, { file, entry: expected.path });
  }
}

/**
 * Checks and unpacks every entry into `stagingDir`: the manifest first, then each listed entry with its size and
 * checksum, then the manifest's own checksum and the whole file's. Refuses, naming the entry, anything missing,
 * unlisted, altered or out of place.
 */
export async function stageArchive(file: string, stagingDir: string, report: (share: number, message: string) => void): Promise<StagedArchive> {
  let manifest: ArchiveManifest | null = null;
  let manifestBytes: Buffer | null = null;
  let manifestChecked = false;
  const listed = new Map<string, ArchiveEntry>();
  const seen = new Set<string>();
  const tableBytes = new Map<string, Buffer>();
  const objects = new Map<string, string>();
  const bundles = new Map<string, StagedBundleFile[]>();
  let total = 1;
  let done = 0;

  await readArchive(file, async ({ name, size, stream }) => {
    if (!manifest) {
      if (name !== MANIFEST_ENTRY) throw new GyreError('VALIDATION', `${basename(file)} is not a Gyre project archive: it does not start with ${MANIFEST_ENTRY} (found ${name}).`, { file, entry: name });
      manifestBytes = await bytesOf(stream, MAX_MANIFEST_BYTES, name, file);
      manifest = parseManifest(manifestBytes, file);
      for (const e of manifest.entries) listed.set(e.path, e);
      total = Math.max(1, manifest.entries.reduce((s, e) => s + e.size, 0));
      return;
    }
    if (name === MANIFEST_SHA_ENTRY) {
      const text = (await bytesOf(stream, 128, name, file)).toString('ascii').trim();
      if (text !== createHash('sha256').update(manifestBytes!).digest('hex')) {
        throw new GyreError('VALIDATION', `${basename(file)} is damaged: ${MANIFEST_ENTRY} does not match its checksum (${MANIFEST_SHA_ENTRY}). Nothing was imported.`, { file, entry: MANIFEST_ENTRY });
      }
      manifestChecked = true;
      return;
    }
    const expected = listed.get(name);
    const place = placeOf(name);
    if (!expected || !place) throw new GyreError('VALIDATION', `${basename(file)} holds an entry its manifest does not list: ${name}. Nothing was imported.`, { file, entry: name });
    if (seen.has(name)) throw new GyreError('VALIDATION', `${basename(file)} holds the entry ${name} twice.`, { file, entry: name });
    if (size !== expected.size) throw new GyreError('VALIDATION', `${basename(file)} is damaged: the entry ${name} is ${size} bytes; the manifest says ${expected.size}.`, { file, entry: name });
    seen.add(name);
    if (place.kind === 'table') {
      const bytes = await bytesOf(stream, expected.size, name, file);
      if (createHash('sha256').update(bytes).digest('hex') !== expected.sha256) {
        throw new GyreError('VALIDATION', `${basename(file)} is damaged: the entry ${name} does not match its checksum in the manifest. Nothing was imported.`, { file, entry: name });
      }
      tableBytes.set(place.table, bytes);
    } else if (place.kind === 'object') {
      if (expected.sha256 !== place.sha256 || !SHA256.test(expected.sha256)) throw new GyreError('VALIDATION', `${basename(file)} is damaged: the object ${name} is listed under another checksum.`, { file, entry: name });
      const staged = join(stagingDir, 'objects', place.sha256);
      await stageEntry(stream, staged, expected, file);
      objects.set(place.sha256, staged);
    } else {
      const staged = join(stagingDir, 'bundles', place.bundleId, ...place.rel.split('/'));
      await stageEntry(stream, staged, expected, file);
      bundles.set(place.bundleId, [...(bundles.get(place.bundleId) ?? []), { rel: place.rel, staged }]);
    }
    done += expected.size;
    report(done / total, `Checked ${seen.size} of ${listed.size} entries`);
  });

  if (!manifest) throw new GyreError('VALIDATION', `${basename(file)} holds no ${MANIFEST_ENTRY}.`, { file, entry: MANIFEST_ENTRY });
  const m = manifest as ArchiveManifest;
  const missing = m.entries.find((e) => !seen.has(e.path));
  if (missing) throw new GyreError('VALIDATION', `${basename(file)} is incomplete: the entry ${missing.path} is missing. Nothing was imported.`, { file, entry: missing.path });
  if (!manifestChecked) throw new GyreError('VALIDATION', `${basename(file)} is incomplete: the entry ${MANIFEST_SHA_ENTRY} is missing.`, { file, entry: MANIFEST_SHA_ENTRY });

  const tables: Record<string, Row[]> = {};
  for (const [table, bytes] of tableBytes) {
    const rows = JSON.parse(bytes.toString('utf8')) as unknown;
    if (!Array.isArray(rows)) throw new GyreError('VALIDATION', `${basename(file)}: tables/${table}.json is not a list of rows.`, { file, entry: `tables/${table}.json` });
    tables[table] = rows as Row[];
  }
  return { manifest: m, tables, objects, bundles };
}
