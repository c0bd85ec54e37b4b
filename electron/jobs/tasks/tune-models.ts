/**
 * The `model.tune` job: read and split the version as training does, hold a validation slice out of the training
 * rows, run the study (trials saved as they finish), then train the best configuration on every training row into
 * a regular run — exported, scored and judged on the test rows — saved with the study's last row in one transaction.
 */
import type { ModelKind, ModelTask as Task, ProviderChoice, SplitInput, TrainParams } from '../../contract/runs';
import type { SearchSpace, Trial, TuneResult, TuningMetric, TuningStrategy } from '../../contract/studies';
import { StudyStore } from '../../core/studies';
import { openWorkspace } from '../../core/workspace';
import type { SplitSpec } from '../../ml/split';
import { studyMetric, type StudyMetric } from '../../ml/tune/metric';
import { openTrialRunner } from '../../ml/tune/pool';
import { studyData } from '../../ml/tune/prepare';
import { runStudy } from '../../ml/tune/study';
import { cudaInstalled } from '../onnx-providers';
import type { TaskContext } from '../tasks';
import { readTrainingData, splitRows, splitSpec } from './training-data';
import { saveRuns, trainJudgedRun } from './training-run';

export interface TuneJobInput {
  studyId: string;
  projectId: string;
  versionId: string;
  target: string;
  task?: Task;
  model: ModelKind;
  strategy: TuningStrategy;
  metric?: TuningMetric;
  /** Already resolved (defaults filled in, checked) when the job was queued. */
  space: SearchSpace;
  budgetSeconds?: number;
  trials?: number;
  seed: number;
  split?: SplitInput;
  provider: ProviderChoice;
}

/** Share of the training rows the trials are scored on. */
const VALIDATION_SHARE = 0.2;

/** The validation slice is cut from the training rows the way the test rows were cut from all rows. */
function validationSpec(spec: SplitSpec): SplitSpec {
  if (spec.kind === 'time') return { kind: 'time', column: spec.column, testFraction: VALIDATION_SHARE };
  return { ...spec, testFraction: VALIDATION_SHARE, seed: spec.seed + 1 };
}

function progressLine(trial: Trial, planned: number | null, best: Trial | null, metric: StudyMetric): string {
  const of = planned ? ` of ${planned}` : '';
  const bestText = best?.value != null ? `, best ${metric.label} ${best.value.toPrecision(4)}` : '';
  return `Trial ${trial.number}${of}${bestText}`;
}

export async function tuneModel(input: TuneJobInput, ctx: TaskContext): Promise<TuneResult> {
  const ws = openWorkspace(ctx.workspaceDir);
  const studies = new StudyStore(ws.db);
  let created = false;
  try {
    const data = await readTrainingData(ws, input, ctx);
    const { frame, encoded, split } = data;
    const metric = studyMetric(encoded.task, input.metric);
    const valid = splitRows(validationSpec(splitSpec(input, encoded.task)), frame, encoded, split.trainRows);
    const trialData = studyData(frame, input.target, encoded, valid.trainRows, valid.testRows, input.model, metric, input.seed);
    const budget = { seconds: input.budgetSeconds ?? null, trials: input.trials ?? null };
    studies.create({ id: input.studyId, projectId: input.projectId, jobId: ctx.jobId, versionId: data.version.id, target: input.target, task: encoded.task, model: input.model, strategy: input.strategy, metric: metric.name, direction: metric.direction, space: input.space, budget, seed: input.seed });
    created = true;

    const started = performance.now();
    let line = `Tuning ${input.model} on ${valid.trainRows.length.toLocaleString('en')} rows, scored on ${valid.testRows.length.toLocaleString('en')}`;
    let fraction = 0.05;
    ctx.report(fraction, line);
    // A trial can take longer than the 500 ms between progress reports: repeat the last line meanwhile.
    const heartbeat = setInterval(() => ctx.report(fraction, line), 400);
    const runner = await openTrialRunner(trialData, { fit: { provider: input.provider, cudaInstalled } });
    let outcome;
    try {
      outcome = await runStudy({
        strategy: input.strategy,
        space: input.space,
        metric,
        seed: input.seed,
        ...(input.trials !== undefined ? { trials: input.trials } : {}),
        ...(input.budgetSeconds !== undefined ? { seconds: input.budgetSeconds } : {}),
        rows: trialData.train.features.rows,
        slots: runner.slots,
        run: (request) => runner.run(request),
        onTrial: (trial, planned, best) => {
          studies.saveTrial(input.studyId, trial);
          if (best) studies.setBest(input.studyId, best.number);
          const byTime = input.budgetSeconds ? (performance.now() - started) / 1000 / input.budgetSeconds : 0;
          const byTrials = planned ? trial.number / planned : 0;
          fraction = Math.max(fraction, 0.05 + 0.8 * Math.min(1, Math.max(byTime, byTrials)));
          line = progressLine(trial, planned, best, metric);
          ctx.report(fraction, line);
        },
      });
    } finally {
      clearInterval(heartbeat);
      await runner.close();
    }
    const best = outcome.best!;
    const stopped = outcome.stoppedBy === 'time' ? 'the time budget was spent' : 'the trials were done';
    ctx.report(0.85, `${outcome.trials.length} trials ran (${stopped}); training the best configuration (trial ${best.number}) on all ${split.trainRows.length.toLocaleString('en')} training rows`);
    const params = best.params as TrainParams;
    const finished = await trainJudgedRun(data, { ...input, params }, input.model, ctx, { onScoring: (m) => ctx.report(0.93, m), details: { study: input.studyId } });
    ctx.report(0.97, 'Saving the study and its run');
    const { runIds, splitId } = saveRuns(ws, data, [finished], ([runId]) => studies.succeed(input.studyId, best.number, runId!));
    return { studyId: input.studyId, runId: runIds[0]!, splitId, trialsRun: outcome.trials.length };
  } catch (e) {
    if (created) studies.fail(input.studyId);
    throw e;
  } finally {
    ws.close();
  }
}
