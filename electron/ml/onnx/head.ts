/**
 * The outputs of a model that computes raw scores in double (linear models, the MLP), with the output contract
 * of `onnx/trees.ts`: `prediction` [N, 1] for regression, `label` [N] + `probabilities` [N, k] otherwise. A binary
 * model has one score (the positive class's logit), a multiclass one a score per class.
 */
import { GyreError } from '../../contract/errors';
import type { Task } from '../types';
import { attr, COLUMN_CONSTANT, type GraphBuilder } from './graph';
import type { EstimatorOutputs } from './trees';

const FLOAT = 1;

export function addScoreHead(graph: GraphBuilder, scores: string, task: Task, classes: number, given: readonly (number | string)[] | undefined, what: string): EstimatorOutputs {
  if (task === 'regression') {
    const prediction = graph.node('Cast', [scores], ['prediction'], [attr.int('to', FLOAT)])[0]!;
    graph.output(prediction, 'float', ['N', 1]);
    return { task: 'regression', prediction };
  }
  const labels = classLabels(classes, given, what);
  let probabilities: string;
  if (task === 'binary') {
    const positive = graph.op('Sigmoid', [scores], [], 'positive');
    const negative = graph.op('Sub', [graph.initializer('one', { type: 'double', values: [1] }, COLUMN_CONSTANT), positive], [], 'negative');
    probabilities = graph.op('Concat', [negative, positive], [attr.int('axis', 1)], 'probabilities_double');
  } else {
    probabilities = graph.op('Softmax', [scores], [attr.int('axis', 1)], 'probabilities_double');
  }
  // ArgMax keeps the first of equal maxima, as an argmax over the reference scorer's rows does.
  const index = graph.op('ArgMax', [probabilities], [attr.int('axis', 1), attr.int('keepdims', 0)], 'class_index');
  const table = labels.type === 'string' ? graph.strings('class_labels', labels.values) : graph.int64s('class_labels', labels.values);
  const label = graph.node('Gather', [table, index], ['label'], [attr.int('axis', 0)])[0]!;
  const output = graph.node('Cast', [probabilities], ['probabilities'], [attr.int('to', FLOAT)])[0]!;
  graph.output(label, labels.type, ['N']);
  graph.output(output, 'float', ['N', labels.values.length]);
  return { task, label, probabilities: output, labelType: labels.type };
}

type Labels = { type: 'int64'; values: number[] } | { type: 'string'; values: string[] };

function classLabels(k: number, given: readonly (number | string)[] | undefined, what: string): Labels {
  if (!given) return { type: 'int64', values: Array.from({ length: k }, (_, i) => i) };
  const invalid = (message: string) => new GyreError('VALIDATION', `Cannot export the ${what}: ${message}`, { field: 'classLabels' });
  if (given.length !== k) throw invalid(`expected ${k} class labels, got ${given.length}.`);
  if (new Set(given).size !== k) throw invalid('class labels must be distinct.');
  if (given.every((l) => typeof l === 'string')) return { type: 'string', values: [...given] as string[] };
  if (given.every((l) => typeof l === 'number' && Number.isSafeInteger(l))) return { type: 'int64', values: [...given] as number[] };
  throw invalid('class labels must be all integers or all strings.');
}
