/**
 * A small typed builder over onnx-proto for the graphs Gyre exports: preprocessing parts add nodes that end in a
 * float tensor [N, F] and hand its name to an estimator part, which adds the model's outputs. Pure: bytes out, no I/O.
 */
import onnxProto from 'onnx-proto';
import type { onnx as proto } from 'onnx-proto';

// onnx-proto is CommonJS with everything under one `onnx` namespace, which Node's ESM loader only sees as the default.
const { onnx } = onnxProto;
export type ModelProto = proto.ModelProto;
export type TensorProto = proto.ITensorProto;
export type AttributeProto = proto.IAttributeProto;
type ValueInfoProto = proto.IValueInfoProto;
type NodeProto = proto.INodeProto;

/** IR 8 with these opsets loads in ONNX Runtime back to 1.13. */
export const IR_VERSION = 8;
export const OPSET_ONNX = 17;
export const OPSET_ML = 3;
export const ML_DOMAIN = 'ai.onnx.ml';

/** Element types Gyre's graphs use, named as ONNX names them. */
export type ElemType = 'float' | 'double' | 'int64' | 'int32' | 'string' | 'bool';

const ELEM_TYPE: Record<ElemType, number> = {
  float: onnx.TensorProto.DataType.FLOAT,
  double: onnx.TensorProto.DataType.DOUBLE,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  string: onnx.TensorProto.DataType.STRING,
  bool: onnx.TensorProto.DataType.BOOL,
};

/**
 * A constant beside an `[N, 1]` column is shaped `[1, 1]`, not as a scalar: onnxruntime (1.30, CPU) broadcasts
 * `[N, 1]` against `[]` or `[1]` one element at a time, ~10 ns a row per node, and `[N, 1]` against `[1, 1]` as one
 * vector loop, 0.2–0.7 ns (test/bench/onnx-broadcast.ts): the ~270 preprocessing nodes of a 21-column file took 1.9 µs
 * a row with scalars and 0.6 µs with `[1, 1]`.
 */
export const COLUMN_CONSTANT: readonly number[] = [1, 1];

/** A dimension: a fixed size, or a symbolic name such as 'N' for the batch. */
export type Dim = number | string;

const utf8 = new TextEncoder();
const AttributeType = onnx.AttributeProto.AttributeType;

/** A constant tensor (initializer or tensor attribute), values in row-major order. */
export type TensorValues =
  | { type: 'float'; values: ArrayLike<number> }
  | { type: 'double'; values: ArrayLike<number> }
  | { type: 'int64'; values: ArrayLike<number> }
  | { type: 'string'; values: readonly string[] };

/** Builds a TensorProto; dims default to a 1-D tensor of the values' length. */
export function tensor(name: string, spec: TensorValues, dims: readonly number[] = [spec.values.length]): TensorProto {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== spec.values.length) throw new Error(`Tensor ${name}: dims [${dims.join(', ')}] hold ${size} values, got ${spec.values.length}`);
  const base = { name, dims: [...dims], dataType: ELEM_TYPE[spec.type] };
  switch (spec.type) {
    case 'float': return { ...base, floatData: Array.from(spec.values) };
    case 'double': return { ...base, doubleData: Array.from(spec.values) };
    case 'int64': return { ...base, int64Data: Array.from(spec.values, checkedInt) };
    case 'string': return { ...base, stringData: spec.values.map((s) => utf8.encode(s)) };
    default: throw new Error(`Unknown tensor type ${(spec as { type: string }).type}`);
  }
}

function checkedInt(v: number): number {
  if (!Number.isSafeInteger(v)) throw new Error(`Not an integer for an int64 tensor: ${v}`);
  return v;
}

/** Typed attribute helpers: `attr.ints('nodes_nodeids', ids)`. */
export const attr = {
  int: (name: string, i: number): AttributeProto => ({ name, type: AttributeType.INT, i: checkedInt(i) }),
  ints: (name: string, ints: ArrayLike<number>): AttributeProto => ({ name, type: AttributeType.INTS, ints: Array.from(ints, checkedInt) }),
  /** Stored as float32, as ONNX stores every float attribute. */
  float: (name: string, f: number): AttributeProto => ({ name, type: AttributeType.FLOAT, f }),
  floats: (name: string, floats: ArrayLike<number>): AttributeProto => ({ name, type: AttributeType.FLOATS, floats: Array.from(floats) }),
  string: (name: string, s: string): AttributeProto => ({ name, type: AttributeType.STRING, s: utf8.encode(s) }),
  strings: (name: string, strings: readonly string[]): AttributeProto => ({ name, type: AttributeType.STRINGS, strings: strings.map((s) => utf8.encode(s)) }),
  tensor: (name: string, spec: TensorValues, dims?: readonly number[]): AttributeProto => ({ name, type: AttributeType.TENSOR, t: tensor('', spec, dims) }),
  /** A subgraph, such as a `Loop`'s body. */
  graph: (name: string, g: proto.IGraphProto): AttributeProto => ({ name, type: AttributeType.GRAPH, g }),
};

function valueInfo(name: string, elemType: ElemType, shape: readonly Dim[]): ValueInfoProto {
  const dim = shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: ELEM_TYPE[elemType], shape: { dim } } } };
}

export interface ModelInfo {
  /** Stored as the model's `metadata_props`: what Gyre needs to know about a file it reads back. */
  metadata: Record<string, string>;
  producer: string;
  producerVersion?: string;
  docString?: string;
}

/**
 * One graph under construction. Every value name is unique (ONNX graphs are single-assignment): `uniqueName`
 * hands out fresh ones, and naming a value twice throws.
 */
export class GraphBuilder {
  private readonly names = new Set<string>();
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly nodes: NodeProto[] = [];
  private readonly opCounts = new Map<string, number>();

  constructor(readonly name = 'gyre') {}

  /** `base` if no value has it yet, else `base_1`, `base_2`, … */
  uniqueName(base: string): string {
    let name = base;
    for (let i = 1; this.names.has(name); i++) name = `${base}_${i}`;
    return name;
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  private claim(name: string): string {
    if (!name) throw new Error('An ONNX value needs a name');
    if (this.names.has(name)) throw new Error(`The graph already has a value named ${name}`);
    this.names.add(name);
    return name;
  }

  /** Declares a graph input; its name is exactly `name`. */
  input(name: string, elemType: ElemType, shape: readonly Dim[]): string {
    this.inputs.push(valueInfo(this.claim(name), elemType, shape));
    return name;
  }

  /** Declares an existing value (a node output or an input) as a graph output. */
  output(name: string, elemType: ElemType, shape: readonly Dim[]): string {
    if (!this.names.has(name)) throw new Error(`No value named ${name} to output`);
    this.outputs.push(valueInfo(name, elemType, shape));
    return name;
  }

  /** Adds a constant under a fresh name derived from `base`; returns the name. */
  initializer(base: string, spec: TensorValues, dims?: readonly number[]): string {
    const name = this.claim(this.uniqueName(base));
    this.initializers.push(tensor(name, spec, dims));
    return name;
  }

  floats(base: string, values: ArrayLike<number>, dims?: readonly number[]): string {
    return this.initializer(base, { type: 'float', values }, dims);
  }

  int64s(base: string, values: ArrayLike<number>, dims?: readonly number[]): string {
    return this.initializer(base, { type: 'int64', values }, dims);
  }

  strings(base: string, values: readonly string[], dims?: readonly number[]): string {
    return this.initializer(base, { type: 'string', values }, dims);
  }

  /**
   * Adds a node. `outputs` are the exact names of its outputs (take them from `uniqueName`); an empty string
   * leaves an optional output out. Returns `outputs`.
   */
  node(opType: string, inputs: readonly string[], outputs: readonly string[], attributes: readonly AttributeProto[] = [], domain = ''): string[] {
    for (const input of inputs) if (input && !this.names.has(input)) throw new Error(`${opType}: no value named ${input}`);
    for (const output of outputs) if (output) this.claim(output);
    const count = (this.opCounts.get(opType) ?? 0) + 1;
    this.opCounts.set(opType, count);
    this.nodes.push({ name: `${opType}_${count}`, opType, domain, input: [...inputs], output: [...outputs], attribute: [...attributes] });
    return [...outputs];
  }

  /** A node with one output named from `base` (default: the op type in lower case); returns that name. */
  op(opType: string, inputs: readonly string[], attributes: readonly AttributeProto[] = [], base = opType.toLowerCase(), domain = ''): string {
    return this.node(opType, inputs, [this.uniqueName(base)], attributes, domain)[0]!;
  }

  /** The finished model: IR 8, ai.onnx 17, ai.onnx.ml 3. */
  toModel(info: ModelInfo): ModelProto {
    if (this.outputs.length === 0) throw new Error('The graph has no outputs');
    return onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET_ONNX }, { domain: ML_DOMAIN, version: OPSET_ML }],
      producerName: info.producer,
      producerVersion: info.producerVersion ?? '',
      docString: info.docString ?? '',
      graph: { name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
      metadataProps: Object.entries(info.metadata).map(([key, value]) => ({ key, value })),
    });
  }
}

export function encodeModel(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

export function decodeModel(bytes: Uint8Array): ModelProto {
  return onnx.ModelProto.decode(bytes);
}

/** The `metadata_props` of a model, as a record. */
export function modelMetadata(model: ModelProto): Record<string, string> {
  return Object.fromEntries(model.metadataProps.map((p) => [p.key ?? '', p.value ?? '']));
}
