/**
 * Fits logistic regression (binary: sigmoid, multiclass: softmax) or ridge regression by running the step graph
 * (`step-graph.ts`) in onnxruntime: full-batch Adam, K steps per run, convergence and cancellation checked between
 * runs. Zero initial weights and a fixed number of steps per run make the result a function of the data and the
 * params alone: the same inputs give the same weights on the same machine and provider.
 */
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { GyreError } from '../../contract/errors';
import type { OrtFitContext } from '../onnx/fit-context';
import { createSession } from '../onnx/runtime';
import type { Task, TrainingSet } from '../types';
import { prepareStepData, toOriginalScale, type StepData } from './data';
import type { LinearModel } from './model';
import { buildStepGraph, LOSSES, STATE, stateOutput, stateShape, stateType, type LinearLoss, type StateName } from './step-graph';

export interface LinearParams {
  /** L2 strength relative to the weighted mean loss (scikit-learn: l2 = 1 / (C · n), or 2 · alpha / n for Ridge). Default: C = 1 / alpha = 1. */
  l2?: number;
  /** Most epochs (full passes, one Adam step each). Default 3000. */
  epochs?: number;
  /** Adam's initial step size; it decays by itself when the loss rises. Default 0.3. */
  learningRate?: number;
  /** Stop when the loss moved by less than this share of it at each of the last 10 epochs; 0 runs every epoch. Default 1e-8. */
  tolerance?: number;
}

/** The seed is accepted for the common estimator interface; the fit needs no randomness (zero start, full batches). */
export type LinearFitContext = OrtFitContext<LinearParams>;

export interface FittedLinear {
  model: LinearModel;
  /** The settings as used (defaults filled in) and how training ended: recorded with the run. */
  params: Record<string, unknown>;
  /** The objective (mean loss + penalty) before each epoch's step, in the target's own units. */
  history: { loss: number[] };
  /** Where the step graph ran: record it with the run. */
  provider: string;
  /** Why the provider is not the preferred one, and how training ended. */
  note: string;
}

export const LINEAR_DEFAULTS = { epochs: 3000, learningRate: 0.3, tolerance: 1e-8 } as const;

/** Epochs in a row at which the loss must move by less than `tolerance` (relative) to count as converged. */
const PATIENCE = 10;
/** Steps per run ≈ this many multiply-adds / (N · (F + 1) · C): runs of tens of milliseconds at most, so a cancel is heard soon. */
const WORK_PER_RUN = 5e7;
const MAX_STEPS_PER_RUN = 64;

export async function fitLinear(train: TrainingSet, ctx: LinearFitContext): Promise<FittedLinear> {
  const settings = resolveParams(ctx.params);
  const data = prepareStepData(train, ctx.task, ctx.classes, ctx.params.l2);
  const loss: LinearLoss = ctx.task === 'regression' ? 'squared' : ctx.task === 'binary' ? 'logistic' : 'softmax';
  const bytes = buildStepGraph({ loss, features: data.features, outputs: data.outputs });
  const { session, provider, note } = await createSession(bytes, { provider: ctx.provider ?? 'auto', threads: ctx.threads, cudaInstalled: ctx.cudaInstalled });
  try {
    const trained = await runSteps(session, data, ctx, settings);
    const { weights, bias } = toOriginalScale(data, trained.weights, trained.bias);
    if (ctx.task === 'multiclass') centre(bias);
    const model: LinearModel = { kind: 'linear', task: ctx.task, classes: ctx.task === 'regression' ? 1 : ctx.classes, outputs: data.outputs, weights, bias, featureNames: [...train.features.names] };
    const params = { l2: data.l2, ...settings, optimizer: 'adam', batch: 'full', epochsRun: trained.losses.length, stopped: trained.stopped, finalLearningRate: trained.learningRate };
    // The graph's loss is in standardized target units; σ² brings squared error back to the target's.
    const unit = data.targetScale ** 2;
    return { model, params, history: { loss: trained.losses.map((l) => l * unit) }, provider, note: [note, trained.note].filter(Boolean).join('; ') };
  } finally {
    await session.release();
  }
}

interface Settings {
  epochs: number;
  learningRate: number;
  tolerance: number;
}

function resolveParams(params: LinearParams): Settings {
  const epochs = params.epochs ?? LINEAR_DEFAULTS.epochs;
  const learningRate = params.learningRate ?? LINEAR_DEFAULTS.learningRate;
  const tolerance = params.tolerance ?? LINEAR_DEFAULTS.tolerance;
  if (!Number.isInteger(epochs) || epochs < 1) throw new GyreError('VALIDATION', `epochs must be a whole number ≥ 1, got ${epochs}.`, { field: 'epochs' });
  if (!(learningRate > 0 && Number.isFinite(learningRate))) throw new GyreError('VALIDATION', `learningRate must be above 0, got ${learningRate}.`, { field: 'learningRate' });
  if (!(tolerance >= 0 && Number.isFinite(tolerance))) throw new GyreError('VALIDATION', `tolerance must be ≥ 0, got ${tolerance}.`, { field: 'tolerance' });
  return { epochs, learningRate, tolerance };
}

interface Trained {
  weights: Float32Array;
  bias: Float32Array;
  losses: number[];
  learningRate: number;
  stopped: 'converged' | 'epochs' | 'requested';
  note: string;
}

/** Runs the step graph until convergence, the epoch limit or a stop request. */
async function runSteps(session: InferenceSession, data: StepData, ctx: LinearFitContext, settings: Settings): Promise<Trained> {
  const { rows: N, features: F, outputs: C } = data;
  const fixed = {
    x: new Tensor('float32', data.x, [N, F]),
    y: new Tensor('float32', data.y, [N, C]),
    sample_weight: new Tensor('float32', data.sampleWeight, [N, 1]),
    l2: new Tensor('float32', data.penalty, [F, 1]),
  };
  let state = initialState(data, ctx.task, settings.learningRate);
  const losses: number[] = [];
  const perRun = Math.max(1, Math.min(MAX_STEPS_PER_RUN, Math.floor(WORK_PER_RUN / (N * (F + 1) * C))));
  let stopped: Trained['stopped'] = 'epochs';
  while (losses.length < settings.epochs) {
    const steps = Math.min(perRun, settings.epochs - losses.length);
    const out = await session.run({ ...fixed, ...state, steps: new Tensor('int64', BigInt64Array.of(BigInt(steps)), []) });
    state = Object.fromEntries(STATE.map((name) => [name, out[stateOutput(name)] as Tensor])) as State;
    for (const value of out[LOSSES]!.data as Float64Array) {
      if (!Number.isFinite(value)) throw new GyreError('JOB_FAILED', `Training diverged at epoch ${losses.length + 1} (the loss became ${value}); try a smaller learningRate or a larger l2.`, { field: 'learningRate' });
      losses.push(value);
    }
    if (settings.tolerance > 0 && converged(losses, settings.tolerance)) {
      stopped = 'converged';
      break;
    }
    if (losses.length < settings.epochs && ctx.shouldStop?.()) {
      stopped = 'requested';
      break;
    }
    await new Promise<void>((resolve) => setImmediate(resolve)); // let a worker hear a cancel between runs
  }
  const notes = { converged: `converged after ${losses.length} epochs`, epochs: `reached the limit of ${settings.epochs} epochs before converging`, requested: `stopped on request after ${losses.length} epochs` };
  const read = (name: StateName) => state[name].data as Float32Array;
  return { weights: read('weights'), bias: read('bias'), losses, learningRate: read('learning_rate')[0]!, stopped, note: notes[stopped] };
}

/**
 * True when the loss moved by less than `tolerance` (relative) at each of the last PATIENCE epochs. A rising loss
 * counts as moving: Adam overshoots, and the loss climbs for tens of epochs before it settles lower.
 */
function converged(losses: readonly number[], tolerance: number): boolean {
  const last = losses.length - 1;
  if (last < PATIENCE) return false;
  for (let e = last - PATIENCE + 1; e <= last; e++) {
    if (Math.abs(losses[e]! - losses[e - 1]!) > tolerance * Math.abs(losses[e]!)) return false;
  }
  return true;
}

type State = Record<StateName, Tensor>;

/** Zero weights and moments; biases at the class log-odds (the optimum of a model without features), or 0 for the standardized regression target. */
function initialState(data: StepData, task: Task, learningRate: number): State {
  const { features: F, outputs: C } = data;
  const values: Partial<Record<StateName, number[]>> = {
    bias: task === 'regression' ? [0] : task === 'binary' ? [logit(data.priors[1]!)] : Array.from(data.priors, (p) => Math.log(clampShare(p))),
    learning_rate: [learningRate],
    previous_loss: [Infinity],
  };
  return Object.fromEntries(STATE.map((name) => {
    const shape = stateShape(name, F, C);
    const size = shape.reduce((a, b) => a * b, 1);
    const buffer = stateType(name) === 'double' ? new Float64Array(size) : new Float32Array(size);
    buffer.set(values[name] ?? []);
    return [name, new Tensor(buffer, shape)];
  })) as State;
}

function clampShare(p: number): number {
  return Math.min(1 - 1e-6, Math.max(1e-6, p));
}

function logit(p: number): number {
  const q = clampShare(p);
  return Math.log(q / (1 - q));
}

/** Softmax ignores a shift shared by all classes: report the biases that sum to 0, as scikit-learn's do. */
function centre(bias: Float64Array): void {
  const mean = bias.reduce((a, b) => a + b, 0) / bias.length;
  for (let k = 0; k < bias.length; k++) bias[k]! -= mean;
}
