/**
 * Gradient-boosted trees on binned features (the XGBoost "hist" recipe): binary (log loss), multiclass (softmax,
 * one tree per class per round) and regression (squared error), with row and column subsampling, early stopping
 * on held-out rows, and cancellation between trees. The fitted model is a TreeEnsemble, scored by `predict.ts`
 * and exported to ONNX as is.
 */
import { GyreError } from '../../contract/errors';
import { seeded } from '../random';
import type { Task, TrainingSet, Tree, TreeEnsemble } from '../types';
import type { BinnedMatrix } from './binning';
import { allocate } from './engine';
import { growTree, leafOfBinned, type GrowLimits } from './grow';
import { maxGroups, SLOT_BINS, type HistogramSpace } from './histogram';
import { kernelArrays } from './histogram-wasm';
import { objectiveFor } from './objective';
import { PARTITION_CHUNK } from './partition';
import { leafOf } from './predict';
import { BOOSTING_MIN_CELLS, binTrainingSet, checkRange, checkTrainingSet, givenHoldOut, holdOut, invalid, rowWeights, sampleFeatures, threadCount } from './prepare';
import { ROW_BLOCK, rootSums, type BoostRows } from './rows';
import { openEngine } from './threads';

export interface GbdtParams {
  /** Boosting rounds (trees per output). */
  nTrees: number;
  maxDepth: number;
  /** Leaves per tree; Infinity for no limit beyond max depth. */
  maxLeaves: number;
  /** 'depthwise' grows level by level (XGBoost's default); 'lossguide' splits the best leaf first (LightGBM's). */
  growPolicy: 'depthwise' | 'lossguide';
  learningRate: number;
  /** Value bins per feature (at most 255); missing values have a bin of their own. */
  maxBins: number;
  /** Least hessian sum in a child (for squared error, the row weight). */
  minChildWeight: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Least loss reduction for a split (XGBoost's gamma). */
  minSplitGain: number;
  /** Share of rows drawn (without replacement) for each round. */
  subsample: number;
  /** Share of features drawn for each tree. */
  colsampleBytree: number;
  /** Stop when the validation loss has not improved for this many rounds; null to train every round. */
  earlyStoppingRounds: number | null;
  /** Share of rows held out for early stopping (used only with earlyStoppingRounds). */
  validationFraction: number;
  classWeight: 'balanced' | null;
  seed: number;
  /** Threads; 0 (auto) for every core, or one when the data is small (`BOOSTING_MIN_CELLS`). */
  threads: number;
  /** Asked between trees; true cancels the fit (it throws a CANCELLED error). */
  shouldStop?: () => boolean;
  /** Told after each round: rounds done of nTrees. */
  onRound?: (done: number, total: number) => void;
}

export const GBDT_DEFAULTS: GbdtParams = {
  nTrees: 100,
  maxDepth: 6,
  maxLeaves: Infinity,
  growPolicy: 'depthwise',
  learningRate: 0.1,
  maxBins: 255,
  minChildWeight: 1,
  lambda: 1,
  minSplitGain: 0,
  subsample: 1,
  colsampleBytree: 1,
  earlyStoppingRounds: null,
  validationFraction: 0.1,
  classWeight: null,
  seed: 0,
  threads: 0,
};

export interface GbdtHistory {
  /** Mean (weighted) training loss after each round: log loss, or mean squared error for regression. */
  trainLoss: number[];
  /** The same on the held-out rows, when early stopping is on. */
  validLoss?: number[];
  /** The last round the model keeps (0-based): the best validation round, or the last round. */
  bestIteration: number;
}

export interface GbdtFit {
  model: TreeEnsemble;
  history: GbdtHistory;
  /** Raw scores of every training row as tracked while training (row-major, as `rawScores` returns them). */
  trainScores: Float64Array;
}

function checkParams(p: GbdtParams): void {
  checkRange('nTrees', p.nTrees, 1, 100_000, true);
  checkRange('maxDepth', p.maxDepth, 1, 64, true);
  if (p.maxLeaves !== Infinity) checkRange('maxLeaves', p.maxLeaves, 2, 1 << 20, true);
  checkRange('learningRate', p.learningRate, Number.MIN_VALUE, 1);
  checkRange('minChildWeight', p.minChildWeight, 0, Infinity);
  checkRange('lambda', p.lambda, 0, Infinity);
  checkRange('minSplitGain', p.minSplitGain, 0, Infinity);
  checkRange('subsample', p.subsample, Number.MIN_VALUE, 1);
  checkRange('colsampleBytree', p.colsampleBytree, Number.MIN_VALUE, 1);
  if (p.earlyStoppingRounds !== null) {
    checkRange('earlyStoppingRounds', p.earlyStoppingRounds, 1, 100_000, true);
    checkRange('validationFraction', p.validationFraction, Number.MIN_VALUE, 0.9);
  }
  if (p.growPolicy !== 'depthwise' && p.growPolicy !== 'lossguide') throw invalid('growPolicy', `Unknown growPolicy ${String(p.growPolicy)}.`);
}

/** Histogram slots the growth can hold at once: its widest frontier, within a memory budget. */
function slotCount(p: GbdtParams, features: number): number {
  const widest = Math.min(2 ** (p.maxDepth - 1), p.maxLeaves) + 1;
  const budget = Math.floor((256 << 20) / (features * SLOT_BINS * 2 * 8));
  return Math.max(2, Math.min(widest, budget));
}

/** Rows drawn for one round: all of them, or each with probability `subsample` (seeded). */
function roundRows(fit: Uint32Array, subsample: number, random: { next(): number }): Uint32Array {
  if (subsample >= 1) return fit;
  const out = new Uint32Array(fit.length);
  let n = 0;
  for (let i = 0; i < fit.length; i++) if (random.next() < subsample) out[n++] = fit[i]!;
  if (n === 0) out[n++] = fit[0]!;
  return out.subarray(0, n);
}

export async function fitGbdt(train: TrainingSet, task: Task, classes: number, params: Partial<GbdtParams> = {}): Promise<GbdtFit> {
  const p: GbdtParams = { ...GBDT_DEFAULTS, ...params };
  checkParams(p);
  checkTrainingSet(train, task, classes);
  const { rows, names } = train.features;
  const F = names.length;
  const objective = objectiveFor(task, classes);
  const K = objective.outputs;
  const { fit, valid } = p.earlyStoppingRounds === null ? holdOut(rows, 0, p.seed) : train.validation ? givenHoldOut(rows, train.validation) : holdOut(rows, p.validationFraction, p.seed);
  const threads = threadCount(p.threads, fit.length * F, BOOSTING_MIN_CELLS);
  const alloc = allocate(threads > 1);
  const n = fit.length;
  const lengths = { bins: rows * F, index: n, values: 2 * rows, hist: slotCount(p, F) * F * SLOT_BINS * 2 };
  // In the kernel's memory when there is one, else plain (shared) arrays.
  const kernel = kernelArrays(lengths, threads > 1);
  const space: HistogramSpace = {
    ...(kernel ?? { bins: alloc.u8(lengths.bins), index: alloc.u32(n), values: alloc.f32(lengths.values), hist: alloc.f64(lengths.hist), scratchIndex: alloc.u32(n) }),
    ...{ rows, features: F, channels: 2 },
    ...{ counts: alloc.i32(Math.ceil(n / PARTITION_CHUNK) + 4096), candidates: alloc.f64(slotCount(p, F) * maxGroups(F) * 4) },
  };
  const shared = (a: Float64Array) => {
    const out = alloc.f64(a.length);
    out.set(a);
    return out;
  };
  const weight = shared(rowWeights(train, task, classes, p.classWeight));
  const boostRows: BoostRows = {
    ...{ task, classes, outputs: K, base: objective.prior(train.target, weight, fit), target: shared(train.target), weight },
    ...{ sum: alloc.f64(rows * K), score: alloc.f64(rows * K), grad: alloc.f64(rows * K), hess: alloc.f64(rows * K) },
    ...{ fit: alloc.u32(n), partials: alloc.f64(Math.ceil(n / ROW_BLOCK)), blockSums: alloc.f64(2 * Math.ceil(n / ROW_BLOCK)) },
  };
  boostRows.fit.set(fit);
  // The worker threads start (a few hundred ms under tsx) while this thread bins the features.
  const opening = openEngine(space, space.hist.length / (F * SLOT_BINS * 2), threads, boostRows);
  let binned: BinnedMatrix;
  try {
    binned = binTrainingSet(train, p.maxBins, p.seed, space.bins);
  } catch (e) {
    await (await opening).close();
    throw e;
  }
  const engine = await opening;
  try {
    return await boost(train, p, objective, boostRows, valid, binned, engine);
  } finally {
    await engine.close();
  }
}

async function boost(
  train: TrainingSet,
  p: GbdtParams,
  objective: ReturnType<typeof objectiveFor>,
  b: BoostRows,
  valid: Uint32Array,
  binned: BinnedMatrix,
  engine: Awaited<ReturnType<typeof openEngine>>,
): Promise<GbdtFit> {
  const { rows, names } = train.features;
  const { outputs: K, base, sum, score, weight, fit } = b;
  const random = seeded(p.seed);
  // `sum` holds the sums of tree values per row and output, added in tree order from 0 exactly as `rawScores`
  // adds them; the raw score is `sum + base`, so training-time and predict-time scores agree bit for bit.
  const refresh = (list: Uint32Array | null) => {
    const count = list ? list.length : rows;
    for (let i = 0; i < count; i++) {
      const r = list ? list[i]! : i;
      for (let k = 0; k < K; k++) score[r * K + k] = sum[r * K + k]! + base[k]!;
    }
  };
  const fitWeight = weightOf(weight, fit);
  const validWeight = weightOf(weight, valid);
  const trees: Tree[] = [];
  const history: GbdtHistory = { trainLoss: [], bestIteration: -1, ...(valid.length > 0 ? { validLoss: [] } : {}) };
  let best = { loss: Infinity, round: -1, trees: 0, sum: sum.slice() };
  const limits: GrowLimits = { maxDepth: p.maxDepth, maxLeaves: p.maxLeaves, minSplitGain: p.minSplitGain, policy: p.growPolicy };
  const criterion = { kind: 'newton' as const, lambda: p.lambda, minChildWeight: p.minChildWeight };
  // With one output on every row, the gradient pass also lays the rows out for the tree.
  const direct = K === 1 && p.subsample >= 1;
  for (let round = 0; round < p.nTrees; round++) {
    await engine.rows({ kind: 'gradients', direct });
    if (round > 0) history.trainLoss.push(b.partials.reduce((a, x) => a + x, 0) / fitWeight);
    const sampled = roundRows(fit, p.subsample, random);
    for (let k = 0; k < K; k++) {
      if (p.shouldStop?.()) throw new GyreError('CANCELLED', 'Training was cancelled.');
      const features = sampleFeatures(names.length, Math.max(1, Math.round(names.length * p.colsampleBytree)), random);
      if (!direct) await engine.rows({ kind: 'gather', rows: sampled, k });
      const leafValue = (s: Float64Array, out: Float64Array) => void out.fill(0).set([(-s[0]! / (s[1]! + p.lambda)) * p.learningRate], k);
      const grown = await growTree({ binned, engine, criterion, limits, features, leafValue, outputs: K, rootSums: rootSums(b, sampled.length) }, sampled.length);
      trees.push(grown.tree);
      const leaves = Int32Array.from(grown.leaves.flatMap((l) => [l.start, l.end]));
      await engine.rows({ kind: 'leaves', k, leaves, leafValues: Float64Array.from(grown.leaves, (l) => grown.tree.value[l.node * K + k]!) });
      addTree(sum, K, k, grown, engine.space.index, sampled.length < fit.length ? fit : null, binned, train, valid);
    }
    if (valid.length > 0) {
      refresh(valid);
      const v = objective.loss(score, train.target, weight, valid) / validWeight;
      history.validLoss!.push(v);
      if (v < best.loss) best = { loss: v, round, trees: trees.length, sum: sum.slice() };
      else if (round - best.round >= p.earlyStoppingRounds!) break;
    }
    p.onRound?.(round + 1, p.nTrees);
  }
  refresh(fit);
  history.trainLoss.push(objective.loss(score, train.target, weight, fit) / fitWeight);
  if (valid.length > 0) {
    trees.length = best.trees;
    sum.set(best.sum);
    history.bestIteration = best.round;
  } else history.bestIteration = trees.length / K - 1;
  refresh(null);
  const model: TreeEnsemble = { kind: 'trees', task: b.task, outputs: K, baseScore: base, aggregate: 'sum', postTransform: objective.postTransform, trees, featureNames: [...names] };
  return { model, history, trainScores: score.slice() };
}

function weightOf(weight: Float64Array, rows: Uint32Array): number {
  let w = 0;
  for (let i = 0; i < rows.length; i++) w += weight[rows[i]!]!;
  return w;
}

/**
 * Adds a new tree's leaf values to the sums of the rows it did not grow on (those it grew on, the `leaves` row pass
 * did): the fit's other rows (when subsampled) by their bins, held-out rows by their raw values as `predict.ts`
 * routes them.
 */
function addTree(
  sum: Float64Array,
  K: number,
  k: number,
  grown: Awaited<ReturnType<typeof growTree>>,
  index: Uint32Array,
  fitWhenSampled: Uint32Array | null,
  binned: BinnedMatrix,
  train: TrainingSet,
  valid: Uint32Array,
): void {
  const { value } = grown.tree;
  if (fitWhenSampled) {
    const grownOn = new Uint8Array(train.features.rows);
    for (const leaf of grown.leaves) for (let i = leaf.start; i < leaf.end; i++) grownOn[index[i]!] = 1;
    for (let i = 0; i < fitWhenSampled.length; i++) {
      const r = fitWhenSampled[i]!;
      if (!grownOn[r]) sum[r * K + k]! += value[leafOfBinned(grown, binned.bins, binned.rows, r) * K + k]!;
    }
  }
  for (let i = 0; i < valid.length; i++) sum[valid[i]! * K + k]! += value[leafOf(grown.tree, train.features, valid[i]!) * K + k]!;
}
