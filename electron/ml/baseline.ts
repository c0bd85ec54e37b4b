/**
 * The baseline every model must beat: the class priors (its label is the majority class) or the mean. Expressed
 * as a TreeEnsemble of one single-leaf tree, so it exports, scores and is judged exactly like the other models.
 */
import type { Task, TrainingSet, TreeEnsemble } from './types';

function singleLeaf(outputs: number) {
  return {
    feature: Int32Array.of(-1),
    threshold: Float32Array.of(0),
    left: Int32Array.of(-1),
    right: Int32Array.of(-1),
    missingLeft: Uint8Array.of(0),
    value: new Float64Array(outputs),
  };
}

export function fitBaseline(train: TrainingSet, task: Task, classes: number): TreeEnsemble {
  const { target, weights } = train;
  const w = (i: number) => weights?.[i] ?? 1;
  let total = 0;
  const sums = new Float64Array(task === 'regression' ? 1 : classes);
  for (let i = 0; i < target.length; i++) {
    total += w(i);
    if (task === 'regression') sums[0]! += w(i) * target[i]!;
    else sums[target[i]!]! += w(i);
  }
  const base = { kind: 'trees' as const, task, aggregate: 'sum' as const, featureNames: train.features.names };
  if (task === 'regression') return { ...base, outputs: 1, baseScore: [sums[0]! / total], postTransform: 'none', trees: [singleLeaf(1)] };
  const priors = Array.from(sums, (s) => s / total);
  if (task === 'binary') {
    // Clamp so a training set of one class still gives a finite logit.
    const p = Math.min(1 - 1e-12, Math.max(1e-12, priors[1]!));
    return { ...base, outputs: 1, baseScore: [Math.log(p / (1 - p))], postTransform: 'logistic', trees: [singleLeaf(1)] };
  }
  return { ...base, outputs: classes, baseScore: priors, postTransform: 'none', trees: [singleLeaf(classes)] };
}
