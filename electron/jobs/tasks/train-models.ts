/**
 * The `model.train` job: read the version, split it once, then fit, export and judge each asked model. What is
 * judged is the exported ONNX file scored by onnxruntime, checked against the in-memory model first. With a time
 * budget, no model starts once it is spent (the first always runs); the ones left are reported as skipped.
 */
import type { ResampleInput } from '../../contract/resample';
import type { ColumnChoice, ModelKind, ProviderChoice, ModelTask as Task, SplitInput, TrainParams, TrainResult } from '../../contract/runs';
import { openWorkspace } from '../../core/workspace';
import type { TaskContext } from '../tasks';
import { readTrainingData, throttled } from './training-data';
import { saveRuns, trainJudgedRun, type FinishedRun } from './training-run';

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
  columns?: ColumnChoice[];
  /** No model starts after this many seconds; the ones left are reported as skipped. */
  budgetSeconds?: number;
  /** Classification: resample the training rows of every model but the baseline. */
  resample?: ResampleInput;
}

export async function trainModels(input: TrainJobInput, ctx: TaskContext): Promise<TrainResult> {
  const ws = openWorkspace(ctx.workspaceDir);
  try {
    const data = await readTrainingData(ws, input, ctx);
    const progress = throttled(ctx.report, 200);
    const finished: FinishedRun[] = [];
    const started = performance.now();
    const skipped: ModelKind[] = [];
    for (const [i, model] of input.models.entries()) {
      // A model that started finishes: the budget decides which models start, never cuts one short.
      if (input.budgetSeconds !== undefined && finished.length > 0 && (performance.now() - started) / 1000 >= input.budgetSeconds) {
        skipped.push(...input.models.slice(i));
        break;
      }
      const share = (f: number) => 0.05 + 0.9 * ((i + f) / input.models.length);
      const what = `${model} (${i + 1} of ${input.models.length})${bestSoFar(finished)}`;
      ctx.report(share(0), `Training ${what}`);
      finished.push(
        await trainJudgedRun(data, input, model, ctx, {
          onProgress: (done, total, unit) => progress(share(0.8 * (done / total)), `Training ${what}: ${done} of ${total} ${unit}`),
          onScoring: (message) => ctx.report(share(0.8), message),
          details: input.reproduces ? { reproduces: input.reproduces } : {},
        }),
      );
    }
    ctx.report(0.97, skipped.length ? `Saving the runs; the time budget was spent before ${skipped.join(', ')}` : 'Saving the runs');
    const saved = saveRuns(ws, data, finished);
    return skipped.length ? { ...saved, skipped } : saved;
  } finally {
    ws.close();
  }
}

/** The headline test metric of each task, and which way is better: what "best so far" means in the progress line. */
const HEADLINE = { binary: ['rocAuc', 'ROC AUC', 'higher'], multiclass: ['accuracy', 'accuracy', 'higher'], regression: ['rmse', 'RMSE', 'lower'] } as const;

/** "; best so far: gbdt, ROC AUC 0.8412" once a model has been judged, so a long job shows where it stands. */
function bestSoFar(finished: readonly FinishedRun[]): string {
  const scored = finished.map((f) => f.run).filter((r) => typeof r.metrics[HEADLINE[r.task][0]] === 'number');
  if (scored.length === 0) return '';
  const [key, label, better] = HEADLINE[scored[0]!.task];
  const best = scored.reduce((a, b) => ((better === 'higher' ? b.metrics[key]! > a.metrics[key]! : b.metrics[key]! < a.metrics[key]!) ? b : a));
  return `; best so far: ${best.model}, ${label} ${best.metrics[key]!.toFixed(4)}`;
}
