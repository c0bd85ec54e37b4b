/** Import as a real job: worker processes, DuckDB, the object store and SQLite, end to end. */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DatasetDetail, ImportResult, Job, RowPage } from '../../../electron/contract/index';
import { dispatch } from '../../../electron/core/dispatch';
import type { Handlers } from '../../../electron/contract/index';
import { tempDir, tempHandlers } from '../../helpers/workspace';

const DATA = fileURLToPath(new URL('../../fixtures/data/', import.meta.url));
const BAD = fileURLToPath(new URL('../../fixtures/bad/data/', import.meta.url));

async function call<T>(handlers: Handlers, name: string, input: unknown): Promise<T> {
  const { envelope } = await dispatch(handlers, name, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.result as T;
}

async function setup() {
  const t = tempHandlers();
  const project = await call<{ id: string }>(t.handlers, 'projects.create', { name: 'Churn' });
  return { ...t, projectId: project.id };
}

async function importFile(t: Awaited<ReturnType<typeof setup>>, path: string, extra: Record<string, unknown> = {}): Promise<Job> {
  const job = await call<Job>(t.handlers, 'datasets.import', { projectId: t.projectId, file: path, ...extra });
  return t.queue.wait(job.id);
}

function storeFiles(dir: string): string[] {
  const base = join(dir, 'objects', 'sha256');
  return readdirSync(base).flatMap((p) => readdirSync(join(base, p)).map((f) => p + f));
}

describe('dataset import job', () => {
  it('imports a CSV as version 1 of a dataset, with inferred types, lineage and progress events', async () => {
    const t = await setup();
    const job = await importFile(t, `${DATA}customers.csv`);
    expect(job.status, job.message).toBe('succeeded');
    const result = job.result as ImportResult;
    expect(result).toMatchObject({ version: 1, deduplicated: false, skippedRows: 0 });
    expect(t.events.some((e) => e.event === 'job' && (e.payload as Job).status === 'running')).toBe(true);
    expect(t.events.some((e) => e.event === 'changed' && (e.payload as { entities: string[] }).entities.includes('datasets'))).toBe(true);

    const dataset = await call<DatasetDetail>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'customers' });
    const v = dataset.versions[0]!;
    expect(v).toMatchObject({ version: 1, rowCount: 300, columnCount: 7, operation: 'import', source: { name: 'customers.csv', size: 12731 } });
    expect(v.source!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.fromEntries(v.columns.map((c) => [c.name, c.semanticType]))).toEqual({
      customer_id: 'identifier',
      age: 'integer',
      monthly_spend: 'float',
      city: 'categorical',
      plan: 'categorical',
      signup_date: 'datetime',
      churned: 'boolean',
    });
    expect(existsSync(t.ws.objects.pathOf(v.objectSha256))).toBe(true);
    expect(readdirSync(join(t.ws.dir, 'tmp', 'jobs'))).toEqual([]);
  });

  it('finds the existing version when the same bytes are imported again', async () => {
    const t = await setup();
    const first = (await importFile(t, `${DATA}customers.csv`)).result as ImportResult;
    const copy = join(tempDir(), 'renamed-copy.csv');
    writeFileSync(copy, readFileSync(`${DATA}customers.csv`));
    const second = (await importFile(t, copy)).result as ImportResult;
    expect(second).toMatchObject({ deduplicated: true, versionId: first.versionId });
    expect((await call<DatasetDetail>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'customers' })).versions).toHaveLength(1);
  });

  it('adds version 2 when the same file is read with different choices', async () => {
    const t = await setup();
    await importFile(t, `${DATA}customers.csv`);
    const job = await importFile(t, `${DATA}customers.csv`, { name: 'customers', options: { types: { age: 'float' } } });
    expect(job.result).toMatchObject({ version: 2, deduplicated: false });
    const d = await call<DatasetDetail>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'customers@2' });
    expect(d.versions[0]!.columns.find((c) => c.name === 'age')).toMatchObject({ semanticType: 'float', storageType: 'DOUBLE' });
  });

  it.each(['customers.json', 'customers.jsonl', 'customers.parquet', 'semicolon-decimal-comma.csv'])('imports %s', async (file) => {
    const t = await setup();
    const job = await importFile(t, `${DATA}${file}`);
    expect(job.status, job.message).toBe('succeeded');
    const page = await call<RowPage>(t.handlers, 'datasets.rows', { versionId: (job.result as ImportResult).versionId, limit: 3 });
    expect(page.rows).toHaveLength(3);
    if (file.startsWith('semicolon')) expect(page.rows[0]).toEqual(['Café', 1.5, 3]);
    else expect(page.columns.map((c) => c.name)).toContain('customer_id');
  });

  it('serves sorted and filtered pages of rows with the total that match', async () => {
    const t = await setup();
    const { versionId } = (await importFile(t, `${DATA}customers.csv`)).result as ImportResult;
    const page = await call<RowPage>(t.handlers, 'datasets.rows', {
      versionId,
      offset: 0,
      limit: 5,
      sort: { column: 'monthly_spend', descending: true },
      filters: [{ column: 'city', op: 'eq', value: 'Lisbon' }, { column: 'monthly_spend', op: 'not_missing' }],
    });
    const spend = page.columns.findIndex((c) => c.name === 'monthly_spend');
    const values = page.rows.map((r) => r[spend] as number);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(page.rows.every((r) => r[page.columns.findIndex((c) => c.name === 'city')] === 'Lisbon')).toBe(true);
    expect(page.total).toBeGreaterThan(5);
    const missing = await call<RowPage>(t.handlers, 'datasets.rows', { versionId, filters: [{ column: 'age', op: 'is_missing' }] });
    expect(missing.total).toBeGreaterThan(0);
    expect(missing.rows.every((r) => r[1] === null)).toBe(true);
    await expect(call(t.handlers, 'datasets.rows', { versionId, filters: [{ column: 'nope', op: 'eq', value: 1 }] })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('fails a broken file with the sentence from the parser, and leaves no dataset, object or temp file', async () => {
    const t = await setup();
    const job = await importFile(t, `${BAD}ragged.csv`);
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'DATASET_PARSE', details: { file: 'ragged.csv', row: 3 } });
    expect(await call(t.handlers, 'datasets.list', { projectId: t.projectId })).toEqual([]);
    expect(storeFiles(t.ws.dir)).toEqual([]);
    expect(readdirSync(join(t.ws.dir, 'tmp', 'jobs'))).toEqual([]);
  });

  it('reads boolean words DuckDB rejects (surrounding spaces) as booleans, not text', async () => {
    const t = await setup();
    const file = join(tempDir(), 'padded.csv');
    // The first 20,000 rows decide the type; a padded " yes " further down must not demote the column.
    const lines = ['id,active'];
    for (let i = 0; i < 25_000; i++) lines.push(`${i},${i === 24_000 ? ' yes ' : i % 2 ? 'Yes' : 'no'}`);
    writeFileSync(file, lines.join('\n'));
    const job = await importFile(t, file);
    expect(job.status, job.message).toBe('succeeded');
    const dataset = await call<DatasetDetail>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'padded' });
    expect(dataset.versions[0]!.columns[1]).toMatchObject({ name: 'active', semanticType: 'boolean', storageType: 'BOOLEAN' });
    expect((job.result as ImportResult).warnings).toEqual([]);
    const page = await call<RowPage>(t.handlers, 'datasets.rows', { versionId: dataset.versions[0]!.id, offset: 23_999, limit: 3 });
    expect(page.rows.map((r) => r[1])).toEqual([true, true, true]);
  });

  it('stores a column as text when a value past the sampled rows breaks its type, and says which line', async () => {
    const t = await setup();
    const file = join(tempDir(), 'late.csv');
    const lines = ['id,code'];
    for (let i = 0; i < 25_000; i++) lines.push(`${i},${i === 22_000 ? 'A-17' : i}`);
    writeFileSync(file, lines.join('\n'));
    const job = await importFile(t, file);
    expect(job.status, job.message).toBe('succeeded');
    expect((job.result as ImportResult).warnings).toEqual(['Column "code" looked like integer in the first rows, but line 22002 holds a value that is not; it was imported as text.']);
    const dataset = await call<DatasetDetail>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'late' });
    expect(dataset.versions[0]!.columns[1]).toMatchObject({ name: 'code', semanticType: 'text', storageType: 'VARCHAR' });
    expect(dataset.versions[0]!.rowCount).toBe(25_000);
  });

  it('imports a ragged file when asked to skip bad rows, and reports how many were skipped', async () => {
    const t = await setup();
    const job = await importFile(t, `${BAD}ragged.csv`, { options: { csv: { skipBadRows: true } } });
    expect(job.status, job.message).toBe('succeeded');
    expect(job.result).toMatchObject({ skippedRows: 2 });
  });

  it('cancels a running import by killing its worker; nothing it wrote is kept', async () => {
    const t = await setup();
    const big = join(tempDir(), 'big.csv');
    const lines = ['id,a,b,c'];
    for (let i = 0; i < 400_000; i++) lines.push(`${i},${i * 0.5},cat${i % 7},${i % 3 === 0}`);
    writeFileSync(big, lines.join('\n'));
    const job = await call<Job>(t.handlers, 'datasets.import', { projectId: t.projectId, file: big });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (t.queue.get(job.id).status === 'running') {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    await new Promise((r) => setTimeout(r, 300));
    await call(t.handlers, 'jobs.cancel', { id: job.id });
    const done = await t.queue.wait(job.id);
    expect(done.status).toBe('cancelled');
    expect(await call(t.handlers, 'datasets.list', { projectId: t.projectId })).toEqual([]);
    expect(storeFiles(t.ws.dir)).toEqual([]);
    expect(existsSync(join(t.ws.dir, 'tmp', 'jobs', job.id))).toBe(false);
  });

  it('fails clearly when the file disappears before the worker reads it, saving nothing', async () => {
    const t = await setup();
    const file = join(tempDir(), 'vanishing.csv');
    writeFileSync(file, readFileSync(`${DATA}customers.csv`));
    const job = await call<Job>(t.handlers, 'datasets.import', { projectId: t.projectId, file });
    rmSync(file);
    const done = await t.queue.wait(job.id);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'NOT_FOUND', message: 'vanishing.csv disappeared while it was being imported (moved or deleted?). Nothing was saved.' });
    expect(storeFiles(t.ws.dir)).toEqual([]);
  });

  it('marks jobs of a process that died as interrupted when the workspace is opened again', async () => {
    const t = await setup();
    t.ws.db
      .prepare("INSERT INTO jobs (id, kind, project_id, status, input, runner, created_at) VALUES ('job_dead', 'dataset.import', ?, 'running', '{}', 'nowhere:1', ?)")
      .run(t.projectId, new Date().toISOString());
    const dead = t.ws.db.prepare("UPDATE jobs SET runner = ? WHERE id = 'job_dead'");
    dead.run(`${(await import('node:os')).hostname()}:999999`);
    const { createCore } = await import('../../../electron/core/handlers');
    const { nodeWorkerSpawner } = await import('../../../electron/jobs/spawn-node');
    const again = createCore({ ws: t.ws, host: 'test', spawnWorker: nodeWorkerSpawner() });
    expect(again.queue.get('job_dead')).toMatchObject({ status: 'interrupted', message: expect.stringMatching(/stopped while this job was running/) });
    await again.close();
  });
});

describe('job concurrency', () => {
  it('defaults to one core less than the machine has, and keeps a setting saved in the workspace', async () => {
    const previous = process.env.GYRE_JOB_CONCURRENCY;
    delete process.env.GYRE_JOB_CONCURRENCY;
    try {
      const t = tempHandlers();
      const cores = (await import('node:os')).cpus().length;
      expect(await call(t.handlers, 'jobs.settings', {})).toEqual({ concurrency: Math.max(1, cores - 1), defaultConcurrency: Math.max(1, cores - 1), cores, source: 'default' });
      expect(await call(t.handlers, 'jobs.configure', { concurrency: 3 })).toMatchObject({ concurrency: 3, source: 'setting' });
      await expect(call(t.handlers, 'jobs.configure', { concurrency: 0 })).rejects.toMatchObject({ code: 'VALIDATION' });
      process.env.GYRE_JOB_CONCURRENCY = '5';
      expect(await call(t.handlers, 'jobs.settings', {})).toMatchObject({ concurrency: 5, source: 'environment' });
    } finally {
      if (previous === undefined) delete process.env.GYRE_JOB_CONCURRENCY;
      else process.env.GYRE_JOB_CONCURRENCY = previous;
    }
  });
});
