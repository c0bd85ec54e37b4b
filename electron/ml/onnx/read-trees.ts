/**
 * Reads a TreeEnsemble back from an ONNX model: the ai.onnx.ml TreeEnsembleRegressor or TreeEnsembleClassifier node,
 * rebuilt as the flat trees of `types.ts` with `predict.ts` semantics, plus the tensor that feeds it, so a caller can
 * compute the features and explain or re-score the model in TypeScript.
 *
 * Features are taken to be float32 values (as Gyre's are). Every BRANCH_LEQ/LT/GTE/GT split on float32 values is
 * one `x < t` split for some float32 t, so those modes convert exactly; BRANCH_EQ and BRANCH_NEQ do not.
 */
import { GyreError } from '../../contract/errors';
import type { Task, Tree, TreeEnsemble } from '../types';
import { decodeModel, ML_DOMAIN, modelMetadata, type AttributeProto, type ModelProto, type TensorProto } from './graph';

export interface TreeEnsembleRead {
  /**
   * The ensemble as the tree node computes it: raw scores are base_values + the sum (or mean) of leaf weights.
   * postTransform is the node's own, or 'logistic' when its single score feeds a Sigmoid (Gyre's binary export).
   */
  ensemble: TreeEnsemble;
  operator: 'TreeEnsembleRegressor' | 'TreeEnsembleClassifier';
  nodeName: string;
  /** The value the tree node reads. */
  input: string;
  /** `input` traced back through Cast nodes: the float tensor [N, F] to compute (a graph input or an inner value). */
  features: string;
  featuresIsGraphInput: boolean;
  /** Class labels of a classifier, in class-index order. */
  classLabels?: (number | string)[];
}

type Operator = TreeEnsembleRead['operator'];
type NodeProto = NonNullable<NonNullable<ModelProto['graph']>['node']>[number];
type Int = number | { toNumber(): number };

const TREE_OPS = new Set<string>(['TreeEnsembleRegressor', 'TreeEnsembleClassifier']);
const POST_TRANSFORMS: Record<string, TreeEnsemble['postTransform']> = { NONE: 'none', LOGISTIC: 'logistic', SOFTMAX: 'softmax' };
const AGGREGATES: Record<string, TreeEnsemble['aggregate']> = { SUM: 'sum', AVERAGE: 'average' };

/** The tree ensemble of an ONNX model's bytes; a GyreError when there is none, or one a TreeEnsemble cannot express. */
export function readTreeEnsemble(bytes: Uint8Array): TreeEnsembleRead {
  let model: ModelProto;
  try {
    model = decodeModel(bytes);
  } catch (error) {
    throw invalid(`The file is not an ONNX model (${(error as Error).message}).`, {});
  }
  const nodes = model.graph?.node ?? [];
  const treeNodes = nodes.filter((n) => TREE_OPS.has(n.opType ?? '') && (n.domain ?? '') === ML_DOMAIN);
  if (treeNodes.length === 0) {
    const other = nodes.find((n) => (n.opType ?? '').startsWith('TreeEnsemble'));
    throw invalid(other ? `Its tree node is ${other.domain ?? ''}.${other.opType ?? ''}, which Gyre cannot read.` : 'The model has no TreeEnsembleRegressor or TreeEnsembleClassifier node.', {});
  }
  if (treeNodes.length > 1) throw invalid(`The model has ${treeNodes.length} tree ensemble nodes; Gyre reads models with one.`, {});
  const node = treeNodes[0]!;
  const operator = node.opType as Operator;
  const attrs = new Map((node.attribute ?? []).map((a) => [a.name ?? '', a]));
  const input = node.input?.[0] ?? '';
  const { features, isGraphInput, width } = traceFeatures(model, input);
  const metadata = modelMetadata(model);
  const leaves = readLeaves(attrs, operator);
  const featureCount = width ?? namesFromMetadata(metadata)?.length ?? (ints(attrs, 'nodes_featureids') ?? []).reduce((m, f) => Math.max(m, f + 1), 1);
  const trees = buildTrees(attrs, featureCount, leaves);
  const labels = operator === 'TreeEnsembleClassifier' ? classLabels(attrs) : undefined;
  const outputs = labels ? labels.length : (int(attrs, 'n_targets') ?? leaves.ids.reduce((m, id) => Math.max(m, id + 1), 1));
  fillLeaves(trees.byId, leaves, outputs);
  if (labels && labels.length === 2 && new Set(leaves.ids).size < 2) {
    throw invalid('A two-class TreeEnsembleClassifier with one score per leaf follows onnxruntime conventions a TreeEnsemble does not express.', { field: 'class_ids' });
  }
  const scoresOutput = operator === 'TreeEnsembleClassifier' ? node.output?.[1] : node.output?.[0];
  const feedsSigmoid = outputs === 1 && nodes.some((n) => n.opType === 'Sigmoid' && n.input?.[0] === scoresOutput);
  const transform = choice(attrs, 'post_transform', POST_TRANSFORMS, 'NONE');
  const postTransform = transform === 'none' && feedsSigmoid ? 'logistic' : transform;
  const aggregate = operator === 'TreeEnsembleClassifier' ? 'sum' : choice(attrs, 'aggregate_function', AGGREGATES, 'SUM');
  const ensemble: TreeEnsemble = {
    kind: 'trees',
    task: readTask(metadata, operator, outputs, feedsSigmoid),
    outputs,
    baseScore: baseValues(attrs, outputs),
    aggregate,
    postTransform,
    trees: trees.list,
    featureNames: namesFromMetadata(metadata, featureCount) ?? Array.from({ length: featureCount }, (_, f) => `f${f}`),
  };
  return { ensemble, operator, nodeName: node.name ?? '', input, features, featuresIsGraphInput: isGraphInput, ...(labels ? { classLabels: labels } : {}) };
}

interface Leaves {
  treeIds: number[];
  nodeIds: number[];
  ids: number[];
  weights: number[];
}

function readLeaves(attrs: Map<string, AttributeProto>, operator: Operator): Leaves {
  const p = operator === 'TreeEnsembleClassifier' ? 'class' : 'target';
  const treeIds = ints(attrs, `${p}_treeids`) ?? [], nodeIds = ints(attrs, `${p}_nodeids`) ?? [], ids = ints(attrs, `${p}_ids`) ?? [];
  const weights = tensorValues(attrs, `${p}_weights_as_tensor`) ?? floats(attrs, `${p}_weights`) ?? [];
  if (![nodeIds, ids, weights].every((a) => a.length === treeIds.length)) throw invalid(`The ${p}_* attributes have different lengths.`, { field: `${p}_treeids` });
  return { treeIds, nodeIds, ids, weights };
}

interface BuiltTrees {
  list: Tree[];
  /** Per ONNX tree id: the tree and, per ONNX node id, its index in the rebuilt arrays. */
  byId: Map<number, { tree: Tree; index: Map<number, number> }>;
}

/** Rebuilds each tree in preorder from its root (the one node no branch points to), so node 0 is the root. */
function buildTrees(attrs: Map<string, AttributeProto>, featureCount: number, leaves: Leaves): BuiltTrees {
  const treeIds = required(ints(attrs, 'nodes_treeids'), 'nodes_treeids');
  const n = treeIds.length;
  const nodeIds = required(ints(attrs, 'nodes_nodeids'), 'nodes_nodeids'), featureIds = required(ints(attrs, 'nodes_featureids'), 'nodes_featureids');
  const modes = required(strings(attrs, 'nodes_modes'), 'nodes_modes');
  const asDouble = tensorValues(attrs, 'nodes_values_as_tensor');
  const values = asDouble ?? required(floats(attrs, 'nodes_values'), 'nodes_values');
  const trueIds = required(ints(attrs, 'nodes_truenodeids'), 'nodes_truenodeids'), falseIds = required(ints(attrs, 'nodes_falsenodeids'), 'nodes_falsenodeids');
  const missing = ints(attrs, 'nodes_missing_value_tracks_true') ?? new Array<number>(n).fill(0);
  if (![nodeIds, featureIds, modes, values, trueIds, falseIds, missing].every((a) => a.length === n)) throw invalid('The nodes_* attributes have different lengths.', { field: 'nodes_treeids' });
  if (n === 0) throw invalid('The tree ensemble has no nodes.', { field: 'nodes_treeids' });
  const members = new Map<number, number[]>();
  treeIds.forEach((t, i) => (members.get(t) ?? members.set(t, []).get(t)!).push(i));
  const byId: BuiltTrees['byId'] = new Map();
  const list = [...members.keys()].sort((a, b) => a - b).map((t) => {
    const entries = members.get(t)!;
    const at = new Map<number, number>();
    for (const i of entries) {
      if (at.has(nodeIds[i]!)) throw invalid(`Tree ${t} has node ${nodeIds[i]} twice.`, { field: 'nodes_nodeids', tree: t });
      at.set(nodeIds[i]!, i);
    }
    const children = new Set(entries.flatMap((i) => (modes[i] === 'LEAF' ? [] : [trueIds[i]!, falseIds[i]!])));
    const roots = entries.filter((i) => !children.has(nodeIds[i]!));
    if (roots.length !== 1) throw invalid(`Tree ${t} has ${roots.length} root nodes; a tree has one.`, { field: 'nodes_treeids', tree: t });
    // Preorder: each node's index is assigned before its children are pushed.
    const order: number[] = [], index = new Map<number, number>(), stack = [roots[0]!];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (index.has(nodeIds[i]!)) throw invalid(`Tree ${t}: node ${nodeIds[i]} is reached twice.`, { field: 'nodes_truenodeids', tree: t });
      index.set(nodeIds[i]!, order.length);
      order.push(i);
      if (modes[i] === 'LEAF') continue;
      for (const child of [falseIds[i]!, trueIds[i]!]) {
        const c = at.get(child);
        if (c === undefined) throw invalid(`Tree ${t}, node ${nodeIds[i]}: child ${child} is not in the tree.`, { field: 'nodes_truenodeids', tree: t });
        stack.push(c);
      }
    }
    if (order.length !== entries.length) throw invalid(`Tree ${t}: ${entries.length - order.length} nodes are not reachable from its root.`, { field: 'nodes_nodeids', tree: t });
    const size = order.length;
    const tree: Tree = { feature: new Int32Array(size), threshold: new Float32Array(size), left: new Int32Array(size), right: new Int32Array(size), missingLeft: new Uint8Array(size), value: new Float64Array(0) };
    order.forEach((i, j) => {
      if (modes[i] === 'LEAF') {
        tree.feature[j] = -1;
        return;
      }
      const f = featureIds[i]!;
      if (f < 0 || f >= featureCount) throw invalid(`Tree ${t}, node ${nodeIds[i]}: feature ${f} is not one of the ${featureCount} features.`, { field: 'nodes_featureids', tree: t });
      const split = toLessThan(modes[i]!, values[i]!, asDouble !== undefined, missing[i]! !== 0);
      tree.feature[j] = f;
      tree.threshold[j] = split.threshold;
      tree.left[j] = index.get(split.trueLeft ? trueIds[i]! : falseIds[i]!)!;
      tree.right[j] = index.get(split.trueLeft ? falseIds[i]! : trueIds[i]!)!;
      tree.missingLeft[j] = split.missingLeft ? 1 : 0;
    });
    byId.set(t, { tree, index });
    return tree;
  });
  for (const t of leaves.treeIds) if (!byId.has(t)) throw invalid(`A leaf weight names tree ${t}, which has no nodes.`, { field: 'target_treeids' });
  return { list, byId };
}

/**
 * A node as `x < threshold` (float32), which side its true branch is, and where NaN goes. onnxruntime sends NaN to
 * the true branch when missing_value_tracks_true, else to the false one (every comparison with NaN is false).
 */
function toLessThan(mode: string, value: number, isDouble: boolean, missingTrue: boolean): { threshold: number; trueLeft: boolean; missingLeft: boolean } {
  // For float32 x: x < t ⟺ x < ceil32(t), and x ≤ t ⟺ x < next32(floor32(t)).
  const lessThan = isDouble ? ceil32(value) : value;
  const atMost = (): number => {
    const below = isDouble ? floor32(value) : value;
    if (below === Infinity) throw invalid(`A ${mode} split at +Infinity cannot be written as x < threshold.`, { field: 'nodes_values', mode });
    return nextUp32(below);
  };
  switch (mode) {
    case 'BRANCH_LT': return { threshold: lessThan, trueLeft: true, missingLeft: missingTrue };
    case 'BRANCH_GTE': return { threshold: lessThan, trueLeft: false, missingLeft: !missingTrue };
    case 'BRANCH_LEQ': return { threshold: atMost(), trueLeft: true, missingLeft: missingTrue };
    case 'BRANCH_GT': return { threshold: atMost(), trueLeft: false, missingLeft: !missingTrue };
    default: throw invalid(`The tree node mode ${mode} cannot be expressed as a TreeEnsemble split (x < threshold).`, { field: 'nodes_modes', mode });
  }
}

function fillLeaves(byId: BuiltTrees['byId'], leaves: Leaves, outputs: number): void {
  for (const { tree } of byId.values()) tree.value = new Float64Array(tree.feature.length * outputs);
  leaves.treeIds.forEach((t, i) => {
    const { tree, index } = byId.get(t)!;
    const j = index.get(leaves.nodeIds[i]!);
    if (j === undefined || tree.feature[j] !== -1) throw invalid(`Tree ${t}: node ${leaves.nodeIds[i]} has a weight but is not a leaf.`, { field: 'target_nodeids', tree: t });
    const k = leaves.ids[i]!;
    if (k < 0 || k >= outputs) throw invalid(`Tree ${t}: a leaf weight is for output ${k}, not one of ${outputs}.`, { field: 'target_ids', tree: t });
    tree.value[j * outputs + k]! += leaves.weights[i]!;
  });
}

/** The tree node's input through Cast nodes, and its width when the graph declares it. */
function traceFeatures(model: ModelProto, input: string): { features: string; isGraphInput: boolean; width?: number } {
  const nodes = model.graph?.node ?? [];
  const producer = new Map<string, NodeProto>();
  for (const n of nodes) for (const out of n.output ?? []) producer.set(out, n);
  let features = input;
  for (let p = producer.get(features); p && p.opType === 'Cast' && !p.domain; p = producer.get(features)) features = p.input?.[0] ?? '';
  const declared = (model.graph?.input ?? []).find((v) => v.name === features) ?? (model.graph?.valueInfo ?? []).find((v) => v.name === features);
  const dims = declared?.type?.tensorType?.shape?.dim ?? [];
  const last = dims.length === 2 ? dims[1]!.dimValue : undefined;
  const width = last !== undefined && last !== null ? toNumber(last) : undefined;
  return { features, isGraphInput: (model.graph?.input ?? []).some((v) => v.name === features), ...(width ? { width } : {}) };
}

function readTask(metadata: Record<string, string>, operator: Operator, outputs: number, feedsSigmoid: boolean): Task {
  const told = metadata.task;
  const fits = (task: string | undefined): task is Task =>
    (task === 'regression' && outputs === 1) || (task === 'binary' && outputs <= 2) || (task === 'multiclass' && outputs >= 3);
  if (fits(told)) return told;
  if (outputs >= 3) return 'multiclass';
  if (outputs === 2 || feedsSigmoid || operator === 'TreeEnsembleClassifier') return 'binary';
  return 'regression';
}

/** A string attribute mapped through `table`; a value outside it is one a TreeEnsemble cannot express. */
function choice<T>(attrs: Map<string, AttributeProto>, name: string, table: Record<string, T>, fallback: string): T {
  const value = string(attrs, name) ?? fallback;
  const mapped = table[value];
  if (mapped === undefined) throw invalid(`${name} ${value} cannot be expressed by a TreeEnsemble.`, { field: name });
  return mapped;
}

function baseValues(attrs: Map<string, AttributeProto>, outputs: number): number[] {
  const base = tensorValues(attrs, 'base_values_as_tensor') ?? floats(attrs, 'base_values') ?? [];
  if (base.length === 0) return new Array<number>(outputs).fill(0);
  if (base.length !== outputs) throw invalid(`base_values has ${base.length} values for ${outputs} outputs.`, { field: 'base_values' });
  return base;
}

function classLabels(attrs: Map<string, AttributeProto>): (number | string)[] {
  const labels = strings(attrs, 'classlabels_strings') ?? ints(attrs, 'classlabels_int64s');
  if (!labels || labels.length < 2) throw invalid('A TreeEnsembleClassifier needs two or more class labels.', { field: 'classlabels_int64s' });
  return labels;
}

function namesFromMetadata(metadata: Record<string, string>, count?: number): string[] | undefined {
  if (!metadata.feature_names) return undefined;
  try {
    const names: unknown = JSON.parse(metadata.feature_names);
    const valid = Array.isArray(names) && names.every((n) => typeof n === 'string') && (count === undefined || names.length === count);
    return valid ? (names as string[]) : undefined;
  } catch {
    return undefined; // unreadable names are not fatal: the trees only need the count, taken from elsewhere
  }
}

// Float32 neighbours, for rewriting comparisons against float32 features.
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
function nextUp32(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return 2 ** -149;
  f32[0] = x;
  i32[0]! += x > 0 ? 1 : -1;
  return f32[0]!;
}
function ceil32(x: number): number {
  const r = Math.fround(x);
  return r < x ? nextUp32(r) : r;
}
function floor32(x: number): number {
  const r = Math.fround(x);
  return r > x ? -nextUp32(-r) : r;
}

// Attribute readers: undefined when the attribute is absent.
function toNumber(v: Int): number {
  return typeof v === 'number' ? v : v.toNumber();
}
function int(attrs: Map<string, AttributeProto>, name: string): number | undefined {
  const a = attrs.get(name);
  return a?.i === undefined || a.i === null ? undefined : toNumber(a.i);
}
function ints(attrs: Map<string, AttributeProto>, name: string): number[] | undefined {
  return attrs.get(name)?.ints?.map(toNumber);
}
function floats(attrs: Map<string, AttributeProto>, name: string): number[] | undefined {
  const values = attrs.get(name)?.floats;
  return values ? Array.from(values) : undefined;
}
function string(attrs: Map<string, AttributeProto>, name: string): string | undefined {
  const s = attrs.get(name)?.s;
  return s ? new TextDecoder().decode(s) : undefined;
}
function strings(attrs: Map<string, AttributeProto>, name: string): string[] | undefined {
  const values = attrs.get(name)?.strings;
  return values && values.length > 0 ? values.map((s) => new TextDecoder().decode(s)) : undefined;
}
/** A float or double tensor attribute's values, from its typed fields or little-endian raw bytes. */
function tensorValues(attrs: Map<string, AttributeProto>, name: string): number[] | undefined {
  const t: TensorProto | null | undefined = attrs.get(name)?.t;
  if (!t) return undefined;
  if (t.doubleData?.length) return Array.from(t.doubleData);
  if (t.floatData?.length) return Array.from(t.floatData);
  const raw = t.rawData;
  if (!raw?.length) return [];
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (t.dataType === 11) return Array.from({ length: raw.length / 8 }, (_, i) => view.getFloat64(i * 8, true));
  if (t.dataType === 1) return Array.from({ length: raw.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
  throw invalid(`${name} has element type ${t.dataType ?? '?'}, not float or double.`, { field: name });
}
function required<T>(values: T[] | undefined, name: string): T[] {
  if (!values) throw invalid(`The tree node has no ${name}.`, { field: name });
  return values;
}

function invalid(message: string, details: Record<string, unknown>): GyreError {
  return new GyreError('VALIDATION', `Cannot read the tree ensemble: ${message}`, details);
}
