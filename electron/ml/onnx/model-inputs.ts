/**
 * What an exported pipeline reads, from the file itself: one graph input per raw column (float, double or string),
 * and the metadata Gyre wrote into it. Lets a model be scored on any dataset version without its training state.
 */
import { GyreError } from '../../contract/errors';
import type { RawInput } from '../preprocess/onnx';
import { decodeModel, modelMetadata } from './graph';

const ELEM_TYPES: Record<number, RawInput['elemType']> = { 1: 'float', 11: 'double', 8: 'string' };
const TYPE_NAMES: Record<number, string> = { 2: 'uint8', 3: 'int8', 6: 'int32', 7: 'int64', 9: 'bool', 10: 'float16' };

export function modelInputs(bytes: Uint8Array): { inputs: RawInput[]; metadata: Record<string, string> } {
  const model = decodeModel(bytes);
  const initializers = new Set((model.graph?.initializer ?? []).map((t) => t.name));
  const inputs = (model.graph?.input ?? [])
    .filter((i) => !initializers.has(i.name ?? ''))
    .map((i): RawInput => {
      const elem = i.type?.tensorType?.elemType ?? 0;
      const elemType = ELEM_TYPES[elem];
      if (!elemType) throw new GyreError('VALIDATION', `The model's input "${i.name}" takes ${TYPE_NAMES[elem] ?? `type ${elem}`} tensors; Gyre feeds columns as float, double or string.`, { field: 'model' });
      return { column: i.name ?? '', elemType };
    });
  return { inputs, metadata: modelMetadata(model) };
}
