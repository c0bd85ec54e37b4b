/**
 * The `.gyre` container: a POSIX tar (tar-stream) whose last entry, CHECKSUM, holds the SHA-256 of every byte before
 * it. Entries are checked against the manifest by name; the checksum covers what no entry does (headers, padding),
 * and the trailer itself is compared byte for byte with the one its checksum makes — so one changed byte anywhere in
 * the file is found.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, fsyncSync, openSync, closeSync, readSync, renameSync, rmSync, statSync, ftruncateSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { GyreError } from '../../contract/errors';

export const CHECKSUM_ENTRY = 'CHECKSUM';
/** The CHECKSUM entry's header and data block, and the end-of-archive blocks. */
export const TRAILER_BYTES = 2048;
const END_OF_ARCHIVE = 1024;

/** The trailer tar-stream writes for a checksum: the same fields every time, so a reader can make it again and compare. */
export async function trailerFor(sha256Hex: string): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: CHECKSUM_ENTRY, size: 64, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0, uname: '', gname: '' }, Buffer.from(sha256Hex, 'ascii'));
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  if (bytes.length !== TRAILER_BYTES) throw new Error(`The archive trailer is ${bytes.length} bytes, not ${TRAILER_BYTES}.`);
  return bytes;
}

/** Writes entries one after another into FILE.part, then seals it with the checksum trailer and renames it to FILE. */
export class ArchiveWriter {
  private readonly pack = tar.pack();
  private readonly part: string;
  private readonly done: Promise<void>;
  private entries = 0;

  constructor(private readonly file: string) {
    this.part = `${basename(file)}.part`;
    this.done = pipeline(this.pack as unknown as Readable, createWriteStream(this.part, { flags: 'wx' }));
    this.done.catch(() => undefined);
  }

  get count(): number {
    return this.entries;
  }

  async addBuffer(name: string, bytes: Buffer): Promise<void> {
    await new Promise<void>((resolve, reject) => this.pack.entry({ name, size: bytes.length, mode: 0o644, mtime: new Date() }, bytes, (e) => (e ? reject(e) : resolve())));
    this.entries++;
  }

  /** Streams a file in; when `sha256` is given, a file whose bytes do not hash to it is refused (a damaged store). */
  async addFile(name: string, path: string, size: number, sha256?: string): Promise<void> {
    const hash = createHash('sha256');
    let seen = 0;
    const entry = this.pack.entry({ name, size, mode: 0o644, mtime: new Date() });
    const tap = new Transform({
      transform(chunk: Buffer, _enc, next) {
        hash.update(chunk);
        seen += chunk.length;
        next(null, chunk);
      },
    });
    await pipeline(createReadStream(path), tap, entry as unknown as NodeJS.WritableStream);
    if (seen !== size) throw new GyreError('VALIDATION', `${path} changed while it was being archived (${seen} bytes, expected ${size}).`, { file: path });
    if (sha256 && hash.digest('hex') !== sha256) throw new GyreError('WORKSPACE_CORRUPT', `The stored object ${sha256} is damaged: its bytes no longer match its name. Nothing was exported.`, { file: path });
    this.entries++;
  }

  /** Ends the tar, replaces its end-of-archive blocks with the checksum trailer, makes it durable, renames it into place. */
  async finish(): Promise<{ path: string; bytes: number }> {
    this.pack.finalize();
    await this.done;
    const size = statSync(this.part).size;
    const fd = openSync(this.part, 'r+');
    try {
      const body = size - END_OF_ARCHIVE;
      const hash = createHash('sha256');
      const buffer = Buffer.allocUnsafe(1 << 20);
      for (let at = 0; at < body; ) {
        const n = readSync(fd, buffer, 0, Math.min(buffer.length, body - at), at);
        hash.update(buffer.subarray(0, n));
        at += n;
      }
      const trailer = await trailerFor(hash.digest('hex'));
      ftruncateSync(fd, body);
      writeSync(fd, trailer, 0, trailer.length, body);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(this.part, this.file);
    return { path: this.file, bytes: statSync(this.file).size };
  }

  /** Removes the unfinished file. */
  abort(): void {
    this.pack.destroy();
    rmSync(this.part, { force: true });
  }
}

export interface ReadEntry {
  name: string;
  size: number;
  /** The entry's bytes, read once. */
  stream: Readable;
}

/**
 * Reads a .gyre file entry by entry, handing each to `onEntry` (which must consume its stream), and checks the trailer.
 * Entries before the trailer are the caller's to judge; the trailer and the whole-file checksum are judged here.
 */
export async function readArchive(file: string, onEntry: (entry: ReadEntry) => Promise<void>): Promise<void> {
  const size = statSync(file).size;
  if (size < TRAILER_BYTES + 512 || size % 512 !== 0) {
    throw new GyreError('VALIDATION', `${basename(file)} is not a Gyre project archive, or it was cut short (${size} bytes).`, { file });
  }
  const body = size - TRAILER_BYTES;
  const hash = createHash('sha256');
  let at = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, next) {
      const take = Math.max(0, Math.min(chunk.length, body - at));
      if (take > 0) hash.update(take === chunk.length ? chunk : chunk.subarray(0, take));
      at += chunk.length;
      next(null, chunk);
    },
  });
  const extract = tar.extract();
  const feeding = pipeline(createReadStream(file), tap, extract as unknown as NodeJS.WritableStream);
  feeding.catch(() => undefined);
  let last = '';
  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (name === CHECKSUM_ENTRY) {
        entry.resume();
        last = name;
        continue;
      }
      if (last === CHECKSUM_ENTRY) throw new GyreError('VALIDATION', `${basename(file)} has entries after its checksum (${name}).`, { file, entry: name });
      if (entry.header.type !== 'file') throw new GyreError('VALIDATION', `${basename(file)} holds "${name}", which is not a plain file.`, { file, entry: name });
      await onEntry({ name, size: entry.header.size ?? 0, stream: entry as unknown as Readable });
      last = name;
    }
    await feeding;
  } catch (e) {
    // Our own refusals, and the file system's (a full disk while staging), are not damage to the archive.
    if (e instanceof GyreError || (e as NodeJS.ErrnoException).code) throw e;
    const after = last ? ` after the entry ${last}` : '';
    throw new GyreError('VALIDATION', `${basename(file)} is damaged${after}: ${(e as Error).message}`, { file, ...(last ? { entry: last } : {}) });
  }
  if (last !== CHECKSUM_ENTRY) throw new GyreError('VALIDATION', `${basename(file)} ends without its checksum: it was cut short${last ? ` after ${last}` : ''}.`, { file, entry: CHECKSUM_ENTRY });
  const expected = await trailerFor(hash.digest('hex'));
  const actual = Buffer.alloc(TRAILER_BYTES);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, actual, 0, TRAILER_BYTES, body);
  } finally {
    closeSync(fd);
  }
  if (!actual.equals(expected)) {
    throw new GyreError('VALIDATION', `${basename(file)} is damaged: its checksum does not match its bytes (every entry read correctly, so the change is in the tar's headers, padding or the checksum itself).`, { file, entry: CHECKSUM_ENTRY });
  }
}
