/** SHA-256 of a file of any size, read through one reused buffer so hashing never holds more than 1 MiB. */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const CHUNK_BYTES = 1024 * 1024;

/**
 * A stream would allocate a new buffer per chunk, freed only when the garbage collector gets round to it:
 * hashing a 157 MB file beside DuckDB raised the import worker's peak memory by ~80 MB that way.
 */
export async function sha256File(path: string, onProgress?: (bytesRead: number) => void): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  const file = await open(path, 'r');
  try {
    let total = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      total += bytesRead;
      onProgress?.(total);
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}
