/**
 * An ONNX file trained elsewhere, read and checked before anything runs it: decoded, its inputs and outputs described,
 * and refused — in a sentence naming the file — when it keeps weights in external files, uses operators outside
 * ai.onnx / ai.onnx.ml, takes inputs Gyre cannot feed, or gives probabilities as ZipMap's seq(map). Pure: bytes in.
 */
import type { onnx as proto } from 'onnx-proto';
import type { ExternalValue } from '../../contract/imports';
import { GyreError } from '../../contract/errors';
import { decodeModel, modelMetadata, type ModelProto } from '../onnx/graph';

/** Operator domains onnxruntime runs without custom operators. */
export const STANDARD_DOMAINS: readonly string[] = ['', 'ai.onnx', 'ai.onnx.ml'];

/** ONNX TensorProto.DataType → name. */
const ELEM_NAMES: Record<number, string> = {
  1: 'float', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool', 10: 'float16',
  11: 'double', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
};

/** Input element types a dataset column can be cast into. */
export const FEEDABLE_ELEM_TYPES: readonly string[] = ['float', 'double', 'int64', 'int32', 'bool', 'string'];
export const NUMERIC_ELEM_TYPES: readonly string[] = ['float', 'double', 'int64', 'int32', 'bool'];

export const ZIPMAP_ADVICE = "Export the model with zipmap=False (options={id(model): {'zipmap': False}}) so its probabilities are a tensor.";

type Int = number | { toNumber(): number };
const toNumber = (v: Int): number => (typeof v === 'number' ? v : v.toNumber());

export interface ExternalModel {
  fileName: string;
  model: ModelProto;
  producer: string;
  producerVersion: string;
  irVersion: number;
  opsets: { domain: string; version: number }[];
  domains: string[];
  inputs: ExternalValue[];
  outputs: ExternalValue[];
  /** From the first node carrying `classlabels_strings` / `classlabels_int64s` / `classlabels_ints`, as strings. */
  classLabels: string[] | null;
  metadata: Record<string, string>;
}

function refuse(fileName: string, reason: string, details: Record<string, unknown> = {}): never {
  throw new GyreError('VALIDATION', `${fileName}: ${reason}`, { file: fileName, ...details });
}

/** 'tensor(float)', 'seq(map(int64,tensor(float)))'… as ONNX prints types. */
export function typeName(t: proto.ITypeProto | null | undefined): string {
  if (!t) return 'unknown';
  if (t.tensorType) return `tensor(${ELEM_NAMES[t.tensorType.elemType ?? 0] ?? 'unknown'})`;
  if (t.sequenceType) return `seq(${typeName(t.sequenceType.elemType)})`;
  if (t.mapType) return `map(${ELEM_NAMES[t.mapType.keyType ?? 0] ?? 'unknown'},${typeName(t.mapType.valueType)})`;
  if (t.optionalType) return `optional(${typeName(t.optionalType.elemType)})`;
  if (t.sparseTensorType) return `sparse_tensor(${ELEM_NAMES[t.sparseTensorType.elemType ?? 0] ?? 'unknown'})`;
  return 'unknown';
}

function describe(v: proto.IValueInfoProto): ExternalValue {
  const tensor = v.type?.tensorType;
  const shape = tensor?.shape ? (tensor.shape.dim ?? []).map((d) => (d.dimValue !== null && d.dimValue !== undefined && toNumber(d.dimValue as Int) > 0 ? toNumber(d.dimValue as Int) : d.dimParam ? d.dimParam : null)) : null;
  return { name: v.name ?? '', type: typeName(v.type), elemType: tensor ? (ELEM_NAMES[tensor.elemType ?? 0] ?? 'unknown') : null, shape };
}

/** Every graph of the model: the main graph and each subgraph (Loop, If, Scan bodies), depth first. */
export function allGraphs(graph: proto.IGraphProto): proto.IGraphProto[] {
  const out = [graph];
  for (const node of graph.node ?? []) {
    for (const a of node.attribute ?? []) {
      if (a.g) out.push(...allGraphs(a.g));
      for (const g of a.graphs ?? []) out.push(...allGraphs(g));
    }
  }
  return out;
}

function decode(bytes: Uint8Array, fileName: string): ModelProto {
  try {
    return decodeModel(bytes);
  } catch (e) {
    return refuse(fileName, `this is not a readable ONNX model (the file may be truncated, or not an ONNX file at all): ${(e as Error).message}.`);
  }
}

function checkExternalData(graphs: proto.IGraphProto[], fileName: string): void {
  for (const g of graphs) {
    const external = (g.initializer ?? []).find((t) => t.dataLocation === 1 || (t.externalData ?? []).length > 0);
    if (external) refuse(fileName, `the weight "${external.name}" is stored in a separate file (ONNX external data), which Gyre does not read. Save the model with every tensor inside it: onnx.save_model(model, path, save_as_external_data=False).`, { tensor: external.name });
  }
}

function usedDomains(graphs: proto.IGraphProto[], model: ModelProto): string[] {
  const domains = new Set<string>();
  for (const g of graphs) for (const n of g.node ?? []) domains.add(n.domain ?? '');
  for (const f of model.functions ?? []) domains.add(f.domain ?? '');
  return [...domains].sort();
}

function classLabelsOf(graphs: proto.IGraphProto[]): string[] | null {
  const utf8 = new TextDecoder();
  for (const g of graphs) {
    for (const n of g.node ?? []) {
      for (const a of n.attribute ?? []) {
        if (a.name === 'classlabels_strings' && a.strings?.length) return a.strings.map((s) => utf8.decode(s));
        if ((a.name === 'classlabels_int64s' || a.name === 'classlabels_ints') && a.ints?.length) return a.ints.map((i) => String(toNumber(i as Int)));
      }
    }
  }
  return null;
}

/** Decodes and checks a model file; every refusal names the file and says what to do. */
export function readExternalModel(bytes: Uint8Array, fileName: string): ExternalModel {
  const model = decode(bytes, fileName);
  const graph = model.graph;
  if (!graph || (graph.node ?? []).length === 0 || (graph.output ?? []).length === 0) refuse(fileName, 'the file holds no ONNX graph with nodes and outputs; it is not a model Gyre can import.');
  const graphs = allGraphs(graph);
  checkExternalData(graphs, fileName);
  const domains = usedDomains(graphs, model);
  const foreign = domains.filter((d) => !STANDARD_DOMAINS.includes(d));
  if (foreign.length) refuse(fileName, `the model uses operators of the domain${foreign.length > 1 ? 's' : ''} ${foreign.map((d) => `"${d}"`).join(', ')}, which need custom operators; Gyre runs only the standard ai.onnx and ai.onnx.ml operators.`, { domains: foreign });
  const opsets = (model.opsetImport ?? []).map((o) => ({ domain: o.domain ?? '', version: toNumber((o.version ?? 0) as Int) }));

  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map(describe);
  if (inputs.length === 0) refuse(fileName, 'the model takes no inputs, so there is nothing to map to dataset columns.');
  for (const input of inputs) {
    if (!input.elemType || !FEEDABLE_ELEM_TYPES.includes(input.elemType)) {
      refuse(fileName, `the input "${input.name}" takes ${input.type}; Gyre feeds dataset columns as float, double, int64, int32, bool or string tensors.`, { field: input.name });
    }
  }
  const outputs = (graph.output ?? []).map(describe);
  const zipmap = outputs.find((o) => o.type.startsWith('seq(map('));
  if (zipmap) refuse(fileName, `the output "${zipmap.name}" is a sequence of maps (${zipmap.type}), as skl2onnx's ZipMap writes probabilities. ${ZIPMAP_ADVICE}`, { field: zipmap.name });
  return {
    fileName,
    model,
    producer: model.producerName ?? '',
    producerVersion: model.producerVersion ?? '',
    irVersion: toNumber((model.irVersion ?? 0) as Int),
    opsets,
    domains,
    inputs,
    outputs,
    classLabels: classLabelsOf(graphs),
    metadata: modelMetadata(model),
  };
}
