/**
 * What the training-step graphs of the linear family and the MLP share: the body of an ONNX `Loop` as a list of
 * nodes, the log and squared losses with their residuals, and Adam's update. Pure: nodes out, no I/O.
 */
import onnxProto from 'onnx-proto';
import type { onnx as proto } from 'onnx-proto';
import { attr, type AttributeProto } from './graph';

const { onnx } = onnxProto;
export const DataType = onnx.TensorProto.DataType;

/** The nodes of a subgraph; it reads the outer graph's inputs and constants by name, as ONNX scoping allows. */
export class Subgraph {
  readonly nodes: proto.INodeProto[] = [];

  constructor(private readonly prefix: string) {}

  op(opType: string, inputs: readonly string[], attributes: readonly AttributeProto[] = []): string {
    const name = `${this.prefix}/${opType.toLowerCase()}_${this.nodes.length}`;
    return this.named(opType, inputs, name, attributes);
  }

  named(opType: string, inputs: readonly string[], output: string, attributes: readonly AttributeProto[] = []): string {
    this.nodes.push({ name: output, opType, domain: '', input: [...inputs], output: [output], attribute: [...attributes] });
    return output;
  }
}

export function tensorInfo(name: string, elemType: number, shape: readonly number[]): proto.IValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: { dim: shape.map((d) => ({ dimValue: d })) } } } };
}

/** Σ of every element, accumulated in double; a double scalar. */
export function sumAsDouble(b: Subgraph, values: string): string {
  return b.op('ReduceSum', [b.op('Cast', [values], [attr.int('to', DataType.DOUBLE)])], [attr.int('keepdims', 0)]);
}

/** Log loss with a sigmoid (binary, one output), log loss with a softmax (multiclass), or squared error. */
export type StepLoss = 'logistic' | 'softmax' | 'squared';

/**
 * The weighted mean loss (a double scalar; `weight` [N, 1] sums to 1) and the residual whose weighted product is
 * ∂loss/∂scores: w ⊙ (p − y) for both log losses, 2·w ⊙ (z − y) for squared error.
 */
export function lossAndResidual(b: Subgraph, loss: StepLoss, scores: string, y: string, weight: string): { dataLoss: string; residual: string } {
  const weightedSum = (perRow: string) => sumAsDouble(b, b.op('Mul', [weight, perRow]));
  switch (loss) {
    case 'logistic': {
      // log(1 + eᶻ) − y·z, with ORT's overflow-safe Softplus.
      const perRow = b.op('Sub', [b.op('Softplus', [scores]), b.op('Mul', [y, scores])]);
      return { dataLoss: weightedSum(perRow), residual: b.op('Sub', [b.op('Sigmoid', [scores]), y]) };
    }
    case 'softmax': {
      const logP = b.op('LogSoftmax', [scores], [attr.int('axis', 1)]);
      const dataLoss = b.op('Neg', [weightedSum(b.op('Mul', [y, logP]))]);
      return { dataLoss, residual: b.op('Sub', [b.op('Exp', [logP]), y]) };
    }
    case 'squared': {
      const residual = b.op('Sub', [scores, y]);
      return { dataLoss: weightedSum(b.op('Mul', [residual, residual])), residual };
    }
    default:
      throw new Error(`Unknown loss ${loss as string}`);
  }
}

export interface AdamConstants {
  one: string;
  beta1: string;
  beta2: string;
  oneMinusBeta1: string;
  oneMinusBeta2: string;
  epsilon: string;
}

export interface AdamSettings {
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** Float scalar initializers for Adam, added to the outer graph (the loop body reads them by name). */
export function adamConstants(add: (base: string, value: number) => string, adam: AdamSettings): AdamConstants {
  return {
    one: add('one', 1),
    beta1: add('beta1', adam.beta1),
    beta2: add('beta2', adam.beta2),
    oneMinusBeta1: add('one_minus_beta1', 1 - adam.beta1),
    oneMinusBeta2: add('one_minus_beta2', 1 - adam.beta2),
    epsilon: add('epsilon', adam.epsilon),
  };
}

/** Adam's step size at step `step` (already counting this step), with both bias corrections folded in: lr · √(1 − β2ᵗ) / (1 − β1ᵗ). */
export function adamStepSize(b: Subgraph, k: AdamConstants, learningRate: string, step: string): string {
  const correction2 = b.op('Sqrt', [b.op('Sub', [k.one, b.op('Pow', [k.beta2, step])])]);
  return b.op('Div', [b.op('Mul', [learningRate, correction2]), b.op('Sub', [k.one, b.op('Pow', [k.beta1, step])])]);
}

/** One Adam update of a parameter: writes the new moments and value under the given output names. */
export function adamUpdate(
  b: Subgraph,
  k: AdamConstants,
  size: string,
  current: { value: string; m: string; v: string },
  gradient: string,
  out: { value: string; m: string; v: string },
): void {
  const m = b.named('Add', [b.op('Mul', [k.beta1, current.m]), b.op('Mul', [k.oneMinusBeta1, gradient])], out.m);
  const v = b.named('Add', [b.op('Mul', [k.beta2, current.v]), b.op('Mul', [k.oneMinusBeta2, b.op('Mul', [gradient, gradient])])], out.v);
  const delta = b.op('Mul', [size, b.op('Div', [m, b.op('Add', [b.op('Sqrt', [v]), k.epsilon])])]);
  b.named('Sub', [current.value, delta], out.value);
}
