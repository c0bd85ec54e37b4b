/**
 * Synthetic data as a real job, through the worker and the workspace: a new dataset version with lineage to its
 * source and its quality report kept, fresh identifiers, no row equal to a real row (checked here with DuckDB on the
 * stored files), the same rows for the same seed, and bad requests refused in a sentence without a new version.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset, DatasetDetail, ImportResult, Job, SyntheticRecord, SyntheticSummary } from '../../../electron/contract/index';
import { DatasetService } from '../../../electron/core/datasets';
import { sqlString, withDuck } from '../../../electron/data/duck';
import { call, imported } from '../../helpers/training';
import { tempDir } from '../../helpers/workspace';

type T = Awaited<ReturnType<typeof imported>>;

const generate = async (t: T, input: Record<string, unknown>) => t.queue.wait((await call<Job>(t.handlers, 'synthetic.generate', { projectId: t.projectId, versionId: t.versionId, ...input })).id);

async function importCsv(t: T, name: string, text: string, types: Record<string, string> = {}): Promise<string> {
  const file = join(tempDir(), `${name}.csv`);
  writeFileSync(file, text);
  const job = await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId: t.projectId, file, options: { types } })).id);
  expect(job.status, job.error?.message).toBe('succeeded');
  return (job.result as ImportResult).versionId;
}

const parquet = (t: T, versionId: string) => sqlString(t.ws.objects.pathOf(new DatasetService(t.ws.db).version(versionId).objectSha256));

describe('the dataset.synthesize job', () => {
  it('adds a synthetic version with lineage to its source, and keeps its quality report', async () => {
    const t = await imported();
    const job = await generate(t, { rows: 600, seed: 3 });
    expect(job.status, job.error?.message).toBe('succeeded');
    const summary = job.result as SyntheticSummary;
    expect(summary).toMatchObject({ datasetName: 'customers-synthetic', version: 1, rows: 600, seed: 3, sourceVersionId: t.versionId, sourceLabel: 'customers v1' });

    const made = await call<DatasetDetail>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'customers-synthetic' });
    const source = new DatasetService(t.ws.db).version(t.versionId);
    expect(made.versions[0]).toMatchObject({ id: summary.versionId, rowCount: 600, operation: 'synthetic (Gaussian copula, seed 3) of customers v1', parentIds: [t.versionId], source: null });
    expect(made.versions[0]!.columns).toEqual(source.columns);

    const record = await call<SyntheticRecord>(t.handlers, 'synthetic.report', { projectId: t.projectId, versionId: summary.versionId });
    expect(record).toMatchObject({ ...summary, report: { method: 'gaussian-copula', seed: 3, rowsGenerated: 600, source: { versionId: t.versionId, label: 'customers v1', rows: 300 } } });
    expect(record.report.columns.map((c) => [c.name, c.treatment])).toEqual([
      ['customer_id', 'new-identifiers'], ['age', 'modeled'], ['monthly_spend', 'modeled'], ['city', 'modeled'], ['plan', 'modeled'], ['signup_date', 'modeled'], ['churned', 'modeled'],
    ]);
    expect(record.report.privacy.exactCopies.remaining).toBe(0);
    expect(record.report.quality).toHaveLength(6);
    expect(record.report.verdict.findings.join(' ')).toContain('customer_id holds new identifiers, not the real ones.');
    expect(await call(t.handlers, 'synthetic.report', { projectId: t.projectId, versionId: t.versionId })).toBeNull();
    expect(await call<SyntheticSummary[]>(t.handlers, 'synthetic.list', { projectId: t.projectId })).toEqual([summary]);
    // The job's success tells the windows to refresh what reads datasets and synthetic reports.
    expect(t.events).toContainEqual({ event: 'changed', payload: { entities: expect.arrayContaining(['datasets', 'synthetic']) } });
  });

  it('writes new identifiers, the source’s column types, and no row equal to a real row', async () => {
    const t = await imported();
    const job = await generate(t, { rows: 2000, seed: 11, name: 'shareable' });
    expect(job.status, job.error?.message).toBe('succeeded');
    const { versionId } = job.result as SyntheticSummary;
    const [real, synthetic] = [parquet(t, t.versionId), parquet(t, versionId)];
    await withDuck(async (duck) => {
      const types = async (file: string) => (await duck.rows<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${file})`)).map((d) => `${d.column_name} ${d.column_type}`);
      expect(await types(synthetic)).toEqual(await types(real));
      const [ids] = await duck.rows<{ reused: number; low: number; distinct: number }>(
        `SELECT count(*) FILTER (WHERE customer_id IN (SELECT customer_id FROM read_parquet(${real})))::INT AS reused,
                min(customer_id)::INT AS low, count(DISTINCT customer_id)::INT AS distinct FROM read_parquet(${synthetic})`,
      );
      expect(ids).toEqual({ reused: 0, low: 1300, distinct: 2000 });
      const same = ['age', 'monthly_spend', 'city', 'plan', 'signup_date', 'churned'].map((c) => `s.${c} IS NOT DISTINCT FROM r.${c}`).join(' AND ');
      const [{ copies }] = (await duck.rows<{ copies: number }>(`SELECT count(*)::INT AS copies FROM read_parquet(${synthetic}) s JOIN read_parquet(${real}) r ON ${same}`)) as [{ copies: number }];
      expect(copies).toBe(0);
      // The values look like the real ones: the same categories, whole ages, cents, dates within the real range.
      const [shape] = await duck.rows(
        `SELECT bool_and(plan IN ('basic', 'plus', 'pro')) AS plans, bool_and(age = round(age)) AS ages, bool_and(abs(monthly_spend * 100 - round(monthly_spend * 100)) < 1e-6) AS cents,
                min(signup_date) >= (SELECT min(signup_date) FROM read_parquet(${real})) AS after, max(signup_date) <= (SELECT max(signup_date) FROM read_parquet(${real})) AS before
         FROM read_parquet(${synthetic})`,
      );
      expect(shape).toEqual({ plans: true, ages: true, cents: true, after: true, before: true });
    });
  });

  it('gives the same rows for the same seed', async () => {
    const t = await imported();
    const [a, b] = [await generate(t, { rows: 300, seed: 5 }), await generate(t, { rows: 300, seed: 5 })];
    const [va, vb] = [(a.result as SyntheticSummary).versionId, (b.result as SyntheticSummary).versionId];
    expect((b.result as SyntheticSummary).version).toBe(2);
    await withDuck(async (duck) => {
      const [{ n }] = (await duck.rows<{ n: number }>(`SELECT count(*)::INT AS n FROM (SELECT * FROM read_parquet(${parquet(t, va)}) EXCEPT ALL SELECT * FROM read_parquet(${parquet(t, vb)}))`)) as [{ n: number }];
      expect(n).toBe(0);
    });
  });

  it('refuses bad requests in a sentence and makes no version', async () => {
    const t = await imported();
    await expect(generate(t, { rows: 0 })).rejects.toMatchObject({ code: 'VALIDATION', message: 'Invalid input to synthetic.generate — rows: Generate at least one row.' });
    await expect(generate(t, { rows: 2_000_000 })).rejects.toMatchObject({ code: 'VALIDATION', message: 'Invalid input to synthetic.generate — rows: Generate at most 1,000,000 rows at a time.' });
    await expect(generate(t, { rows: 10, versionId: 'dv_nope' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No dataset version with id "dv_nope".' });
    await expect(generate(t, { rows: 10, name: 'Customers' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^Give the synthetic rows a dataset of their own, not "customers"/) });

    const tickets = Array.from({ length: 12 }, (_, i) => `${i + 1},"Ticket ${i + 1}: the printer on floor ${i % 4} is out of toner again, please send someone"`);
    const notes = await importCsv(t, 'notes', ['ticket,body', ...tickets].join('\n') + '\n', { ticket: 'identifier', body: 'text' });
    await expect(generate(t, { rows: 10, versionId: notes })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'notes v1 has no column to learn from: identifiers and free text are never modeled, and it has only ticket (identifier), body (text).',
    });

    const few = await importCsv(t, 'few', 'x,y\n1,2\n3,4\n5,6\n');
    await expect(generate(t, { rows: 10, versionId: few })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: "few v1 has 3 rows: the generator needs at least 10 to learn a distribution from, and with fewer every value would be one person's.",
    });

    // Every combination of two yes/no columns is a real row: no new row can be made.
    const pairs = await importCsv(t, 'pairs', 'a,b\n' + Array.from({ length: 20 }, (_, i) => `${i % 2 === 0},${Math.floor(i / 2) % 2 === 0}`).join('\n') + '\n');
    const job = await generate(t, { rows: 50, versionId: pairs });
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'VALIDATION', message: 'Every generated row kept landing on a real row of pairs v1: its columns have too few combinations of values to make new rows from. Use a version with more rows or columns.' });

    const names = (await call<Dataset[]>(t.handlers, 'datasets.list', { projectId: t.projectId })).map((d) => d.name).sort();
    expect(names).toEqual(['customers', 'few', 'notes', 'pairs']);
    expect(await call(t.handlers, 'synthetic.list', { projectId: t.projectId })).toEqual([]);
  });
});
