/**
 * The content-addressed object store: immutable files under objects/sha256/ab/cdef…, written to tmp/,
 * fsynced and renamed into place, so a crash leaves either the whole file or nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { GyreError } from '../../contract/errors';
import { sha256File } from './hash-file';

const SHA256 = /^[0-9a-f]{64}$/;

export interface StoredObject {
  sha256: string;
  size: number;
  mediaType: string;
}

export class ObjectStore {
  constructor(
    private readonly root: string,
    private readonly db: Database,
  ) {}

  /** Absolute path of an object; the hash is checked so no caller can escape the store. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new GyreError('VALIDATION', `"${sha256}" is not a SHA-256 object id.`, { field: 'sha256' });
    return join(this.root, 'objects', 'sha256', sha256.slice(0, 2), sha256.slice(2));
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  /** Stores bytes; storing the same bytes twice returns the existing object. */
  put(bytes: Uint8Array, mediaType: string): StoredObject {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(sha256);
    if (!existsSync(target)) {
      const tmp = join(this.root, 'tmp', `${sha256}.${randomBytes(4).toString('hex')}.part`);
      try {
        const fd = openSync(tmp, 'wx');
        try {
          writeSync(fd, bytes);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        mkdirSync(dirname(target), { recursive: true });
        renameSync(tmp, target);
        syncDir(dirname(target));
      } catch (e) {
        rmSync(tmp, { force: true });
        throw e;
      }
    }
    this.db
      .prepare('INSERT OR IGNORE INTO objects (sha256, size, media_type, created_at) VALUES (?, ?, ?, ?)')
      .run(sha256, bytes.byteLength, mediaType, new Date().toISOString());
    return { sha256, size: bytes.byteLength, mediaType };
  }

  /**
   * Moves a finished file (already under the workspace's tmp/) into the store under its hash, streaming the
   * hash so large files never sit in memory. The source file is consumed.
   */
  async putFile(tmpFile: string, mediaType: string): Promise<StoredObject> {
    const sha256 = await sha256File(tmpFile);
    const size = statSync(tmpFile).size;
    const fd = openSync(tmpFile, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const target = this.pathOf(sha256);
    if (existsSync(target)) rmSync(tmpFile, { force: true });
    else {
      mkdirSync(dirname(target), { recursive: true });
      renameSync(tmpFile, target);
      syncDir(dirname(target));
    }
    this.db
      .prepare('INSERT OR IGNORE INTO objects (sha256, size, media_type, created_at) VALUES (?, ?, ?, ?)')
      .run(sha256, size, mediaType, new Date().toISOString());
    return { sha256, size, mediaType };
  }

  /** Removes files in objects/ that no database row knows about (left by a process killed mid-commit). */
  sweepOrphans(): string[] {
    const known = new Set((this.db.prepare('SELECT sha256 FROM objects').all() as { sha256: string }[]).map((r) => r.sha256));
    const removed: string[] = [];
    const base = join(this.root, 'objects', 'sha256');
    for (const prefix of existsSync(base) ? readdirSync(base) : []) {
      for (const rest of readdirSync(join(base, prefix))) {
        if (!known.has(prefix + rest)) {
          rmSync(join(base, prefix, rest), { force: true });
          removed.push(prefix + rest);
        }
      }
    }
    return removed;
  }

  read(sha256: string): Buffer {
    const path = this.pathOf(sha256);
    if (!existsSync(path)) throw new GyreError('NOT_FOUND', `Object ${sha256} is missing from the workspace store.`, { file: path });
    return readFileSync(path);
  }
}

/** Makes a rename durable; directories cannot be fsynced on Windows, where rename is already durable. */
function syncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
