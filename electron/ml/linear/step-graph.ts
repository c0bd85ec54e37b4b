/**
 * The training-step graph of the linear family: one onnxruntime `run` performs K full-batch Adam steps (an ONNX
 * `Loop`), each with the forward pass, the weighted mean loss plus `l2 · ||W||² / 2`, the gradient written out by
 * hand, and the update. The state (weights, moments, step counter, learning rate) goes in and comes out, so the
 * caller chains runs and checks convergence and cancellation between them.
 *
 * Full batch, not mini-batches: measured on 2 shared cores (test/bench/linear.ts, 100k × 50), a pass is cheapest as
 * one step (2.6–2.9 ms in runs of 10 steps, 3.4–3.9 ms one step per run) and costs 1.5–1.9× that fed as batches of
 * 8,192 rows and 5.5–6× as batches of 1,024, one run each; and full-batch Adam settles on the unique optimum
 * scikit-learn finds (there in ≈200 epochs), where mini-batch noise would leave the weights wandering around it.
 * Mini-batches would reach a rough model in fewer passes on very large data; that trade is not made here.
 *
 * The learning rate decays in the graph (× `decay` whenever the loss rises over the previous step): plain Adam
 * with a fixed rate reaches the optimum, then falls into limit cycles around it; the decay settles it there.
 */
import { attr, encodeModel, GraphBuilder } from '../onnx/graph';
import { adamConstants, adamStepSize, adamUpdate, DataType, lossAndResidual, Subgraph, sumAsDouble, tensorInfo, type AdamConstants, type AdamSettings as BaseAdam, type StepLoss } from '../onnx/subgraph';
import type { onnx as proto } from 'onnx-proto';

/** Log loss with a sigmoid (binary, one output), log loss with a softmax (multiclass), or squared error. */
export type LinearLoss = StepLoss;

export interface AdamSettings extends BaseAdam {
  /** The learning rate is multiplied by this each time the loss rises from one step to the next … */
  decay: number;
  /** … by more than this share of it: smaller rises are the float32 forward pass's rounding, not overshoot. */
  riseMargin: number;
}

export const ADAM: AdamSettings = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, decay: 0.9, riseMargin: 1e-7 };

export interface StepGraphSpec {
  loss: LinearLoss;
  features: number;
  /** Columns of the weights: 1 for 'logistic' and 'squared', the number of classes for 'softmax'. */
  outputs: number;
  adam?: AdamSettings;
}

/**
 * Inputs that stay the same from run to run. `x` [N, F] row-major; `y` [N, C] (one-hot for softmax, 0/1 for
 * logistic, the target for squared); `sample_weight` [N, 1] summing to 1 (the loss is a weighted mean); `l2`
 * [F, 1], a penalty per feature; `steps` the number of steps this run takes (int64 scalar).
 */
export const DATA_INPUTS = ['x', 'y', 'sample_weight', 'l2', 'steps'] as const;

/**
 * The optimiser's state, fed in and read back under `<name>_out`. `step` counts the steps taken (Adam's bias
 * correction); `previous_loss` starts at +∞. All float32 but the loss, a double (see `stateType`).
 */
export const STATE = ['weights', 'bias', 'm_weights', 'v_weights', 'm_bias', 'v_bias', 'step', 'learning_rate', 'previous_loss'] as const;
export type StateName = (typeof STATE)[number];

/** Output holding the loss before each of the run's steps, [steps], double. */
export const LOSSES = 'losses';

export function stateOutput(name: StateName): string {
  return `${name}_out`;
}

/**
 * The loss is summed in double: in float32 its last bits move by 1e-7 of its value from step to step, the size of
 * the changes that tell a converged model from one a few hundredths away from the optimum.
 */
export function stateType(name: StateName): 'float' | 'double' {
  return name === 'previous_loss' ? 'double' : 'float';
}

/** Shape of each state tensor. */
export function stateShape(name: StateName, features: number, outputs: number): number[] {
  switch (name) {
    case 'weights': case 'm_weights': case 'v_weights': return [features, outputs];
    case 'bias': case 'm_bias': case 'v_bias': return [1, outputs];
    case 'step': case 'learning_rate': case 'previous_loss': return [];
    default: throw new Error(`Unknown state ${name as string}`);
  }
}

/** The serialized step graph (IR 8, opset 17). */
export function buildStepGraph(spec: StepGraphSpec): Uint8Array {
  const { features: F, outputs: C } = spec;
  if (spec.loss !== 'softmax' && C !== 1) throw new Error(`The ${spec.loss} loss has one output, got ${C}`);
  if (spec.loss === 'softmax' && C < 2) throw new Error(`The softmax loss needs 2 or more outputs, got ${C}`);
  const adam = spec.adam ?? ADAM;
  const g = new GraphBuilder('linear_step');
  g.input('x', 'float', ['N', F]);
  g.input('y', 'float', ['N', C]);
  g.input('sample_weight', 'float', ['N', 1]);
  g.input('l2', 'float', [F, 1]);
  g.input('steps', 'int64', []);
  for (const name of STATE) g.input(name, stateType(name), stateShape(name, F, C));

  const scalar = (base: string, v: number) => g.floats(base, [v], []);
  const constants: Constants = {
    ...adamConstants(scalar, adam),
    half: g.initializer('half', { type: 'double', values: [0.5] }, []),
    decay: scalar('decay', adam.decay),
    riseFactor: g.initializer('rise_factor', { type: 'double', values: [1 + adam.riseMargin] }, []),
    rows: g.int64s('axis_rows', [0]),
    // Squared error's gradient is 2·w·r: the doubled weights are made once per run, outside the loop.
    gradWeight: spec.loss === 'squared' ? g.op('Mul', ['sample_weight', g.floats('two', [2], [])], [], 'grad_weight') : 'sample_weight',
  };
  const body = stepBody(spec, constants);
  const outputs = [...STATE.map(stateOutput), LOSSES];
  g.node('Loop', ['steps', '', ...STATE], outputs, [attr.graph('body', body)]);
  for (const name of STATE) g.output(stateOutput(name), stateType(name), stateShape(name, F, C));
  g.output(LOSSES, 'double', ['K']);
  return encodeModel(g.toModel({ producer: 'gyre', metadata: { purpose: 'linear training step' } }));
}

interface Constants extends AdamConstants {
  half: string;
  decay: string;
  riseFactor: string;
  rows: string;
  gradWeight: string;
}

/** One step: forward, loss, gradient, Adam update. Body inputs: iteration, condition, then the state. */
function stepBody(spec: StepGraphSpec, k: Constants): proto.IGraphProto {
  const { features: F, outputs: C } = spec;
  const b = new Subgraph('step');
  const stateIn = (name: StateName) => `in/${name}`;
  const W = stateIn('weights');

  const scores = b.op('Gemm', ['x', W, stateIn('bias')]);
  const { dataLoss, residual } = lossAndResidual(b, spec.loss, scores, 'y', 'sample_weight');
  // ∂loss/∂scores = w ⊙ (p − y) for both log losses, 2·w ⊙ (z − y) for squared error.
  const grad = b.op('Mul', [k.gradWeight, residual]);
  const l2W = b.op('Mul', ['l2', W]);
  const penalty = b.op('Mul', [k.half, sumAsDouble(b, b.op('Mul', [l2W, W]))]);
  const loss = b.op('Add', [dataLoss, penalty]);
  const gradW = b.op('Gemm', ['x', grad, l2W], [attr.int('transA', 1)]);
  const gradB = b.op('ReduceSum', [grad, k.rows], [attr.int('keepdims', 1)]);

  const rose = b.op('Greater', [loss, b.op('Mul', [stateIn('previous_loss'), k.riseFactor])]);
  const lr = b.named('Where', [rose, b.op('Mul', [stateIn('learning_rate'), k.decay]), stateIn('learning_rate')], 'out/learning_rate');
  const step = b.named('Add', [stateIn('step'), k.one], 'out/step');
  const size = adamStepSize(b, k, lr, step);
  const update = (param: 'weights' | 'bias', gradient: string) =>
    adamUpdate(b, k, size, { value: stateIn(param), m: stateIn(`m_${param}`), v: stateIn(`v_${param}`) }, gradient, { value: `out/${param}`, m: `out/m_${param}`, v: `out/v_${param}` });
  update('weights', gradW);
  update('bias', gradB);
  b.named('Identity', [loss], 'out/previous_loss');
  b.named('Identity', [loss], 'out/loss');
  b.named('Identity', ['in/cond'], 'out/cond');

  const info = (name: string, s: StateName) => tensorInfo(name, stateType(s) === 'double' ? DataType.DOUBLE : DataType.FLOAT, stateShape(s, F, C));
  return {
    name: 'linear_step_body',
    node: b.nodes,
    input: [tensorInfo('in/iteration', DataType.INT64, []), tensorInfo('in/cond', DataType.BOOL, []), ...STATE.map((s) => info(stateIn(s), s))],
    output: [tensorInfo('out/cond', DataType.BOOL, []), ...STATE.map((s) => info(`out/${s}`, s)), tensorInfo('out/loss', DataType.DOUBLE, [])],
  };
}
