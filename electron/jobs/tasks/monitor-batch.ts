/**
 * The `monitor.batch` job: a batch of production inputs (a file, or a bundle server's prediction log) read against
 * the model version's inputs, kept in the workspace as Parquet, scored (a log's outputs are read as served), compared
 * with the version's training rows (drift per feature and of the predictions, data quality), judged on the outcomes
 * that arrived (the charter's metrics and fairness), and checked against the alert rules; the batch and the alerts
 * it raised are stored together.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CharterService } from '../../core/charters';
import { DatasetService } from '../../core/datasets';
import { evaluateRules, MonitorSettingsStore } from '../../core/monitor-rules';
import { MonitorStore } from '../../core/monitor-store';
import { ProjectService } from '../../core/projects';
import { ModelRegistry } from '../../core/registry';
import { RunStore } from '../../core/runs';
import { openWorkspace } from '../../core/workspace';
import type { BatchOutcomes, BatchSource, BatchSummary } from '../../contract/monitor';
import { GyreError } from '../../contract/errors';
import { withDuck } from '../../data/duck';
import { readBatch, type BatchRead } from '../../data/monitor-batch';
import { scoreOfLabel } from '../../deploy/reference-profile';
import { driftReport, predictionSide } from '../../ml/drift/report';
import { columnNamed } from '../../ml/evaluate/report';
import { modelInputs } from '../../ml/onnx/model-inputs';
import type { Frame, RawColumn } from '../../ml/preprocess/frame';
import type { TaskContext } from '../tasks';
import { modelScorer } from './model-scorer';
import { batchPerformance } from './monitor-performance';
import { readReferenceRows, scoreRows } from './reference-rows';

export interface MonitorBatchJobInput {
  projectId: string;
  /** The model version (resolved from NAME@VERSION when the job was asked for), and its NAME@VERSION. */
  versionId: string;
  ref: string;
  source: BatchSource;
  outcomes: BatchOutcomes | null;
  name: string;
  /** ISO; when omitted, a log's last timestamp, or the time the job ran. */
  observedAt: string | null;
}

/** The batch's columns for scoring: the inputs it lacks added as all-missing, so the model still answers. */
export function withAllInputs(frame: Frame, inputs: { name: string; kind: 'number' | 'string'; semanticType: RawColumn['semanticType'] }[]): Frame {
  const columns = inputs.map((i): RawColumn => {
    const present = frame.columns.find((c) => c.name === i.name);
    if (present) return present;
    return i.kind === 'number'
      ? { name: i.name, kind: 'number', semanticType: i.semanticType as Extract<RawColumn, { kind: 'number' }>['semanticType'], values: new Float64Array(frame.rows).fill(NaN) }
      : { name: i.name, kind: 'string', semanticType: i.semanticType as Extract<RawColumn, { kind: 'string' }>['semanticType'], values: new Array<string | null>(frame.rows).fill(null) };
  });
  return { rows: frame.rows, columns };
}

export async function monitorBatch(input: MonitorBatchJobInput, ctx: TaskContext): Promise<BatchSummary> {
  const ws = openWorkspace(ctx.workspaceDir);
  const tmpDir = join(ws.dir, 'tmp', 'jobs', ctx.jobId);
  mkdirSync(tmpDir, { recursive: true });
  try {
    const version = new ModelRegistry(ws.db, () => 'gyre').resolve(input.projectId, input.versionId);
    const run = new RunStore(ws.db).get(version.runId);
    const dataset = new DatasetService(ws.db).version(run.versionId);
    if (!ws.objects.has(run.onnx.sha256)) throw new GyreError('NOT_FOUND', `The model file of ${input.ref} (run ${run.id}) is missing from this workspace's object store.`, { field: 'model' });
    const onnx = ws.objects.read(run.onnx.sha256);
    const { inputs } = modelInputs(onnx);
    const charter = new CharterService(ws.db, new ProjectService(ws.db)).get(input.projectId)?.content ?? null;
    const settings = new MonitorSettingsStore(ws.db).settings(input.projectId, charter);

    // The reference: the version's training rows, made again from its split, and the model's output on them.
    const reference = await readReferenceRows(ws, run, dataset, inputs, { ...ctx, report: (p, m) => ctx.report(p * 0.4, m) });
    const referenceOutput = await scoreRows(onnx, inputs, run, reference, ctx, 0.2, 0.35);

    const displayName = basename(input.source.path);
    ctx.report(0.4, `Reading ${displayName}`);
    const features = inputs.map((i) => i.column);
    // The charter's sensitive attributes are read too where the batch has them: a model is often kept blind to them,
    // and its fairness can still be measured on the rows it scored.
    const sensitive = (charter?.constraints.sensitiveAttributes ?? [])
      .map((a) => columnNamed(dataset.columns, a.name))
      .filter((c): c is NonNullable<typeof c> => c !== undefined && c.name !== run.target && !features.includes(c.name));
    const schema = [...inputs.map((i) => ({ name: i.column, semanticType: dataset.columns.find((c) => c.name === i.column)!.semanticType })), ...sensitive.map((c) => ({ name: c.name, semanticType: c.semanticType }))];
    const parquetPath = join(tmpDir, 'batch.parquet');
    const batch: BatchRead = await withDuck((duck) =>
      readBatch(duck, {
        source: input.source,
        displayName,
        inputs: schema,
        model: input.ref,
        task: run.task,
        classLabels: run.details.classLabels,
        idColumn: input.source.kind === 'log' ? 'requestId' : (input.outcomes?.idColumn ?? null),
        outcomes: input.outcomes ? { path: input.outcomes.path, displayName: basename(input.outcomes.path), idColumn: input.outcomes.idColumn, outcomeColumn: input.outcomes.outcomeColumn ?? run.target } : null,
        target: run.target,
        parquetPath,
      }),
    );

    ctx.report(0.6, batch.logged ? 'Reading the outputs the server answered' : `Scoring ${batch.rows.toLocaleString('en')} rows with ${input.ref}`);
    let output = batch.logged;
    if (!output) {
      const columnKinds = inputs.map((i) => {
        const c = reference.frame.columns.find((x) => x.name === i.column)!;
        return { name: c.name, kind: c.kind, semanticType: c.semanticType };
      });
      const scorer = await modelScorer(onnx, inputs, run.task, run.details.request?.provider ?? 'cpu');
      try {
        output = await scorer.predict(withAllInputs(batch.frame, columnKinds));
      } finally {
        await scorer.release();
      }
    }

    ctx.report(0.75, 'Comparing the batch with the training rows');
    const k = run.task === 'regression' ? 1 : (run.details.classLabels?.length ?? 1);
    const isInput = (name: string) => features.includes(name);
    const drift = driftReport({
      settings: settings.drift,
      referenceLabel: reference.label,
      reference: reference.frame,
      referenceRows: reference.rows,
      batch: batch.frame,
      features,
      // Sensitive attributes are read beside the inputs but are no input: not drift, not a schema violation.
      unreadable: Object.fromEntries(Object.entries(batch.unreadable).filter(([name]) => isInput(name))),
      missingColumns: batch.missingColumns.filter(isInput),
      extraColumns: [...batch.extraColumns, ...batch.frame.columns.map((c) => c.name).filter((name) => !isInput(name))],
      prediction: {
        scoreOf: scoreOfLabel(run.task, run.details.classLabels, run.target),
        classLabels: run.details.classLabels,
        reference: predictionSide(run.task, k, version.threshold, referenceOutput),
        batch: predictionSide(run.task, k, version.threshold, output),
      },
    });

    ctx.report(0.9, 'Judging the outcomes and checking the alert rules');
    const performance = batch.outcomes ? batchPerformance({ task: run.task, classLabels: run.details.classLabels, yTrue: batch.outcomes.yTrue, predictions: output, frame: batch.frame, unmatchedOutcomes: batch.outcomes.unmatchedOutcomes, charter }) : null;
    const fired = evaluateRules(settings.rules, input.name, drift, performance);
    const stored = await ws.objects.putFile(parquetPath, 'application/vnd.apache.parquet');
    const observedAt = input.observedAt ?? batch.period?.last ?? new Date().toISOString();
    return new MonitorStore(ws.db, ws.objects).addBatch({
      projectId: input.projectId,
      versionId: version.id,
      jobId: ctx.jobId,
      name: input.name,
      source: input.source,
      outcomes: input.outcomes,
      observedAt,
      rowsSha256: stored.sha256,
      drift,
      performance,
      fired,
    });
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
    ws.close();
  }
}
