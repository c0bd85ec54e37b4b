/** Layouts of feature matrices in tests: Gyre's column-major Features, and the row-major [N, F] an ONNX graph takes. */
import type { Features } from '../../electron/ml/types';

export function rowMajor(features: Features): Float32Array {
  const { rows, data } = features;
  const width = features.names.length;
  const out = new Float32Array(rows * width);
  for (let f = 0; f < width; f++) for (let r = 0; r < rows; r++) out[r * width + f] = data[f * rows + r]!;
  return out;
}
