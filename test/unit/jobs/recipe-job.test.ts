/** Recipes through the real handlers and worker: save, preview on a sample, apply as a job, replay on a new version. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApplyRecipeResult, DatasetDetail, Handlers, ImportResult, Job, RecipeDetail, RecipePreview, RecipeStepInput, RecipeVersion, RowPage } from '../../../electron/contract/index';
import { dispatch } from '../../../electron/core/dispatch';
import { tempDir, tempHandlers } from '../../helpers/workspace';

const CUSTOMERS = join(__dirname, '../../fixtures/data/customers.csv');

async function call<T>(handlers: Handlers, name: string, input: unknown): Promise<T> {
  const { envelope } = await dispatch(handlers, name, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.result as T;
}

async function setup() {
  const t = tempHandlers();
  const { id: projectId } = await call<{ id: string }>(t.handlers, 'projects.create', { name: 'Churn' });
  const importFile = async (file: string, name?: string) => {
    const job = await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId, file, ...(name ? { name } : {}) })).id);
    expect(job.status, job.message).toBe('succeeded');
    return (job.result as ImportResult).versionId;
  };
  const save = (name: string, steps: RecipeStepInput[], extra: Record<string, unknown> = {}) => call<RecipeVersion>(t.handlers, 'recipes.save', { projectId, name, steps, ...extra });
  const apply = async (recipe: string, versionId: string, extra: Record<string, unknown> = {}) => t.queue.wait((await call<Job>(t.handlers, 'recipes.apply', { projectId, recipe, versionId, ...extra })).id);
  const allRows = (versionId: string) => call<RowPage>(t.handlers, 'datasets.rows', { versionId, limit: 1000 });
  return { ...t, projectId, importFile, save, apply, allRows };
}

/** customers.csv read by hand, as an independent check of what the recipe kept. */
function customers(): Record<string, string>[] {
  const [header, ...lines] = readFileSync(CUSTOMERS, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v])));
}

const CLEAN: RecipeStepInput[] = [
  { op: 'impute', columns: ['age'], strategy: 'median', note: 'from the "mostly missing" alert' },
  { op: 'text_clean', columns: ['city'], case: 'lower' },
  { op: 'filter_rows', expression: 'monthly_spend > 50' },
  { op: 'derive', name: 'yearly_spend', expression: 'monthly_spend * 12' },
  { op: 'encode', column: 'plan', method: 'one_hot' },
  { op: 'drop_columns', columns: ['customer_id'] },
];

describe('recipes', () => {
  it('applies a saved recipe as a job: a new version with lineage, and a per-step report', async () => {
    const t = await setup();
    const raw = await t.importFile(CUSTOMERS);
    const v1 = await t.save('clean', CLEAN, { draftedOnVersionId: raw });
    expect(v1.version).toBe(1);
    const job = await t.apply('clean', raw);
    expect(job.status, job.message).toBe('succeeded');
    const result = job.result as ApplyRecipeResult;

    const kept = customers().filter((r) => Number(r.monthly_spend) > 50);
    expect(result.rowCount).toBe(kept.length);
    const page = await t.allRows(result.versionId);
    const names = page.columns.map((c) => c.name);
    expect(names).toEqual(['age', 'monthly_spend', 'city', 'plan=basic', 'plan=plus', 'plan=pro', 'signup_date', 'churned', 'yearly_spend']);
    expect(page.rows.map((r) => r[names.indexOf('city')])).toEqual(kept.map((r) => r.city!.toLowerCase()));
    expect(page.rows.every((r) => r[names.indexOf('age')] !== null)).toBe(true);
    expect(page.rows.map((r) => r[names.indexOf('plan=pro')])).toEqual(kept.map((r) => (r.plan === 'pro' ? 1 : 0)));

    const dataset = await call<DatasetDetail>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'customers-clean' });
    expect(dataset.versions[0]).toMatchObject({ operation: 'recipe "clean" v1', parentIds: [raw], rowCount: kept.length });
    const detail = await call<RecipeDetail>(t.handlers, 'recipes.get', { projectId: t.projectId, recipe: 'clean' });
    expect(detail.applications).toHaveLength(1);
    expect(detail.applications[0]).toMatchObject({ recipeVersion: 1, inputVersionId: raw, outputVersionId: result.versionId });
    const missingAges = customers().filter((r) => r.age === '').length;
    expect(detail.applications[0]!.steps[0]).toMatchObject({ status: 'applied', changed: [{ column: 'age', cells: missingAges }] });
    expect(detail.applications[0]!.steps[2]).toMatchObject({ rowsBefore: 300, rowsAfter: kept.length });
    const stages = await call<{ stage: string; state: string; summary: string }[]>(t.handlers, 'stages.status', { projectId: t.projectId });
    expect(stages.find((s) => s.stage === 'prepare')).toMatchObject({ state: 'done', summary: '1 recipe applied 1 time.' });
  });

  it('replays a recipe on a new raw version without a column, reporting what did not apply; strict mode refuses and writes nothing', async () => {
    const t = await setup();
    await t.importFile(CUSTOMERS);
    await t.save('clean', CLEAN);
    const dir = tempDir();
    const next = join(dir, 'customers.csv');
    // Next month's file: no "plan" column, new customers.
    writeFileSync(next, 'customer_id,age,monthly_spend,city,signup_date,churned\n2000,31,80.5, FARO ,2025-01-02,false\n2001,,20,Braga,2025-01-03,true\n2002,52,99,Porto,2025-01-05,false\n');
    const raw2 = await t.importFile(next, 'customers');
    const job = await t.apply('clean', raw2);
    expect(job.status, job.message).toBe('succeeded');
    const result = job.result as ApplyRecipeResult;
    expect(result.rowCount).toBe(2);
    expect(result.application.steps.map((s) => s.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'skipped', 'applied']);
    expect(result.application.steps[4]!.reason).toBe('"plan" is not in this version.');
    const page = await t.allRows(result.versionId);
    expect(page.rows[0]).toEqual([31, 80.5, 'faro', '2025-01-02', false, 966]);

    const before = await call<DatasetDetail>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'customers-clean' });
    const strict = await t.apply('clean', raw2, { strict: true });
    expect(strict.status).toBe('failed');
    expect(strict.error).toMatchObject({ code: 'VALIDATION', message: 'Step 5 (Encode categories): "plan" is not in this version.' });
    const after = await call<DatasetDetail>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'customers-clean' });
    expect(after.versions.map((v) => v.id)).toEqual(before.versions.map((v) => v.id));
  });

  it('fails a recipe with a bad expression with a clear error, and makes no new version', async () => {
    const t = await setup();
    const raw = await t.importFile(CUSTOMERS);
    await t.save('broken', [{ op: 'impute', columns: ['age'], strategy: 'mean' }, { op: 'filter_rows', expression: 'monthly_spend > > 50' }]);
    const job = await t.apply('broken', raw);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/^Step 2 \(Filter rows\): /);
    expect(job.error?.details).toMatchObject({ step: 1 });
    await expect(call(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'customers-broken' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('previews one step on a sample: rows and columns affected, before/after distributions, the first rows', async () => {
    const t = await setup();
    const raw = await t.importFile(CUSTOMERS);
    const preview = await call<RecipePreview>(t.handlers, 'recipes.preview', { versionId: raw, steps: CLEAN, upTo: 0, sampleRows: 100 });
    expect(preview).toMatchObject({ sampled: true, sampleRows: 100, totalRows: 300, error: null });
    expect(preview.steps).toHaveLength(1);
    const age = preview.changes.find((c) => c.column === 'age')!;
    expect(age.before!.missing).toBeGreaterThan(0);
    expect(age.after!.missing).toBe(0);
    expect(age.after!.histogram!.edges).toEqual(age.before!.histogram!.edges);
    expect(age.after!.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(preview.rows.length).toBe(50);

    const broken = await call<RecipePreview>(t.handlers, 'recipes.preview', { versionId: raw, steps: [...CLEAN.slice(0, 2), { op: 'filter_rows', expression: 'spend > 50' }], sampleRows: 5000 });
    expect(broken.sampled).toBe(false);
    expect(broken.error).toBeNull();
    expect(broken.steps[2]).toMatchObject({ status: 'skipped', reason: 'the expression uses "spend", which is not in this version.' });
    const typo = await call<RecipePreview>(t.handlers, 'recipes.preview', { versionId: raw, steps: [{ op: 'filter_rows', expression: 'monthly_spend >' }] });
    expect(typo.error).toMatchObject({ index: 0, message: expect.stringMatching(/^Step 1 \(Filter rows\): /) });
  });

  it('versions a recipe: equal steps return the latest, a save from a stale version is refused', async () => {
    const t = await setup();
    const a = await t.save('clean', CLEAN);
    expect((await t.save('clean', CLEAN)).id).toBe(a.id);
    const b = await t.save('clean', CLEAN.slice(0, 2), { expectedVersion: 1 });
    expect(b.version).toBe(2);
    await expect(t.save('clean', CLEAN.slice(0, 3), { expectedVersion: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(t.save('Clean', CLEAN.slice(0, 4), { expectedVersion: 0 })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'A recipe named "clean" exists already (version 2). Open it to change it, or give this one another name.',
    });
    const detail = await call<RecipeDetail>(t.handlers, 'recipes.get', { projectId: t.projectId, recipe: 'clean@1' });
    expect(detail.versions.map((v) => v.version)).toEqual([1]);
    expect(detail.versions[0]!.steps[0]).toMatchObject({ op: 'impute', note: 'from the "mostly missing" alert', indicator: false });
  });
});
