/**
 * A user's ONNX file as the worker reads it: refused above the size cap before a byte is read, decoded and checked
 * (`ml/external/read-model.ts`), and loaded once in onnxruntime so that a model it cannot run is refused with its
 * reason. Runs only in a worker process: a file crafted to crash a native library takes down only this worker.
 */
import { readFileSync, statSync } from 'node:fs';
import { GyreError } from '../../contract/errors';
import { MAX_MODEL_BYTES } from '../../contract/imports';
import { readExternalModel, type ExternalModel } from '../../ml/external/read-model';
import { createSession } from '../../ml/onnx/runtime';

export interface ModelFile {
  bytes: Uint8Array;
  external: ExternalModel;
}

export function readModelBytes(path: string, fileName: string): Uint8Array {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new GyreError('VALIDATION', `${fileName} is not a file.`, { file: fileName });
    size = stat.size;
  } catch (e) {
    if (e instanceof GyreError) throw e;
    throw new GyreError('NOT_FOUND', `${fileName} cannot be read: ${(e as Error).message}`, { file: fileName });
  }
  if (size > MAX_MODEL_BYTES) throw new GyreError('VALIDATION', `${fileName} is ${(size / 1024 ** 3).toFixed(1)} GiB; Gyre imports models up to ${MAX_MODEL_BYTES / 1024 ** 3} GiB.`, { file: fileName });
  if (size === 0) throw new GyreError('VALIDATION', `${fileName} is empty.`, { file: fileName });
  return readFileSync(path);
}

/** Reads, decodes and checks the file, then makes sure onnxruntime can load the model as it is. */
export async function openModelFile(path: string, fileName: string): Promise<ModelFile> {
  const bytes = readModelBytes(path, fileName);
  const external = readExternalModel(bytes, fileName);
  await assertLoads(bytes, fileName);
  return { bytes, external };
}

export async function assertLoads(bytes: Uint8Array, fileName: string, what = 'the model'): Promise<void> {
  let session: Awaited<ReturnType<typeof createSession>>;
  try {
    session = await createSession(bytes, { provider: 'cpu' });
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
    throw new GyreError('VALIDATION', `${fileName}: onnxruntime cannot load ${what}: ${reason}`, { file: fileName });
  }
  await session.session.release();
}
