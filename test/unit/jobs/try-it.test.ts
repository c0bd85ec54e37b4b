/**
 * The Deploy stage's "Try it" form against the real handlers and worker: a GBDT trained and registered on the
 * customers fixture; the form's fields are the exported bundle's model.json inputs, one row scores as `gyre predict`
 * scores it, its explanation adds up, and a row the bundle's server would refuse is refused here, naming the field.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BundleModel, BundleResult, Job, ModelVersion, Run, TrainResult, TryForm, TryResult } from '../../../electron/contract/index';
import { call, CSV, imported } from '../../helpers/training';
import { tempDir } from '../../helpers/workspace';

const BIN = fileURLToPath(new URL('../../../bin/gyre.mjs', import.meta.url));

async function registered() {
  const t = await imported(CSV);
  const trained = await t.queue.wait((await call<Job>(t.handlers, 'runs.train', { projectId: t.projectId, versionId: t.versionId, target: 'churned', models: ['gbdt'], seed: 5, params: { trees: 20 } })).id);
  expect(trained.status, trained.error?.message).toBe('succeeded');
  const run = await call<Run>(t.handlers, 'runs.get', { id: (trained.result as TrainResult).runIds[0] });
  await call<ModelVersion>(t.handlers, 'registry.register', { runId: run.id, name: 'churn', description: 'Tried by hand' });
  const form = () => call<TryForm>(t.handlers, 'bundles.tryForm', { projectId: t.projectId, ref: 'churn@1' });
  const tryRow = (row: Record<string, unknown>) => call<TryResult>(t.handlers, 'bundles.tryRow', { projectId: t.projectId, ref: 'churn@1', row });
  return { ...t, run, form, tryRow };
}

/** `gyre predict` on one row written as CSV: its probability of each class. */
function gyrePredict(ws: string, runId: string, row: Record<string, number | string | null>): Record<string, number> {
  const dir = tempDir();
  const names = Object.keys(row);
  writeFileSync(join(dir, 'row.csv'), `${names.join(',')}\n${names.map((n) => row[n] ?? '').join(',')}\n`);
  const r = spawnSync(process.execPath, [BIN, 'predict', runId, join(dir, 'row.csv'), '--out', join(dir, 'out.csv')], { encoding: 'utf8', env: { ...process.env, GYRE_WORKSPACE: ws } });
  expect(r.status, r.stderr).toBe(0);
  const [header, line] = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
  const cells = line!.split(',');
  return Object.fromEntries(header!.split(',').map((h, i) => [h, Number(cells[i])]).filter(([h]) => (h as string).startsWith('probability_')));
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string; details?: { field?: string } }> {
  return p.then(
    () => {
      throw new Error('expected the row to be refused');
    },
    (e: { code: string; message: string; details?: { field?: string } }) => e,
  );
}

describe('Try it', () => {
  it('builds the form from the bundle\'s own fields and a typical training row, kept once per run', async () => {
    const t = await registered();
    const form = await t.form();
    const out = join(tempDir(), 'churn-bundle');
    const job = await t.queue.wait((await call<Job>(t.handlers, 'bundles.export', { projectId: t.projectId, ref: 'churn@1', out, format: 'folder' })).id);
    expect(job.status, job.error?.message).toBe('succeeded');
    const model = JSON.parse(readFileSync(join((job.result as BundleResult).path, 'model.json'), 'utf8')) as BundleModel;
    expect(form.fields).toEqual(model.inputs);
    expect(form).toMatchObject({ ref: 'churn@1', task: 'binary', target: 'churned', classLabels: model.classLabels, threshold: 0.5 });
    expect(form.rowsLabel).toMatch(/^the \d+ training rows of customers v1$/);

    // The example is a training row a person would recognise: whole years, a known city and plan, a day.
    const age = form.fields.find((f) => f.name === 'age')!;
    expect(Number.isInteger(form.example.age)).toBe(true);
    expect(form.example.age).toBeGreaterThanOrEqual(age.minimum!);
    expect(form.example.age).toBeLessThanOrEqual(age.maximum!);
    expect(form.fields.find((f) => f.name === 'city')!.categories).toContain(form.example.city);
    expect(form.example.signup_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // Summarized once: a second form reads the kept object instead of the training rows.
    const kept = () => t.ws.db.prepare('SELECT object_sha256 FROM try_references WHERE run_id = ?').all(t.run.id);
    expect(kept()).toHaveLength(1);
    expect(await t.form()).toEqual(form);
    expect(kept()).toHaveLength(1);
  });

  it('scores one row as gyre predict does, with the saved threshold, and an explanation that adds up', async () => {
    const t = await registered();
    const { example } = await t.form();
    const result = await t.tryRow(example);
    const byCli = gyrePredict(t.ws.dir, t.run.id, example);
    expect(result.probabilities!.map((p) => p.label)).toEqual(['false', 'true']);
    for (const p of result.probabilities!) expect(Math.abs(p.probability - byCli[`probability_${p.label}`]!)).toBeLessThan(1e-6);
    const pTrue = result.probabilities![1]!.probability;
    expect(result.label).toBe(pTrue >= 0.5 ? 'true' : 'false');
    expect(result.warnings).toEqual([]);

    const e = result.explanation;
    expect(e.method).toBe('tree');
    expect(e.output).toBe('log-odds of churned = true');
    expect(e.contributions.map((c) => c.column).sort()).toEqual(['age', 'city', 'monthly_spend', 'plan', 'signup_date']);
    const sum = e.contributions.reduce((s, c) => s + c.contribution, 0);
    expect(Math.abs(sum - (e.prediction - e.baseValue))).toBeLessThan(1e-6);
    expect(Math.abs(1 / (1 + Math.exp(-e.prediction)) - pTrue)).toBeLessThan(1e-5);
    expect(e.contributions.find((c) => c.column === 'signup_date')!.value).toBe(example.signup_date);
    console.log(`tryRow took ${result.elapsedMs.toFixed(0)} ms (worker start included)`);

    // A saved threshold decides the label as the bundle's server does.
    const threshold = pTrue < 0.5 ? Math.max(0.01, pTrue / 2) : Math.min(0.99, (pTrue + 1) / 2);
    await call(t.handlers, 'registry.update', { projectId: t.projectId, ref: 'churn@1', threshold });
    expect((await t.form()).threshold).toBe(threshold);
    expect((await t.tryRow(example)).label).toBe(pTrue >= threshold ? 'true' : 'false');
  });

  it('refuses a row the bundle would refuse, naming the field, and warns about values unlike the training rows', async () => {
    const t = await registered();
    const { example, fields } = await t.form();

    const wrongType = await refusal(t.tryRow({ ...example, age: 'forty' }));
    expect(wrongType).toMatchObject({ code: 'VALIDATION', details: { field: 'age' } });
    expect(wrongType.message).toBe('"age" must be a number or missing, got text.');

    const missing = await refusal(t.tryRow(Object.fromEntries(Object.entries(example).filter(([name]) => name !== 'plan'))));
    expect(missing).toMatchObject({ code: 'VALIDATION', details: { field: 'plan' } });
    expect(missing.message).toContain('no value for "plan"');

    const badDate = await refusal(t.tryRow({ ...example, signup_date: '2021-02-30' }));
    expect(badDate).toMatchObject({ code: 'VALIDATION', details: { field: 'signup_date' } });

    const age = fields.find((f) => f.name === 'age')!;
    const odd = await t.tryRow({ ...example, age: 140, city: 'Madrid', monthly_spend: null });
    expect(odd.warnings).toEqual([`age 140 is outside the training range ${age.minimum} – ${age.maximum}.`, 'city "Madrid" was not seen in training; the model reads it as an unknown category.']);
    expect(odd.explanation.contributions.find((c) => c.column === 'monthly_spend')!.value).toBeNull();
    expect(odd.probabilities).toHaveLength(2);
  });
});
