/**
 * The `model.shadow` job: a candidate model version compared with production. On a dataset version both score every
 * row (its target column, where present, gives the outcomes); on a bundle server's prediction log the log is read as
 * it is, with outcomes from a dataset version joined by request id. Either way the rows go through the one report
 * (electron/deploy/shadow-report.ts) as rows of the log's shape — made here as objects, not as lines to parse — so a
 * batch comparison and a served one are read by the same code.
 */
import { existsSync } from 'node:fs';
import type { ShadowReport, ShadowSource, ShadowSummary } from '../../contract/shadow';
import { GyreError } from '../../contract/errors';
import { DatasetService } from '../../core/datasets';
import { RunStore } from '../../core/runs';
import { ShadowStore } from '../../core/shadow-reports';
import { openWorkspace, type Workspace } from '../../core/workspace';
import { withDuck } from '../../data/duck';
import { readFrame } from '../../data/frame-reader';
import { shadowReportOfFile, shadowReportOfRows, type LogRow, type Outcome } from '../../deploy/shadow-report';
import { cellValue } from '../../ml/evaluate/report';
import { modelInputs } from '../../ml/onnx/model-inputs';
import type { Frame } from '../../ml/preprocess/frame';
import type { TaskContext } from '../tasks';
import { modelScorer } from './model-scorer';

/** One side of the comparison, resolved from NAME@VERSION when the job was asked for. */
export interface ShadowArm {
  ref: string;
  versionId: string;
  runId: string;
  /** Binary: the version's saved decision threshold, else null (the file's own label). */
  threshold: number | null;
}

export interface ShadowJobInput {
  projectId: string;
  production: ShadowArm;
  candidate: ShadowArm;
  source: ShadowSource;
  sourceLabel: string;
}

type Outputs = { label: string; probabilities: Record<string, number> } | { prediction: number };

/** A version's predictions for every row of `frame`, as serve.mjs answers them. */
async function predictions(ws: Workspace, arm: ShadowArm, frame: Frame): Promise<(row: number) => Outputs> {
  const run = new RunStore(ws.db).get(arm.runId);
  const onnx = ws.objects.read(run.onnx.sha256);
  const scorer = await modelScorer(onnx, modelInputs(onnx).inputs, run.task, run.details.request?.provider ?? 'cpu');
  let scores: Float64Array;
  try {
    scores = await scorer.predict(frame);
  } finally {
    await scorer.release();
  }
  if (run.task === 'regression') return (r) => ({ prediction: scores[r]! });
  const labels = run.details.classLabels!;
  const k = labels.length;
  return (r) => {
    const p = scores.subarray(r * k, (r + 1) * k);
    let best = 0;
    for (let c = 1; c < k; c++) if (p[c]! > p[best]!) best = c;
    // A saved threshold decides a binary label, as the bundle's server decides it.
    if (k === 2 && arm.threshold !== null) best = p[1]! >= arm.threshold ? 1 : 0;
    return { label: labels[best]!, probabilities: Object.fromEntries(labels.map((l, c) => [l, p[c]!])) };
  };
}

/** A model scored on the rows it learned from looks better than it will on new rows: say so where it happens. */
function trainedOnNotes(ws: Workspace, input: ShadowJobInput): string[] {
  if (input.source.kind !== 'dataset') return [];
  const runs = new RunStore(ws.db);
  const versionId = input.source.versionId;
  return [input.production, input.candidate]
    .filter((arm) => runs.get(arm.runId).versionId === versionId)
    .map((arm) => `${arm.ref} was trained on ${input.sourceLabel}: its training rows are among these, so its metrics here read better than they will on new rows.`);
}

async function onDataset(ws: Workspace, input: ShadowJobInput, versionId: string, ctx: TaskContext): Promise<ShadowReport> {
  const runs = new RunStore(ws.db);
  const version = new DatasetService(ws.db).version(versionId);
  const target = runs.get(input.production.runId).target;
  // Each column either model reads, and which of them reads it.
  const readers = new Map<string, string[]>();
  for (const arm of [input.production, input.candidate]) for (const i of modelInputs(ws.objects.read(runs.get(arm.runId).onnx.sha256)).inputs) readers.set(i.column, [...(readers.get(i.column) ?? []), arm.ref]);
  const wanted = new Set(readers.keys());
  const missing = [...wanted].find((w) => !version.columns.some((c) => c.name === w));
  if (missing) throw new GyreError('VALIDATION', `${input.sourceLabel} has no column "${missing}", which ${readers.get(missing)!.join(' and ')} ${readers.get(missing)!.length === 1 ? 'reads' : 'read'}.`, { column: missing });
  const hasTarget = version.columns.some((c) => c.name === target);
  ctx.report(0.05, `Reading ${input.sourceLabel}`);
  const frame = await withDuck((duck) => readFrame(duck, ws.objects.pathOf(version.objectSha256), version.columns, [...wanted, ...(hasTarget && !wanted.has(target) ? [target] : [])]));
  ctx.report(0.2, `Scoring with ${input.production.ref}`);
  const production = await predictions(ws, input.production, frame);
  ctx.report(0.5, `Scoring with ${input.candidate.ref}`);
  const candidate = await predictions(ws, input.candidate, frame);
  ctx.report(0.8, 'Comparing the two');
  const inputs = frame.columns.filter((c) => wanted.has(c.name));
  const truth = hasTarget ? frame.columns.find((c) => c.name === target)! : null;
  const outcomes = new Map<string, Outcome>();
  const ts = new Date().toISOString();
  function* rows(): Generator<LogRow> {
    for (let r = 0; r < frame.rows; r++) {
      const requestId = `row ${r + 1}`;
      const outcome = truth ? cellValue(truth, r) : null;
      if (outcome !== null) outcomes.set(requestId, outcome);
      const row = Object.fromEntries(inputs.map((c) => [c.name, cellValue(c, r)]));
      yield { ts, model: input.production.ref, requestId, inputs: row, outputs: production(r), arm: 'production', shadow: { model: input.candidate.ref, outputs: candidate(r) } };
    }
  }
  // Outcomes are filled as the rows are made, before the report reads each row's.
  return shadowReportOfRows(rows(), hasTarget ? { outcomes } : {});
}

async function onLog(ws: Workspace, input: ShadowJobInput, source: Extract<ShadowSource, { kind: 'log' }>, ctx: TaskContext): Promise<ShadowReport> {
  if (!existsSync(source.path)) throw new GyreError('NOT_FOUND', `The prediction log ${source.path} does not exist.`, { field: 'path', file: source.path });
  let outcomes: Map<string, Outcome> | undefined;
  if (source.outcomes) {
    const { versionId, idColumn, outcomeColumn } = source.outcomes;
    const version = new DatasetService(ws.db).version(versionId);
    ctx.report(0.1, 'Reading the outcomes');
    const frame = await withDuck((duck) => readFrame(duck, ws.objects.pathOf(version.objectSha256), version.columns, [idColumn, outcomeColumn]));
    const [ids, values] = [frame.columns.find((c) => c.name === idColumn)!, frame.columns.find((c) => c.name === outcomeColumn)!];
    outcomes = new Map();
    for (let r = 0; r < frame.rows; r++) {
      const id = cellValue(ids, r);
      const value = cellValue(values, r);
      if (id !== null && value !== null) outcomes.set(String(id), value);
    }
  }
  ctx.report(0.3, `Reading ${source.path}`);
  const report = await shadowReportOfFile(source.path, outcomes ? { outcomes } : {});
  for (const [side, arm] of [['production', input.production], ['candidate', input.candidate]] as const) {
    if (report[side] !== arm.ref) throw new GyreError('VALIDATION', `This log's ${side} model is ${report[side] || 'not named'}, not ${arm.ref}: choose the versions the server ran with.`, { field: side });
  }
  return report;
}

export async function shadowCompare(input: ShadowJobInput, ctx: TaskContext): Promise<ShadowSummary> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const report = input.source.kind === 'dataset' ? await onDataset(ws, input, input.source.versionId, ctx) : await onLog(ws, input, input.source, ctx);
    const store = new ShadowStore(ws.db, ws.objects);
    const id = store.add({ projectId: input.projectId, productionVersionId: input.production.versionId, candidateVersionId: input.candidate.versionId, jobId: ctx.jobId, source: input.source, sourceLabel: input.sourceLabel, report, notes: trainedOnNotes(ws, input), createdAt: new Date() });
    return store.summary(id);
  } finally {
    ws.close();
  }
}
