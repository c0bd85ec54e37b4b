/**
 * One model trained into a run, and runs saved: fit the pipeline, score the exported file on the test rows through
 * onnxruntime, judge it, then store the objects and insert every row in one transaction. Shared by `model.train`
 * and `model.tune` (which trains its best configuration this way).
 */
import { resampleSetting, type ResampleInput } from '../../contract/resample';
import type { ColumnChoice, ModelKind, ProviderChoice, Run, RunCost, SplitInput, TrainParams } from '../../contract/runs';
import { newRunId, RunStore, type NewRun } from '../../core/runs';
import { APP_VERSION, codeVersion } from '../../core/version';
import type { Workspace } from '../../core/workspace';
import { onnxInputs } from '../../ml/onnx-inputs';
import { createSession, scoreColumns } from '../../ml/onnx/runtime';
import { fitPipeline, type PipelineInput } from '../../ml/pipeline';
import { cudaInstalled } from '../onnx-providers';
import type { TaskContext } from '../tasks';
import { judge } from './judge';
import { rowLatency } from './model-scorer';
import { mergeExcluded, type TrainingData } from './training-data';

export interface RunRequestInput {
  projectId: string;
  target: string;
  split?: SplitInput;
  seed: number;
  params: TrainParams;
  provider: ProviderChoice;
  /** The user's per-column changes to the default preparation. */
  columns?: ColumnChoice[];
  /** Classification: how the training rows are resampled for class imbalance. */
  resample?: ResampleInput;
}

export interface FinishedRun {
  run: NewRun;
  onnx: Uint8Array;
}

/**
 * Fits `model` on the training rows, scores its exported file on the test rows and judges it. `extra` lands in the
 * run's details (which run it reproduces, which study chose it).
 */
export async function trainJudgedRun(data: TrainingData, input: RunRequestInput, model: ModelKind, ctx: TaskContext, options: { onProgress?: PipelineInput['onProgress']; onScoring?: (message: string) => void; details?: Record<string, unknown> } = {}): Promise<FinishedRun> {
  const { version, frame, encoded, split } = data;
  const id = newRunId();
  const cpuBefore = process.cpuUsage();
  const resample = input.resample ? resampleSetting(input.resample) : undefined;
  const pipeline = await fitPipeline({
    frame,
    target: input.target,
    encoded,
    train: split.trainRows,
    test: split.testRows,
    model,
    params: input.params,
    seed: input.seed,
    provider: input.provider,
    cudaInstalled,
    onProgress: options.onProgress,
    ...(input.columns?.length ? { columns: input.columns } : {}),
    ...(resample ? { resample } : {}),
    metadata: { gyre_version: APP_VERSION, run_id: id, model, task: encoded.task, target: input.target, training_dataset_sha256: version.objectSha256, class_labels: JSON.stringify(encoded.classLabels) },
  });
  const cpu = process.cpuUsage(cpuBefore);
  options.onScoring?.(`Scoring ${model}'s exported file on ${split.testRows.length.toLocaleString('en')} test rows`);
  const session = await createSession(pipeline.onnx, { provider: input.provider, cudaInstalled });
  const output = encoded.task === 'regression' ? 'prediction' : 'probabilities';
  const scoringStarted = performance.now();
  const outputs = await scoreColumns(session.session, onnxInputs(pipeline.inputs, frame, split.testRows), split.testRows.length, { outputs: [output] });
  const scoringSeconds = (performance.now() - scoringStarted) / 1000;
  const measured = await rowLatency(session.session, pipeline.inputs, frame, split.testRows, output).finally(() => session.session.release());
  const latency = { latencyP50Ms: measured.p50Ms, latencyP95Ms: measured.p95Ms };
  const cost: RunCost = {
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakMemoryMb: process.resourceUsage().maxRSS / 1024,
    scoringRowsPerSecond: split.testRows.length / Math.max(scoringSeconds, 1e-6),
    ...latency,
  };
  const scored = Float64Array.from(Object.values(outputs)[0]!.data as Float32Array);
  const yTrue = Float64Array.from(split.testRows, (r) => encoded.values[r]!);
  const verdict = judge(encoded.task, encoded.classLabels?.length ?? 1, yTrue, scored, pipeline.testPredictions);
  const run: NewRun = {
    id,
    projectId: input.projectId,
    jobId: ctx.jobId,
    versionId: version.id,
    splitId: '',
    target: input.target,
    task: encoded.task,
    model,
    params: { ...pipeline.estimatorParams, seed: input.seed },
    metrics: verdict.metrics,
    details: {
      classLabels: encoded.classLabels,
      featureNames: pipeline.preprocessor.featureNames,
      dropped: pipeline.preprocessor.steps.flatMap((s) => (s.action === 'drop' ? [{ column: s.column, reason: s.reason }] : [])),
      provider: session.provider,
      providerNote: session.note || null,
      request: { task: encoded.task, split: input.split ?? null, seed: input.seed, params: input.params, provider: input.provider, ...(input.columns?.length ? { columns: input.columns } : {}), ...(resample ? { resample } : {}) },
      ...(pipeline.resampled ? { resample: pipeline.resampled.record } : {}),
      ...options.details,
      ...verdict.details,
    } as Run['details'],
    trainSeconds: pipeline.trainSeconds,
    cost,
    codeVersion: codeVersion(),
    ...(pipeline.curves ? { curves: pipeline.curves } : {}),
    evaluation: verdict.evaluation,
    onnxSha256: '',
  };
  return { run, onnx: pipeline.onnx };
}

/**
 * Objects first (an interrupted job leaves only unreferenced files, swept later), then the split and every run in
 * one transaction, with `also` (say, the study's final row) inside the same transaction.
 */
export function saveRuns(ws: Workspace, data: TrainingData, finished: FinishedRun[], also: (runIds: string[], splitId: string) => void = () => undefined): { runIds: string[]; splitId: string } {
  const { version, encoded, split } = data;
  const runs = new RunStore(ws.db);
  const stored = finished.map((f) => ({ ...f.run, onnxSha256: ws.objects.put(f.onnx, 'application/onnx').sha256 }));
  const splitId = ws.db.transaction(() => {
    const record = runs.saveSplit({ versionId: version.id, spec: split.spec as unknown as Record<string, unknown>, trainRows: split.train.length, testRows: split.test.length, excluded: mergeExcluded(split.excluded, encoded), membershipHash: split.membershipHash });
    for (const run of stored) runs.addRun({ ...run, splitId: record.id });
    also(stored.map((r) => r.id), record.id);
    return record.id;
  })();
  return { runIds: stored.map((r) => r.id), splitId };
}
