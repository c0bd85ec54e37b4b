/**
 * triton/<name>/config.pbtxt: the model as NVIDIA Triton's ONNX Runtime backend serves it. The graph's inputs and
 * outputs are read from the file itself; Gyre's inputs are [N, 1] per column and its outputs [N] (label),
 * [N, k] (probabilities) or [N, 1] (prediction), so the config declares full shapes with the batch as -1 and
 * max_batch_size 0 (the caller batches: Triton's own batching would need every tensor to lead with the batch,
 * which a 1-D label output cannot without a reshape).
 */
import type { onnx } from 'onnx-proto';
import { GyreError } from '../contract/errors';
import { decodeModel } from '../ml/onnx/graph';

/** ONNX TensorProto element types → Triton data types. */
const TRITON_TYPES: Record<number, string> = { 1: 'TYPE_FP32', 2: 'TYPE_UINT8', 3: 'TYPE_INT8', 6: 'TYPE_INT32', 7: 'TYPE_INT64', 8: 'TYPE_STRING', 9: 'TYPE_BOOL', 10: 'TYPE_FP16', 11: 'TYPE_FP64' };

export interface TensorSpec {
  name: string;
  dataType: string;
  /** -1 for a symbolic (batch) dimension. */
  dims: number[];
}

/** The graph's inputs (initializers left out) and outputs, as Triton declares them. */
export function graphTensors(onnx: Uint8Array): { inputs: TensorSpec[]; outputs: TensorSpec[] } {
  const graph = decodeModel(onnx).graph;
  const initializers = new Set((graph?.initializer ?? []).map((t) => t.name));
  const spec = (info: onnx.IValueInfoProto): TensorSpec => {
    const elem = info.type?.tensorType?.elemType ?? 0;
    const dataType = TRITON_TYPES[elem];
    if (!dataType) throw new GyreError('VALIDATION', `model.onnx's tensor "${info.name}" has element type ${elem}, which Triton's config cannot declare.`, { field: 'model' });
    const dims = (info.type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimValue !== undefined && d.dimValue !== null && Number(d.dimValue) > 0 ? Number(d.dimValue) : -1));
    return { name: info.name ?? '', dataType, dims };
  };
  return {
    inputs: (graph?.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map(spec),
    outputs: (graph?.output ?? []).map(spec),
  };
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

function tensors(kind: 'input' | 'output', list: TensorSpec[]): string {
  const items = list.map((t) => `  {\n    name: ${quote(t.name)}\n    data_type: ${t.dataType}\n    dims: [ ${t.dims.join(', ')} ]\n  }`);
  return `${kind} [\n${items.join(',\n')}\n]\n`;
}

export function tritonConfig(name: string, onnx: Uint8Array): string {
  const { inputs, outputs } = graphTensors(onnx);
  return `# Written by Gyre: serve with tritonserver --model-repository triton/\nname: ${quote(name)}\nplatform: "onnxruntime_onnx"\nmax_batch_size: 0\n${tensors('input', inputs)}${tensors('output', outputs)}`;
}
