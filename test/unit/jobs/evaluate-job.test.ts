/**
 * Evaluation as a real job: a trained run's exported file scored again by onnxruntime in a worker, on its own
 * test rows and on another dataset version, with every part of the report checked against what it must equal.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Evaluation, EvaluationDetail, ImportResult, Job, Run, RowExplanation, StageStatus, TrainResult } from '../../../electron/contract/index';
import { criterionValue } from '../../../electron/contract/criteria';
import { call, imported, signalCsv } from '../../helpers/training';
import { tempDir, validCharter } from '../../helpers/workspace';

async function trained() {
  const t = await imported(signalCsv());
  const charter = {
    ...validCharter(),
    target: 'churned',
    successCriteria: [
      { metric: 'roc_auc' as const, direction: 'higher' as const, acceptable: 0.7, target: 0.95 },
      { metric: 'p95_latency_ms' as const, direction: 'lower' as const, acceptable: 1000, target: 500 },
    ],
    constraints: { ...validCharter().constraints, sensitiveAttributes: [{ name: 'Plan', maxDisparity: 0.9 }, { name: 'gender', maxDisparity: 0.1 }] },
  };
  await call(t.handlers, 'charters.save', { projectId: t.projectId, content: charter, basedOnVersion: null });
  const job = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['gbdt'], seed: 3, params: { trees: 30 } })).id);
  expect(job.status, job.message).toBe('succeeded');
  const run = await call<Run>(t.handlers, 'runs.get', { id: (job.result as TrainResult).runIds[0] });
  return { ...t, run };
}

async function evaluate(t: Awaited<ReturnType<typeof trained>>, input: Record<string, unknown> = {}): Promise<EvaluationDetail> {
  const job = await t.queue.wait((await call<Job>(t.handlers, 'evaluations.start', { runId: t.run.id, resamples: 200, repeats: 2, ...input })).id);
  expect(job.status, job.error?.message ?? job.message).toBe('succeeded');
  return call<EvaluationDetail>(t.handlers, 'evaluations.get', { id: (job.result as { evaluationId: string }).evaluationId });
}

describe('evaluation job', () => {
  it('scores a run on its own test rows: the same metrics it was judged with, intervals around them, the gate, curves, errors, fairness and explanations', async () => {
    const t = await trained();
    const e = await evaluate(t);
    const r = e.report;
    expect(e).toMatchObject({ runId: t.run.id, versionId: t.run.versionId, rows: 'test' });
    expect(r.rows).toBe(t.run.split.testRows);
    expect(r.rowsLabel).toContain('held-out test rows');
    // The same file on the same rows gives the run's own metrics, and each interval holds its value.
    for (const [key, value] of Object.entries(t.run.metrics)) expect(r.metrics[key]!.value, key).toBe(value);
    for (const [key, m] of Object.entries(r.metrics)) {
      if (m.low === null) continue;
      expect(m.low, key).toBeLessThanOrEqual(m.value!);
      expect(m.high, key).toBeGreaterThanOrEqual(m.value!);
    }
    // The gate judges the measured ROC AUC as the leaderboard judges the run; latency is measured anew.
    expect(r.gate.criteria.map((c) => c.metric)).toEqual(['roc_auc', 'p95_latency_ms']);
    expect(r.gate.criteria[0]!.value).toBe(criterionValue(t.run, 'roc_auc'));
    expect(r.gate.criteria[0]!.verdict).toBe('acceptable');
    expect(r.gate.latency.p95Ms).toBeGreaterThan(0);
    expect(r.gate.passed).toBe(true);
    expect(e.passed).toBe(true);
    // At 0.5 the threshold table says what the run's precision and recall say.
    const at = r.thresholds!.threshold.indexOf(0.5);
    expect(r.thresholds!.precision[at]).toBeCloseTo(t.run.metrics.precision!, 12);
    expect(r.thresholds!.recall[at]).toBeCloseTo(t.run.metrics.recall!, 12);
    expect(r.curves.roc!.x.at(-1)).toBe(1);
    expect(r.curves.gain!.gain.at(-1)).toBeCloseTo(1, 12);
    // Worst rows first, each a real row of the version with its raw values.
    expect(r.errors.worst.length).toBe(Math.min(50, r.rows));
    expect(r.errors.worst.map((w) => w.loss)).toEqual([...r.errors.worst.map((w) => w.loss)].sort((a, b) => b - a));
    expect(Object.keys(r.errors.worst[0]!.values)).toEqual(expect.arrayContaining(['tenure', 'plan', 'spend']));
    expect(r.errors.columns.map((c) => c.column)).toContain('tenure');
    // "Plan" is found as the column plan; "gender" is not in this dataset and says so.
    const [plan, gender] = r.fairness;
    expect(plan).toMatchObject({ attribute: 'Plan', column: 'plan', maxDisparity: 0.9 });
    expect(plan!.groups.map((g) => g.group).sort()).toEqual(['basic', 'pro', 'team']);
    expect(plan!.groups.reduce((n, g) => n + g.count, 0)).toBe(r.rows);
    expect(plan!.passed).toBe(plan!.demographicParityDifference! <= 0.9 && plan!.equalizedOddsDifference! <= 0.9);
    expect(gender).toMatchObject({ attribute: 'gender', column: null, groups: [] });
    expect(gender!.note).toContain('No column named "gender"');
    // Churn depends most on tenure: shuffling it costs the most ROC AUC.
    expect(r.explanations.metric).toBe('ROC AUC');
    expect(r.explanations.importance[0]!.column).toBe('tenure');
    expect(r.explanations.dependence[0]).toMatchObject({ column: 'tenure', kind: 'number' });
    expect(r.explanations.output).toBe('probability of churned = true');
    const listed = await call<Evaluation[]>(t.handlers, 'evaluations.list', { projectId: t.projectId, runId: t.run.id });
    expect(listed.map((x) => x.id)).toEqual([e.id]);
    const stages = await call<StageStatus[]>(t.handlers, 'stages.status', { projectId: t.projectId });
    expect(stages.find((s) => s.stage === 'evaluate')).toMatchObject({ state: 'done', summary: '1 evaluation; 1 passes the success gate.' });

    // One prediction explained by TreeSHAP on the GBDT's trees: the contributions add up to the prediction minus the base value.
    const row = r.errors.worst[0]!.row;
    const why = await call<RowExplanation>(t.handlers, 'evaluations.explainRow', { id: e.id, row });
    expect(why.method).toBe('tree');
    expect(why.output).toBe('log-odds of churned = true');
    const sum = why.contributions.reduce((s, c) => s + c.contribution, 0);
    expect(Math.abs(sum - (why.prediction - why.baseValue))).toBeLessThan(1e-6);
    expect(why.contributions.map((c) => c.column).sort()).toEqual(['plan', 'signup_date', 'spend', 'tenure']);
    // The explained output is the log-odds of true; the worst row's score is the probability it gave its true class.
    const worst = r.errors.worst[0]!;
    const positive = worst.actual === 'true' ? worst.score : 1 - worst.score;
    // The file's probability went through a float32 score and a float32 sigmoid: its logit holds to a few 1e-7.
    expect(why.prediction).toBeCloseTo(Math.log(positive / (1 - positive)), 5);
    expect(why.contributions.find((c) => c.column === 'plan')!.value).toBe(r.errors.worst[0]!.values.plan);
  }, 120_000);

  it('scores another dataset version on all its rows, and refuses what cannot be evaluated, saying why', async () => {
    const t = await trained();
    const csv = readFileSync(signalCsv(400), 'utf8');
    const next = join(tempDir(), 'next-month.csv');
    writeFileSync(next, csv);
    const job = await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId: t.projectId, file: next })).id);
    const versionId = (job.result as ImportResult).versionId;
    const e = await evaluate(t, { versionId });
    expect(e).toMatchObject({ versionId, rows: 'all' });
    expect(e.report.rows).toBe(400);
    expect(e.report.rowsLabel).toBe('all 400 rows with a target in next-month v1');
    await expect(call(t.handlers, 'evaluations.start', { runId: t.run.id, versionId, rows: 'test' })).rejects.toThrow("A run's test rows are rows of the version it was trained on");

    const without = join(tempDir(), 'no-tenure.csv');
    writeFileSync(without, csv.split('\n').map((line) => line.split(',').slice(1).join(',')).join('\n'));
    const lacking = (await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId: t.projectId, file: without })).id)).result as ImportResult;
    const failed = await t.queue.wait((await call<Job>(t.handlers, 'evaluations.start', { runId: t.run.id, versionId: lacking.versionId })).id);
    expect(failed.error?.message).toBe('This dataset version lacks the column "tenure" that the model reads or is judged on.');

    const renamed = join(tempDir(), 'new-class.csv');
    copyFileSync(next, renamed);
    writeFileSync(renamed, csv.replace(/,true$/m, ',maybe'));
    const strange = (await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId: t.projectId, file: renamed })).id)).result as ImportResult;
    const refused = await t.queue.wait((await call<Job>(t.handlers, 'evaluations.start', { runId: t.run.id, versionId: strange.versionId })).id);
    expect(refused.error?.message).toMatch(/^Row \d+ of "churned" holds the class "maybe", which the model never saw \(it knows "false", "true"\)\.$/);
    expect(await call<Evaluation[]>(t.handlers, 'evaluations.list', { projectId: t.projectId })).toHaveLength(1);
  }, 180_000);
});
