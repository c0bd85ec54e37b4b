/** The overview's words, and the train wizard's starting values for a next iteration handed over from Monitor. */
import { describe, expect, it } from 'vitest';
import type { NextIteration, SuccessCriterion } from '../../../electron/contract/index';
import { batchCriteria, driftSentence, relativeTime } from '../../../renderer/src/stages/overview/overviewText';
import { handoverSentence, wizardStartFrom } from '../../../renderer/src/stages/train/nextIteration';

const now = Date.parse('2026-03-10T12:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe('relative times on the overview', () => {
  it('reads as a person says it, from just now to years', () => {
    expect(relativeTime(ago(10), now)).toBe('just now');
    expect(relativeTime(ago(5 * 60), now)).toBe('5 minutes ago');
    expect(relativeTime(ago(3 * 3600), now)).toBe('3 hours ago');
    expect(relativeTime(ago(26 * 3600), now)).toBe('yesterday');
    expect(relativeTime(ago(15 * 24 * 3600), now)).toBe('2 weeks ago');
    expect(relativeTime(ago(400 * 24 * 3600), now)).toBe('last year');
    expect(relativeTime('not a date', now)).toBe('not a date');
  });
});

describe('the latest batch against the charter', () => {
  const criteria: SuccessCriterion[] = [
    { metric: 'roc_auc', direction: 'higher', acceptable: 0.6, target: 0.8 },
    { metric: 'mae', direction: 'lower', acceptable: 10, target: 5 },
    { metric: 'p95_latency_ms', direction: 'lower', acceptable: 50, target: 5 },
  ];

  it('judges each metric the outcomes can measure, and leaves out latency and size', () => {
    const rows = batchCriteria(criteria, { roc_auc: 0.71, mae: null });
    expect(rows.map((r) => [r.label, r.value, r.verdict, r.bar])).toEqual([
      ['ROC AUC', 0.71, 'acceptable', 'charter: acceptable ≥ 0.6, target ≥ 0.8'],
      ['MAE', null, 'unknown', 'charter: acceptable ≤ 10, target ≤ 5'],
    ]);
  });

  it('says how much of the batch drifted', () => {
    expect(driftSentence({ drifted: 2, features: 4, shareDrifted: 0.5 })).toBe('2 of 4 features drifted (50%)');
    expect(driftSentence({ drifted: 0, features: 1, shareDrifted: 0 })).toBe('0 of 1 feature drifted (0%)');
  });
});

describe('a next iteration as the train wizard starts from it', () => {
  const next: NextIteration = {
    charterVersion: 3,
    dataset: { id: 'ds_1', versionId: 'dv_2', name: 'customers', version: 2 },
    merged: null,
    recipe: null,
    rowsAdded: 1200,
    batchIds: ['bat_1'],
    train: { target: 'churned', task: 'binary', models: ['rf'], split: { kind: 'group', column: 'region', testFraction: 0.3 }, seed: 7, params: { trees: 60, hidden: [64, 32] }, columns: [{ column: 'city', drop: true }], resample: { method: 'smote', ratio: 0.5, k: 3 } },
    production: 'churn@1',
    latestBatchId: 'bat_1',
  };

  it("selects the new version, the production run's request, and the models every run has", () => {
    expect(wizardStartFrom(next)).toEqual({
      datasetId: 'ds_1',
      versionId: 'dv_2',
      target: 'churned',
      task: 'binary',
      splitKind: 'group',
      testShare: 0.3,
      splitColumn: 'region',
      models: ['baseline', 'linear', 'rf'],
      seed: 7,
      params: { trees: 60, hidden: [64, 32] },
      hiddenText: '64, 32',
      columns: [{ column: 'city', drop: true }],
      resample: { method: 'smote', ratio: 0.5, k: 3 },
    });
  });

  it('falls back to the defaults where the request had none, and never offers an imported model to train', () => {
    const start = wizardStartFrom({ ...next, train: { target: 'churned', task: 'binary', models: ['imported'], split: null, seed: 42, params: {} } });
    expect([start.splitKind, start.testShare, start.splitColumn, start.models, start.resample]).toEqual([null, 0.2, null, ['baseline', 'linear'], { method: 'none' }]);
  });

  it('says where the values came from', () => {
    expect(handoverSentence(next)).toBe('Next iteration: training on customers v2 (+1,200 labeled rows from monitoring); settings of churn@1');
    expect(handoverSentence({ ...next, rowsAdded: 0 })).toBe('Next iteration: training on customers v2; settings of churn@1');
  });
});
