/** Combining versions as a real job: append rows with matching columns, or join on keys; lineage names the parents. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetDetail, Handlers, ImportResult, Job, RowPage } from '../../../electron/contract/index';
import { dispatch } from '../../../electron/core/dispatch';
import { tempDir, tempHandlers } from '../../helpers/workspace';

async function call<T>(handlers: Handlers, name: string, input: unknown): Promise<T> {
  const { envelope } = await dispatch(handlers, name, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.result as T;
}

async function setup(files: Record<string, string>) {
  const t = tempHandlers();
  const { id: projectId } = await call<{ id: string }>(t.handlers, 'projects.create', { name: 'P' });
  const dir = tempDir();
  const versions: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, `${name}.csv`), text);
    const job = await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId, file: join(dir, `${name}.csv`) })).id);
    expect(job.status, job.message).toBe('succeeded');
    versions[name] = (job.result as ImportResult).versionId;
  }
  const combine = async (input: Record<string, unknown>) => t.queue.wait((await call<Job>(t.handlers, 'datasets.combine', { projectId, ...input })).id);
  const rows = (versionId: string) => call<RowPage>(t.handlers, 'datasets.rows', { versionId, sort: { column: 'id', descending: false } });
  return { ...t, projectId, versions, combine, rows };
}

describe('combining dataset versions', () => {
  it('appends months whose columns match in any order, and records both parents', async () => {
    const t = await setup({ january: 'id,amount,city\n1,10,Lisbon\n2,20,Porto\n', february: 'city,id,amount\nFaro,3,30.5\n' });
    const job = await t.combine({ operation: 'append', versionIds: [t.versions.january, t.versions.february], name: 'q1' });
    expect(job.status, job.message).toBe('succeeded');
    const { versionId } = job.result as ImportResult;
    const page = await t.rows(versionId);
    expect(page.columns.map((c) => c.name)).toEqual(['id', 'amount', 'city']);
    expect(page.rows).toEqual([[1, 10, 'Lisbon'], [2, 20, 'Porto'], [3, 30.5, 'Faro']]);
    expect(page.columns.find((c) => c.name === 'amount')).toMatchObject({ semanticType: 'float', storageType: 'DOUBLE' });
    const q1 = await call<DatasetDetail>(t.handlers, 'datasets.get', { projectId: t.projectId, dataset: 'q1' });
    expect(q1.versions[0]).toMatchObject({ operation: 'append', parentIds: [t.versions.january, t.versions.february], source: null });
  });

  it('refuses to append versions whose columns differ, naming the columns', async () => {
    const t = await setup({ a: 'id,x\n1,2\n', b: 'id,y\n3,4\n' });
    await expect(t.combine({ operation: 'append', versionIds: [t.versions.a, t.versions.b], name: 'ab' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'Cannot append b v1 to a v1: it lacks "x" and has extra "y". Appending needs the same columns.',
    });
  });

  it('joins on a key, suffixing a clashing column, keeping unmatched rows in a left join', async () => {
    const t = await setup({ customers: 'id,city,score\n1,Lisbon,5\n2,Porto,7\n3,Faro,1\n', orders: 'id,total,score\n1,99.5,0.1\n2,10,0.2\n' });
    const inner = await t.combine({ operation: 'join', versionIds: [t.versions.customers, t.versions.orders], keys: ['id'], name: 'joined' });
    expect(inner.status, inner.message).toBe('succeeded');
    const page = await t.rows((inner.result as ImportResult).versionId);
    expect(page.columns.map((c) => c.name)).toEqual(['id', 'city', 'score', 'total', 'score_2']);
    expect(page.rows).toEqual([[1, 'Lisbon', 5, 99.5, 0.1], [2, 'Porto', 7, 10, 0.2]]);
    const left = await t.combine({ operation: 'join', how: 'left', versionIds: [t.versions.customers, t.versions.orders], keys: ['id'], name: 'joined' });
    expect((left.result as ImportResult).version).toBe(2);
    expect((await t.rows((left.result as ImportResult).versionId)).total).toBe(3);
  });

  it('refuses a join whose keys repeat on the right, which would multiply rows', async () => {
    const t = await setup({ l: 'id,a\n1,2\n', r: 'id,b\n1,2\n1,3\n' });
    const job = await t.combine({ operation: 'join', versionIds: [t.versions.l, t.versions.r], keys: ['id'], name: 'lr' });
    expect(job.error?.message).toMatch(/r v1 has 1 key values \(id\) that occur more than once/);
    await expect(t.combine({ operation: 'join', versionIds: [t.versions.l, t.versions.r], keys: ['nope'], name: 'lr' })).rejects.toMatchObject({ message: 'l v1 has no key column "nope".' });
  });
});
