/**
 * The model registry on a real workspace: runs trained and evaluated by real jobs, registered as versions,
 * promoted through the stages with the success gate guarding production, and every move in the history.
 */
import { describe, expect, it } from 'vitest';
import type { EvaluationDetail, Job, ModelVersion, ModelVersionDetail, RegisteredModel, Run, TrainResult } from '../../../electron/contract/index';
import { call, imported, signalCsv } from '../../helpers/training';
import { validCharter } from '../../helpers/workspace';

async function setUp() {
  const t = await imported(signalCsv());
  const charter = { ...validCharter(), target: 'churned', successCriteria: [{ metric: 'roc_auc' as const, direction: 'higher' as const, acceptable: 0.7, target: 0.95 }] };
  await call(t.handlers, 'charters.save', { projectId: t.projectId, content: charter, basedOnVersion: null });
  const job = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['baseline', 'gbdt'], seed: 3, params: { trees: 30 } })).id);
  expect(job.status, job.message).toBe('succeeded');
  const [baseline, gbdt] = await Promise.all((job.result as TrainResult).runIds.map((id) => call<Run>(t.handlers, 'runs.get', { id })));
  const evaluate = async (runId: string) => {
    const done = await t.queue.wait((await call<Job>(t.handlers, 'evaluations.start', { runId, resamples: 100, repeats: 1 })).id);
    expect(done.status, done.error?.message).toBe('succeeded');
    return call<EvaluationDetail>(t.handlers, 'evaluations.get', { id: (done.result as { evaluationId: string }).evaluationId });
  };
  const registry = {
    register: (runId: string, name = 'churn') => call<ModelVersion>(t.handlers, 'registry.register', { runId, name, description: `Registered ${runId}` }),
    promote: (ref: string, stage: string, extra: Record<string, unknown> = {}) => call<ModelVersion>(t.handlers, 'registry.promote', { projectId: t.projectId, ref, stage, ...extra }),
    get: (ref: string) => call<ModelVersionDetail>(t.handlers, 'registry.get', { projectId: t.projectId, ref }),
    list: () => call<RegisteredModel[]>(t.handlers, 'registry.list', { projectId: t.projectId }),
    update: (ref: string, change: Record<string, unknown>) => call<ModelVersion>(t.handlers, 'registry.update', { projectId: t.projectId, ref, ...change }),
  };
  return { ...t, baseline: baseline!, gbdt: gbdt!, evaluate, registry };
}

describe('model registry', () => {
  it('numbers versions per model, keeps production behind the success gate, and records every move', async () => {
    const t = await setUp();
    const v1 = await t.registry.register(t.gbdt.id);
    const v2 = await t.registry.register(t.baseline.id);
    expect([v1.version, v2.version, v1.stage]).toEqual([1, 2, 'candidate']);
    expect(v1).toMatchObject({ name: 'churn', model: 'gbdt', task: 'binary', target: 'churned', gate: null, threshold: null });
    await expect(t.registry.register(t.gbdt.id, 'churn model')).rejects.toThrow('A model name is letters, digits');

    // No evaluation yet: production is refused; staging is not.
    await expect(t.registry.promote('churn@2', 'production')).rejects.toThrow('churn@2 has not been evaluated; evaluate it, or override with a written reason.');
    await t.registry.promote('churn@2', 'staging', { reason: 'Reference for the release' });
    // The baseline is evaluated and fails the gate (ROC AUC 0.5 < 0.7): only an override with a reason promotes it.
    const failing = await t.evaluate(t.baseline.id);
    expect(failing.passed).toBe(false);
    await expect(t.registry.promote('churn@2', 'production')).rejects.toThrow('churn@2 does not pass the success gate in its latest evaluation');
    await expect(t.registry.promote('churn@2', 'production', { override: true, reason: 'because' })).rejects.toThrow('An override needs a written reason of at least 10 characters');
    const forced = await t.registry.promote('churn@2', 'production', { override: true, reason: 'Launch needs a model today; the GBDT replaces it next week.' });
    expect(forced.stage).toBe('production');

    // The GBDT passes: promoting it archives the baseline, since a model has one production version.
    const passing = await t.evaluate(t.gbdt.id);
    expect(passing.passed).toBe(true);
    const promoted = await t.registry.promote('churn@1', 'production', { reason: 'Passes the gate' });
    expect(promoted.gate).toMatchObject({ evaluationId: passing.id, passed: true, rows: 'its test rows' });
    const [model] = await t.registry.list();
    expect(model).toMatchObject({ name: 'churn', production: 1 });
    expect(model!.versions.map((v) => [v.version, v.stage])).toEqual([[2, 'archived'], [1, 'production']]);
    // NAME alone is the newest version: already archived.
    await expect(t.registry.promote('churn', 'archived')).rejects.toThrow('churn@2 is already in archived.');

    const detail = await t.registry.get('churn@1');
    const moves = detail.history.map((e) => [e.version, e.action, e.from, e.to, e.override, e.gatePassed]);
    expect(moves).toEqual([
      [1, 'stage', 'candidate', 'production', false, true],
      [2, 'stage', 'production', 'archived', false, null],
      [2, 'stage', 'staging', 'production', true, false],
      [2, 'stage', 'candidate', 'staging', false, null],
      [2, 'registered', null, 'candidate', false, null],
      [1, 'registered', null, 'candidate', false, null],
    ]);
    expect(detail.history.find((e) => e.override)!.reason).toBe('Launch needs a model today; the GBDT replaces it next week.');
    expect(detail.history[0]!.actor.length).toBeGreaterThan(0);

    // Lineage: charter → dataset version → split → run → evaluation → the version.
    const kinds = detail.lineage.nodes.map((n) => n.kind);
    expect(kinds).toEqual(['charter', 'dataset', 'split', 'run', 'evaluation', 'model']);
    const edge = (a: string, b: string) => detail.lineage.edges.some((e) => detail.lineage.nodes.find((n) => n.id === e.from)?.kind === a && detail.lineage.nodes.find((n) => n.id === e.to)?.kind === b);
    expect([edge('charter', 'dataset'), edge('dataset', 'split'), edge('split', 'run'), edge('run', 'evaluation'), edge('evaluation', 'model'), edge('run', 'model')]).toEqual([true, true, true, true, true, true]);
  }, 120_000);

  it('saves a decision threshold on binary versions, and names what it cannot find', async () => {
    const t = await setUp();
    await t.registry.register(t.gbdt.id);
    expect((await t.registry.update('churn@1', { threshold: 0.35 })).threshold).toBe(0.35);
    expect((await t.registry.update('churn', { threshold: null, description: 'Tuned later' })).threshold).toBeNull();
    const history = (await t.registry.get('churn@1')).history.map((e) => [e.action, e.detail]);
    expect(history.slice(0, 3)).toEqual([['threshold', 'reset to 0.5'], ['description', 'Tuned later'], ['threshold', '0.35']]);
    await expect(t.registry.update('churn@1', { threshold: 1 })).rejects.toThrow('A decision threshold is below 1.');
    await expect(t.registry.get('churn@7')).rejects.toThrow('churn has no version "7" (it has 1).');
    await expect(t.registry.get('fraud@1')).rejects.toThrow('No model "fraud" in this project.');
    await expect(t.registry.promote('churn@1', 'candidate')).rejects.toThrow('churn@1 is already in candidate.');
  }, 120_000);
});
