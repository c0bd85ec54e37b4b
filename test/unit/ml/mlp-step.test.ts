/**
 * The MLP's hand-written training graph (mlp/step-graph.ts): its loss equals the objective written plainly in
 * TypeScript, its backward pass equals the finite-difference gradient of that loss (read back from Adam's first
 * moment after one step: m₁ = (1 − β1) · g), and its batches walk the given row order.
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMlpStepGraph, layerSizes, LOSSES, MLP_ADAM, stateNames, stateOutput, stateShape, VALID_LOSS, type MlpGraphSpec } from '../../../electron/ml/mlp/step-graph';
import type { StepLoss } from '../../../electron/ml/onnx/subgraph';
import { seeded, type Random } from '../../../electron/ml/random';

const N = 16;
const F = 3;
const HIDDEN = [5, 4];
const ALPHA = 0.3;

function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

interface Problem {
  spec: MlpGraphSpec;
  sizes: number[];
  x: Float32Array;
  y: Float32Array;
  w: Float32Array;
  params: Record<string, Float32Array>;
}

function problem(loss: StepLoss, seed: number): Problem {
  const random = seeded(seed);
  const C = loss === 'softmax' ? 3 : 1;
  const spec: MlpGraphSpec = { loss, features: F, hidden: HIDDEN, outputs: C, validation: true };
  const sizes = layerSizes(spec);
  const x = Float32Array.from({ length: N * F }, () => normal(random));
  const y = new Float32Array(N * C);
  for (let r = 0; r < N; r++) {
    if (loss === 'squared') y[r] = normal(random);
    else if (loss === 'logistic') y[r] = random.int(2);
    else y[r * C + random.int(C)] = 1;
  }
  const w = Float32Array.from({ length: N }, () => 0.2 + random.next());
  const params: Record<string, Float32Array> = {};
  for (let l = 0; l < sizes.length - 1; l++) {
    params[`w${l}`] = Float32Array.from({ length: sizes[l]! * sizes[l + 1]! }, () => normal(random) * 0.8);
    params[`b${l}`] = Float32Array.from({ length: sizes[l + 1]! }, () => normal(random) * 0.3);
  }
  return { spec, sizes, x, y, w, params };
}

/** The batch objective, plainly, in double: Σ w·loss / Σ w over `rows` + alpha · Σ W² / (2 · |rows|). */
function objective(p: Problem, params: Record<string, ArrayLike<number>>, rows: readonly number[]): number {
  const { sizes } = p;
  const layers = sizes.length - 1;
  let total = 0;
  let weight = 0;
  for (const r of rows) {
    let h = Array.from(p.x.subarray(r * F, (r + 1) * F), Number);
    for (let l = 0; l < layers; l++) {
      const W = params[`w${l}`]!;
      const b = params[`b${l}`]!;
      const out = Array.from({ length: sizes[l + 1]! }, (_, o) => h.reduce((s, v, i) => s + v * W[i * sizes[l + 1]! + o]!, b[o]!));
      h = l < layers - 1 ? out.map((v) => Math.max(0, v)) : out;
    }
    const C = sizes[layers]!;
    let rowLoss: number;
    if (p.spec.loss === 'squared') rowLoss = (h[0]! - p.y[r]!) ** 2;
    else if (p.spec.loss === 'logistic') rowLoss = Math.log1p(Math.exp(h[0]!)) - p.y[r]! * h[0]!;
    else {
      const max = Math.max(...h);
      const logSum = max + Math.log(h.reduce((s, v) => s + Math.exp(v - max), 0));
      rowLoss = -h.reduce((s, v, k) => s + p.y[r * C + k]! * (v - logSum), 0);
    }
    total += p.w[r]! * rowLoss;
    weight += p.w[r]!;
  }
  let squares = 0;
  for (let l = 0; l < layers; l++) for (const v of Array.from(params[`w${l}`]!)) squares += v * v;
  return total / weight + (ALPHA * squares) / (2 * rows.length);
}

const sessions = new Map<StepLoss, InferenceSession>();
afterAll(async () => Promise.all([...sessions.values()].map((s) => s.release())));

async function session(p: Problem): Promise<InferenceSession> {
  if (!sessions.has(p.spec.loss)) sessions.set(p.spec.loss, await InferenceSession.create(buildMlpStepGraph(p.spec), { logSeverityLevel: 3 }));
  return sessions.get(p.spec.loss)!;
}

/** One run of the graph: `steps` batches of `batch` rows in `order`, from `params` with zero moments. */
async function run(p: Problem, params: Record<string, Float32Array>, order: number[], batch: number, steps: number, validRows: number[] = [0]) {
  const C = p.spec.outputs;
  const feeds: Record<string, Tensor> = {
    x: new Tensor('float32', p.x, [N, F]),
    y: new Tensor('float32', p.y, [N, C]),
    sample_weight: new Tensor('float32', p.w, [N, 1]),
    batch_size: new Tensor('int64', BigInt64Array.of(BigInt(batch)), []),
    steps: new Tensor('int64', BigInt64Array.of(BigInt(steps)), []),
    alpha: new Tensor('float32', Float32Array.of(ALPHA), []),
    learning_rate: new Tensor('float32', Float32Array.of(0.01), []),
    order: new Tensor('int32', Int32Array.from(order), [order.length]),
    valid_rows: new Tensor('int32', Int32Array.from(validRows), [validRows.length]),
  };
  for (const name of stateNames(p.sizes.length - 1)) {
    const shape = stateShape(name, p.sizes);
    const values = params[name] ?? new Float32Array(shape.reduce((a, b) => a * b, 1));
    feeds[name] = new Tensor('float32', Float32Array.from(values), shape);
  }
  return (await session(p)).run(feeds);
}

const ALL = Array.from({ length: N }, (_, r) => r);

describe('MLP training graph', () => {
  for (const loss of ['logistic', 'softmax', 'squared'] as const) {
    it(`computes the ${loss} objective and its gradient through two hidden layers`, async () => {
      const p = problem(loss, loss.length);
      const out = await run(p, p.params, ALL, N, 1);
      const graphLoss = (out[LOSSES]!.data as Float64Array)[0]!;
      expect(Math.abs(graphLoss - objective(p, p.params, ALL)) / objective(p, p.params, ALL)).toBeLessThan(1e-5);

      // Central differences of the plain objective against the gradient the graph used.
      const h = 1e-3;
      let checked = 0;
      for (const name of Object.keys(p.params)) {
        const gradient = Float32Array.from(out[stateOutput(`m_${name}`)]!.data as Float32Array, (m) => m / (1 - MLP_ADAM.beta1));
        for (let i = 0; i < p.params[name]!.length; i++) {
          const shifted = (d: number) => {
            const copy = Float64Array.from(p.params[name]!);
            copy[i]! += d;
            return objective(p, { ...p.params, [name]: copy }, ALL);
          };
          const numeric = (shifted(h) - shifted(-h)) / (2 * h);
          expect(Math.abs(gradient[i]! - numeric), `${name}[${i}]`).toBeLessThan(2e-4 + 1e-3 * Math.abs(numeric));
          checked++;
        }
      }
      expect(checked).toBe(3 * 5 + 5 + 5 * 4 + 4 + 4 * p.spec.outputs + p.spec.outputs);
    });
  }

  it('walks the order in batches (the last one shorter), and scores the validation rows with the updated weights', async () => {
    const p = problem('logistic', 7);
    const order = [...ALL].reverse();
    const out = await run(p, p.params, order, 6, 3, [2, 5, 11]);
    const losses = out[LOSSES]!.data as Float64Array;
    expect(losses).toHaveLength(3);
    // The first batch starts from the given weights: its loss is the objective over its six rows.
    expect(losses[0]).toBeCloseTo(objective(p, p.params, order.slice(0, 6)), 5);
    // Three steps were taken, and the validation loss is the updated model's on rows 2, 5 and 11 (no penalty).
    expect((out[stateOutput('step')]!.data as Float32Array)[0]).toBe(3);
    const updated = Object.fromEntries(Object.keys(p.params).map((k) => [k, out[stateOutput(k)]!.data as Float32Array]));
    const withoutPenalty = objective(p, updated, [2, 5, 11]) - (ALPHA * Object.keys(updated).filter((k) => k.startsWith('w')).reduce((s, k) => s + updated[k]!.reduce((a, v) => a + v * v, 0), 0)) / 6;
    expect((out[VALID_LOSS]!.data as Float64Array)[0]).toBeCloseTo(withoutPenalty, 5);
  });
});
