/**
 * Project archives through the real core and worker processes: a project with records in nearly every table is
 * exported, imported into an empty workspace (identical rows, objects and bundles), refused whole when one byte of
 * the file is changed or the file is cut short (the target workspace unchanged), and imported a second time as a copy
 * or merged (new versions added, renumbered where taken, never overwriting).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveExportResult, ArchiveImportResult, ArchiveInspection, Handlers, Job, ModelVersion, StageStatus, VerifyResult, ExportedBundle } from '../../../electron/contract/index';
import { snapshotProject } from '../../../electron/core/archive/snapshot';
import { uncoveredTables } from '../../../electron/core/archive/tables';
import type { Workspace } from '../../../electron/core/workspace';
import type { JobQueue } from '../../../electron/jobs/queue';
import { customerLines, richProject, writeCsv } from '../../helpers/archive-project';
import { call } from '../../helpers/training';
import { tempDir, tempHandlers } from '../../helpers/workspace';

type Rich = Awaited<ReturnType<typeof richProject>>;
interface Target {
  ws: Workspace;
  handlers: Handlers;
  queue: JobQueue;
}

async function exportArchive(t: Target, projectId: string, out: string): Promise<ArchiveExportResult> {
  const job = await t.queue.wait((await call<Job>(t.handlers, 'archive.export', { projectId, out })).id);
  expect(job.status, job.error?.message).toBe('succeeded');
  return job.result as ArchiveExportResult;
}

async function importArchive(t: Target, file: string, mode?: 'copy' | 'merge'): Promise<Job> {
  return t.queue.wait((await call<Job>(t.handlers, 'archive.import', { file, ...(mode ? { mode } : {}) })).id);
}

/** Everything a failed import could have touched: row counts of every table, the store's files, bundles/, tmp/jobs. */
function stateOf(ws: Workspace): string {
  const tables = (ws.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'jobs' ORDER BY name").pluck().all() as string[]).map((n) => `${n}:${ws.db.prepare(`SELECT count(*) FROM ${n}`).pluck().get() as number}`);
  const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : []);
  return JSON.stringify({ tables, objects: list(join(ws.dir, 'objects')), bundles: list(join(ws.dir, 'bundles')), staging: list(join(ws.dir, 'tmp', 'jobs')) });
}

/** Offsets of each entry's header in a tar: name → { header, data, size }. */
function tarEntries(bytes: Buffer): Map<string, { header: number; data: number; size: number }> {
  const out = new Map<string, { header: number; data: number; size: number }>();
  for (let at = 0; at + 512 <= bytes.length; ) {
    const name = bytes.subarray(at, at + 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(bytes.subarray(at + 124, at + 136).toString('ascii').replace(/\0.*$/s, '').trim(), 8);
    out.set(name, { header: at, data: at + 512, size });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

let source: Rich;
let archive: ArchiveExportResult;

beforeAll(async () => {
  source = await richProject();
  archive = await exportArchive(source, source.projectId, join(source.dir, 'churn.gyre'));
}, 240_000);
afterAll(() => source?.dispose());

describe('project archives', () => {
  it('covers every table of the schema', () => {
    const names = source.ws.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    expect(uncoveredTables(names)).toEqual([]);
  });

  it('round-trips a project into an empty workspace: the same rows, objects, bundles and stage states', async () => {
    expect(archive.counts).toMatchObject({ charterVersions: 2, datasets: 2, datasetVersions: 2, recipes: 1, runs: 2, evaluations: 1, models: 1, modelVersions: 1, bundles: 2, monitorBatches: 1 });
    const target = tempHandlers();
    const inspection = await call<ArchiveInspection>(target.handlers, 'archive.inspect', { file: archive.path });
    expect(inspection).toMatchObject({ project: { id: source.projectId, name: 'Churn' }, existing: null, counts: archive.counts, bytes: archive.bytes });

    const job = await importArchive(target, archive.path);
    expect(job.status, job.error?.message).toBe('succeeded');
    const result = job.result as ArchiveImportResult;
    expect(result).toMatchObject({ projectId: source.projectId, projectName: 'Churn', mode: 'new', bundlesRestored: 2, kept: {} });
    expect(result.objectsAdded).toBe(archive.counts.objects);

    const before = snapshotProject(source.ws.db, source.projectId);
    // The export's own job was running when the archive was written: it made nothing in it and stayed behind.
    before.tables.jobs = before.tables.jobs!.filter((j) => j.kind !== 'project.export');
    const after = snapshotProject(target.ws.db, source.projectId);
    for (const [table, rows] of Object.entries(before.tables)) {
      expect(after.tables[table]!.length, table).toBe(rows.length);
      if (table === 'projects') expect(after.tables[table]).toEqual(rows.map((r) => ({ ...r, last_opened_at: null })));
      else expect(after.tables[table], table).toEqual(rows);
    }
    expect(after.objects).toEqual(before.objects);
    for (const sha of after.objects) expect(createHash('sha256').update(readFileSync(target.ws.objects.pathOf(sha))).digest('hex')).toBe(sha);

    const bundles = await call<ExportedBundle[]>(target.handlers, 'bundles.list', { projectId: source.projectId });
    expect(bundles.map((b) => b.path).sort()).toEqual([join(target.ws.dir, 'bundles', 'churn-v1'), join(target.ws.dir, 'bundles', 'churn-v1.zip')]);
    for (const b of bundles) expect((await call<VerifyResult>(target.handlers, 'bundles.verify', { path: b.path })).ok, b.path).toBe(true);
    const states = async (h: Handlers) => (await call<StageStatus[]>(h, 'stages.status', { projectId: source.projectId })).map((s) => `${s.stage}:${s.state}`);
    expect(await states(target.handlers)).toEqual(await states(source.handlers));
  }, 120_000);

  it('refuses an archive with one byte changed anywhere, naming the entry, and leaves the workspace as it was', async () => {
    const bytes = readFileSync(archive.path);
    const entries = tarEntries(bytes);
    const object = [...entries.keys()].find((n) => n.startsWith('objects/'))!;
    const table = [...entries.entries()].find(([n, e]) => n.startsWith('tables/') && e.size % 512 !== 0)!;
    const cases: { where: string; offset: number; message: RegExp }[] = [
      { where: 'an object', offset: entries.get(object)!.data + Math.floor(entries.get(object)!.size / 2), message: new RegExp(`entry ${object} does not match its checksum`) },
      { where: 'the manifest', offset: entries.get('manifest.json')!.data + 40, message: /manifest\.json/ },
      { where: 'a table', offset: table[1].data + 3, message: new RegExp(`${table[0].replace('.', '\\.')}`) },
      { where: 'a header', offset: entries.get(object)!.header + 140, message: /damaged/ },
      { where: 'padding', offset: table[1].data + table[1].size + 1, message: /checksum does not match its bytes/ },
      { where: 'the checksum', offset: bytes.length - 2048 + 512 + 10, message: /checksum/ },
      { where: 'the end', offset: bytes.length - 1, message: /damaged after the entry CHECKSUM/ },
    ];
    const target = tempHandlers();
    const untouched = stateOf(target.ws);
    const dir = tempDir();
    for (const c of cases) {
      const bad = join(dir, `${c.where.replace(/\W/g, '-')}.gyre`);
      const changed = Buffer.from(bytes);
      changed[c.offset] = changed[c.offset]! ^ 0x20;
      writeFileSync(bad, changed);
      const job = await importArchive(target, bad);
      expect(job.status, c.where).toBe('failed');
      expect(job.error?.message, c.where).toMatch(c.message);
      expect(stateOf(target.ws), c.where).toBe(untouched);
    }
    // Cut short in the middle of an object.
    const cut = join(dir, 'cut.gyre');
    copyFileSync(archive.path, cut);
    truncateSync(cut, Math.floor(entries.get(object)!.data / 512) * 512 + 512 * 3);
    const job = await importArchive(target, cut);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/cut short|damaged|incomplete/);
    expect(stateOf(target.ws)).toBe(untouched);
    // The good archive still imports into that workspace afterwards.
    expect((await importArchive(target, archive.path)).status).toBe('succeeded');
  }, 120_000);

  it('asks before importing a project twice, then makes a copy with new identities or merges without overwriting', async () => {
    const target = tempHandlers();
    expect((await importArchive(target, archive.path)).status).toBe('succeeded');
    const again = await importArchive(target, archive.path);
    expect(again.status).toBe('failed');
    expect(again.error).toMatchObject({ code: 'CONFLICT' });
    expect((await call<ArchiveInspection>(target.handlers, 'archive.inspect', { file: archive.path })).existing).toEqual({ id: source.projectId, name: 'Churn' });

    const copied = await importArchive(target, archive.path, 'copy');
    expect(copied.status, copied.error?.message).toBe('succeeded');
    const copy = copied.result as ArchiveImportResult;
    expect(copy).toMatchObject({ mode: 'copy', projectName: 'Churn (copy)', objectsAdded: 0, bundlesRestored: 2 });
    expect(copy.projectId).not.toBe(source.projectId);
    const original = snapshotProject(target.ws.db, source.projectId);
    const twin = snapshotProject(target.ws.db, copy.projectId);
    const ids = (s: typeof original) => new Set(Object.values(s.tables).flatMap((rows) => rows.map((r) => r.id).filter((id): id is string => typeof id === 'string')));
    const shared = [...ids(twin)].filter((id) => ids(original).has(id));
    expect(shared, 'a copy shares no identity with the original').toEqual([]);
    for (const [table, rows] of Object.entries(original.tables)) expect(twin.tables[table]!.length, table).toBe(rows.length);
    // The copy's records name each other: its production model resolves to its own run, on its own dataset version.
    const version = await call<ModelVersion>(target.handlers, 'registry.get', { projectId: copy.projectId, ref: 'churn@1' });
    const run = twin.tables.runs!.find((r) => r.id === version.runId)!;
    expect(twin.tables.dataset_versions!.map((v) => v.id)).toContain(run.version_id);
    expect(version.stage).toBe('production');

    const merged = await importArchive(target, archive.path, 'merge');
    expect(merged.status, merged.error?.message).toBe('succeeded');
    const merge = merged.result as ArchiveImportResult;
    expect(Object.values(merge.added).every((n) => n === 0), JSON.stringify(merge.added)).toBe(true);
    expect(merge.kept.dataset_versions).toBe(2);
    expect(merge.bundlesRestored).toBe(0);
  }, 120_000);

  it('merges the versions made on the other machine, renumbering a version number taken here', async () => {
    const target = tempHandlers();
    expect((await importArchive(target, archive.path)).status).toBe('succeeded');
    const p = source.projectId;
    // Here: a third charter version of our own.
    const here = await call<{ version: number }>(target.handlers, 'charters.get', { projectId: p });
    await call(target.handlers, 'charters.save', { projectId: p, content: { ...(here as unknown as { content: object }).content, problem: 'Edited in the air-gapped lab.' }, basedOnVersion: here.version, note: 'lab' });
    // There: a different third charter version, a new dataset version, and a second model version promoted to production.
    const there = await call<{ version: number; content: object }>(source.handlers, 'charters.get', { projectId: p });
    await call(source.handlers, 'charters.save', { projectId: p, content: { ...there.content, problem: 'Edited on the laptop.' }, basedOnVersion: there.version, note: 'laptop' });
    await source.ok(call<Job>(source.handlers, 'datasets.import', { projectId: p, file: writeCsv(source.dir, 'customers.csv', customerLines(300, 9)), name: 'customers' }));
    await call(source.handlers, 'registry.register', { runId: source.gbdt.id, name: 'churn' });
    await call(source.handlers, 'registry.promote', { projectId: p, ref: 'churn@2', stage: 'production', reason: 'archive test: the second version', override: true });
    const second = await exportArchive(source, p, join(source.dir, 'churn-later.gyre'));

    const job = await importArchive(target, second.path, 'merge');
    expect(job.status, job.error?.message).toBe('succeeded');
    const r = job.result as ArchiveImportResult;
    expect(r.added).toMatchObject({ charter_versions: 1, dataset_versions: 1, model_versions: 1, projects: 0, runs: 0 });
    expect(r.notes.join('\n')).toMatch(/charter version 3 is version 4 here/);
    expect(r.notes.join('\n')).toMatch(/Model version 2 was in production in the archive; version 1 is in production here/);
    const history = await call<{ version: number; note: string }[]>(target.handlers, 'charters.history', { projectId: p });
    expect(history.map((h) => h.version).sort()).toEqual([1, 2, 3, 4]);
    const v2 = await call<ModelVersion>(target.handlers, 'registry.get', { projectId: p, ref: 'churn@2' });
    expect(v2.stage).toBe('staging');
    const v1 = await call<ModelVersion>(target.handlers, 'registry.get', { projectId: p, ref: 'churn@1' });
    expect(v1.stage).toBe('production');
    expect(statSync(second.path).size).toBeGreaterThan(archive.bytes);
  }, 180_000);
});
