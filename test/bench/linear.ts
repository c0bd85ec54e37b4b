/**
 * `node --import tsx test/bench/linear.ts`: logistic regression on 100,000 × 50 standardized training features
 * (and 25,000 test rows). Times one
 * full-batch Adam epoch of the ONNX step graph (electron/ml/linear/step-graph.ts) against the same step as a plain
 * TypeScript loop, checks both follow the same loss, times mini-batches fed one per run (the alternative to full
 * batches), then fits with fitLinear and compares accuracy and coefficients with scikit-learn's LogisticRegression
 * on the same split (skipped, with the reason, when sklearn cannot be imported).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { fitLinear } from '../../electron/ml/linear/fit';
import { predictLinear } from '../../electron/ml/linear/model';
import { ADAM, buildStepGraph, LOSSES, STATE, stateOutput, stateShape, stateType, type StateName } from '../../electron/ml/linear/step-graph';
import { accuracy, argmaxLabels } from '../../electron/ml/metrics/index';
import { seeded } from '../../electron/ml/random';
import type { Features } from '../../electron/ml/types';

const ROWS = 125_000;
const F = 50;
const TRAIN = 100_000;
const EPOCHS = Number(process.env.GYRE_BENCH_EPOCHS ?? 100);

// --- data: x ~ N(0, 1) with some correlation, y = [x·β + noise > 0], standardized on the training rows ---
function makeData(): { features: Features; target: Float64Array } {
  const random = seeded(2024);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const beta = Float64Array.from({ length: F }, (_, f) => (f % 5 === 0 ? 0 : normal() * 0.4));
  const data = new Float32Array(ROWS * F);
  const target = new Float64Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    const shared = normal();
    let z = 0.3;
    for (let f = 0; f < F; f++) {
      const v = normal() + 0.5 * shared;
      data[f * ROWS + r] = v;
      z += v * beta[f]!;
    }
    target[r] = z + normal() * 1.5 > 0 ? 1 : 0;
  }
  for (let f = 0; f < F; f++) {
    let mean = 0, sq = 0;
    for (let r = 0; r < TRAIN; r++) mean += data[f * ROWS + r]!;
    mean /= TRAIN;
    for (let r = 0; r < TRAIN; r++) sq += (data[f * ROWS + r]! - mean) ** 2;
    const sd = Math.sqrt(sq / TRAIN);
    for (let r = 0; r < ROWS; r++) data[f * ROWS + r] = (data[f * ROWS + r]! - mean) / sd;
  }
  return { features: { rows: ROWS, names: Array.from({ length: F }, (_, f) => `x${f}`), data }, target };
}

function slice(features: Features, from: number, to: number): Features {
  const rows = to - from;
  const data = new Float32Array(rows * features.names.length);
  for (let f = 0; f < features.names.length; f++) data.set(features.data.subarray(f * features.rows + from, f * features.rows + to), f * rows);
  return { rows, names: features.names, data };
}

function rowMajor(features: Features): Float32Array {
  const { rows, data } = features;
  const out = new Float32Array(rows * F);
  for (let f = 0; f < F; f++) for (let r = 0; r < rows; r++) out[r * F + f] = data[f * rows + r]!;
  return out;
}

// --- the same full-batch Adam step as the graph, as a plain TypeScript loop over row-major float32 x ---
interface TsState { W: Float64Array; b: number; mW: Float64Array; vW: Float64Array; mb: number; vb: number; step: number; lr: number; previous: number }

function tsEpoch(s: TsState, x: Float32Array, y: Float32Array, w: Float32Array, l2: number): number {
  const n = y.length;
  const gW = new Float64Array(F);
  let gb = 0, loss = 0;
  for (let r = 0; r < n; r++) {
    const row = r * F;
    let z = s.b;
    for (let f = 0; f < F; f++) z += x[row + f]! * s.W[f]!;
    const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    loss += w[r]! * (softplus - y[r]! * z);
    const g = w[r]! * (1 / (1 + Math.exp(-z)) - y[r]!);
    gb += g;
    for (let f = 0; f < F; f++) gW[f]! += g * x[row + f]!;
  }
  for (let f = 0; f < F; f++) {
    loss += (l2 * s.W[f]! ** 2) / 2;
    gW[f]! += l2 * s.W[f]!;
  }
  if (loss > s.previous * (1 + ADAM.riseMargin)) s.lr *= ADAM.decay;
  s.previous = loss;
  s.step++;
  const size = (s.lr * Math.sqrt(1 - ADAM.beta2 ** s.step)) / (1 - ADAM.beta1 ** s.step);
  for (let f = 0; f < F; f++) {
    s.mW[f] = ADAM.beta1 * s.mW[f]! + (1 - ADAM.beta1) * gW[f]!;
    s.vW[f] = ADAM.beta2 * s.vW[f]! + (1 - ADAM.beta2) * gW[f]! ** 2;
    s.W[f]! -= (size * s.mW[f]!) / (Math.sqrt(s.vW[f]!) + ADAM.epsilon);
  }
  s.mb = ADAM.beta1 * s.mb + (1 - ADAM.beta1) * gb;
  s.vb = ADAM.beta2 * s.vb + (1 - ADAM.beta2) * gb * gb;
  s.b -= (size * s.mb) / (Math.sqrt(s.vb) + ADAM.epsilon);
  return loss;
}

// --- the step graph, driven directly ---
function initialFeeds(lr: number): Record<StateName, Tensor> {
  return Object.fromEntries(STATE.map((name) => {
    const shape = stateShape(name, F, 1);
    const size = shape.reduce((a, b) => a * b, 1);
    const values = stateType(name) === 'double' ? new Float64Array(size) : new Float32Array(size);
    if (name === 'learning_rate') values[0] = lr;
    if (name === 'previous_loss') values[0] = Infinity;
    return [name, new Tensor(values, shape)];
  })) as Record<StateName, Tensor>;
}

async function ortEpochs(session: InferenceSession, data: Record<string, Tensor>, epochs: number, perRun: number, lr: number): Promise<{ ms: number; losses: number[] }> {
  let state = initialFeeds(lr);
  const losses: number[] = [];
  const started = performance.now();
  for (let done = 0; done < epochs; done += perRun) {
    const steps = Math.min(perRun, epochs - done);
    const out = await session.run({ ...data, ...state, steps: new Tensor('int64', BigInt64Array.of(BigInt(steps)), []) });
    state = Object.fromEntries(STATE.map((n) => [n, out[stateOutput(n)] as Tensor])) as Record<StateName, Tensor>;
    losses.push(...(out[LOSSES]!.data as Float64Array));
  }
  return { ms: (performance.now() - started) / epochs, losses };
}

/** One epoch of mini-batches, each fed in its own run of one step (the alternative to full batches). */
async function miniBatchEpochMs(session: InferenceSession, x: Float32Array, y: Float32Array, l2: Tensor, batch: number): Promise<number> {
  let state = initialFeeds(0.01);
  const weight = new Float32Array(batch).fill(1 / batch);
  const started = performance.now();
  for (let from = 0; from + batch <= TRAIN; from += batch) {
    const feeds = {
      x: new Tensor('float32', x.subarray(from * F, (from + batch) * F), [batch, F]),
      y: new Tensor('float32', y.subarray(from, from + batch), [batch, 1]),
      sample_weight: new Tensor('float32', weight, [batch, 1]),
      l2, steps: new Tensor('int64', BigInt64Array.of(1n), []),
    };
    const out = await session.run({ ...feeds, ...state });
    state = Object.fromEntries(STATE.map((n) => [n, out[stateOutput(n)] as Tensor])) as Record<StateName, Tensor>;
  }
  return performance.now() - started;
}

function sklearn(features: Features, target: Float64Array, l2: number): { accuracy: number; coef: number[]; intercept: number; seconds: number } | string {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import sklearn, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) return `scikit-learn is not importable by /usr/bin/python3 (${(probe.stderr || probe.error?.message || '').trim().split('\n').at(-1)})`;
  const dir = mkdtempSync(join(tmpdir(), 'gyre-linear-bench-'));
  try {
    writeFileSync(join(dir, 'x.f32'), features.data);
    writeFileSync(join(dir, 'y.f64'), target);
    const script = `
import json, sys, time, numpy as np
from sklearn.linear_model import LogisticRegression
rows, width, train, C = ${ROWS}, ${F}, ${TRAIN}, ${1 / (l2 * TRAIN)}
x = np.fromfile(sys.argv[1] + '/x.f32', dtype=np.float32).reshape(width, rows).T.astype(np.float64)
y = np.fromfile(sys.argv[1] + '/y.f64')
t = time.perf_counter()
m = LogisticRegression(C=C, tol=1e-10, max_iter=10000).fit(x[:train], y[:train])
seconds = time.perf_counter() - t
print(json.dumps({'accuracy': float((m.predict(x[train:]) == y[train:]).mean()), 'coef': m.coef_[0].tolist(), 'intercept': float(m.intercept_[0]), 'seconds': seconds}))`;
    const run = spawnSync('/usr/bin/python3', ['-c', script, dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) return `sklearn failed: ${run.stderr.trim().split('\n').at(-1)}`;
    return JSON.parse(run.stdout) as { accuracy: number; coef: number[]; intercept: number; seconds: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const { features, target } = makeData();
const train = slice(features, 0, TRAIN);
const test = slice(features, TRAIN, ROWS);
const l2 = 1 / TRAIN; // sklearn's default C = 1
const x = rowMajor(train);
const y = Float32Array.from(target.subarray(0, TRAIN));
const w = new Float32Array(TRAIN).fill(1 / TRAIN);
const fixed = {
  x: new Tensor('float32', x, [TRAIN, F]), y: new Tensor('float32', y, [TRAIN, 1]),
  sample_weight: new Tensor('float32', w, [TRAIN, 1]), l2: new Tensor('float32', new Float32Array(F).fill(l2), [F, 1]),
};
console.log(`logistic regression, ${TRAIN.toLocaleString()} training rows × ${F} features, ${EPOCHS} full-batch Adam epochs each\n`);

const ms = (v: number) => `${v.toFixed(2)} ms`;
let ortMs = NaN; // default threads, 10 steps per run: what fitLinear does at this size
for (const threads of [0, 1]) {
  const session = await InferenceSession.create(buildStepGraph({ loss: 'logistic', features: F, outputs: 1 }), { logSeverityLevel: 3, executionMode: 'sequential', ...(threads ? { intraOpNumThreads: threads } : {}) });
  await ortEpochs(session, fixed, 20, 10, 0.3); // warm-up
  const label = threads ? '1 thread' : "ORT's default threads";
  for (const perRun of [1, 10, 50]) {
    const { ms: perEpoch } = await ortEpochs(session, fixed, EPOCHS, perRun, 0.3);
    if (!threads && perRun === 10) ortMs = perEpoch;
    console.log(`ORT step graph (${label}), ${String(perRun).padStart(2)} steps per run: ${ms(perEpoch)} / epoch`);
  }
  if (!threads) {
    for (const batch of [1024, 8192]) console.log(`ORT mini-batches of ${batch} rows, one run each (${label}): ${ms(await miniBatchEpochMs(session, x, y, fixed.l2, batch))} / epoch`);
  }
  await session.release();
}

const session = await InferenceSession.create(buildStepGraph({ loss: 'logistic', features: F, outputs: 1 }), { logSeverityLevel: 3 });
const ort = await ortEpochs(session, fixed, EPOCHS, 10, 0.3);
await session.release();
const ts: TsState = { W: new Float64Array(F), b: 0, mW: new Float64Array(F), vW: new Float64Array(F), mb: 0, vb: 0, step: 0, lr: 0.3, previous: Infinity };
const tsLosses: number[] = [];
const tsStarted = performance.now();
for (let e = 0; e < EPOCHS; e++) tsLosses.push(tsEpoch(ts, x, y, w, l2));
const tsMs = (performance.now() - tsStarted) / EPOCHS;
const lossGap = Math.max(...ort.losses.map((l, i) => Math.abs(l - tsLosses[i]!) / tsLosses[i]!));
console.log(`plain TypeScript loop, same step:                 ${ms(tsMs)} / epoch`);
console.log(`ratio TS / ORT (default threads, 10 steps per run): ${(tsMs / ortMs).toFixed(1)}×`);
console.log(`same trajectory: loss after ${EPOCHS} epochs ORT ${ort.losses.at(-1)!.toFixed(7)}, TS ${tsLosses.at(-1)!.toFixed(7)} (largest relative gap over the run ${lossGap.toExponential(1)})\n`);

const started = performance.now();
const fitted = await fitLinear({ features: train, target: target.subarray(0, TRAIN) }, { task: 'binary', classes: 2, params: { l2 }, seed: 1, provider: 'cpu' });
const fitSeconds = (performance.now() - started) / 1000;
const predicted = argmaxLabels(predictLinear(fitted.model, test), 2);
const gyreAccuracy = accuracy(target.subarray(TRAIN), predicted);
console.log(`fitLinear (defaults, l2 = 1/n): ${fitted.note}, ${fitSeconds.toFixed(2)} s, ${(fitSeconds * 1000 / fitted.history.loss.length).toFixed(2)} ms / epoch with the data preparation; provider ${fitted.provider}`);
console.log(`Gyre test accuracy:    ${gyreAccuracy.toFixed(4)}`);
const peer = sklearn(features, target, l2);
if (typeof peer === 'string') {
  console.log(`sklearn comparison skipped: ${peer}`);
} else {
  const coefGap = Math.max(...peer.coef.map((c, f) => Math.abs(c - fitted.model.weights[f]!)));
  console.log(`sklearn test accuracy: ${peer.accuracy.toFixed(4)} (LogisticRegression lbfgs, C = 1/(l2·n), tol 1e-10: ${peer.seconds.toFixed(2)} s)`);
  console.log(`accuracy difference:   ${Math.abs(gyreAccuracy - peer.accuracy).toFixed(4)}`);
  console.log(`largest coefficient difference: ${coefGap.toExponential(2)} (coefficients up to ${Math.max(...peer.coef.map(Math.abs)).toFixed(2)}); intercept difference ${Math.abs(peer.intercept - fitted.model.bias[0]!).toExponential(2)}`);
}
