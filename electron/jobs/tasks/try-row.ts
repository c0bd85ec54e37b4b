/**
 * The `model.tryRow` task: one row from the "Try it" form checked as the bundle's server checks it, scored by the
 * version's file, and explained against a seeded sample of training rows the way the Evaluate stage explains a row
 * (exact TreeSHAP for tree models, Shapley values through the file otherwise).
 */
import type { TryExplanation, TryResult } from '../../contract/bundles';
import { GyreError } from '../../contract/errors';
import type { Run } from '../../contract/runs';
import { RunStore } from '../../core/runs';
import { openWorkspace } from '../../core/workspace';
import { bundleFields } from '../../deploy/fields';
import { isoText, tryFrame, type TryValue } from '../../deploy/try-input';
import { outputLabel, singleOutput } from '../../ml/evaluate/explanations';
import { cellValue } from '../../ml/evaluate/report';
import { shapleyValues } from '../../ml/explain/shapley';
import { treeRowExplanation, type TreeRowExplanation } from '../../ml/explain/tree-row';
import { modelInputs } from '../../ml/onnx/model-inputs';
import type { Frame } from '../../ml/preprocess/frame';
import type { RawInput } from '../../ml/preprocess/onnx';
import type { TaskContext } from '../tasks';
import { modelScorer, type ModelScorer } from './model-scorer';
import { backgroundFrame, tryReference } from './try-reference';

export interface TryRowJobInput {
  runId: string;
  /** NAME@VERSION. */
  ref: string;
  /** The version's saved decision threshold (binary), null for 0.5. */
  threshold: number | null;
  row: Record<string, TryValue>;
}

export async function tryRow(input: TryRowJobInput, ctx: TaskContext): Promise<TryResult> {
  const started = performance.now();
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const run = new RunStore(ws.db).get(input.runId);
    if (!ws.objects.has(run.onnx.sha256)) throw new GyreError('NOT_FOUND', `The model file of ${input.ref} (run ${run.id}) is missing from this workspace's object store.`, { field: 'model' });
    const onnx = ws.objects.read(run.onnx.sha256);
    const { inputs } = modelInputs(onnx);
    const reference = await tryReference(ws, run, inputs, ctx);
    const { frame, warnings } = tryFrame(bundleFields(reference.columns, run.model !== 'imported'), reference.columns, input.row);
    const scorer = await modelScorer(onnx, inputs, run.task, 'cpu');
    try {
      const out = await scorer.predict(frame);
      const labels = run.details.classLabels ?? [];
      const shown = run.task === 'binary' ? 1 : run.task === 'multiclass' ? argmax(out) : 0;
      const explanation = await explain(onnx, run, inputs, scorer, frame, backgroundFrame(reference), shown);
      const scored = run.task === 'regression' ? { prediction: out[0]! } : { label: labelOf(run, out, input.threshold), probabilities: labels.map((label, i) => ({ label, probability: out[i]! })) };
      return { ...scored, explanation, warnings, elapsedMs: performance.now() - started };
    } finally {
      await scorer.release();
    }
  } finally {
    ws.close();
  }
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** Binary: the positive class at or above the version's threshold, as the bundle's server decides; else the most probable class. */
function labelOf(run: Run, probabilities: Float64Array, threshold: number | null): string {
  const labels = run.details.classLabels!;
  if (run.task === 'binary') return probabilities[1]! >= (threshold ?? 0.5) ? labels[1]! : labels[0]!;
  return labels[argmax(probabilities)]!;
}

async function explain(onnx: Uint8Array, run: Run, inputs: RawInput[], scorer: ModelScorer, instance: Frame, background: Frame, shown: number): Promise<TryExplanation> {
  const labels = run.details.classLabels;
  const value = (column: string) => {
    const c = instance.columns.find((x) => x.name === column)!;
    // A date reads as it was typed (the day alone at midnight), not as the ISO instant cellValue writes.
    return c.semanticType === 'datetime' && !Number.isNaN(c.values[0]) ? isoText(c.values[0] as number) : cellValue(c, 0);
  };
  const tree = await treeRowExplanation(onnx, instance, background, inputs, { classIndex: shown });
  if (tree) {
    return {
      method: 'tree',
      output: treeOutputLabel(tree.output, run, shown),
      baseValue: tree.baseValue,
      prediction: tree.prediction,
      contributions: tree.contributions.map((c) => ({ column: c.column, value: value(c.column), contribution: c.contribution, standardError: 0 })),
    };
  }
  const explained = await shapleyValues(singleOutput(scorer.predict, run.task, labels?.length ?? 1, shown), instance, background, { seed: run.details.request?.seed ?? 0 });
  return {
    method: explained.method,
    output: outputLabel(run.task, labels, run.target, shown),
    baseValue: explained.baseValue,
    prediction: explained.prediction,
    contributions: explained.contributions.map((c) => ({ column: c.column, value: value(c.column), contribution: c.contribution, standardError: c.standardError })),
  };
}

/** What a tree model's raw score is (as explain-row.ts names it): "log-odds of churned = true", a softmax score, a probability or the value. */
function treeOutputLabel(output: TreeRowExplanation['output'], run: Run, shown: number): string {
  if (output !== 'margin') return outputLabel(run.task, run.details.classLabels, run.target, shown);
  const of = `${run.target} = ${run.details.classLabels![shown]}`;
  return run.task === 'binary' ? `log-odds of ${of}` : `raw score (before softmax) of ${of}`;
}
