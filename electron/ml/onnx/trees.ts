/**
 * Exports a TreeEnsemble as ai.onnx.ml tree operators whose outputs equal `trees/predict.ts` in onnxruntime:
 * `prediction` [N, 1] for regression, `label` [N] + `probabilities` [N, k] for classification.
 *
 * Binary models go through TreeEnsembleRegressor plus plain ai.onnx ops, not TreeEnsembleClassifier: with two
 * classes ORT's classifier has its own conventions (measured in ORT 1.30: a single score's label is `score > 0.5`
 * when every leaf weight is ≥ 0 though probabilities are [1 − σ, σ]; with weights on both classes the label is
 * `score₁ > 0`; two base_values overwrite the scores), which older runtimes do differently still.
 *
 * The trees read the features cast to double: ORT then keeps leaf values and sums in double, as predict.ts does
 * (on float input it sums in float32, and 250 boosted trees drifted by 2e-4). Float32 → double is exact, and the
 * float32 thresholds widen exactly too, so every split compares the same two numbers predict.ts compares. Float
 * input would route rows identically, but on test/bench/onnx-scoring.ts it saved only 0–3 % of the scoring time:
 * too little for sums whose error has no useful bound (5e-5 on the logit of those 100 trees).
 */
import { GyreError, type ErrorDetails } from '../../contract/errors';
import type { Tree, TreeEnsemble } from '../types';
import { attr, COLUMN_CONSTANT, ML_DOMAIN, type AttributeProto, type GraphBuilder } from './graph';

export interface TreeExportOptions {
  /** Class labels, in class-index order: integers (int64 labels) or strings. Default: 0 … k − 1. */
  classLabels?: readonly (number | string)[];
}

/** The graph outputs an estimator part declares: the names are fixed by the pipeline contract. */
export type EstimatorOutputs =
  | { task: 'regression'; prediction: string }
  | { task: 'binary' | 'multiclass'; label: string; probabilities: string; labelType: 'int64' | 'string' };

const POST_TRANSFORM = { none: 'NONE', logistic: 'LOGISTIC', softmax: 'SOFTMAX' } as const;

const DOUBLE = 11;

/** Adds the ensemble reading float features `[N, F]` from `featuresName`, and declares its outputs. */
export function addTreeEnsemble(graph: GraphBuilder, model: TreeEnsemble, featuresName: string, options: TreeExportOptions = {}): EstimatorOutputs {
  validateEnsemble(model);
  const labels = model.task === 'regression' ? null : classLabels(model, options.classLabels);
  const features = graph.op('Cast', [featuresName], [attr.int('to', DOUBLE)], 'features_double');
  if (!labels) return addRegression(graph, model, features);
  return model.task === 'binary' ? addBinary(graph, model, features, labels) : addMulticlass(graph, model, features, labels);
}

function addRegression(graph: GraphBuilder, model: TreeEnsemble, features: string): EstimatorOutputs {
  const prediction = rawScores(graph, model, features, 'prediction');
  graph.output(prediction, 'float', ['N', 1]);
  return { task: 'regression', prediction };
}

/** Raw scores [N, outputs] = base + Σ (or mean of) leaf values, exactly TreeEnsemble's definition. */
function rawScores(graph: GraphBuilder, model: TreeEnsemble, features: string, name: string): string {
  const leaves = leafAttributes(model, 'target', 1);
  const attributes = [
    ...nodeAttributes(model.trees),
    ...leaves,
    attr.int('n_targets', model.outputs),
    attr.string('aggregate_function', model.aggregate === 'average' ? 'AVERAGE' : 'SUM'),
    attr.tensor('base_values_as_tensor', { type: 'double', values: model.baseScore }),
    attr.string('post_transform', 'NONE'),
  ];
  return graph.node('TreeEnsembleRegressor', [features], [name], attributes, ML_DOMAIN)[0]!;
}

/** Probabilities [1 − p, p] from one score, or the two scores of a forest; label = the first most probable class. */
function addBinary(graph: GraphBuilder, model: TreeEnsemble, features: string, labels: Labels): EstimatorOutputs {
  const raw = rawScores(graph, model, features, graph.uniqueName('scores'));
  let probabilities: string;
  if (model.outputs === 1) {
    const p = model.postTransform === 'logistic' ? graph.op('Sigmoid', [raw], [], 'positive') : raw;
    const negative = graph.op('Sub', [graph.floats('one', [1], COLUMN_CONSTANT), p], [], 'negative');
    probabilities = graph.node('Concat', [negative, p], ['probabilities'], [attr.int('axis', 1)])[0]!;
  } else {
    probabilities = postTransform(graph, raw, model.postTransform, 'probabilities');
  }
  const label = argmaxLabel(graph, probabilities, labels);
  return declareClassification(graph, 'binary', label, probabilities, labels);
}

function postTransform(graph: GraphBuilder, raw: string, transform: TreeEnsemble['postTransform'], name: string): string {
  switch (transform) {
    case 'none': return graph.node('Identity', [raw], [name])[0]!;
    case 'logistic': return graph.node('Sigmoid', [raw], [name])[0]!;
    case 'softmax': return graph.node('Softmax', [raw], [name], [attr.int('axis', 1)])[0]!;
    default: throw new Error(`Unknown post-transform ${transform as string}`);
  }
}

function argmaxLabel(graph: GraphBuilder, probabilities: string, labels: Labels): string {
  // ArgMax keeps the first of equal maxima (select_last_index = 0), as TreeEnsembleClassifier does.
  const index = graph.op('ArgMax', [probabilities], [attr.int('axis', 1), attr.int('keepdims', 0)], 'class_index');
  const table = labels.type === 'string' ? graph.strings('class_labels', labels.values) : graph.int64s('class_labels', labels.values);
  return graph.node('Gather', [table, index], ['label'], [attr.int('axis', 0)])[0]!;
}

/**
 * Three or more classes: TreeEnsembleClassifier, whose multiclass semantics are plain (base_values added, label =
 * first class of highest raw score, then post_transform). It only sums, so an average divides the leaf weights.
 */
function addMulticlass(graph: GraphBuilder, model: TreeEnsemble, features: string, labels: Labels): EstimatorOutputs {
  const scale = model.aggregate === 'average' ? 1 / Math.max(1, model.trees.length) : 1;
  const attributes = [
    ...nodeAttributes(model.trees),
    ...leafAttributes(model, 'class', scale),
    labels.type === 'string' ? attr.strings('classlabels_strings', labels.values) : attr.ints('classlabels_int64s', labels.values),
    attr.tensor('base_values_as_tensor', { type: 'double', values: model.baseScore }),
    attr.string('post_transform', POST_TRANSFORM[model.postTransform]),
  ];
  const [label, probabilities] = graph.node('TreeEnsembleClassifier', [features], ['label', 'probabilities'], attributes, ML_DOMAIN);
  return declareClassification(graph, 'multiclass', label!, probabilities!, labels);
}

function declareClassification(graph: GraphBuilder, task: 'binary' | 'multiclass', label: string, probabilities: string, labels: Labels): EstimatorOutputs {
  graph.output(label, labels.type, ['N']);
  graph.output(probabilities, 'float', ['N', labels.values.length]);
  return { task, label, probabilities, labelType: labels.type };
}

type Labels = { type: 'int64'; values: number[] } | { type: 'string'; values: string[] };

function classLabels(model: TreeEnsemble, given: readonly (number | string)[] | undefined): Labels {
  const k = model.task === 'binary' ? 2 : model.outputs;
  if (!given) return { type: 'int64', values: Array.from({ length: k }, (_, i) => i) };
  if (given.length !== k) throw invalid(`Expected ${k} class labels, got ${given.length}.`, { field: 'classLabels' });
  if (new Set(given).size !== k) throw invalid('Class labels must be distinct.', { field: 'classLabels' });
  if (given.every((l) => typeof l === 'string')) return { type: 'string', values: [...given] as string[] };
  if (given.every((l) => typeof l === 'number' && Number.isSafeInteger(l))) return { type: 'int64', values: [...given] as number[] };
  throw invalid('Class labels must be all integers or all strings.', { field: 'classLabels' });
}

/** nodes_* attributes: node ids are indexes within each tree; `x < threshold` is the true branch. */
function nodeAttributes(trees: readonly Tree[]): AttributeProto[] {
  const total = trees.reduce((n, t) => n + t.feature.length, 0);
  const treeIds = new Int32Array(total), nodeIds = new Int32Array(total), featureIds = new Int32Array(total);
  const trueIds = new Int32Array(total), falseIds = new Int32Array(total), missingTrue = new Int32Array(total);
  const values = new Float32Array(total);
  const modes: string[] = new Array<string>(total);
  let at = 0;
  trees.forEach((tree, t) => {
    for (let i = 0; i < tree.feature.length; i++, at++) {
      const leaf = tree.feature[i] === -1;
      treeIds[at] = t;
      nodeIds[at] = i;
      modes[at] = leaf ? 'LEAF' : 'BRANCH_LT';
      if (leaf) continue;
      featureIds[at] = tree.feature[i]!;
      // Float32 thresholds go into a float attribute unchanged: ORT compares float32 features with them as predict.ts does.
      values[at] = tree.threshold[i]!;
      trueIds[at] = tree.left[i]!;
      falseIds[at] = tree.right[i]!;
      missingTrue[at] = tree.missingLeft[i]!;
    }
  });
  return [
    attr.ints('nodes_treeids', treeIds), attr.ints('nodes_nodeids', nodeIds), attr.ints('nodes_featureids', featureIds),
    attr.strings('nodes_modes', modes), attr.floats('nodes_values', values),
    attr.ints('nodes_truenodeids', trueIds), attr.ints('nodes_falsenodeids', falseIds),
    attr.ints('nodes_missing_value_tracks_true', missingTrue),
  ];
}

/** `<prefix>_treeids/_nodeids/_ids/_weights_as_tensor` (double): one weight per leaf per output, zeros included. */
function leafAttributes(model: TreeEnsemble, prefix: 'target' | 'class', scale: number): AttributeProto[] {
  const { outputs } = model;
  const treeIds: number[] = [], nodeIds: number[] = [], ids: number[] = [], weights: number[] = [];
  model.trees.forEach((tree, t) => {
    for (let i = 0; i < tree.feature.length; i++) {
      if (tree.feature[i] !== -1) continue;
      for (let k = 0; k < outputs; k++) {
        treeIds.push(t);
        nodeIds.push(i);
        ids.push(k);
        weights.push(tree.value[i * outputs + k]! * scale);
      }
    }
  });
  const weightsTensor = attr.tensor(`${prefix}_weights_as_tensor`, { type: 'double', values: weights });
  return [attr.ints(`${prefix}_treeids`, treeIds), attr.ints(`${prefix}_nodeids`, nodeIds), attr.ints(`${prefix}_ids`, ids), weightsTensor];
}

/** Rejects an ensemble whose arrays disagree, before ORT reports it less clearly at load time. */
export function validateEnsemble(model: TreeEnsemble): void {
  const features = model.featureNames.length;
  const { task, outputs, postTransform: transform } = model;
  if (task === 'regression' && (outputs !== 1 || transform !== 'none')) throw invalid('A regression ensemble has one output and no post-transform.', { field: 'outputs' });
  if (task === 'binary' && outputs !== 1 && outputs !== 2) throw invalid(`A binary ensemble has 1 or 2 outputs, got ${outputs}.`, { field: 'outputs' });
  if (task === 'binary' && outputs === 1 && transform === 'softmax') throw invalid('A single-output binary ensemble cannot use softmax.', { field: 'postTransform' });
  if (task === 'multiclass' && outputs < 3) throw invalid(`A multiclass ensemble needs one output per class (3 or more), got ${outputs}.`, { field: 'outputs' });
  if (model.baseScore.length !== model.outputs) throw invalid(`baseScore has ${model.baseScore.length} values for ${model.outputs} outputs.`, { field: 'baseScore' });
  if (model.trees.length === 0) throw invalid('A tree ensemble needs at least one tree.', { field: 'trees' });
  model.trees.forEach((tree, t) => {
    const n = tree.feature.length;
    const sized = [tree.threshold, tree.left, tree.right, tree.missingLeft].every((a) => a.length === n) && tree.value.length === n * model.outputs;
    if (n === 0 || !sized) throw invalid(`Tree ${t}: node arrays have different lengths.`, { field: `trees[${t}]` });
    const hasParent = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const f = tree.feature[i]!;
      if (f === -1) continue;
      if (f < 0 || f >= features) throw invalid(`Tree ${t}, node ${i}: feature ${f} is not one of the ${features} features.`, { field: `trees[${t}].feature[${i}]` });
      for (const child of [tree.left[i]!, tree.right[i]!]) {
        // Node 0 is the root; a node with two parents would make the flat arrays a graph, not a tree.
        if (child <= 0 || child >= n || hasParent[child]) throw invalid(`Tree ${t}, node ${i}: child ${child} is not a node of its own.`, { field: `trees[${t}]`, node: i });
        hasParent[child] = 1;
      }
    }
  });
}

function invalid(message: string, details: ErrorDetails): GyreError {
  return new GyreError('VALIDATION', `Cannot export the tree ensemble: ${message}`, details);
}
