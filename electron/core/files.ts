/**
 * Where a file to import comes from. Desktop app and CLI: an absolute path the user chose. Browser host: only
 * `upload:<id>/<name>`, a file the page uploaded into the workspace's tmp/uploads/, so a page can name no other file.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { HostKind } from '../contract/app';
import { GyreError } from '../contract/errors';
import { refuseRemoteSource } from '../data/local-source';

const UPLOAD = /^upload:([a-f0-9]{16})\/([^/\\]+)$/;

export function uploadsDir(workspaceDir: string): string {
  return join(workspaceDir, 'tmp', 'uploads');
}

export function resolveFileRef(ref: string, host: HostKind, workspaceDir: string): { path: string; fileName: string } {
  refuseRemoteSource(ref);
  const upload = UPLOAD.exec(ref);
  if (upload) {
    const path = resolve(uploadsDir(workspaceDir), upload[1]!, upload[2]!);
    if (!path.startsWith(uploadsDir(workspaceDir) + sep) || !existsSync(path)) {
      throw new GyreError('NOT_FOUND', `The uploaded file ${upload[2]} is no longer there; upload it again.`, { field: 'file' });
    }
    return { path, fileName: upload[2]! };
  }
  if (host === 'web') {
    throw new GyreError('FORBIDDEN', 'The browser studio imports only files you upload (drop a file or use Import).', { field: 'file' });
  }
  if (!isAbsolute(ref)) throw new GyreError('VALIDATION', `"${ref}" is not an absolute path.`, { field: 'file' });
  if (!existsSync(ref)) throw new GyreError('NOT_FOUND', `${basename(ref)} cannot be read: the file does not exist (${ref}).`, { field: 'file', file: ref });
  return { path: resolve(ref), fileName: basename(ref) };
}

/** An upload is removed once imported; one never imported (the page was closed) is removed after a day. */
export const UPLOAD_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export function removeStaleUploads(workspaceDir: string, now = Date.now()): string[] {
  const root = uploadsDir(workspaceDir);
  if (!existsSync(root)) return [];
  const removed: string[] = [];
  for (const id of readdirSync(root)) {
    const dir = join(root, id);
    if (now - statSync(dir).mtimeMs > UPLOAD_MAX_AGE_MS) {
      rmSync(dir, { recursive: true, force: true });
      removed.push(id);
    }
  }
  return removed;
}

/** Streams an upload into tmp/uploads/<id>/<name>, capped at `maxBytes`; returns its file reference. */
export async function receiveUpload(workspaceDir: string, fileName: string, body: Readable, maxBytes: number): Promise<string> {
  const safeName = basename(fileName).replace(/[^\w.\- ()]+/g, '_').slice(0, 200) || 'upload';
  const id = randomBytes(8).toString('hex');
  const dir = join(uploadsDir(workspaceDir), id);
  mkdirSync(dir, { recursive: true });
  let received = 0;
  body.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > maxBytes) body.destroy(new GyreError('VALIDATION', `The upload is larger than ${Math.round(maxBytes / 2 ** 30)} GiB.`, { file: safeName }));
  });
  try {
    await pipeline(body, createWriteStream(join(dir, safeName)));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e instanceof GyreError ? e : new GyreError('VALIDATION', `The upload of ${safeName} did not complete: ${(e as Error).message}`, { file: safeName });
  }
  return `upload:${id}/${safeName}`;
}
