/**
 * The Gyre-shaped file of an imported model: one input per mapped dataset column (as Gyre's own files take them), an
 * adapter that casts, reshapes and concatenates them into the external model's inputs, the external graph embedded
 * with every name prefixed (subgraphs and initializers included), and Gyre's outputs — `label` + `probabilities`
 * in the run's class order, or `prediction` [N, 1]. Pure: the decoded model and the plan in, bytes out.
 */
import type { onnx as proto } from 'onnx-proto';
import { GyreError } from '../../contract/errors';
import { attr, encodeModel, tensor, type ModelProto } from '../onnx/graph';
import type { ImportPlan, WrapperColumn } from './plan';
import { allGraphs, type ExternalModel } from './read-model';

const ONNX_TYPES: Record<string, number> = { float: 1, int32: 6, int64: 7, string: 8, bool: 9, double: 11 };
/** The oldest ai.onnx opset onnxruntime runs. */
const MIN_OPSET = 7;

type Node = proto.INodeProto;

/** A prefix no name on Gyre's side starts with, so the embedded graph cannot clash with the columns. */
function freePrefix(base: string, taken: readonly string[]): string {
  for (let i = 0; ; i++) {
    const prefix = i === 0 ? `${base}/` : `${base}${i}/`;
    if (!taken.some((t) => t.startsWith(prefix))) return prefix;
  }
}

/** Prefixes every value and node name of a graph and its subgraphs: references stay consistent across scopes. */
function prefixNames(graph: proto.IGraphProto, prefix: string): void {
  const p = (name: string | null | undefined) => (name ? prefix + name : (name ?? ''));
  for (const g of allGraphs(graph)) {
    for (const n of g.node ?? []) {
      n.input = (n.input ?? []).map(p);
      n.output = (n.output ?? []).map(p);
      if (n.name) n.name = p(n.name);
    }
    for (const v of [...(g.input ?? []), ...(g.output ?? []), ...(g.valueInfo ?? [])]) v.name = p(v.name);
    for (const t of g.initializer ?? []) t.name = p(t.name);
    for (const s of g.sparseInitializer ?? []) {
      if (s.values) s.values.name = p(s.values.name);
      if (s.indices) s.indices.name = p(s.indices.name);
    }
  }
}

function valueInfo(name: string, elemType: string, shape: (number | string)[]): proto.IValueInfoProto {
  return { name, type: { tensorType: { elemType: ONNX_TYPES[elemType]!, shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } } };
}

/** The adapter's nodes and constants, named under one prefix. */
class Adapter {
  readonly nodes: Node[] = [];
  readonly initializers: proto.ITensorProto[] = [];
  private count = 0;

  constructor(private readonly prefix: string) {}

  fresh(base: string): string {
    return `${this.prefix}${base}_${++this.count}`;
  }

  op(opType: string, inputs: string[], attributes: proto.IAttributeProto[] = [], output = this.fresh(opType.toLowerCase())): string {
    this.nodes.push({ name: this.fresh(opType), opType, domain: '', input: inputs, output: [output], attribute: attributes });
    return output;
  }

  int64s(base: string, values: number[]): string {
    const name = this.fresh(base);
    this.initializers.push(tensor(name, { type: 'int64', values }));
    return name;
  }

  strings(base: string, values: string[]): string {
    const name = this.fresh(base);
    this.initializers.push(tensor(name, { type: 'string', values }));
    return name;
  }

  cast(value: string, from: WrapperColumn['elemType'], to: string): string {
    return from === to ? value : this.op('Cast', [value], [attr.int('to', ONNX_TYPES[to]!)]);
  }
}

function feedInputs(a: Adapter, plan: ImportPlan, prefix: string): void {
  for (const { input, columns } of plan.inputs) {
    const parts = columns.map((c) => a.cast(c.name, c.elemType, input.elemType!));
    let value = parts.length === 1 ? parts[0]! : a.op('Concat', parts, [attr.int('axis', 1)]);
    if ((input.shape?.length ?? 2) === 1) value = a.op('Reshape', [value, a.int64s('flat', [-1])]);
    a.op('Identity', [value], [], prefix + input.name);
  }
}

function addOutputs(a: Adapter, plan: ImportPlan, prefix: string): proto.IValueInfoProto[] {
  if (plan.task === 'regression') {
    const column = a.op('Reshape', [prefix + plan.outputs.prediction!, a.int64s('column', [-1, 1])]);
    a.op('Cast', [column], [attr.int('to', ONNX_TYPES.float!)], 'prediction');
    return [valueInfo('prediction', 'float', ['N', 1])];
  }
  const labels = plan.runClassLabels!;
  // Column j of `probabilities` is the run's class j: taken from the model's column for that class.
  const order = labels.map((l) => plan.classLabels!.indexOf(l));
  const ordered = a.op('Gather', [prefix + plan.outputs.probabilities!, a.int64s('class_order', order)], [attr.int('axis', 1)]);
  a.op('Cast', [ordered], [attr.int('to', ONNX_TYPES.float!)], 'probabilities');
  // ArgMax keeps the first of equal maxima, as Gyre's metrics count a row's predicted class.
  const index = a.op('ArgMax', [ordered], [attr.int('axis', 1), attr.int('keepdims', 0)]);
  a.op('Gather', [a.strings('class_labels', labels), index], [attr.int('axis', 0)], 'label');
  return [valueInfo('label', 'string', ['N']), valueInfo('probabilities', 'float', ['N', labels.length])];
}

/** The opsets of the wrapper: the external model's, with ai.onnx present (the adapter's ops exist since opset 7). */
function opsets(external: ExternalModel): proto.IOperatorSetIdProto[] {
  const onnx = external.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  if (onnx && onnx.version < MIN_OPSET) throw new GyreError('VALIDATION', `${external.fileName}: the model uses ONNX opset ${onnx.version}; onnxruntime runs opset ${MIN_OPSET} and later. Export it again with a newer opset.`, { file: external.fileName });
  return [...external.opsets.map((o) => ({ domain: o.domain, version: o.version })), ...(onnx ? [] : [{ domain: '', version: 13 }])];
}

/** Builds the wrapper. Consumes `external.model` (its names are rewritten in place): decode the file again to reuse it. */
export function wrapExternalModel(external: ExternalModel, plan: ImportPlan, metadata: Record<string, string>): Uint8Array {
  const model: ModelProto = external.model;
  const graph = model.graph!;
  const taken = [...plan.columns.map((c) => c.name), 'label', 'probabilities', 'prediction'];
  const prefix = freePrefix('ext', taken);
  const adapter = new Adapter(freePrefix('gyre', taken));
  prefixNames(graph, prefix);

  feedInputs(adapter, plan, prefix);
  const inputNodes = adapter.nodes.splice(0);
  const outputs = addOutputs(adapter, plan, prefix);
  graph.node = [...inputNodes, ...(graph.node ?? []), ...adapter.nodes];
  graph.initializer = [...(graph.initializer ?? []), ...adapter.initializers];
  graph.input = plan.columns.map((c) => valueInfo(c.name, c.elemType, ['N', 1]));
  graph.output = outputs;
  graph.name = `gyre_import_${graph.name ?? 'model'}`;
  model.opsetImport = opsets(external);
  // IR 4 is the first that lets initializers be other than graph inputs, as the wrapper's are.
  model.irVersion = Math.max(external.irVersion, 4);
  model.metadataProps = Object.entries({ ...metadata, external_metadata: JSON.stringify(external.metadata) }).map(([key, value]) => ({ key, value }));
  return encodeModel(model);
}
