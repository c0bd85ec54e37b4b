/**
 * The `model.evaluate` job: a run's exported file scored by onnxruntime on a dataset version — the run's own test
 * rows (recreated from its split and checked against the split's hash) or every row with a target — and the
 * report written: metrics with bootstrap intervals, the charter's gate, curves, errors, fairness, explanations.
 */
import type { EvaluationReport } from '../../contract/evaluations';
import { GyreError } from '../../contract/errors';
import { CharterService } from '../../core/charters';
import { DatasetService } from '../../core/datasets';
import { EvaluationStore, type EvaluationRequest } from '../../core/evaluations';
import { ProjectService } from '../../core/projects';
import { RunStore } from '../../core/runs';
import { openWorkspace } from '../../core/workspace';
import { withDuck } from '../../data/duck';
import { readFrame } from '../../data/frame-reader';
import { explanations } from '../../ml/evaluate/explanations';
import { successGate } from '../../ml/evaluate/gate';
import { metricEstimates } from '../../ml/evaluate/estimates';
import { columnNamed, curves, errorAnalysis, fairness, thresholdTable, type ScoredRows } from '../../ml/evaluate/report';
import { sampleRows, takeRows } from '../../ml/explain/frame-edit';
import { modelInputs } from '../../ml/onnx/model-inputs';
import { columnOf } from '../../ml/preprocess/frame';
import { membershipHash, type SplitSpec } from '../../ml/split';
import { encodeKnownTarget } from '../../ml/target';
import type { TaskContext } from '../tasks';
import { taskMetrics } from './judge';
import { modelScorer } from './model-scorer';
import { splitRows, throttled } from './training-data';

export interface EvaluateJobInput {
  id: string;
  projectId: string;
  runId: string;
  versionId: string;
  rows: 'test' | 'all';
  resamples: number;
  repeats: number;
  sensitive: string[];
  seed: number;
}

/** Rows that stand for "typical" inputs when one prediction is explained. */
const BACKGROUND_ROWS = 100;

export async function evaluateRun(input: EvaluateJobInput, ctx: TaskContext): Promise<{ evaluationId: string }> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const timings: Record<string, number> = {};
    let clock = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      timings[name] = (now - clock) / 1000;
      clock = now;
    };
    const run = new RunStore(ws.db).get(input.runId);
    const charter = new CharterService(ws.db, new ProjectService(ws.db)).get(run.projectId);
    const datasets = new DatasetService(ws.db);
    const version = datasets.version(input.versionId);
    const datasetName = datasets.get(run.projectId, version.datasetId).name;
    const onnx = ws.objects.read(run.onnx.sha256);
    const { inputs } = modelInputs(onnx);

    // The model's inputs and the target must be there; the charter's sensitive attributes are read where they are.
    const has = (name: string) => version.columns.some((c) => c.name === name);
    const missing = [...inputs.map((i) => i.column), run.target].filter((c) => !has(c));
    if (missing.length) throw new GyreError('VALIDATION', `This dataset version lacks ${missing.length === 1 ? 'the column' : 'the columns'} ${missing.map((c) => `"${c}"`).join(', ')} that the model reads or is judged on.`, { field: 'versionId' });
    const findColumn = (name: string) => columnNamed(version.columns, name)?.name ?? null;
    const attributes = [
      ...(charter?.content.constraints.sensitiveAttributes ?? []).map((a) => ({ attribute: a.name, column: findColumn(a.name), maxDisparity: a.maxDisparity })),
      ...input.sensitive.map((name) => ({ attribute: name, column: findColumn(name), maxDisparity: null })),
    ];
    const spec = run.split.spec as unknown as SplitSpec | ImportedSplit;
    const splitColumn = input.rows === 'test' && 'column' in spec ? spec.column : null;
    const names = [...new Set([...inputs.map((i) => i.column), run.target, ...attributes.flatMap((a) => (a.column ? [a.column] : [])), ...(splitColumn ? [splitColumn] : [])])];
    ctx.report(0.02, `Reading ${version.rowCount.toLocaleString('en')} rows`);
    const frame = await withDuck((duck) => readFrame(duck, ws.objects.pathOf(version.objectSha256), version.columns, names));
    const encoded = encodeKnownTarget(columnOf(frame, run.target), run.task, run.details.classLabels);
    const rows = input.rows === 'test' ? testRows(spec, frame, encoded, run.split.membershipHash) : encoded.rows;
    lap('read');

    ctx.report(0.1, `Scoring ${rows.length.toLocaleString('en')} rows`);
    const scorer = await modelScorer(onnx, inputs, run.task, run.details.request?.provider ?? 'cpu');
    try {
      const evaluated = takeRows(frame, rows);
      const predictions = await scorer.predict(evaluated);
      const yTrue = Float64Array.from(rows, (r) => encoded.values[r]!);
      const latency = await scorer.latency(evaluated);
      lap('score');
      const reportFrame = { rows: evaluated.rows, columns: evaluated.columns.filter((c) => c.name !== run.target && c.name !== splitColumn) };
      const scored: ScoredRows = { task: run.task, classLabels: run.details.classLabels, yTrue, predictions, frame: reportFrame, rowNumbers: rows };

      ctx.report(0.2, `Confidence intervals from ${input.resamples.toLocaleString('en')} resamples`);
      const point = taskMetrics(run.task, run.details.classLabels?.length ?? 1, yTrue, predictions).metrics;
      const metrics = metricEstimates(run.task, yTrue, predictions, point, { classes: run.details.classLabels?.length ?? 1, resamples: input.resamples, seed: input.seed });
      lap('intervals');
      const gate = successGate(charter?.content.successCriteria ?? [], run.task, metrics, latency, run.onnx.size);
      ctx.report(0.4, 'Curves, errors and fairness');
      const parts = { curves: curves(scored), thresholds: thresholdTable(scored), errors: errorAnalysis(scored), fairness: fairness(scored, attributes) };
      lap('analysis');

      const progress = throttled(ctx.report, 250);
      const modelFrame = { rows: evaluated.rows, columns: evaluated.columns.filter((c) => inputs.some((i) => i.column === c.name)) };
      const explained = await explanations(modelFrame, scorer.predict, {
        task: run.task,
        classLabels: run.details.classLabels,
        target: run.target,
        yTrue,
        repeats: input.repeats,
        seed: input.seed,
        onProgress: (done, total) => progress(0.45 + 0.5 * (done / total), `Explanations: ${done} of ${total} scorings for permutation importance`),
      });
      lap('explanations');

      const rowsLabel = input.rows === 'test' && spec.kind !== 'imported' ? `the run's ${rows.length.toLocaleString('en')} held-out test rows of ${datasetName} v${version.version}` : `all ${rows.length.toLocaleString('en')} rows with a target in ${datasetName} v${version.version}`;
      const report: EvaluationReport = {
        task: run.task,
        target: run.target,
        rows: rows.length,
        rowsLabel,
        classLabels: run.details.classLabels,
        positiveLabel: run.task === 'binary' ? run.details.classLabels![1]! : null,
        metrics,
        resamples: input.resamples,
        gate,
        ...parts,
        explanations: explained,
        timings,
      };
      const request: EvaluationRequest = { resamples: input.resamples, repeats: input.repeats, seed: input.seed, sensitive: input.sensitive, rows: input.rows, background: Array.from(sampleRows(rows.length, BACKGROUND_ROWS, input.seed), (i) => rows[i]!) };
      ctx.report(0.97, 'Saving the report');
      new EvaluationStore(ws.db).add({ id: input.id, projectId: run.projectId, runId: run.id, versionId: version.id, jobId: ctx.jobId, request, report });
      return { evaluationId: input.id };
    } finally {
      await scorer.release();
    }
  } finally {
    ws.close();
  }
}

/** An imported model's split: it was judged on every row with a target, so those are its test rows. */
type ImportedSplit = { kind: 'imported' };

/** The run's held-out rows, made again from its split; refused if they are not the rows it was judged on. */
function testRows(spec: SplitSpec | ImportedSplit, frame: Parameters<typeof splitRows>[1], encoded: Parameters<typeof splitRows>[2], hash: string): Uint32Array {
  const split = spec.kind === 'imported' ? { testRows: encoded.rows, membershipHash: membershipHash(encoded.rows) } : splitRows(spec, frame, encoded);
  if (split.membershipHash !== hash) {
    throw new GyreError('VALIDATION', "The run's test rows could not be made again on this dataset version (its rows or target differ from when the run was trained); evaluate on all rows instead.", { field: 'rows' });
  }
  return split.testRows;
}
