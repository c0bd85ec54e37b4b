/**
 * The guided tour: offered on first start only; it makes its sample project and walks every stage with real work on the
 * sample data, each step turning done only when that work exists in the project's records; skipping, going back,
 * pausing, dismissing and restarting are remembered, and so is everything across a reopened workspace.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApplyRecipeResult, CharterContentInput, ImportResult, Job, MonitorAlert, Project, RecipeVersion, TourState, TourStepId, TrainResult, TryForm, TuneResult } from '../../../electron/contract/index';
import { TOUR_PROJECT_NAME, TOUR_STEP_IDS, TOUR_STEPS } from '../../../electron/contract/tour';
import { STAGES } from '../../../electron/contract/stages';
import { createCore, type Core } from '../../../electron/core/handlers';
import { SAMPLE_COLUMNS } from '../../../electron/core/sample-data';
import { openWorkspace, type Workspace } from '../../../electron/core/workspace';
import { nodeWorkerSpawner } from '../../../electron/jobs/spawn-node';
import { call } from '../../helpers/training';
import { tempDir, tempHandlers } from '../../helpers/workspace';

const CHARTER: CharterContentInput = {
  problem: 'Customers cancel without warning; we want to call the likely leavers first.',
  task: 'binary_classification',
  target: 'churned',
  successCriteria: [{ metric: 'roc_auc', direction: 'higher', acceptable: 0.75, target: 0.85 }],
  constraints: { sensitiveAttributes: [{ name: 'gender', maxDisparity: 0.1 }] },
};
const RECALL = { metric: 'recall', direction: 'higher', acceptable: 0.5, target: 0.7 } as const;

const tour = (handlers: Core['handlers']) => call<TourState>(handlers, 'tour.state', {});
const update = (handlers: Core['handlers'], action: string, step?: TourStepId) => call<TourState>(handlers, 'tour.update', { action, ...(step ? { step } : {}) });
const done = (state: TourState) => state.steps.filter((s) => s.done).map((s) => s.id);
const skipped = (state: TourState) => state.steps.filter((s) => s.skipped).map((s) => s.id);
/** The steps up to and including `last`, in the tour's order. */
const through = (last: TourStepId) => TOUR_STEP_IDS.slice(0, TOUR_STEP_IDS.indexOf(last) + 1);

describe('the tour’s steps', () => {
  it('go through every stage in order, each with short texts and a control to highlight', () => {
    expect(TOUR_STEPS.map((s) => s.id)).toEqual([...TOUR_STEP_IDS]);
    const order = TOUR_STEPS.map((s) => STAGES.indexOf(s.stage));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(TOUR_STEPS.map((s) => s.stage))).toEqual(new Set(STAGES));
    for (const s of TOUR_STEPS) {
      for (const text of [s.what, s.why]) expect(text.split(/(?<=[.!?])\s/).length, `${s.id}: ${text}`).toBeLessThanOrEqual(2);
      expect(s.action.split(/(?<=[.!?])\s/).length, s.action).toBe(1);
      expect(s.target).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });
});

describe('starting the tour', () => {
  it('is offered on first start only; start makes the sample project, and starts again in it', async () => {
    const t = tempHandlers();
    const first = await tour(t.handlers);
    expect(first).toMatchObject({ status: 'offered', projectId: null, current: 'plan-charter' });
    expect(first.steps.every((s) => !s.done && !s.skipped && s.evidence === null)).toBe(true);

    const started = await call<TourState>(t.handlers, 'tour.start', {});
    expect(started).toMatchObject({ status: 'running', current: 'plan-charter' });
    const project = await call<Project>(t.handlers, 'projects.get', { id: started.projectId! });
    expect(project.name).toBe(TOUR_PROJECT_NAME);
    expect(await call<Project | null>(t.handlers, 'projects.lastOpened', {})).toMatchObject({ id: project.id });
    expect((await call<TourState>(t.handlers, 'tour.start', {})).projectId).toBe(project.id);

    // Its project archived: the tour is no longer running, and starting it again makes a new sample project.
    await call(t.handlers, 'projects.archive', { id: project.id, archived: true });
    expect(await tour(t.handlers)).toMatchObject({ status: 'not_offered', projectId: null });
    await expect(update(t.handlers, 'resume')).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(call(t.handlers, 'tour.importSample', {})).rejects.toThrow('Start the tour first');
    const again = await call<TourState>(t.handlers, 'tour.start', {});
    expect(again.projectId).not.toBe(project.id);
    expect((await call<Project>(t.handlers, 'projects.get', { id: again.projectId! })).name).toBe('Telecom churn (sample 2)');
  });

  it('is not offered once the workspace has a project, and a dismissed offer stays dismissed', async () => {
    const t = tempHandlers();
    await call(t.handlers, 'projects.create', { name: 'Mine' });
    expect(await tour(t.handlers)).toMatchObject({ status: 'not_offered', projectId: null });

    const fresh = tempHandlers();
    expect((await update(fresh.handlers, 'dismiss')).status).toBe('dismissed');
    expect((await tour(fresh.handlers)).status).toBe('dismissed');
    expect(await call<Project[]>(fresh.handlers, 'projects.list', {})).toEqual([]);
    expect((await call<TourState>(fresh.handlers, 'tour.start', {})).status).toBe('running');
  });
});

describe('moving through the tour', () => {
  it('skips, goes back, jumps, pauses, resumes, dismisses and restarts, and done steps stay done', async () => {
    const t = tempHandlers();
    const { projectId } = await call<TourState>(t.handlers, 'tour.start', {});

    let s = await update(t.handlers, 'skip');
    expect(skipped(s)).toEqual(['plan-charter']);
    expect(s.current).toBe('data-import');
    s = await update(t.handlers, 'skip', 'explore-profile');
    expect(skipped(s)).toEqual(['plan-charter', 'explore-profile']);
    expect(s.current).toBe('data-import');

    // Back from data-import: the charter step again, no longer skipped; doing its work moves on.
    s = await update(t.handlers, 'back');
    expect(s).toMatchObject({ current: 'plan-charter', status: 'running' });
    expect(skipped(s)).toEqual(['explore-profile']);
    await call(t.handlers, 'charters.save', { projectId, content: { ...CHARTER, successCriteria: [...CHARTER.successCriteria, RECALL] }, basedOnVersion: null });
    s = await tour(t.handlers);
    expect(done(s)).toEqual(['plan-charter']);
    expect(s.current).toBe('data-import');

    // Going back to a done step shows it until the learner moves on; skipping a done step does not mark it skipped.
    s = await update(t.handlers, 'back');
    expect(s.current).toBe('plan-charter');
    s = await update(t.handlers, 'skip');
    expect(s.current).toBe('data-import');
    expect(skipped(s)).toEqual(['explore-profile']);
    await expect(update(t.handlers, 'back')).resolves.toMatchObject({ current: 'plan-charter' });
    await expect(update(t.handlers, 'back')).rejects.toThrow('This is the first step');

    s = await update(t.handlers, 'goto', 'monitor-alert');
    expect(s.current).toBe('monitor-alert');
    await expect(call(t.handlers, 'tour.update', { action: 'goto' })).rejects.toMatchObject({ code: 'VALIDATION' });

    expect((await update(t.handlers, 'pause')).status).toBe('paused');
    expect((await tour(t.handlers)).status).toBe('paused');
    expect((await update(t.handlers, 'resume')).status).toBe('running');
    expect((await update(t.handlers, 'dismiss')).status).toBe('dismissed');
    s = await call<TourState>(t.handlers, 'tour.start', {});
    expect(s).toMatchObject({ status: 'running', projectId, current: 'monitor-alert' });

    // Skipping everything left finishes the tour.
    for (let i = 0; i < TOUR_STEP_IDS.length && s.current; i++) s = await update(t.handlers, 'skip');
    expect(s).toMatchObject({ status: 'finished', current: null });
    expect(skipped(s)).toEqual(TOUR_STEP_IDS.filter((id) => id !== 'plan-charter'));
    await expect(update(t.handlers, 'skip')).rejects.toThrow('nothing left to skip');

    // Restart: a fresh sample project, from the first step.
    s = await update(t.handlers, 'restart');
    expect(s).toMatchObject({ status: 'running', current: 'plan-charter' });
    expect(s.projectId).not.toBe(projectId);
    expect(done(s)).toEqual([]);
    expect(skipped(s)).toEqual([]);
  });
});

/** A core on a workspace folder of the test's own, so that it can be closed and opened again. */
function openCore(dir: string): { ws: Workspace; core: Core; close(): Promise<void> } {
  const ws = openWorkspace(dir);
  const core = createCore({ ws, host: 'test', spawnWorker: nodeWorkerSpawner() });
  return { ws, core, close: async () => (await core.close(), ws.close()) };
}

describe('the tour on the sample data', () => {
  it('turns each step done when its real work exists, in order, and remembers it all across a reopened workspace', async () => {
    const dir = join(tempDir(), 'ws');
    let open = openCore(dir);
    try {
      const h = open.core.handlers;
      const queue = open.core.queue;
      const succeeded = async (started: Promise<Job>) => {
        const job = await queue.wait((await started).id);
        expect(job.status, job.error?.message ?? job.message).toBe('succeeded');
        return job.result;
      };
      /** After a step's work: exactly the steps through `step` are done, and the tour shows the next one. */
      const expectDone = async (step: TourStepId, evidence: string | RegExp) => {
        const s = await tour(h);
        expect(done(s)).toEqual(through(step));
        expect(s.current).toBe(TOUR_STEP_IDS[TOUR_STEP_IDS.indexOf(step) + 1] ?? null);
        expect(s.steps.find((x) => x.id === step)!.evidence).toMatch(evidence);
        return s;
      };

      const { projectId } = await call<TourState>(h, 'tour.start', {});
      await expect(call(h, 'tour.addSampleBatch', {})).rejects.toThrow('No model of the sample project is in production yet');

      // Plan: one criterion is not enough; the second makes the step done.
      const v1 = await call<{ version: number }>(h, 'charters.save', { projectId, content: CHARTER, basedOnVersion: null });
      expect(done(await tour(h))).toEqual([]);
      await call(h, 'charters.save', { projectId, content: { ...CHARTER, successCriteria: [...CHARTER.successCriteria, RECALL] }, basedOnVersion: v1.version });
      await expectDone('plan-charter', 'charter v2 with 2 success criteria');

      const { versionId: raw } = (await succeeded(call<Job>(h, 'tour.importSample', {}))) as ImportResult;
      await expectDone('data-import', 'telecom-churn v1: 4,000 rows');

      await succeeded(call<Job>(h, 'profiles.compute', { versionId: raw, target: SAMPLE_COLUMNS.target }));
      await expectDone('explore-profile', 'profile of telecom-churn v1 (target churned)');

      await call<RecipeVersion>(h, 'recipes.save', {
        projectId,
        name: 'Fix alerts',
        steps: [
          { op: 'drop_columns', columns: [SAMPLE_COLUMNS.constant], note: 'Explore: constant column' },
          { op: 'remove_duplicates', note: 'Explore: duplicate rows' },
        ],
        draftedOnVersionId: raw,
      });
      const cleaned = (await succeeded(call<Job>(h, 'recipes.apply', { projectId, recipe: 'Fix alerts', versionId: raw }))) as ApplyRecipeResult;
      expect(cleaned.rowCount).toBe(4000 - 24);
      await expectDone('prepare-recipe', /^recipe “Fix alerts” v1 applied → /);

      const split = { kind: 'time', column: SAMPLE_COLUMNS.date, testFraction: 0.2 } as const;
      const trained = (await succeeded(call<Job>(h, 'runs.train', { projectId, versionId: cleaned.versionId, target: SAMPLE_COLUMNS.target, models: ['baseline', 'gbdt'], split, seed: 7, params: { trees: 20 } }))) as TrainResult;
      await expectDone('train-split-baselines', 'baseline, gbdt on an out-of-time split by signup_date');
      const runs = await call<{ id: string; model: string }[]>(h, 'runs.list', { projectId });
      const gbdt = runs.find((r) => trained.runIds.includes(r.id) && r.model === 'gbdt')!;

      const tuned = (await succeeded(
        call<Job>(h, 'studies.start', { projectId, versionId: cleaned.versionId, target: SAMPLE_COLUMNS.target, model: 'gbdt', strategy: 'random', trials: 2, seed: 7, split, space: { trees: { type: 'int', low: 5, high: 20 }, depth: { type: 'int', low: 2, high: 4 } } }),
      )) as TuneResult;
      expect(tuned.trialsRun).toBe(2);
      await expectDone('train-tune', 'study of gbdt: 2 completed trials');

      await call(h, 'runs.annotate', { id: gbdt.id, notes: 'The GBDT beats the baseline by far; tuning gained little. Picked.' });
      await expectDone('train-compare', 'notes on the gbdt run');

      await succeeded(call<Job>(h, 'evaluations.start', { runId: gbdt.id, resamples: 100, repeats: 1, sensitive: [SAMPLE_COLUMNS.sensitive] }));
      await expectDone('evaluate-report', 'evaluation of the gbdt run with fairness by gender');

      await call(h, 'registry.register', { runId: gbdt.id, name: 'churn' });
      expect(done(await tour(h))).toEqual(through('evaluate-report'));
      await call(h, 'registry.promote', { projectId, ref: 'churn@1', stage: 'production', reason: 'The guided tour: the sample model goes live.', override: true });
      await expectDone('deploy-register-promote', 'churn@1 promoted to production');

      // A bundle alone is half the step; trying a row is the other half.
      await succeeded(call<Job>(h, 'bundles.export', { projectId, ref: 'churn@1', out: join(tempDir(), 'churn-bundle') }));
      expect(done(await tour(h))).toEqual(through('deploy-register-promote'));
      const form = await call<TryForm>(h, 'bundles.tryForm', { projectId, ref: 'churn@1' });
      await call(h, 'bundles.tryRow', { projectId, ref: 'churn@1', row: form.example });
      await expectDone('deploy-bundle-try', 'bundle of churn@1 exported; Try it used');

      // The drifted batch raises its alerts in the same job: both Monitor steps turn done together.
      await succeeded(call<Job>(h, 'tour.addSampleBatch', {}));
      const alerted = await expectDone('monitor-alert', /^\d+ alerts raised \(\d+ critical\)$/);
      expect(alerted.steps.find((x) => x.id === 'monitor-batch')!.evidence).toMatch(/^batch “Sample batch: 2024 signups”: drift \(\d+ of \d+ inputs drifted\)$/);
      const alerts = await call<MonitorAlert[]>(h, 'monitor.alerts', { projectId });
      const auc = alerts.find((a) => a.ruleId === 'charter:metric:roc_auc')!;
      expect(auc.severity).toBe('critical');

      await succeeded(call<Job>(h, 'monitor.nextIteration', { projectId, alertId: auc.id }));
      const finished = await expectDone('monitor-next-iteration', 'next iteration started: charter v3');
      expect(finished).toMatchObject({ status: 'finished', current: null, projectId });
      expect(skipped(finished)).toEqual([]);

      // Progress is in the workspace, not the process.
      await update(h, 'back');
      const before = await update(h, 'pause');
      expect(before).toMatchObject({ status: 'paused', current: 'monitor-next-iteration' });
      await open.close();
      open = openCore(dir);
      expect(await tour(open.core.handlers)).toEqual(before);
    } finally {
      await open.close();
    }
  }, 180_000);
});
