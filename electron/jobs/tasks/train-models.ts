/**
 * The `model.train` job: read the version, split it once, then fit, export and judge each asked model. What is
 * judged is the exported ONNX file scored by onnxruntime, checked against the in-memory model first.
 */
import { GyreError } from '../../contract/errors';
import type { ModelKind, ProviderChoice, ModelTask as Task, Run, RunCost, SplitInput, TrainParams, TrainResult } from '../../contract/runs';
import { DatasetService } from '../../core/datasets';
import { newRunId, RunStore, type NewRun } from '../../core/runs';
import { APP_VERSION, codeVersion } from '../../core/version';
import { openWorkspace } from '../../core/workspace';
import { withDuck } from '../../data/duck';
import { readFrame } from '../../data/frame-reader';
import { onnxInputs } from '../../ml/onnx-inputs';
import { createSession, scoreColumns } from '../../ml/onnx/runtime';
import type { RawInput } from '../../ml/preprocess/onnx';
import type { InferenceSession } from 'onnxruntime-node';
import { cudaInstalled } from '../onnx-providers';
import { fitPipeline } from '../../ml/pipeline';
import { columnOf, type Frame } from '../../ml/preprocess/frame';
import { makeSplit, membershipHash, type Split, type SplitSpec } from '../../ml/split';
import { encodeTarget, type EncodedTarget } from '../../ml/target';
import type { TaskContext } from '../tasks';
import { judge } from './judge';

export interface TrainJobInput {
  projectId: string;
  versionId: string;
  target: string;
  task?: Task;
  models: ModelKind[];
  split?: SplitInput;
  seed: number;
  params: TrainParams;
  /** Resolved when the job is queued (the request's, else the workspace setting), so the job records what was asked. */
  provider: ProviderChoice;
  /** Set by `runs.reproduce`: the run this job trains again. */
  reproduces?: string;
}

/** The split as the user asked for it, or stratified (classification) / random (regression) 80/20. */
function splitSpec(input: TrainJobInput, task: Task): SplitSpec {
  const s = input.split ?? { kind: task === 'regression' ? 'random' : 'stratified', testFraction: 0.2 };
  if (s.kind === 'time') {
    const cutoff = s.cutoff === undefined ? undefined : Date.parse(s.cutoff);
    if (cutoff !== undefined && Number.isNaN(cutoff)) throw new GyreError('VALIDATION', `"${s.cutoff}" is not a date (use YYYY-MM-DD).`, { field: 'split.cutoff' });
    return { kind: 'time', column: s.column, ...(cutoff !== undefined ? { cutoff } : { testFraction: s.testFraction ?? 0.2 }) };
  }
  if (s.kind === 'group') return { kind: 'group', column: s.column, testFraction: s.testFraction, seed: input.seed };
  if (s.kind === 'stratified' && task === 'regression') throw new GyreError('VALIDATION', 'A stratified split needs classes; use a random split for regression.', { field: 'split' });
  return { kind: s.kind, testFraction: s.testFraction, seed: input.seed };
}

/** Splits the rows that have a target; returns frame row numbers. */
function splitRows(spec: SplitSpec, frame: Frame, encoded: EncodedTarget): Split & { trainRows: Uint32Array; testRows: Uint32Array } {
  const rows = encoded.rows;
  // The split's column is looked up (and checked) once, not once per row.
  const byColumn = spec.kind === 'group' || spec.kind === 'time' ? columnOf(frame, spec.column) : null;
  if (spec.kind === 'time' && byColumn!.semanticType !== 'datetime') {
    throw new GyreError('VALIDATION', `An out-of-time split needs a date column; "${spec.column}" is ${byColumn!.semanticType}.`, { field: 'split.column' });
  }
  const groupOf = (r: number) => {
    const v = byColumn!.values[r];
    return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : String(v);
  };
  const data = {
    rows: rows.length,
    classes: encoded.classLabels ? Int32Array.from(rows, (r) => encoded.values[r]!) : undefined,
    classNames: encoded.classLabels ?? undefined,
    groups: spec.kind === 'group' ? Array.from(rows, groupOf) : undefined,
    times: spec.kind === 'time' ? Float64Array.from(rows, (r) => byColumn!.values[r] as number) : undefined,
  };
  const split = makeSplit(spec, data);
  const testRows = Uint32Array.from(split.test, (i) => rows[i]!);
  // Hash the dataset's own row numbers, not positions among the rows that have a target.
  return { ...split, membershipHash: membershipHash(testRows), trainRows: Uint32Array.from(split.train, (i) => rows[i]!), testRows };
}

export async function trainModels(input: TrainJobInput, ctx: TaskContext): Promise<TrainResult> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const version = new DatasetService(ws.db).version(input.versionId);
    if (!version.columns.some((c) => c.name === input.target)) throw new GyreError('VALIDATION', `This dataset version has no column "${input.target}".`, { field: 'target' });
    ctx.report(0.02, `Reading ${version.rowCount.toLocaleString('en')} rows`);
    // Identifiers and free text are never features; read them only when the split groups by one.
    const splitColumn = input.split && 'column' in input.split ? input.split.column : null;
    const names = version.columns.filter((c) => c.name === input.target || c.name === splitColumn || !['identifier', 'text'].includes(c.semanticType)).map((c) => c.name);
    const frame = await withDuck((duck) => readFrame(duck, ws.objects.pathOf(version.objectSha256), version.columns, names));
    const encoded = encodeTarget(columnOf(frame, input.target), input.task);
    const split = splitRows(splitSpec(input, encoded.task), frame, encoded);
    const runs = new RunStore(ws.db);
    const progress = throttled(ctx.report, 200);
    const finished: { run: NewRun; onnx: Uint8Array }[] = [];
    for (const [i, model] of input.models.entries()) {
      const share = (f: number) => 0.05 + 0.9 * ((i + f) / input.models.length);
      ctx.report(share(0), `Training ${model} (${i + 1} of ${input.models.length})`);
      const id = newRunId();
      const cpuBefore = process.cpuUsage();
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
        onProgress: (done, total, unit) => progress(share(0.8 * (done / total)), `Training ${model} (${i + 1} of ${input.models.length}): ${done} of ${total} ${unit}`),
        metadata: { gyre_version: APP_VERSION, run_id: id, model, task: encoded.task, target: input.target, training_dataset_sha256: version.objectSha256, class_labels: JSON.stringify(encoded.classLabels) },
      });
      const cpu = process.cpuUsage(cpuBefore);
      ctx.report(share(0.8), `Scoring ${model}'s exported file on ${split.testRows.length.toLocaleString('en')} test rows`);
      const session = await createSession(pipeline.onnx, { provider: input.provider, cudaInstalled });
      const output = encoded.task === 'regression' ? 'prediction' : 'probabilities';
      const scoringStarted = performance.now();
      const outputs = await scoreColumns(session.session, onnxInputs(pipeline.inputs, frame, split.testRows), split.testRows.length, { outputs: [output] });
      const scoringSeconds = (performance.now() - scoringStarted) / 1000;
      const latency = await rowLatency(session.session, pipeline.inputs, frame, split.testRows, output).finally(() => session.session.release());
      const cost: RunCost = {
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        peakMemoryMb: process.resourceUsage().maxRSS / 1024,
        scoringRowsPerSecond: split.testRows.length / Math.max(scoringSeconds, 1e-6),
        ...latency,
      };
      const scored = Float64Array.from(Object.values(outputs)[0]!.data as Float32Array);
      const yTrue = Float64Array.from(split.testRows, (r) => encoded.values[r]!);
      const verdict = judge(encoded.task, encoded.classLabels?.length ?? 1, yTrue, scored, pipeline.testPredictions);
      finished.push({
        onnx: pipeline.onnx,
        run: {
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
            request: { task: encoded.task, split: input.split ?? null, seed: input.seed, params: input.params, provider: input.provider },
            ...(input.reproduces ? { reproduces: input.reproduces } : {}),
            ...verdict.details,
          } as Run['details'],
          trainSeconds: pipeline.trainSeconds,
          cost,
          codeVersion: codeVersion(),
          ...(pipeline.curves ? { curves: pipeline.curves } : {}),
          evaluation: verdict.evaluation,
          onnxSha256: '',
        },
      });
    }
    ctx.report(0.97, 'Saving the runs');
    // Objects first (an interrupted job leaves only unreferenced files, swept later), then every row at once.
    const stored = finished.map((f) => ({ ...f.run, onnxSha256: ws.objects.put(f.onnx, 'application/onnx').sha256 }));
    const splitId = ws.db.transaction(() => {
      const record = runs.saveSplit({ versionId: version.id, spec: split.spec as unknown as Record<string, unknown>, trainRows: split.train.length, testRows: split.test.length, excluded: mergeExcluded(split.excluded, encoded), membershipHash: split.membershipHash });
      for (const run of stored) runs.addRun({ ...run, splitId: record.id });
      return record.id;
    })();
    return { runIds: stored.map((r) => r.id), splitId };
  } finally {
    ws.close();
  }
}

function mergeExcluded(excluded: Split['excluded'], encoded: EncodedTarget): Split['excluded'] {
  const parts = [...(encoded.missing ? [{ rows: encoded.missing, reason: 'no target value' }] : []), ...(excluded ? [excluded] : [])];
  if (parts.length === 0) return null;
  return { rows: parts.reduce((s, p) => s + p.rows, 0), reason: parts.map((p) => `${p.rows.toLocaleString('en')} with ${p.reason}`).join(', ') };
}

/** Passes at most one report per `ms` milliseconds on: an epoch or a tree can take a millisecond. */
function throttled(report: TaskContext['report'], ms: number): TaskContext['report'] {
  let last = 0;
  return (fraction, message) => {
    const now = performance.now();
    if (now - last < ms) return;
    last = now;
    report(fraction, message);
  };
}

/** Rows scored one call each to time online prediction: enough for a p95, few enough to cost well under a second. */
const LATENCY_ROWS = 200;

/** p50 and p95 of scoring one row per call through the exported file (building its inputs included, as a server would). */
async function rowLatency(session: InferenceSession, inputs: RawInput[], frame: Frame, rows: Uint32Array, output: string): Promise<{ latencyP50Ms: number; latencyP95Ms: number }> {
  const step = Math.max(1, Math.floor(rows.length / LATENCY_ROWS));
  const times: number[] = [];
  for (let i = 0; i < rows.length && times.length < LATENCY_ROWS; i += step) {
    const started = performance.now();
    await scoreColumns(session, onnxInputs(inputs, frame, rows.subarray(i, i + 1)), 1, { outputs: [output] });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { latencyP50Ms: at(0.5), latencyP95Ms: at(0.95) };
}
