/**
 * `node --import tsx test/bench/mlp.ts`: the MLP (electron/ml/mlp) on 100,000 training and 25,000 test rows of the
 * GBDT benchmark's data (20 features, missing values filled with the training mean, binary target), one hidden layer
 * of 100, batches of 200, Adam at 0.001, alpha 1e-4 — scikit-learn's defaults.
 *
 * Prints (1) the time per epoch of the ONNX training graph against the same mini-batch epoch as a plain TypeScript
 * loop and against scikit-learn's MLPClassifier, and (2) a full fit with early stopping on each side: test accuracy,
 * ROC AUC, epochs and time. scikit-learn's side is skipped, with the reason, when it cannot be imported.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accuracy, argmaxLabels } from '../../electron/ml/metrics/index';
import { fitMlp, MLP_DEFAULTS } from '../../electron/ml/mlp/fit';
import { predictMlp } from '../../electron/ml/mlp/model';
import { MLP_ADAM } from '../../electron/ml/mlp/step-graph';
import { seeded, shuffle } from '../../electron/ml/random';
import type { Features, TrainingSet } from '../../electron/ml/types';
import { DATA_DIR, ensureBenchData, loadBenchData, rocAuc } from './gbdt-data';

const TRAIN = 100_000;
const TEST = 25_000;
const TIMED_EPOCHS = Number(process.env.GYRE_BENCH_EPOCHS ?? 10);
const here = fileURLToPath(new URL('.', import.meta.url));

const header = ensureBenchData();
const data = loadBenchData(header);
const names = data.train.features.names;
const F = names.length;

/** The first `n` rows of column-major features, missing values filled with the training means. */
function head(features: Features, n: number, means: Float64Array): Features {
  const out = new Float32Array(n * F);
  for (let f = 0; f < F; f++) {
    for (let r = 0; r < n; r++) {
      const v = features.data[f * features.rows + r]!;
      out[f * n + r] = Number.isNaN(v) ? means[f]! : v;
    }
  }
  return { rows: n, names, data: out };
}

const means = Float64Array.from(names, (_, f) => {
  let sum = 0, count = 0;
  for (let r = 0; r < TRAIN; r++) {
    const v = data.train.features.data[f * data.train.features.rows + r]!;
    if (Number.isNaN(v)) continue;
    sum += v;
    count++;
  }
  return sum / count;
});
const train: TrainingSet = { features: head(data.train.features, TRAIN, means), target: data.train.target.subarray(0, TRAIN) };
const test = { features: head(data.test.features, TEST, means), target: data.test.target.subarray(0, TEST) };
const H = MLP_DEFAULTS.hidden[0];
const B = MLP_DEFAULTS.batchSize;
console.log(`MLP, ${TRAIN.toLocaleString('en')} training rows × ${F} features, hidden [${H}], batches of ${B}, Adam ${MLP_DEFAULTS.learningRate}, alpha ${MLP_DEFAULTS.alpha}\n`);

// --- (1) time per epoch ---
async function gyreEpochMs(): Promise<number> {
  const stamps: number[] = [];
  await fitMlp(train, { task: 'binary', classes: 2, params: { epochs: TIMED_EPOCHS, earlyStopping: false, patience: TIMED_EPOCHS + 1 }, seed: 1, provider: 'cpu', onEpoch: () => stamps.push(performance.now()) });
  return (stamps.at(-1)! - stamps[0]!) / (stamps.length - 1);
}

/** The same epoch — shuffled mini-batches, forward, backward, Adam — as a plain TypeScript loop over standardized row-major float32 rows. */
function tsEpochMs(): number {
  const x = new Float32Array(TRAIN * F);
  for (let f = 0; f < F; f++) {
    let mean = 0, sq = 0;
    for (let r = 0; r < TRAIN; r++) mean += train.features.data[f * TRAIN + r]!;
    mean /= TRAIN;
    for (let r = 0; r < TRAIN; r++) sq += (train.features.data[f * TRAIN + r]! - mean) ** 2;
    const sd = Math.sqrt(sq / TRAIN) || 1;
    for (let r = 0; r < TRAIN; r++) x[r * F + f] = (train.features.data[f * TRAIN + r]! - mean) / sd;
  }
  const random = seeded(1);
  const init = (n: number, bound: number) => Float64Array.from({ length: n }, () => (random.next() * 2 - 1) * bound);
  const params = { W1: init(F * H, Math.sqrt(6 / (F + H))), b1: init(H, Math.sqrt(6 / (F + H))), W2: init(H, Math.sqrt(2 / (H + 1))), b2: new Float64Array(1) };
  const moments = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, { m: new Float64Array(v.length), v: new Float64Array(v.length) }]));
  const grads = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, new Float64Array(v.length)])) as Record<keyof typeof params, Float64Array>;
  const z1 = new Float64Array(B * H);
  const delta = new Float64Array(B);
  const order = shuffle(Uint32Array.from({ length: TRAIN }, (_, r) => r), random);
  let step = 0;
  const started = performance.now();
  for (let from = 0; from < TRAIN; from += B) {
    const n = Math.min(B, TRAIN - from);
    for (const g of Object.values(grads)) g.fill(0);
    for (let i = 0; i < n; i++) {
      const row = order[from + i]! * F;
      let s = params.b2[0]!;
      for (let j = 0; j < H; j++) {
        let z = params.b1[j]!;
        for (let f = 0; f < F; f++) z += x[row + f]! * params.W1[f * H + j]!;
        z1[i * H + j] = z;
        if (z > 0) s += z * params.W2[j]!;
      }
      delta[i] = (1 / (1 + Math.exp(-s)) - train.target[order[from + i]!]!) / n;
    }
    for (let i = 0; i < n; i++) {
      const row = order[from + i]! * F;
      const d = delta[i]!;
      grads.b2[0]! += d;
      for (let j = 0; j < H; j++) {
        const z = z1[i * H + j]!;
        if (z <= 0) continue;
        grads.W2[j]! += z * d;
        const dh = d * params.W2[j]!;
        grads.b1[j]! += dh;
        for (let f = 0; f < F; f++) grads.W1[f * H + j]! += x[row + f]! * dh;
      }
    }
    step++;
    const size = (MLP_DEFAULTS.learningRate * Math.sqrt(1 - MLP_ADAM.beta2 ** step)) / (1 - MLP_ADAM.beta1 ** step);
    for (const key of Object.keys(params) as (keyof typeof params)[]) {
      const p = params[key], g = grads[key], { m, v } = moments[key]!;
      const penalty = key.startsWith('W') ? MLP_DEFAULTS.alpha / n : 0;
      for (let i = 0; i < p.length; i++) {
        const gi = g[i]! + penalty * p[i]!;
        m[i] = MLP_ADAM.beta1 * m[i]! + (1 - MLP_ADAM.beta1) * gi;
        v[i] = MLP_ADAM.beta2 * v[i]! + (1 - MLP_ADAM.beta2) * gi * gi;
        p[i]! -= (size * m[i]!) / (Math.sqrt(v[i]!) + MLP_ADAM.epsilon);
      }
    }
  }
  return performance.now() - started;
}

interface SklearnResult { version: string; seconds: number; epochs: number; accuracy: number; auc: number }

function sklearn(epochs: number, earlyStopping: boolean): SklearnResult | string {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import sklearn, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) return `scikit-learn is not importable by /usr/bin/python3 (${(probe.stderr || probe.error?.message || '').trim().split('\n').at(-1)})`;
  const params = { train: TRAIN, test: TEST, hidden: [H], batch: B, lr: MLP_DEFAULTS.learningRate, alpha: MLP_DEFAULTS.alpha, epochs, early_stopping: earlyStopping };
  const out = execFileSync('/usr/bin/python3', [join(here, 'mlp-sklearn.py'), join(DATA_DIR, `${header.file}.json`), JSON.stringify(params)], { encoding: 'utf8' });
  return JSON.parse(out) as SklearnResult;
}

const ms = (v: number) => `${v.toFixed(0).padStart(5)} ms`;
const gyreMs = await gyreEpochMs();
const tsMs = tsEpochMs();
const timed = sklearn(TIMED_EPOCHS, false);
console.log(`time per epoch (${TIMED_EPOCHS} epochs, no early stopping)`);
console.log(`  Gyre, ONNX training graph in onnxruntime (cpu) ${ms(gyreMs)}`);
console.log(`  same epoch as a plain TypeScript loop          ${ms(tsMs)}   TS / ORT = ${(tsMs / gyreMs).toFixed(1)}×`);
if (typeof timed === 'string') console.log(`  scikit-learn: skipped, ${timed}`);
else console.log(`  scikit-learn ${timed.version} MLPClassifier            ${ms((timed.seconds * 1000) / timed.epochs)}   Gyre / sklearn = ${(gyreMs / ((timed.seconds * 1000) / timed.epochs)).toFixed(2)}×`);

// --- (2) full fits with early stopping ---
const started = performance.now();
const fitted = await fitMlp(train, { task: 'binary', classes: 2, params: {}, seed: 1, provider: 'cpu' });
const seconds = (performance.now() - started) / 1000;
const probabilities = predictMlp(fitted.model, test.features);
const positive = Float64Array.from({ length: TEST }, (_, r) => probabilities[r * 2 + 1]!);
const gyre = { accuracy: accuracy(test.target, argmaxLabels(probabilities, 2)), auc: rocAuc(positive, test.target, 0, TEST), epochs: fitted.history.loss.length, seconds };
const peer = sklearn(MLP_DEFAULTS.epochs, true);
const line = (name: string, r: { accuracy: number; auc: number; epochs: number; seconds: number }) =>
  console.log(`  ${name.padEnd(34)} accuracy ${r.accuracy.toFixed(4)}  ROC AUC ${r.auc.toFixed(4)}  ${String(r.epochs).padStart(3)} epochs  ${r.seconds.toFixed(1).padStart(5)} s`);
console.log(`\nfull fit, early stopping on 10% held out (test: ${TEST.toLocaleString('en')} rows; Bayes-optimal ROC AUC of the whole test set ${header.bayesAuc.toFixed(4)})`);
line('Gyre fitMlp', gyre);
if (typeof peer === 'string') console.log(`  scikit-learn: skipped, ${peer}`);
else {
  line(`scikit-learn ${peer.version} MLPClassifier`, peer);
  console.log(`  accuracy difference ${Math.abs(gyre.accuracy - peer.accuracy).toFixed(4)}, ROC AUC difference ${(gyre.auc - peer.auc).toFixed(4)}; time ratio Gyre / sklearn ${(gyre.seconds / peer.seconds).toFixed(2)}×`);
}
