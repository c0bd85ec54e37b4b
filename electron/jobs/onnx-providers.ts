/** What execution providers this installation of onnxruntime-node can actually load (a file check, so not in ml/). */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The CUDA provider library sits beside onnxruntime's own once `ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node` added it. */
export function cudaInstalled(): boolean {
  const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
  const dir = join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
  return existsSync(join(dir, process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so'));
}
