/**
 * Bring your own model, through a real core and real workers: ONNX files written as skl2onnx writes them
 * (test/fixtures/ml/make-external-models.py) are inspected, imported as runs whose metrics equal scikit-learn's own
 * on the same rows, evaluated and registered like Gyre's runs — and broken or hostile files fail cleanly.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { EvaluationDetail, Job, ModelImportResult, ModelInspection, ModelVersion, Run } from '../../../electron/contract/index';
import { call, imported } from '../../helpers/training';
import { tempDir } from '../../helpers/workspace';

const external = (name: string) => fileURLToPath(new URL(`../../fixtures/ml/external/${name}`, import.meta.url));
const expected = JSON.parse(readFileSync(external('expected.json'), 'utf8')) as {
  logistic: { probabilities: number[][]; metrics: Record<string, number> };
  regression: { rows: number[]; predictions: number[]; metrics: Record<string, number> };
};
const customers = readFileSync(fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url)), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));

type Core = Awaited<ReturnType<typeof imported>>;

async function importJob(t: Core, input: Record<string, unknown>): Promise<Job> {
  const job = await call<Job>(t.handlers, 'models.import', { projectId: t.projectId, versionId: t.versionId, ...input });
  return t.queue.wait(job.id);
}

async function importRun(t: Core, input: Record<string, unknown>): Promise<Run> {
  const job = await importJob(t, input);
  expect(job.status, job.error?.message ?? job.message).toBe('succeeded');
  return call<Run>(t.handlers, 'runs.get', { id: (job.result as ModelImportResult).runId });
}

/** The run's stored file scored directly: the wrapper takes the dataset's columns by name. */
async function scoreStored(t: Core, run: Run, feeds: Record<string, Tensor>, output: string): Promise<Float32Array> {
  const session = await InferenceSession.create(t.ws.objects.read(run.onnx.sha256));
  try {
    return (await session.run(feeds, [output]))[output]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

const num = (v: string | undefined) => (v === undefined || v === '' ? NaN : Number(v));
const column = (index: number) => new Tensor('float32', Float32Array.from(customers, (r) => num(r[index])), [customers.length, 1]);

describe('bring your own model: inspect', () => {
  it("reads a skl2onnx logistic regression and proposes the numeric columns for its one [N, 2] input, the task and the target's classes", async () => {
    const t = await imported();
    const inspection = await call<ModelInspection>(t.handlers, 'models.inspect', { projectId: t.projectId, file: external('logistic.onnx'), versionId: t.versionId });
    expect(inspection).toMatchObject({ fileName: 'logistic.onnx', producer: 'gyre-test-fixture', producerVersion: 'skl2onnx-1.16-layout', irVersion: 8, domains: ['', 'ai.onnx.ml'], modelClassLabels: ['0', '1'] });
    expect(inspection.opsets).toEqual([{ domain: '', version: 15 }, { domain: 'ai.onnx.ml', version: 1 }]);
    expect(inspection.inputs).toEqual([{ name: 'float_input', type: 'tensor(float)', elemType: 'float', shape: [null, 2] }]);
    expect(inspection.outputs.map((o) => [o.name, o.type, o.shape])).toEqual([['output_label', 'tensor(int64)', [null]], ['output_probability', 'tensor(float)', [null, 2]]]);
    expect(inspection.proposal).toEqual({
      target: 'churned',
      task: 'binary',
      // customer_id is an identifier and the rest are text or dates: age and monthly_spend are the two numbers.
      mapping: [{ input: 'float_input', column: 'age' }, { input: 'float_input', column: 'monthly_spend' }],
      unmapped: [],
      outputs: { probabilities: 'output_probability', label: 'output_label' },
      // The model's classes 0 and 1 are the boolean target's false and true.
      classLabels: ['false', 'true'],
      notes: [],
    });
  });

  it('maps per-column inputs by exact name, then in any case, and reads a regression output', async () => {
    const t = await imported();
    const inspection = await call<ModelInspection>(t.handlers, 'models.inspect', { projectId: t.projectId, file: external('regression.onnx'), versionId: t.versionId, target: 'age' });
    expect(inspection.inputs.map((i) => [i.name, i.elemType, i.shape])).toEqual([['monthly_spend', 'double', [null, 1]], ['PLAN', 'string', [null, 1]]]);
    expect(inspection.proposal).toMatchObject({ target: 'age', task: 'regression', mapping: [{ input: 'monthly_spend', column: 'monthly_spend' }, { input: 'PLAN', column: 'plan' }], unmapped: [], outputs: { prediction: 'variable' }, classLabels: null });
  });

  it('asks for the columns of a [N, F] input when F is not the number of numeric columns', async () => {
    const t = await imported();
    const inspection = await call<ModelInspection>(t.handlers, 'models.inspect', { projectId: t.projectId, file: external('logistic.onnx'), versionId: t.versionId, target: 'plan' });
    expect(inspection.proposal.mapping).toEqual([]);
    expect(inspection.proposal.unmapped).toEqual([{ input: 'float_input', reason: expect.stringContaining('"float_input" takes 2 columns side by side and the dataset has 3 numeric columns besides the target ("age", "monthly_spend", "churned")') }]);
  });
});

describe('bring your own model: import', () => {
  it("imports a logistic regression as a run whose probabilities and metrics are scikit-learn's, then evaluates and registers it", async () => {
    const t = await imported();
    const run = await importRun(t, { file: external('logistic.onnx'), target: 'churned', name: 'sklearn churn' });
    expect(run).toMatchObject({ model: 'imported', task: 'binary', target: 'churned', trainSeconds: 0, params: { name: 'sklearn churn', file: 'logistic.onnx', producer: 'gyre-test-fixture skl2onnx-1.16-layout' } });
    expect(run.split).toMatchObject({ spec: { kind: 'imported' }, trainRows: 0, testRows: 300, excluded: null });
    expect(run.details).toMatchObject({ classLabels: ['false', 'true'], featureNames: ['age', 'monthly_spend'] });
    expect(run.details.imported).toMatchObject({ fileName: 'logistic.onnx', mapping: [{ input: 'float_input', column: 'age' }, { input: 'float_input', column: 'monthly_spend' }], outputMapping: { probabilities: 'output_probability', label: 'output_label' }, modelClassLabels: ['false', 'true'] });
    expect(run.details.imported!.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const [name, value] of Object.entries(expected.logistic.metrics)) expect(Math.abs(run.metrics[name]! - value), name).toBeLessThan(1e-6);
    expect(run.cost!.latencyP95Ms).toBeGreaterThan(0);

    // The stored file takes the dataset's columns by name and gives Gyre's outputs, row for row sklearn's.
    const probabilities = await scoreStored(t, run, { age: column(1), monthly_spend: column(2) }, 'probabilities');
    let worst = 0;
    expected.logistic.probabilities.forEach((p, r) => p.forEach((v, k) => (worst = Math.max(worst, Math.abs(probabilities[r * 2 + k]! - v)))));
    expect(worst).toBeLessThan(1e-6);

    // Evaluated on all rows (the default, its "test rows", is the same): the same metrics again.
    for (const rows of ['all', undefined]) {
      const job = await t.queue.wait((await call<Job>(t.handlers, 'evaluations.start', { runId: run.id, resamples: 100, repeats: 1, ...(rows ? { rows } : {}) })).id);
      expect(job.status, job.error?.message).toBe('succeeded');
      const evaluation = await call<EvaluationDetail>(t.handlers, 'evaluations.get', { id: (job.result as { evaluationId: string }).evaluationId });
      expect(evaluation.report.rows).toBe(300);
      expect(evaluation.report.rowsLabel).toContain('all 300 rows with a target');
      expect(evaluation.report.metrics.rocAuc!.value).toBe(run.metrics.rocAuc);
      expect(evaluation.report.explanations.importance.map((c) => c.column).sort()).toEqual(['age', 'monthly_spend']);
    }
    const version = await call<ModelVersion>(t.handlers, 'registry.register', { runId: run.id, name: 'churn', description: 'Trained in scikit-learn' });
    expect(version).toMatchObject({ runId: run.id, model: 'imported', version: 1, stage: 'candidate' });
    // Trained elsewhere: Gyre cannot train it again, and says so.
    await expect(call(t.handlers, 'runs.reproduce', { id: run.id })).rejects.toThrow(/is a model imported from logistic\.onnx: it was trained elsewhere/);
    const board = await call<{ id: string; model: string }[]>(t.handlers, 'runs.list', { projectId: t.projectId });
    expect(board.map((r) => r.model)).toEqual(['imported']);
  });

  it("imports a regression model with per-column inputs (a double and a string input, cast and mapped by name) with scikit-learn's predictions", async () => {
    const t = await imported();
    const run = await importRun(t, { file: external('regression.onnx'), target: 'age' });
    expect(run).toMatchObject({ task: 'regression', details: { classLabels: null, featureNames: ['monthly_spend', 'plan'] } });
    expect(run.split).toMatchObject({ trainRows: 0, testRows: 283, excluded: { rows: 17 } });
    for (const [name, value] of Object.entries(expected.regression.metrics)) expect(Math.abs(run.metrics[name]! - value) / Math.max(1, Math.abs(value)), name).toBeLessThan(1e-6);
    const plan = new Tensor('string', customers.map((r) => r[4]!), [customers.length, 1]);
    const predictions = await scoreStored(t, run, { monthly_spend: column(2), plan }, 'prediction');
    const worst = Math.max(...expected.regression.rows.map((r, i) => Math.abs(predictions[r]! - expected.regression.predictions[i]!) / Math.max(1, Math.abs(expected.regression.predictions[i]!))));
    expect(worst).toBeLessThan(1e-6);
  });

  it("follows the user's mapping and class order: swapped classes give the complementary probabilities", async () => {
    const t = await imported();
    const run = await importRun(t, { file: external('logistic.onnx'), target: 'churned', classLabels: ['true', 'false'], mapping: [{ input: 'float_input', column: 'age' }, { input: 'float_input', column: 'monthly_spend' }] });
    expect(run.details.classLabels).toEqual(['false', 'true']);
    const probabilities = await scoreStored(t, run, { age: column(1), monthly_spend: column(2) }, 'probabilities');
    expect(Math.abs(probabilities[1]! - expected.logistic.probabilities[0]![0]!)).toBeLessThan(1e-6);
    expect(Math.abs(run.metrics.rocAuc! - (1 - expected.logistic.metrics.rocAuc!))).toBeLessThan(1e-6);
  });
});

describe('bring your own model: refusals', () => {
  it('refuses ZipMap probabilities, custom operators and a text column for a float input, each in a sentence', async () => {
    const t = await imported();
    const inspect = (file: string) => call(t.handlers, 'models.inspect', { projectId: t.projectId, file, versionId: t.versionId });
    await expect(inspect(external('zipmap.onnx'))).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining("zipmap.onnx: the output \"output_probability\" is a sequence of maps (seq(map(int64,tensor(float))))") });
    await expect(inspect(external('zipmap.onnx'))).rejects.toThrow("Export the model with zipmap=False (options={id(model): {'zipmap': False}}) so its probabilities are a tensor.");
    await expect(inspect(external('custom-op.onnx'))).rejects.toThrow('custom-op.onnx: the model uses operators of the domain "com.example.custom", which need custom operators');

    const zipmap = await importJob(t, { file: external('zipmap.onnx'), target: 'churned' });
    expect(zipmap.status).toBe('failed');
    expect(zipmap.error!.message).toContain('zipmap=False');
    const text = await importJob(t, { file: external('logistic.onnx'), target: 'churned', mapping: [{ input: 'float_input', column: 'age' }, { input: 'float_input', column: 'city' }] });
    expect(text.status).toBe('failed');
    expect(text.error!.message).toBe('The column "city" holds categorical text; it cannot feed the model\'s float input "float_input".');
    const wrongWidth = await importJob(t, { file: external('logistic.onnx'), target: 'churned', mapping: [{ input: 'float_input', column: 'age' }] });
    expect(wrongWidth.error!.message).toBe('The model\'s input "float_input" takes 2 columns; 1 is mapped to it (age).');
    await expect(call(t.handlers, 'models.import', { projectId: t.projectId, versionId: t.versionId, file: external('logistic.onnx'), target: 'nope' })).rejects.toThrow('This dataset version has no column "nope".');
  });

  it('fails the job cleanly on a garbage file and a truncated one, and the core keeps working', async () => {
    const t = await imported();
    const dir = tempDir();
    const garbage = join(dir, 'garbage.onnx');
    writeFileSync(garbage, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) % 251)));
    const truncated = join(dir, 'truncated.onnx');
    const whole = readFileSync(external('logistic.onnx'));
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const empty = join(dir, 'empty.onnx');
    writeFileSync(empty, '');
    for (const [file, message] of [[garbage, 'garbage.onnx: '], [truncated, 'truncated.onnx: '], [empty, 'empty.onnx is empty.']] as const) {
      const job = await importJob(t, { file, target: 'churned' });
      expect(job.status, file).toBe('failed');
      expect(job.error!.message).toContain(message);
      await expect(call(t.handlers, 'models.inspect', { projectId: t.projectId, file, versionId: t.versionId })).rejects.toThrow(message);
    }
    // The same core goes on: a good file imports after the bad ones.
    const run = await importRun(t, { file: external('logistic.onnx'), target: 'churned' });
    expect(run.model).toBe('imported');
  });
});
