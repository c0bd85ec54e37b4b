/**
 * Why a model predicted what it did for one row, against the evaluation's background rows: exact TreeSHAP on a tree
 * model's own trees (in its raw score: log-odds, averaged probability or value), summed per raw column; otherwise
 * the Shapley values of the row's raw columns through the exported file (exact up to 10 columns, sampled beyond).
 */
import type { RowExplanation } from '../../contract/evaluations';
import { GyreError } from '../../contract/errors';
import { DatasetService } from '../../core/datasets';
import { EvaluationStore } from '../../core/evaluations';
import { RunStore } from '../../core/runs';
import { openWorkspace } from '../../core/workspace';
import { withDuck } from '../../data/duck';
import { readFrame } from '../../data/frame-reader';
import { outputLabel, shownClass, singleOutput } from '../../ml/evaluate/explanations';
import { cellValue } from '../../ml/evaluate/report';
import { takeRows } from '../../ml/explain/frame-edit';
import { shapleyValues } from '../../ml/explain/shapley';
import { treeRowExplanation, type TreeRowExplanation } from '../../ml/explain/tree-row';
import { modelInputs } from '../../ml/onnx/model-inputs';
import type { Task } from '../../ml/types';
import type { TaskContext } from '../tasks';
import { modelScorer } from './model-scorer';

export interface ExplainRowInput {
  evaluationId: string;
  row: number;
}

export async function explainRow(input: ExplainRowInput, ctx: TaskContext): Promise<RowExplanation> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const store = new EvaluationStore(ws.db);
    const evaluation = store.get(input.evaluationId);
    const request = store.request(evaluation.id);
    const run = new RunStore(ws.db).get(evaluation.runId);
    const version = new DatasetService(ws.db).version(evaluation.versionId);
    if (input.row >= version.rowCount) throw new GyreError('VALIDATION', `Row ${input.row} is past the end of this dataset version (${version.rowCount.toLocaleString('en')} rows).`, { field: 'row' });
    const onnx = ws.objects.read(run.onnx.sha256);
    const { inputs } = modelInputs(onnx);
    const frame = await withDuck((duck) => readFrame(duck, ws.objects.pathOf(version.objectSha256), version.columns, inputs.map((i) => i.column)));
    const instance = takeRows(frame, [input.row]);
    const background = takeRows(frame, request.background);
    const report = evaluation.report;
    const classes = report.classLabels?.length ?? 1;
    const yTrue = Float64Array.from(request.background, () => 0);
    const shown = report.task === 'multiclass' ? classIndexOf(report.explanations.output, report.classLabels!) : shownClass(report.task, report.classLabels, yTrue);
    const value = (column: string) => cellValue(frame.columns.find((f) => f.name === column)!, input.row);
    const tree = await treeRowExplanation(onnx, instance, background, inputs, { classIndex: shown });
    if (tree) {
      return {
        row: input.row,
        method: 'tree',
        output: treeOutputLabel(tree.output, report.task, report.classLabels, report.target, shown),
        baseValue: tree.baseValue,
        prediction: tree.prediction,
        contributions: tree.contributions.map((c) => ({ column: c.column, value: value(c.column), contribution: c.contribution, standardError: 0 })),
      };
    }
    const scorer = await modelScorer(onnx, inputs, report.task, run.details.request?.provider ?? 'cpu');
    try {
      const explained = await shapleyValues(singleOutput(scorer.predict, report.task, classes, shown), instance, background, { seed: request.seed });
      return {
        row: input.row,
        method: explained.method,
        output: outputLabel(report.task, report.classLabels, report.target, shown),
        baseValue: explained.baseValue,
        prediction: explained.prediction,
        contributions: explained.contributions.map((c) => ({ column: c.column, value: value(c.column), contribution: c.contribution, standardError: c.standardError })),
      };
    } finally {
      await scorer.release();
    }
  } finally {
    ws.close();
  }
}

/** The class the report's explanations showed, from its output label ("probability of species = setosa"). */
function classIndexOf(output: string, labels: string[]): number {
  const i = labels.findIndex((l) => output.endsWith(` = ${l}`));
  return i === -1 ? 0 : i;
}

/** What a tree model's raw score is: "log-odds of churned = true", a softmax score, a probability or the value. */
function treeOutputLabel(output: TreeRowExplanation['output'], task: Task, labels: string[] | null, target: string, shown: number): string {
  if (output !== 'margin') return outputLabel(task, labels, target, shown);
  const of = `${target} = ${labels![shown]}`;
  return task === 'binary' ? `log-odds of ${of}` : `raw score (before softmax) of ${of}`;
}
