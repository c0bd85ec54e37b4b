/**
 * The `monitor.compare` job: a new model version and the production one scored on a batch's stored rows, and judged
 * on the outcomes that arrived for it — the charter's metrics and fairness of each, side by side.
 */
import type { ColumnSchema } from '../../contract/datasets';
import type { BatchComparison, BatchPerformance } from '../../contract/monitor';
import { CharterService } from '../../core/charters';
import { DatasetService } from '../../core/datasets';
import { MonitorStore } from '../../core/monitor-store';
import { ProjectService } from '../../core/projects';
import { ModelRegistry } from '../../core/registry';
import { RunStore } from '../../core/runs';
import { openWorkspace, type Workspace } from '../../core/workspace';
import { sqlString, withDuck } from '../../data/duck';
import { readFrame } from '../../data/frame-reader';
import { modelInputs } from '../../ml/onnx/model-inputs';
import { columnOf, type Frame } from '../../ml/preprocess/frame';
import { encodeKnownTarget } from '../../ml/target';
import type { TaskContext } from '../tasks';
import { withAllInputs } from './monitor-batch';
import { modelScorer } from './model-scorer';
import { batchPerformance } from './monitor-performance';

interface Arm {
  ref: string;
  versionId: string;
}

export interface MonitorCompareJobInput {
  projectId: string;
  batchId: string;
  batchName: string;
  production: Arm;
  candidate: Arm;
}

/** The batch's stored rows: every column the production version's training data types (inputs, target), by name. */
async function batchFrame(path: string, trainingColumns: ColumnSchema[]): Promise<Frame> {
  return withDuck(async (duck) => {
    const described = await duck.rows<{ column_name: string }>(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
    const stored = new Set(described.map((d) => d.column_name));
    const schema = trainingColumns.filter((c) => stored.has(c.name));
    return readFrame(duck, path, schema);
  });
}

async function scoreArm(ws: Workspace, projectId: string, arm: Arm, frame: Frame, yTrue: Float64Array, charter: ReturnType<CharterService['get']>): Promise<BatchPerformance> {
  const version = new ModelRegistry(ws.db, () => 'gyre').resolve(projectId, arm.versionId);
  const run = new RunStore(ws.db).get(version.runId);
  const onnx = ws.objects.read(run.onnx.sha256);
  const { inputs } = modelInputs(onnx);
  const kinds = inputs.map((i) => {
    const c = frame.columns.find((x) => x.name === i.column);
    return c ? { name: c.name, kind: c.kind, semanticType: c.semanticType } : { name: i.column, kind: i.elemType === 'string' ? ('string' as const) : ('number' as const), semanticType: i.elemType === 'string' ? ('categorical' as const) : ('float' as const) };
  });
  const scorer = await modelScorer(onnx, inputs, run.task, run.details.request?.provider ?? 'cpu');
  let predictions: Float64Array;
  try {
    predictions = await scorer.predict(withAllInputs(frame, kinds));
  } finally {
    await scorer.release();
  }
  return batchPerformance({ task: run.task, classLabels: run.details.classLabels, yTrue, predictions, frame, unmatchedOutcomes: 0, charter: charter?.content ?? null })!;
}

export async function monitorCompare(input: MonitorCompareJobInput, ctx: TaskContext): Promise<BatchComparison> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const store = new MonitorStore(ws.db, ws.objects);
    const batch = store.summary(input.batchId);
    const registry = new ModelRegistry(ws.db, () => 'gyre');
    const production = registry.resolve(input.projectId, input.production.versionId);
    const runs = new RunStore(ws.db);
    const productionRun = runs.get(production.runId);
    const training = new DatasetService(ws.db).version(productionRun.versionId);
    ctx.report(0.1, `Reading batch ${batch.name}`);
    // A batch stores a classifier's outcomes as class labels ("true", "yes"…): read the target as text, not as its training type.
    const columns = training.columns.map((c) => (c.name === productionRun.target && productionRun.task !== 'regression' ? { ...c, semanticType: 'categorical' as const } : c));
    const frame = await batchFrame(ws.objects.pathOf(batch.objectSha256), columns);
    const yTrue = encodeKnownTarget(columnOf(frame, productionRun.target), productionRun.task, productionRun.details.classLabels).values;
    const charter = new CharterService(ws.db, new ProjectService(ws.db)).get(input.projectId);
    ctx.report(0.3, `Scoring with ${input.production.ref}`);
    const productionPerformance = await scoreArm(ws, input.projectId, input.production, frame, yTrue, charter);
    ctx.report(0.65, `Scoring with ${input.candidate.ref}`);
    const candidatePerformance = await scoreArm(ws, input.projectId, input.candidate, frame, yTrue, charter);
    const candidateRun = runs.get(registry.resolve(input.projectId, input.candidate.versionId).runId);
    const learned = store.alerts(input.projectId).some((a) => a.iteration?.batchIds.includes(batch.id) && a.iteration.datasetVersionId === candidateRun.versionId);
    const notes = learned ? [`${input.candidate.ref} was trained on a dataset version that includes this batch's labeled rows, so its metrics here read better than they will on the next batch.`] : [];
    return {
      batchId: batch.id,
      batchName: batch.name,
      rows: productionPerformance.rows,
      production: { model: input.production.ref, performance: productionPerformance },
      candidate: { model: input.candidate.ref, performance: candidatePerformance },
      notes,
    };
  } finally {
    ws.close();
  }
}
