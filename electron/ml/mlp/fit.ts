/**
 * Fits a multi-layer perceptron (ReLU hidden layers, Adam, mini-batches) by running the epoch graph
 * (`step-graph.ts`) in onnxruntime, one run per epoch. The defaults are scikit-learn's MLPClassifier/MLPRegressor
 * ones (one hidden layer of 100, batches of 200, learning rate 0.001, alpha 1e-4, at most 200 epochs), with early
 * stopping on: 10% of the training rows are held out, and training stops when their loss has not improved by
 * `tolerance` for 10 epochs; the weights of the best epoch are kept.
 *
 * Determinism: initial weights (Glorot-uniform, as scikit-learn draws them) and every epoch's row order come from
 * the seed, so the same data, params and seed give the same weights on the same machine and provider.
 */
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { GyreError } from '../../contract/errors';
import { prepareStepData, type StepData } from '../linear/data';
import type { OrtFitContext } from '../onnx/fit-context';
import { createSession } from '../onnx/runtime';
import type { StepLoss } from '../onnx/subgraph';
import { seeded, shuffle, type Random } from '../random';
import { givenHoldOut, holdOut } from '../trees/prepare';
import type { Task, TrainingSet } from '../types';
import type { MlpLayer, MlpModel } from './model';
import { buildMlpStepGraph, layerSizes, LOSSES, stateNames, stateOutput, stateShape, VALID_LOSS } from './step-graph';

export interface MlpParams {
  /** Units per hidden layer. Default [100]. */
  hidden?: number[];
  /** Rows per mini-batch. Default 200 (all rows when fewer). */
  batchSize?: number;
  /** Adam's step size. Default 0.001. */
  learningRate?: number;
  /** L2 penalty, scikit-learn's alpha: alpha · ||W||² / (2 · batch rows) is added to each batch's mean loss. Default 1e-4. */
  alpha?: number;
  /** Most epochs. Default 200. */
  epochs?: number;
  /** Hold out validation rows and stop when their loss stops improving. Default true (needs ≥ 20 training rows). */
  earlyStopping?: boolean;
  /** Share of the training rows held out for early stopping. Default 0.1. */
  validationFraction?: number;
  /** Epochs without an improvement of `tolerance` before stopping. Default 10. */
  patience?: number;
  /** Least improvement of the monitored loss that counts. Default 1e-4. */
  tolerance?: number;
}

export interface MlpFitContext extends OrtFitContext<MlpParams> {
  /** Told after each epoch. */
  onEpoch?: (done: number, total: number) => void;
}

export interface FittedMlp {
  model: MlpModel;
  params: Record<string, unknown>;
  /** Per epoch: the mean training loss (batch losses with their penalty, weighted by batch rows) and, with early stopping, the validation loss. In the target's units. */
  history: { loss: number[]; validLoss?: number[]; bestEpoch: number };
  provider: string;
  note: string;
}

export const MLP_DEFAULTS = { hidden: [100], batchSize: 200, learningRate: 0.001, alpha: 1e-4, epochs: 200, earlyStopping: true, validationFraction: 0.1, patience: 10, tolerance: 1e-4 } as const;

/** Fewer training rows than this train without a validation slice, on the training loss. */
const MIN_ROWS_FOR_VALIDATION = 20;

type Settings = Required<MlpParams>;

export async function fitMlp(train: TrainingSet, ctx: MlpFitContext): Promise<FittedMlp> {
  const settings = resolveParams(ctx.params);
  const data = prepareStepData(train, ctx.task, ctx.classes, 0, 'MLP');
  const { fit, valid } = fitAndValidation(train, data.rows, settings, ctx.seed);
  const validation = valid.length > 0;
  const loss: StepLoss = ctx.task === 'regression' ? 'squared' : ctx.task === 'binary' ? 'logistic' : 'softmax';
  const spec = { loss, features: data.features, hidden: settings.hidden, outputs: data.outputs, validation };
  const { session, provider, note } = await createSession(buildMlpStepGraph(spec), { provider: ctx.provider ?? 'auto', threads: ctx.threads, cudaInstalled: ctx.cudaInstalled });
  try {
    const random = seeded(ctx.seed);
    const sizes = layerSizes(spec);
    const trained = await runEpochs(session, data, { fit, valid }, initialState(sizes, data, ctx.task, random), random, ctx, settings);
    const model = toModel(trained.best, sizes, data, ctx.task, ctx.classes, train.features.names);
    // The graph's losses are in standardized target units; σ² brings squared error back to the target's.
    const unit = data.targetScale ** 2;
    const history = { loss: trained.loss.map((l) => l * unit), ...(validation ? { validLoss: trained.validLoss.map((l) => l * unit) } : {}), bestEpoch: trained.bestEpoch };
    const params = { ...settings, batchSize: Math.min(settings.batchSize, fit.length), validationRows: valid.length, optimizer: 'adam', activation: 'relu', epochsRun: trained.loss.length, bestEpoch: trained.bestEpoch + 1, stopped: trained.stopped };
    return { model, params, history, provider, note: [note, trained.note].filter(Boolean).join('; ') };
  } finally {
    await session.release();
  }
}

/** The rows the MLP fits on and those it stops early on: the caller's, else a seeded share when there are enough rows. */
function fitAndValidation(train: TrainingSet, rows: number, settings: Settings, seed: number): { fit: Uint32Array; valid: Uint32Array } {
  if (settings.earlyStopping && train.validation) return givenHoldOut(rows, train.validation);
  if (settings.earlyStopping && rows >= MIN_ROWS_FOR_VALIDATION) return holdOut(rows, settings.validationFraction, seed);
  return { fit: allRows(rows), valid: new Uint32Array(0) };
}

/** The rows the MLP holds out by default from `rows` training rows (none below 20): what resampling leaves alone. */
export function mlpValidationRows(rows: number, seed: number): Uint32Array {
  return rows >= MIN_ROWS_FOR_VALIDATION ? holdOut(rows, MLP_DEFAULTS.validationFraction, seed).valid : new Uint32Array(0);
}

function allRows(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, r) => r);
}

function resolveParams(params: MlpParams): Settings {
  const s: Settings = { ...MLP_DEFAULTS, hidden: [...MLP_DEFAULTS.hidden], ...Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) };
  const fail = (field: string, message: string) => new GyreError('VALIDATION', message, { field });
  if (s.hidden.length === 0 || !s.hidden.every((u) => Number.isInteger(u) && u >= 1 && u <= 4096)) throw fail('hidden', `hidden layers must be whole numbers of units from 1 to 4096, got [${s.hidden.join(', ')}].`);
  if (!Number.isInteger(s.batchSize) || s.batchSize < 1) throw fail('batchSize', `batchSize must be a whole number ≥ 1, got ${s.batchSize}.`);
  if (!(s.learningRate > 0 && Number.isFinite(s.learningRate))) throw fail('learningRate', `learningRate must be above 0, got ${s.learningRate}.`);
  if (!(s.alpha >= 0 && Number.isFinite(s.alpha))) throw fail('alpha', `alpha (l2) must be a finite number ≥ 0, got ${s.alpha}.`);
  if (!Number.isInteger(s.epochs) || s.epochs < 1) throw fail('epochs', `epochs must be a whole number ≥ 1, got ${s.epochs}.`);
  if (!(s.validationFraction > 0 && s.validationFraction < 0.5)) throw fail('validationFraction', `validationFraction must be between 0 and 0.5, got ${s.validationFraction}.`);
  if (!Number.isInteger(s.patience) || s.patience < 1) throw fail('patience', `patience must be a whole number ≥ 1, got ${s.patience}.`);
  if (!(s.tolerance >= 0 && Number.isFinite(s.tolerance))) throw fail('tolerance', `tolerance must be ≥ 0, got ${s.tolerance}.`);
  return s;
}

type State = Record<string, Tensor>;

/**
 * Glorot-uniform weights, as scikit-learn initializes an MLP: U(±√(6 / (in + out))) for ReLU layers and
 * U(±√(2 / (in + out))) for a sigmoid output; biases drawn the same way, but the output layer's bias starts at the
 * class log-odds (0 for the standardized regression target), the optimum of a model that ignores its inputs.
 */
function initialState(sizes: readonly number[], data: StepData, task: Task, random: Random): State {
  const layers = sizes.length - 1;
  const state: State = {};
  for (const name of stateNames(layers)) {
    const shape = stateShape(name, sizes);
    state[name] = new Tensor('float32', new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
  }
  for (let l = 0; l < layers; l++) {
    const fanIn = sizes[l]!;
    const fanOut = sizes[l + 1]!;
    const bound = Math.sqrt((l === layers - 1 && task === 'binary' ? 2 : 6) / (fanIn + fanOut));
    const uniform = () => (random.next() * 2 - 1) * bound;
    const weights = state[`w${l}`]!.data as Float32Array;
    for (let i = 0; i < weights.length; i++) weights[i] = uniform();
    const bias = state[`b${l}`]!.data as Float32Array;
    if (l < layers - 1) for (let i = 0; i < bias.length; i++) bias[i] = uniform();
    else if (task === 'binary') bias[0] = logit(data.priors[1]!);
    else if (task === 'multiclass') for (let k = 0; k < bias.length; k++) bias[k] = Math.log(clampShare(data.priors[k]!));
  }
  return state;
}

interface Trained {
  best: State;
  bestEpoch: number;
  loss: number[];
  validLoss: number[];
  stopped: 'early-stopping' | 'converged' | 'epochs' | 'requested';
  note: string;
}

async function runEpochs(session: InferenceSession, data: StepData, rows: { fit: Uint32Array; valid: Uint32Array }, initial: State, random: Random, ctx: MlpFitContext, s: Settings): Promise<Trained> {
  const { rows: N, features: F, outputs: C } = data;
  const batch = Math.min(s.batchSize, rows.fit.length);
  const batches = Math.ceil(rows.fit.length / batch);
  const fixed: Record<string, Tensor> = {
    x: new Tensor('float32', data.x, [N, F]),
    y: new Tensor('float32', data.y, [N, C]),
    sample_weight: new Tensor('float32', data.sampleWeight, [N, 1]),
    batch_size: new Tensor('int64', BigInt64Array.of(BigInt(batch)), []),
    steps: new Tensor('int64', BigInt64Array.of(BigInt(batches)), []),
    alpha: new Tensor('float32', Float32Array.of(s.alpha), []),
    learning_rate: new Tensor('float32', Float32Array.of(s.learningRate), []),
  };
  const validation = rows.valid.length > 0;
  if (validation) fixed.valid_rows = new Tensor('int32', Int32Array.from(rows.valid), [rows.valid.length]);
  const names = stateNames(layerSizes({ features: F, hidden: s.hidden, outputs: C }).length - 1);
  const order = Int32Array.from(rows.fit);
  const batchRows = Array.from({ length: batches }, (_, b) => Math.min(batch, order.length - b * batch));

  let state = initial;
  let best = initial;
  let bestEpoch = -1;
  let bestScore = Infinity;
  let sinceBest = 0;
  const loss: number[] = [];
  const validLoss: number[] = [];
  let stopped: Trained['stopped'] = 'epochs';
  while (loss.length < s.epochs) {
    shuffle(order, random);
    const out = await session.run({ ...fixed, ...state, order: new Tensor('int32', order, [order.length]) });
    state = Object.fromEntries(names.map((name) => [name, out[stateOutput(name)] as Tensor]));
    const losses = out[LOSSES]!.data as Float64Array;
    let epochLoss = 0;
    for (let b = 0; b < batches; b++) epochLoss += losses[b]! * batchRows[b]!;
    epochLoss /= order.length;
    const score = validation ? (out[VALID_LOSS]!.data as Float64Array)[0]! : epochLoss;
    if (!Number.isFinite(epochLoss) || !Number.isFinite(score)) {
      throw new GyreError('JOB_FAILED', `Training diverged at epoch ${loss.length + 1} (the loss became ${Number.isFinite(epochLoss) ? score : epochLoss}); try a smaller learningRate or a larger l2.`, { field: 'learningRate' });
    }
    loss.push(epochLoss);
    if (validation) validLoss.push(score);
    ctx.onEpoch?.(loss.length, s.epochs);
    // scikit-learn's rule: an epoch improves when it beats the best so far by more than the tolerance.
    if (score < bestScore - s.tolerance) sinceBest = 0;
    else sinceBest++;
    if (score < bestScore) {
      bestScore = score;
      if (validation) {
        best = state;
        bestEpoch = loss.length - 1;
      }
    }
    if (sinceBest >= s.patience) {
      stopped = validation ? 'early-stopping' : 'converged';
      break;
    }
    if (loss.length < s.epochs && ctx.shouldStop?.()) {
      stopped = 'requested';
      break;
    }
    await new Promise<void>((resolve) => setImmediate(resolve)); // let a worker hear a cancel between epochs
  }
  if (!validation) {
    // Without held-out rows there is nothing to pick a better epoch by: keep the last one, as scikit-learn does.
    best = state;
    bestEpoch = loss.length - 1;
  }
  const epochs = loss.length;
  const notes = {
    'early-stopping': `stopped after ${epochs} epochs: the validation loss had not improved for ${s.patience} epochs; kept epoch ${bestEpoch + 1}`,
    converged: `converged after ${epochs} epochs`,
    epochs: `reached the limit of ${s.epochs} epochs; kept epoch ${bestEpoch + 1}`,
    requested: `stopped on request after ${epochs} epochs; kept epoch ${bestEpoch + 1}`,
  };
  return { best, bestEpoch, loss, validLoss, stopped, note: notes[stopped] };
}

/**
 * The layers in the features' own scale: the first layer absorbs the standardization (x' = (x − μ) / s gives
 * w = w' / s and b = b' − Σ w·μ) and, for regression, the last one the target's (y = σ·y' + m).
 */
function toModel(state: State, sizes: readonly number[], data: StepData, task: Task, classes: number, featureNames: readonly string[]): MlpModel {
  const layers: MlpLayer[] = [];
  for (let l = 0; l < sizes.length - 1; l++) {
    const inputs = sizes[l]!;
    const outputs = sizes[l + 1]!;
    const weights = Float64Array.from(state[`w${l}`]!.data as Float32Array);
    const bias = Float64Array.from(state[`b${l}`]!.data as Float32Array);
    if (l === 0) {
      for (let f = 0; f < inputs; f++) {
        for (let o = 0; o < outputs; o++) {
          const w = (weights[f * outputs + o]! /= data.scale[f]!);
          bias[o]! -= w * data.center[f]!;
        }
      }
    }
    if (l === sizes.length - 2 && task === 'regression') {
      for (let i = 0; i < weights.length; i++) weights[i]! *= data.targetScale;
      bias[0] = bias[0]! * data.targetScale + data.targetCenter;
    }
    layers.push({ inputs, outputs, weights, bias });
  }
  return { kind: 'mlp', task, classes: task === 'regression' ? 1 : classes, outputs: data.outputs, layers, featureNames: [...featureNames] };
}

function clampShare(p: number): number {
  return Math.min(1 - 1e-6, Math.max(1e-6, p));
}

function logit(p: number): number {
  const q = clampShare(p);
  return Math.log(q / (1 - q));
}
