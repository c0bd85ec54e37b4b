/**
 * Model cards on a real workspace: a GBDT trained, evaluated and registered through the real jobs, its card
 * generated from the records, and a person's edits kept across regenerations until reset.
 */
import { describe, expect, it } from 'vitest';
import type { EvaluationDetail, Job, ModelCard, ModelCardBlock, ModelCardSection, ModelVersion, Run, TrainResult } from '../../../electron/contract/index';
import { MODEL_CARD_SECTIONS } from '../../../electron/contract/registry';
import { cardInterval, cardNumber, metricName } from '../../../electron/core/model-card-sections';
import { call, imported, signalCsv } from '../../helpers/training';
import { validCharter } from '../../helpers/workspace';

const PROBLEM = 'Customers cancel their plan without warning | and support hears too late.';

async function setUp() {
  const t = await imported(signalCsv());
  const charter = {
    ...validCharter(),
    problem: PROBLEM,
    target: 'churned',
    successCriteria: [{ metric: 'roc_auc' as const, direction: 'higher' as const, acceptable: 0.7, target: 0.95 }],
    constraints: { ...validCharter().constraints, sensitiveAttributes: [{ name: 'plan', maxDisparity: 0.1 }] },
  };
  await call(t.handlers, 'charters.save', { projectId: t.projectId, content: charter, basedOnVersion: null });
  const job = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['gbdt'], seed: 3, params: { trees: 30 } })).id);
  expect(job.status, job.message).toBe('succeeded');
  const run = await call<Run>(t.handlers, 'runs.get', { id: (job.result as TrainResult).runIds[0] });
  const evaluate = async (seed = 0) => {
    const done = await t.queue.wait((await call<Job>(t.handlers, 'evaluations.start', { runId: run.id, resamples: 100, repeats: 1, seed })).id);
    expect(done.status, done.error?.message).toBe('succeeded');
    return call<EvaluationDetail>(t.handlers, 'evaluations.get', { id: (done.result as { evaluationId: string }).evaluationId });
  };
  await call<ModelVersion>(t.handlers, 'registry.register', { runId: run.id, name: 'churn', description: 'First churn model' });
  const card = () => call<ModelCard>(t.handlers, 'registry.card', { projectId: t.projectId, ref: 'churn@1' });
  const edit = (section: string, text: string | null) => call<ModelCard>(t.handlers, 'registry.editCard', { projectId: t.projectId, ref: 'churn@1', section, text });
  return { ...t, run, evaluate, card, edit };
}

const section = (card: ModelCard, id: string) => card.sections.find((s) => s.id === id)!;
const tables = (s: ModelCardSection) => s.blocks.filter((b): b is Extract<ModelCardBlock, { kind: 'table' }> => b.kind === 'table');
const tableNamed = (s: ModelCardSection, caption: string) => tables(s).find((b) => b.caption.startsWith(caption))!;

describe('model card', () => {
  it("is written from the records: the charter's problem, the evaluation's metrics and intervals, fairness per attribute, the run's checksums", async () => {
    const t = await setUp();
    const evaluation = await t.evaluate();
    const card = await t.card();
    expect(card.ref).toBe('churn@1');
    expect(card.sections.map((s) => [s.id, s.editable])).toEqual(MODEL_CARD_SECTIONS.map((id) => [id, ['intended-use', 'limitations', 'ethical-considerations'].includes(id)]));

    expect(section(card, 'intended-use').text).toContain(`Problem: ${PROBLEM}`);
    expect(section(card, 'intended-use').text).toContain('For each: one customer');
    expect(card.markdown).toContain('Customers cancel their plan without warning | and support hears too late.');

    // Every metric, with the same value and interval as the evaluation report, on the rows it was measured on.
    const performance = section(card, 'performance');
    expect(performance.text).toContain(evaluation.id);
    const metrics = tableNamed(performance, 'Metrics with 95% intervals');
    const report = evaluation.report;
    expect(metrics.rows.length).toBe(Object.keys(report.metrics).length);
    for (const [key, m] of Object.entries(report.metrics)) {
      const row = metrics.rows.find((r) => r[0]!.startsWith(metricName(key)))!;
      expect(row.slice(1), key).toEqual([cardNumber(m.value), cardInterval(m.low, m.high), report.rows.toLocaleString('en')]);
    }
    const auc = report.metrics.rocAuc!;
    expect(card.markdown).toContain(`| ROC AUC | ${cardNumber(auc.value)} | ${cardInterval(auc.low, auc.high)} | ${report.rows.toLocaleString('en')} |`);
    expect(tableNamed(performance, 'Success gate').rows[0]).toEqual(['ROC AUC', '≥ 0.7', '≥ 0.95', cardNumber(report.gate.criteria[0]!.value), cardInterval(report.gate.criteria[0]!.low, report.gate.criteria[0]!.high), report.gate.criteria[0]!.verdict]);

    // Fairness for the charter's attribute: each group of plan, and the differences against the 0.1 limit.
    const fairness = section(card, 'fairness');
    const plan = report.fairness[0]!;
    const groups = tableNamed(fairness, 'Groups of plan');
    expect(groups.rows.map((r) => r[0]!.replace(' (few rows)', '')).sort()).toEqual(['basic', 'pro', 'team']);
    expect(groups.rows.map((r) => Number(r[1]!.replace(/,/g, ''))).reduce((a, b) => a + b, 0)).toBe(report.rows);
    const differences = tableNamed(fairness, 'Differences between groups of plan');
    expect(differences.rows[0]).toEqual(['Demographic parity difference', cardNumber(plan.demographicParityDifference), '0.1', plan.demographicParityDifference! <= 0.1 ? 'yes' : 'no']);

    const explanations = tableNamed(section(card, 'explanations'), 'Top');
    expect(explanations.rows[0]!.slice(0, 2)).toEqual(['1', 'tenure']);
    expect(explanations.rows[0]![3]).toMatch(/^± /);

    // Checksums: the run's ONNX file and the training data, as recorded.
    const checksums = tableNamed(section(card, 'checksums'), 'SHA-256');
    expect(checksums.rows[0]!.slice(0, 2)).toEqual(['Model file (ONNX)', t.run.onnx.sha256]);
    expect(checksums.rows[0]![2]).toContain(t.run.onnx.size.toLocaleString('en'));
    expect(checksums.rows.find((r) => r[0]!.startsWith('Source file signal.csv'))).toBeDefined();
    expect(card.markdown).toContain(t.run.onnx.sha256);

    const lineage = section(card, 'lineage');
    expect(tables(lineage)[0]!.rows.map((r) => r[0])).toEqual(['Charter', 'Data', 'Split', 'Run', 'Evaluation', 'Model version']);
    expect(section(card, 'training-data').text).toContain(`${t.run.split.testRows.toLocaleString('en')} test rows`);
    expect(section(card, 'limitations').text).toContain('Seasonality. Mitigation: Out-of-time split.');
    expect(section(card, 'ethical-considerations').text).toContain('Privacy: No personal names leave the workspace.');

    // A standalone page: no script, no address outside it; the Markdown escapes pipes inside table cells.
    expect(card.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(card.html).not.toMatch(/<script/i);
    expect(card.html).not.toMatch(/https?:\/\//);
    expect(card.html).toContain('<section id="performance">');
  }, 180_000);

  it("keeps a person's text for an editable section across regenerations, resets it to Gyre's draft, and refuses edits to generated sections", async () => {
    const t = await setUp();
    const before = await t.card();
    expect(section(before, 'performance').text).toContain('Not evaluated yet');
    expect(section(before, 'fairness').text).toContain('Not checked: the model has not been evaluated yet.');
    const draft = section(before, 'limitations').text;

    const hostile = 'Not for customers under 18.\n\n<script>alert(1)</script> and a link "onmouseover="alert(2)" | pipe';
    const edited = await t.edit('limitations', hostile);
    const limitations = section(edited, 'limitations');
    expect(limitations.text).toBe(hostile);
    expect(limitations.edited?.actor.length).toBeGreaterThan(0);
    expect(limitations.blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph']);
    expect(edited.html).not.toMatch(/<script/i);
    expect(edited.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; and a link &quot;onmouseover=&quot;alert(2)&quot; | pipe');
    expect(edited.markdown).toContain('&lt;script>alert(1)&lt;/script>');

    // A new evaluation: the generated sections show it, the edited text stays.
    const evaluation = await t.evaluate(7);
    const after = await t.card();
    expect(section(after, 'limitations').text).toBe(hostile);
    const performance = section(after, 'performance');
    expect(performance.text).toContain(evaluation.id);
    const auc = evaluation.report.metrics.rocAuc!;
    expect(tableNamed(performance, 'Metrics with 95% intervals').rows.find((r) => r[0] === 'ROC AUC')).toEqual(['ROC AUC', cardNumber(auc.value), cardInterval(auc.low, auc.high), evaluation.report.rows.toLocaleString('en')]);
    expect(section(after, 'fairness').text).toContain('Groups of plan');

    // Reset: Gyre's draft again, now written from the evaluation.
    const reset = await t.edit('limitations', null);
    expect(section(reset, 'limitations').edited).toBeNull();
    expect(section(reset, 'limitations').text).not.toBe(hostile);
    expect(section(reset, 'limitations').text).not.toBe(draft);
    expect(section(reset, 'limitations').text).toContain('held-out rows');

    await expect(t.edit('performance', 'Great model.')).rejects.toThrow('The Performance section is generated from the records on every generation and cannot be edited; edit Intended use, Limitations, Ethical considerations.');
    await expect(t.edit('summary', 'x')).rejects.toThrow('A model card has no section "summary"');
    await expect(t.edit('intended-use', '   ')).rejects.toThrow("Write the Intended use section's text, or reset it to the generated text.");
    await expect(call(t.handlers, 'registry.card', { projectId: t.projectId, ref: 'churn@2' })).rejects.toThrow('churn has no version "2" (it has 1).');
  }, 180_000);
});
