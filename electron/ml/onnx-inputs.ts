/** The columns an exported pipeline takes, built from a frame's rows in the types its ONNX inputs declare. */
import type { Frame } from './preprocess/frame';
import { columnOf } from './preprocess/frame';
import type { RawInput } from './preprocess/onnx';

export function onnxInputs(inputs: RawInput[], frame: Frame, rows: Uint32Array): Record<string, Float32Array | Float64Array | string[]> {
  const out: Record<string, Float32Array | Float64Array | string[]> = {};
  for (const input of inputs) {
    const column = columnOf(frame, input.column);
    if (input.elemType === 'string') {
      const values = column.values as (string | null)[];
      // The exported graph reads "" as missing.
      out[input.column] = Array.from(rows, (r) => values[r] ?? '');
    } else {
      const values = column.values as Float64Array;
      const typed = input.elemType === 'double' ? new Float64Array(rows.length) : new Float32Array(rows.length);
      for (let i = 0; i < rows.length; i++) typed[i] = values[rows[i]!]!;
      out[input.column] = typed;
    }
  }
  return out;
}
