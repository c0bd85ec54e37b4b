/**
 * Random forests and single decision trees on binned features, in the scikit-learn manner: bootstrap rows per tree,
 * a fresh draw of features at every split, splits that most reduce the weighted variance of the target (for
 * classes, of the one-hot target: the Gini impurity), and leaves that hold the mean target or the class
 * proportions. The model is a TreeEnsemble that averages its trees. Trees grow in parallel, one per thread.
 */
import { GyreError } from '../../contract/errors';
import type { Task, TrainingSet, TreeEnsemble } from '../types';
import { MAX_VALUE_BINS } from './binning';
import { allocate } from './engine';
import { growForestTrees, type ForestJob } from './forest-trees';
import { FOREST_MIN_CELLS, binTrainingSet, checkRange, checkTrainingSet, invalid, rowWeights, threadCount } from './prepare';
import { growForestInThreads } from './threads';

export interface ForestParams {
  nTrees: number;
  /** Infinity grows until leaves are pure or too small. */
  maxDepth: number;
  maxLeaves: number;
  /** Least rows (bootstrap repeats counted) in a leaf. */
  minSamplesLeaf: number;
  /** Least impurity decrease (weighted, summed over the node's rows) for a split. */
  minSplitGain: number;
  /** Features drawn at each split: 'sqrt' or 'log2' of the count, a share in (0, 1], or null for all. */
  maxFeatures: 'sqrt' | 'log2' | number | null;
  /** Draw each tree's rows with replacement (as many as there are rows). */
  bootstrap: boolean;
  maxBins: number;
  classWeight: 'balanced' | null;
  seed: number;
  /** Threads growing trees (one tree per thread at a time); 0 (auto) for every core, or one for little work (`FOREST_MIN_CELLS`). */
  threads: number;
  /** Asked between trees; true cancels the fit (it throws a CANCELLED error). */
  shouldStop?: () => boolean;
  onTree?: (done: number, total: number) => void;
}

export const FOREST_DEFAULTS: ForestParams = {
  nTrees: 100,
  maxDepth: Infinity,
  maxLeaves: Infinity,
  minSamplesLeaf: 1,
  minSplitGain: 0,
  maxFeatures: 'sqrt',
  bootstrap: true,
  maxBins: 255,
  classWeight: null,
  seed: 0,
  threads: 0,
};

/** A decision tree is a forest of one tree on every row, looking at every feature at each split. */
export const DECISION_TREE_DEFAULTS: ForestParams = { ...FOREST_DEFAULTS, nTrees: 1, maxFeatures: null, bootstrap: false };

export interface ForestFit {
  model: TreeEnsemble;
}

function featuresPerSplit(p: ForestParams, features: number): number {
  const m = p.maxFeatures;
  if (m === null) return features;
  if (m === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(features)));
  if (m === 'log2') return Math.max(1, Math.floor(Math.log2(features)));
  if (typeof m === 'number' && m > 0 && m <= 1) return Math.max(1, Math.floor(m * features));
  throw invalid('maxFeatures', `maxFeatures must be 'sqrt', 'log2', a share in (0, 1] or null, not ${String(m)}.`);
}

function checkParams(p: ForestParams): void {
  checkRange('nTrees', p.nTrees, 1, 100_000, true);
  if (p.maxDepth !== Infinity) checkRange('maxDepth', p.maxDepth, 1, 1000, true);
  if (p.maxLeaves !== Infinity) checkRange('maxLeaves', p.maxLeaves, 2, 1 << 24, true);
  checkRange('minSamplesLeaf', p.minSamplesLeaf, 1, 1 << 30, true);
  checkRange('minSplitGain', p.minSplitGain, 0, Infinity);
  checkRange('maxBins', p.maxBins, 2, MAX_VALUE_BINS, true);
}

export async function fitForest(train: TrainingSet, task: Task, classes: number, params: Partial<ForestParams> = {}): Promise<ForestFit> {
  const p: ForestParams = { ...FOREST_DEFAULTS, ...params };
  checkParams(p);
  checkTrainingSet(train, task, classes);
  const { rows, names } = train.features;
  const F = names.length;
  const targets = task === 'regression' ? 1 : classes;
  const threads = Math.min(threadCount(p.threads, rows * F * p.nTrees, FOREST_MIN_CELLS), p.nTrees);
  const binned = binTrainingSet(train, p.maxBins, p.seed, allocate(threads > 1).u8(rows * F));
  const inShared = (a: Float64Array) => {
    if (threads <= 1) return a;
    const copy = allocate(true).f64(a.length);
    copy.set(a);
    return copy;
  };
  const job: ForestJob = {
    ...{ task, targets, mtry: featuresPerSplit(p, F), minSamplesLeaf: p.minSamplesLeaf, bootstrap: p.bootstrap, seed: p.seed, nTrees: p.nTrees },
    limits: { maxDepth: p.maxDepth, maxLeaves: p.maxLeaves, minSplitGain: p.minSplitGain, policy: 'depthwise' },
    ...{ binned, target: inShared(train.target), weight: inShared(rowWeights(train, task, classes, p.classWeight)) },
  };
  let stopped = false;
  const shouldStop = () => (stopped ||= p.shouldStop?.() ?? false);
  const onTree = (finished: number) => p.onTree?.(finished, p.nTrees);
  const grown = threads > 1 ? await growForestInThreads(job, threads, shouldStop, onTree) : await growForestTrees(job, new Int32Array(2), shouldStop, onTree);
  if (stopped) throw new GyreError('CANCELLED', 'Training was cancelled.');
  const trees = grown.sort((a, b) => a.t - b.t).map((g) => g.tree);
  const model: TreeEnsemble = { kind: 'trees', task, outputs: targets, baseScore: new Array<number>(targets).fill(0), aggregate: 'average', postTransform: 'none', trees, featureNames: [...names] };
  return { model };
}

export function fitDecisionTree(train: TrainingSet, task: Task, classes: number, params: Partial<ForestParams> = {}): Promise<ForestFit> {
  return fitForest(train, task, classes, { ...DECISION_TREE_DEFAULTS, ...params });
}
