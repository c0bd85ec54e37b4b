/**
 * The MLP's training graph: one onnxruntime `run` is one epoch. An ONNX `Loop` walks the epoch's shuffled row order
 * in mini-batches; each iteration gathers its rows, runs the forward pass (Gemm + ReLU per hidden layer, a linear
 * output layer), the weighted mean loss plus `alpha · ||W||² / (2 · batch rows)` (scikit-learn's MLP penalty), the
 * backward pass written out by hand, and one Adam update of every weight and bias. After the loop the graph scores
 * the validation rows with the new weights, so one run also tells early stopping how the epoch went.
 *
 * Rows are picked inside the graph (`Gather` by index) rather than fed batch by batch: the data crosses into
 * onnxruntime once per fit, and an epoch costs one call from JavaScript.
 */
import type { onnx as proto } from 'onnx-proto';
import { attr, encodeModel, GraphBuilder } from '../onnx/graph';
import { adamConstants, adamStepSize, adamUpdate, DataType, lossAndResidual, Subgraph, sumAsDouble, tensorInfo, type AdamConstants, type AdamSettings, type StepLoss } from '../onnx/subgraph';

export const MLP_ADAM: AdamSettings = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

export interface MlpGraphSpec {
  loss: StepLoss;
  features: number;
  /** Units of each hidden layer, input side first; at least one layer. */
  hidden: readonly number[];
  /** Units of the output layer: 1 for 'logistic' and 'squared', the number of classes for 'softmax'. */
  outputs: number;
  /** Whether the graph takes `valid_rows` and reports their loss. */
  validation: boolean;
}

/**
 * Inputs that stay the same from run to run: `x` [N, F] row-major, `y` [N, C], `sample_weight` [N, 1] (any scale:
 * each batch's weights are normalized to a mean), `batch_size` and `steps` (batches this run, int64 scalars),
 * `alpha` and `learning_rate` (float scalars); per run: `order` [T] int32, the training rows in this epoch's order;
 * with validation, `valid_rows` [V] int32.
 */
export const FIXED_INPUTS = ['x', 'y', 'sample_weight', 'batch_size', 'steps', 'alpha', 'learning_rate'] as const;

/** Output with the loss of each batch, [steps] double; and the validation rows' mean loss (no penalty), double scalar. */
export const LOSSES = 'losses';
export const VALID_LOSS = 'valid_loss';

/** The parameters of layer `l`: weights [in, out] and bias [1, out], each with Adam's two moments. */
export function layerState(l: number): string[] {
  return [`w${l}`, `b${l}`, `m_w${l}`, `v_w${l}`, `m_b${l}`, `v_b${l}`];
}

/** Every state tensor, in the order the graph takes them: each layer's six, then `step` (float scalar, steps taken). */
export function stateNames(layers: number): string[] {
  return [...Array.from({ length: layers }, (_, l) => layerState(l)).flat(), 'step'];
}

export function stateOutput(name: string): string {
  return `${name}_out`;
}

/** Units from input to output: [F, ...hidden, C]. */
export function layerSizes(spec: Pick<MlpGraphSpec, 'features' | 'hidden' | 'outputs'>): number[] {
  return [spec.features, ...spec.hidden, spec.outputs];
}

export function stateShape(name: string, sizes: readonly number[]): number[] {
  if (name === 'step') return [];
  const match = /^(?:[mv]_)?([wb])(\d+)$/.exec(name);
  if (!match) throw new Error(`Unknown MLP state ${name}`);
  const l = Number(match[2]);
  return match[1] === 'w' ? [sizes[l]!, sizes[l + 1]!] : [1, sizes[l + 1]!];
}

/** The serialized training graph (IR 8, opset 17). */
export function buildMlpStepGraph(spec: MlpGraphSpec): Uint8Array {
  const { features: F, outputs: C } = spec;
  if (spec.hidden.length === 0) throw new Error('An MLP has at least one hidden layer');
  if (spec.loss !== 'softmax' && C !== 1) throw new Error(`The ${spec.loss} loss has one output, got ${C}`);
  if (spec.loss === 'softmax' && C < 2) throw new Error(`The softmax loss needs 2 or more outputs, got ${C}`);
  const sizes = layerSizes(spec);
  const layers = sizes.length - 1;
  const state = stateNames(layers);
  const g = new GraphBuilder('mlp_step');
  g.input('x', 'float', ['N', F]);
  g.input('y', 'float', ['N', C]);
  g.input('sample_weight', 'float', ['N', 1]);
  g.input('batch_size', 'int64', []);
  g.input('steps', 'int64', []);
  g.input('alpha', 'float', []);
  g.input('learning_rate', 'float', []);
  g.input('order', 'int32', ['T']);
  if (spec.validation) g.input('valid_rows', 'int32', ['V']);
  for (const name of state) g.input(name, 'float', stateShape(name, sizes));

  const scalar = (base: string, v: number) => g.floats(base, [v], []);
  const k: Constants = {
    ...adamConstants(scalar, MLP_ADAM),
    zero: scalar('zero', 0),
    half: g.initializer('half', { type: 'double', values: [0.5] }, []),
    two: scalar('two', 2),
    tiny: scalar('tiny', 1e-30),
    axisZero: g.int64s('axis_zero', [0]),
  };
  const body = epochBody(spec, sizes, k);
  g.node('Loop', ['steps', '', ...state], [...state.map(stateOutput), LOSSES], [attr.graph('body', body)]);
  for (const name of state) g.output(stateOutput(name), 'float', stateShape(name, sizes));
  g.output(LOSSES, 'double', ['K']);
  if (spec.validation) addValidationLoss(g, spec, layers, k);
  return encodeModel(g.toModel({ producer: 'gyre', metadata: { purpose: 'mlp training epoch' } }));
}

interface Constants extends AdamConstants {
  zero: string;
  half: string;
  two: string;
  tiny: string;
  axisZero: string;
}

/** `rows` (int32 indices) of x, y and the weights, the weights normalized to sum to 1. */
function gatherRows(b: Subgraph, rows: string, k: Constants): { x: string; y: string; weight: string } {
  const pick = (name: string) => b.op('Gather', [name, rows], [attr.int('axis', 0)]);
  const weight = pick('sample_weight');
  // A batch whose rows all weigh 0 contributes nothing, rather than 0 / 0.
  const total = b.op('Max', [b.op('ReduceSum', [weight], [attr.int('keepdims', 1)]), k.tiny]);
  return { x: pick('x'), y: pick('y'), weight: b.op('Div', [weight, total]) };
}

/** Hidden layers' pre-activations (for the backward pass), their ReLU outputs, and the output layer's scores. */
function forward(b: Subgraph, x: string, layers: number, param: (name: string) => string): { z: string[]; h: string[]; scores: string } {
  const z: string[] = [];
  const h = [x];
  for (let l = 0; l < layers - 1; l++) {
    z.push(b.op('Gemm', [h[l]!, param(`w${l}`), param(`b${l}`)]));
    h.push(b.op('Relu', [z[l]!]));
  }
  return { z, h, scores: b.op('Gemm', [h[layers - 1]!, param(`w${layers - 1}`), param(`b${layers - 1}`)]) };
}

/** One mini-batch: rows, forward, loss, backward, Adam. Body inputs: iteration, condition, then the state. */
function epochBody(spec: MlpGraphSpec, sizes: readonly number[], k: Constants): proto.IGraphProto {
  const layers = sizes.length - 1;
  const state = stateNames(layers);
  const b = new Subgraph('batch');
  const stateIn = (name: string) => `in/${name}`;

  const start = b.op('Unsqueeze', [b.op('Mul', ['in/iteration', 'batch_size']), k.axisZero]);
  const end = b.op('Add', [start, 'batch_size']);
  const rows = b.op('Slice', ['order', start, end, k.axisZero]);
  const batch = gatherRows(b, rows, k);
  // scikit-learn's penalty: alpha · ||W||² / (2 · rows in the batch), its gradient alpha · W / rows.
  const coefficient = b.op('Div', ['alpha', b.op('Cast', [b.op('Size', [rows])], [attr.int('to', DataType.FLOAT)])]);

  const { z, h, scores } = forward(b, batch.x, layers, stateIn);
  const { dataLoss, residual } = lossAndResidual(b, spec.loss, scores, batch.y, batch.weight);
  let squares = sumAsDouble(b, b.op('Mul', [stateIn('w0'), stateIn('w0')]));
  for (let l = 1; l < layers; l++) squares = b.op('Add', [squares, sumAsDouble(b, b.op('Mul', [stateIn(`w${l}`), stateIn(`w${l}`)]))]);
  const penalty = b.op('Mul', [b.op('Mul', [k.half, b.op('Cast', [coefficient], [attr.int('to', DataType.DOUBLE)])]), squares]);
  b.named('Add', [dataLoss, penalty], 'out/loss');

  const step = b.named('Add', [stateIn('step'), k.one], 'out/step');
  const size = adamStepSize(b, k, 'learning_rate', step);
  // ∂loss/∂scores = w ⊙ (p − y) for both log losses, 2·w ⊙ (z − y) for squared error.
  let delta = b.op('Mul', [spec.loss === 'squared' ? b.op('Mul', [batch.weight, k.two]) : batch.weight, residual]);
  for (let l = layers - 1; l >= 0; l--) {
    const W = stateIn(`w${l}`);
    const gradW = b.op('Gemm', [h[l]!, delta, b.op('Mul', [coefficient, W])], [attr.int('transA', 1)]);
    const gradB = b.op('ReduceSum', [delta, k.axisZero], [attr.int('keepdims', 1)]);
    // The gradient reaching the layer below uses this layer's weights before their update.
    if (l > 0) delta = b.op('Where', [b.op('Greater', [z[l - 1]!, k.zero]), b.op('Gemm', [delta, W], [attr.int('transB', 1)]), k.zero]);
    for (const [param, gradient] of [[`w${l}`, gradW], [`b${l}`, gradB]] as const) {
      adamUpdate(b, k, size, { value: stateIn(param), m: stateIn(`m_${param}`), v: stateIn(`v_${param}`) }, gradient, { value: `out/${param}`, m: `out/m_${param}`, v: `out/v_${param}` });
    }
  }
  b.named('Identity', ['in/cond'], 'out/cond');

  const info = (name: string, s: string) => tensorInfo(name, DataType.FLOAT, stateShape(s, sizes));
  return {
    name: 'mlp_batch',
    node: b.nodes,
    input: [tensorInfo('in/iteration', DataType.INT64, []), tensorInfo('in/cond', DataType.BOOL, []), ...state.map((s) => info(stateIn(s), s))],
    output: [tensorInfo('out/cond', DataType.BOOL, []), ...state.map((s) => info(`out/${s}`, s)), tensorInfo('out/loss', DataType.DOUBLE, [])],
  };
}

/** After the loop: the validation rows' weighted mean loss under the updated weights. */
function addValidationLoss(g: GraphBuilder, spec: MlpGraphSpec, layers: number, k: Constants): void {
  const b = new Subgraph('valid');
  const rows = gatherRows(b, 'valid_rows', k);
  const { scores } = forward(b, rows.x, layers, stateOutput);
  const { dataLoss } = lossAndResidual(b, spec.loss, scores, rows.y, rows.weight);
  b.named('Identity', [dataLoss], VALID_LOSS);
  for (const node of b.nodes) g.node(node.opType!, node.input!, node.output!, node.attribute ?? []);
  g.output(VALID_LOSS, 'double', []);
}
