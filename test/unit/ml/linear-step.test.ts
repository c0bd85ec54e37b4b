/**
 * The hand-written training step (linear/step-graph.ts) computes the objective, its gradient and Adam's update:
 * checked against the objective written plainly in TypeScript and its finite-difference gradient.
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { ADAM, buildStepGraph, LOSSES, STATE, stateOutput, stateShape, stateType, type LinearLoss, type StateName } from '../../../electron/ml/linear/step-graph';
import { seeded, type Random } from '../../../electron/ml/random';

const N = 24;
const F = 3;

interface Problem {
  loss: LinearLoss;
  C: number;
  x: Float32Array;
  y: Float32Array;
  w: Float32Array;
  l2: Float32Array;
  W: Float32Array;
  b: Float32Array;
}

function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

function problem(loss: LinearLoss, seed: number): Problem {
  const random = seeded(seed);
  const C = loss === 'softmax' ? 3 : 1;
  const x = Float32Array.from({ length: N * F }, () => normal(random));
  const y = new Float32Array(N * C);
  for (let r = 0; r < N; r++) {
    if (loss === 'squared') y[r] = normal(random) * 2;
    else if (loss === 'logistic') y[r] = random.int(2);
    else y[r * C + random.int(C)] = 1;
  }
  const raw = Float64Array.from({ length: N }, () => 0.2 + random.next());
  const total = raw.reduce((a, b) => a + b, 0);
  return {
    loss, C, x, y,
    w: Float32Array.from(raw, (v) => v / total),
    l2: Float32Array.from({ length: F }, () => 0.05 + random.next() * 0.3),
    W: Float32Array.from({ length: F * C }, () => normal(random)),
    b: Float32Array.from({ length: C }, () => normal(random) * 0.5),
  };
}

/** The objective, plainly: weighted mean loss + Σ l2_f · W_fc² / 2, in double. */
function objective(p: Problem, W: ArrayLike<number>, b: ArrayLike<number>): number {
  const { C } = p;
  let total = 0;
  for (let r = 0; r < N; r++) {
    const z = Array.from({ length: C }, (_, k) => {
      let s = b[k]!;
      for (let f = 0; f < F; f++) s += p.x[r * F + f]! * W[f * C + k]!;
      return s;
    });
    let rowLoss: number;
    if (p.loss === 'squared') rowLoss = (z[0]! - p.y[r]!) ** 2;
    else if (p.loss === 'logistic') rowLoss = Math.log1p(Math.exp(z[0]!)) - p.y[r]! * z[0]!;
    else {
      const max = Math.max(...z);
      const logSum = max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
      rowLoss = -z.reduce((s, v, k) => s + p.y[r * C + k]! * (v - logSum), 0);
    }
    total += p.w[r]! * rowLoss;
  }
  for (let f = 0; f < F; f++) for (let k = 0; k < C; k++) total += (p.l2[f]! * W[f * C + k]! ** 2) / 2;
  return total;
}

function finiteDifference(p: Problem, which: 'W' | 'b', i: number): number {
  const h = 1e-5;
  const W = Float64Array.from(p.W), b = Float64Array.from(p.b);
  const target = which === 'W' ? W : b;
  target[i]! += h;
  const up = objective(p, W, b);
  target[i]! -= 2 * h;
  return (up - objective(p, W, b)) / (2 * h);
}

const sessions: InferenceSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.release();
});

async function runSteps(p: Problem, steps: number, start: Partial<Record<StateName, number>> = {}): Promise<InferenceSession.OnnxValueMapType> {
  const session = await InferenceSession.create(buildStepGraph({ loss: p.loss, features: F, outputs: p.C }), { logSeverityLevel: 3, intraOpNumThreads: 1 });
  sessions.push(session);
  const feeds: Record<string, Tensor> = {
    x: new Tensor('float32', p.x, [N, F]), y: new Tensor('float32', p.y, [N, p.C]),
    sample_weight: new Tensor('float32', p.w, [N, 1]), l2: new Tensor('float32', p.l2, [F, 1]),
    steps: new Tensor('int64', BigInt64Array.of(BigInt(steps)), []),
  };
  for (const name of STATE) {
    const shape = stateShape(name, F, p.C);
    const size = shape.reduce((a, b) => a * b, 1);
    const values = stateType(name) === 'double' ? new Float64Array(size) : new Float32Array(size);
    if (name === 'weights') values.set(p.W);
    if (name === 'bias') values.set(p.b);
    if (name === 'learning_rate') values[0] = start.learning_rate ?? 0.01;
    if (name === 'previous_loss') values[0] = start.previous_loss ?? Infinity;
    feeds[name] = new Tensor(values, shape);
  }
  return session.run(feeds);
}

describe('linear training step graph', () => {
  it.each(['logistic', 'softmax', 'squared'] as const)('%s: the loss and the hand-written gradient are the objective’s', async (loss) => {
    const p = problem(loss, loss.length);
    const out = await runSteps(p, 1);
    const expected = objective(p, p.W, p.b);
    expect(Math.abs((out[LOSSES]!.data as Float64Array)[0]! - expected)).toBeLessThan(1e-6 * expected);
    // After one step from zero moments, m = (1 − β1) · gradient.
    const mW = out[stateOutput('m_weights')]!.data as Float32Array;
    const mb = out[stateOutput('m_bias')]!.data as Float32Array;
    for (let i = 0; i < F * p.C; i++) expect(mW[i]! / (1 - ADAM.beta1)).toBeCloseTo(finiteDifference(p, 'W', i), 5);
    for (let k = 0; k < p.C; k++) expect(mb[k]! / (1 - ADAM.beta1)).toBeCloseTo(finiteDifference(p, 'b', k), 5);
  });

  it('moves each weight by Adam’s first step, about lr · sign(g), and counts the step', async () => {
    const p = problem('logistic', 7);
    const lr = 0.05;
    const out = await runSteps(p, 1, { learning_rate: lr });
    const W = out[stateOutput('weights')]!.data as Float32Array;
    const m = out[stateOutput('m_weights')]!.data as Float32Array;
    // m̂ / (√v̂ + ε) with m̂ = g and √v̂ = |g|, ε applied before the bias correction: lr · √(1 − β2) · g / (√(1 − β2) · |g| + ε).
    const root = Math.sqrt(1 - ADAM.beta2);
    for (let i = 0; i < F; i++) {
      const g = m[i]! / (1 - ADAM.beta1);
      expect(g).toBeCloseTo(finiteDifference(p, 'W', i), 5);
      expect(W[i]!).toBeCloseTo(p.W[i]! - (lr * root * g) / (root * Math.abs(g) + ADAM.epsilon), 6);
    }
    expect((out[stateOutput('step')]!.data as Float32Array)[0]).toBe(1);
  });

  it('runs K steps in one call, the loss of each before its update, and lowers it', async () => {
    const p = problem('softmax', 3);
    const out = await runSteps(p, 40, { learning_rate: 0.05 });
    const losses = out[LOSSES]!.data as Float64Array;
    expect(losses).toHaveLength(40);
    expect(losses[0]! / objective(p, p.W, p.b)).toBeCloseTo(1, 6);
    expect(losses[39]!).toBeLessThan(losses[0]! * 0.8);
    expect((out[stateOutput('step')]!.data as Float32Array)[0]).toBe(40);
    expect((out[stateOutput('previous_loss')]!.data as Float64Array)[0]).toBe(losses[39]);
  });

  it('decays the learning rate when the loss rose over the previous step, and only then', async () => {
    const p = problem('squared', 5);
    const rose = await runSteps(p, 1, { learning_rate: 0.1, previous_loss: 1e-9 });
    expect((rose[stateOutput('learning_rate')]!.data as Float32Array)[0]).toBeCloseTo(0.1 * ADAM.decay, 7);
    const fell = await runSteps(p, 1, { learning_rate: 0.1, previous_loss: 1e9 });
    expect((fell[stateOutput('learning_rate')]!.data as Float32Array)[0]).toBeCloseTo(0.1, 7);
  });
});
