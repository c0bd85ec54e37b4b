/**
 * Labeling through the real handlers, worker processes and files: a session on a partly labeled column, labels,
 * skips and undo with the history kept, progress, two labelers' agreement (Cohen's kappa), the background ranking
 * that orders the queue by the model's uncertainty once there are enough labels, and the export into a new dataset
 * version with lineage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Job, LabelAction, LabelExportResult, LabelProgress, LabelQueue, LabelSession, QueueRow, RankingSummary } from '../../../electron/contract/index';
import { DatasetService } from '../../../electron/core/datasets';
import { withDuck } from '../../../electron/data/duck';
import { cohenKappa } from '../../../electron/ml/active/kappa';
import { ticketsCsv } from '../../helpers/labeling';
import { call, imported } from '../../helpers/training';

/** Queues whose jobs must end before the workspace is closed (a session with labels from the data ranks at once). */
const queues: Awaited<ReturnType<typeof imported>>['queue'][] = [];
afterEach(async () => {
  for (const queue of queues.splice(0)) for (const job of queue.list(undefined, 500)) await queue.wait(job.id);
});

async function session(options: { minLabels?: number; rankEvery?: number } = {}) {
  const data = ticketsCsv();
  const t = await imported(data.file);
  queues.push(t.queue);
  const open = (target: string, extra: Record<string, unknown> = {}) => call<LabelSession>(t.handlers, 'labels.open', { projectId: t.projectId, versionId: t.versionId, target, ...options, ...extra });
  const s = await open('churned');
  const next = (labeler: string, mode = 'unlabeled', limit = 5) => call<LabelQueue>(t.handlers, 'labels.next', { sessionId: s.id, labeler, mode, limit });
  const label = (labeler: string, row: number, value: string) => call<LabelAction>(t.handlers, 'labels.add', { sessionId: s.id, labeler, row, label: value });
  const progress = () => call<LabelProgress>(t.handlers, 'labels.progress', { sessionId: s.id });
  const rankJobs = async () => (await call<Job[]>(t.handlers, 'jobs.list', { projectId: t.projectId })).filter((j) => j.kind === 'labels.rank');
  return { ...t, data, s, open, next, label, progress, rankJobs };
}

/** The rows of a dataset version, in order, as objects. */
async function versionRows(t: Awaited<ReturnType<typeof session>>, versionId: string) {
  const v = new DatasetService(t.ws.db).version(versionId);
  return { version: v, rows: await withDuck((duck) => duck.rows<Record<string, unknown>>(`SELECT * FROM read_parquet('${t.ws.objects.pathOf(v.objectSha256)}')`)) };
}

async function exported(t: Awaited<ReturnType<typeof session>>, input: Record<string, unknown>) {
  const job = await t.queue.wait((await call<Job>(t.handlers, 'labels.export', { sessionId: t.s.id, ...input })).id);
  expect(job.status, job.error?.message).toBe('succeeded');
  const result = job.result as LabelExportResult;
  return { result, ...(await versionRows(t, result.versionId)) };
}

describe('labeling sessions', () => {
  it('opens a session on a partly labeled column: its classes from the data, labeled rows counted as from the data', async () => {
    const t = await session();
    const inFile = t.data.labeledInFile.map((r) => t.data.truth[r]!);
    const count = (c: string) => inFile.filter((x) => x === c).length;
    expect(t.s).toMatchObject({ datasetName: 'tickets', version: 1, rowCount: 300, target: 'churned', targetInData: true, classes: ['churn', 'stay'], dataLabeled: 12, dataCounts: { churn: count('churn'), stay: count('stay') }, minLabels: 20, rankEvery: 10 });
    expect(await t.progress()).toMatchObject({ total: 300, labeled: 12, fromData: 12, byPeople: 0, perClass: { churn: count('churn'), stay: count('stay') }, labelers: [], agreement: [], conflicts: 0, ranking: null });
    expect((await t.progress()).rankingNote).toBe('The model starts ranking after 20 labels in at least two classes: 12 so far.');
    // Opening it again finds the same session.
    expect((await t.open('churned')).id).toBe(t.s.id);
    expect((await call<LabelSession[]>(t.handlers, 'labels.sessions', { projectId: t.projectId })).map((s) => s.id)).toEqual([t.s.id]);
  });

  it('labels a new column with the classes given, and refuses a column that is not classes', async () => {
    const t = await session();
    const fresh = await t.open('sentiment', { classes: ['positive', 'negative', 'positive'] });
    expect(fresh).toMatchObject({ targetInData: false, classes: ['positive', 'negative'], dataLabeled: 0, dataCounts: {} });
    const vip = await t.open('vip');
    expect(vip).toMatchObject({ classes: ['false', 'true'], dataLabeled: 30 });
    await expect(t.open('spend')).rejects.toThrow('"spend" holds float values, not classes; choose a column of categories, yes/no or whole numbers, or name a new column.');
    await expect(t.open('mood')).rejects.toThrow('Labeling needs at least two classes; mood has none. Name the classes to label with.');
    await expect(t.open('mood', { classes: ['ok'] })).rejects.toThrow('Labeling needs at least two classes; mood has only "ok". Name the classes to label with.');
    const added = await call<LabelSession>(t.handlers, 'labels.addClass', { sessionId: t.s.id, name: 'unsure' });
    expect(added.classes).toEqual(['churn', 'stay', 'unsure']);
    await expect(call(t.handlers, 'labels.addClass', { sessionId: t.s.id, name: 'stay' })).rejects.toThrow('"stay" is already a class of churned.');
  });

  it('labels, skips and undoes: the queue moves on, progress counts, and the history keeps every action', async () => {
    const t = await session();
    const first = await t.next('ana', 'unlabeled', 3);
    expect(first.remaining).toBe(288);
    expect(first.rows).toHaveLength(3);
    expect(first.columns.map((c) => c.name)).toEqual(['ticket_id', 'tenure', 'spend', 'plan', 'note', 'churned', 'vip']);
    for (const r of first.rows) {
      expect(r.dataLabel).toBeNull();
      expect(r.why).toEqual({ kind: 'random', labels: 12, minLabels: 20, classesLabeled: 2, ranked: false });
      expect(r.values[0]).toBe(5000 + r.row);
    }
    const [a, b, c] = first.rows.map((r) => r.row) as [number, number, number];
    // The same seed gives the same order to every labeler and on every request.
    expect((await t.next('ben', 'unlabeled', 3)).rows.map((r) => r.row)).toEqual([a, b, c]);

    const added = await t.label('ana', a, t.data.truth[a]!);
    expect(added).toMatchObject({ row: a, labeler: 'ana', action: 'label', label: t.data.truth[a] });
    let p = await t.progress();
    expect(p).toMatchObject({ labeled: 13, byPeople: 1, labelers: [{ labeler: 'ana', labels: 1, skips: 0 }] });
    expect(p.perClass[t.data.truth[a]!]).toBe(t.s.dataCounts[t.data.truth[a]!]! + 1);

    await call<LabelAction>(t.handlers, 'labels.skip', { sessionId: t.s.id, labeler: 'ana', row: b });
    let q = await t.next('ana', 'unlabeled', 3);
    expect(q.rows[0]!.row).toBe(c);
    expect(q).toMatchObject({ remaining: 287, skipped: 1 });
    // Ben did not skip it: his queue still starts there.
    expect((await t.next('ben', 'unlabeled', 1)).rows[0]!.row).toBe(b);
    const all = await t.next('ana', 'unlabeled', 50);
    expect(all.rows.some((r) => r.row === b)).toBe(false);

    expect(await call<LabelAction>(t.handlers, 'labels.undo', { sessionId: t.s.id, labeler: 'ana' })).toMatchObject({ row: b, action: 'skip' });
    q = await t.next('ana', 'unlabeled', 3);
    expect(q.rows.map((r) => r.row)).toEqual([b, c, expect.any(Number)]);
    expect(await call<LabelAction>(t.handlers, 'labels.undo', { sessionId: t.s.id, labeler: 'ana' })).toMatchObject({ row: a, action: 'label' });
    p = await t.progress();
    expect(p).toMatchObject({ labeled: 12, byPeople: 0 });
    await expect(call(t.handlers, 'labels.undo', { sessionId: t.s.id, labeler: 'ana' })).rejects.toThrow('Nothing to undo: ana has no labels or skips left in this session.');
    // Nothing is deleted: both actions are kept, marked undone.
    const history = t.ws.db.prepare('SELECT row_index AS row, action, undone_at IS NOT NULL AS undone FROM labels ORDER BY id').all();
    expect(history).toEqual([{ row: a, action: 'label', undone: 1 }, { row: b, action: 'skip', undone: 1 }]);
  });

  it('relabels a row labeled in the data, and a new label by the same person supersedes theirs', async () => {
    const t = await session();
    const row = t.data.labeledInFile[0]!;
    const inData = t.data.truth[row]!;
    const other = inData === 'churn' ? 'stay' : 'churn';
    const shown = await call<QueueRow>(t.handlers, 'labels.row', { sessionId: t.s.id, row });
    expect(shown).toMatchObject({ row, dataLabel: inData, labels: [], why: { kind: 'asked' } });
    const fromData = await t.next('ana', 'data', 50);
    expect(fromData.remaining).toBe(12);
    expect(fromData.rows.every((r) => r.dataLabel !== null && r.why.kind === 'data')).toBe(true);

    await t.label('ana', row, other);
    await t.label('ana', row, inData);
    await t.label('ana', row, other);
    const p = await t.progress();
    // Still 12 labeled rows: the row was labeled already; it moved from its class in the data to ana's.
    expect(p).toMatchObject({ labeled: 12, byPeople: 1, labelers: [{ labeler: 'ana', labels: 1 }] });
    expect(p.perClass[other]).toBe(t.s.dataCounts[other]! + 1);
    expect((await call<QueueRow>(t.handlers, 'labels.row', { sessionId: t.s.id, row })).labels).toEqual([{ labeler: 'ana', label: other, at: expect.any(String) }]);
    expect((await t.next('ana', 'data', 50)).remaining).toBe(11);

    await expect(t.label('ana', row, 'maybe')).rejects.toThrow('"maybe" is not a class of churned; add it first (the classes are "churn", "stay").');
    await expect(t.label('ana', 300, 'churn')).rejects.toThrow('tickets v1 has 300 rows; there is no row 301.');
  });
});

describe('two labelers and the export', () => {
  it("measures agreement as Cohen's kappa on the rows both labeled, and writes the labels into a new version settled by the rule", async () => {
    const t = await session();
    const rows = (await t.next('ana', 'unlabeled', 10)).rows.map((r) => r.row);
    const anaSays = rows.map((r, i) => (i % 4 === 0 ? 'stay' : t.data.truth[r]!));
    for (const [i, r] of rows.entries()) await t.label('ana', r, anaSays[i]!);

    // Ben's "others" queue offers ana's rows, oldest first, saying who labeled them.
    const others = await t.next('ben', 'others', 10);
    expect(others.rows.map((r) => r.row)).toEqual(rows);
    expect(others.rows[0]!.why).toEqual({ kind: 'others', by: ['ana'] });
    const benSays = rows.map((r) => t.data.truth[r]!);
    for (const [i, r] of rows.entries()) await t.label('ben', r, benSays[i]!);
    expect((await t.next('ben', 'others', 10)).remaining).toBe(0);

    // Cy's label makes the first row two against one.
    const cySays = anaSays[0] === 'stay' ? 'churn' : 'stay';
    await t.label('cy', rows[0]!, cySays);
    const p = await t.progress();
    const pair = (a: string, b: string, x: string[], y: string[]) => {
      const k = cohenKappa(x, y);
      return { a, b, rows: x.length, observed: k.observed, kappa: k.kappa };
    };
    // One row in common with cy: kappa is 0 where they differ, undefined (null) where they agree.
    expect(p.agreement).toEqual([pair('ana', 'ben', anaSays, benSays), pair('ana', 'cy', [anaSays[0]!], [cySays]), pair('ben', 'cy', [benSays[0]!], [cySays])]);
    expect(p.agreement[1]).toMatchObject({ observed: 0, kappa: 0 });
    const disagreements = rows.filter((_, i) => anaSays[i] !== benSays[i]);
    expect(p.conflicts).toBe(disagreements.length + (anaSays[0] === benSays[0] ? 1 : 0));
    expect(p.labelers.map((l) => [l.labeler, l.labels])).toEqual([['ana', 10], ['ben', 10], ['cy', 1]]);

    const { result, version, rows: out } = await exported(t, {});
    expect(result).toMatchObject({ datasetName: 'tickets-labeled', version: 1, rows: 300, labeledByPeople: 10, relabeled: 0, labelers: ['ana', 'ben', 'cy'], warnings: [] });
    expect(version.parentIds).toEqual([t.versionId]);
    expect(version.operation).toBe(`labels by ana, ben, cy (21 labels, 10 rows) into churned; ${result.conflicts} ${result.conflicts === 1 ? 'disagreement' : 'disagreements'} settled by majority, then the most recent`);
    expect(version.columns).toEqual(new DatasetService(t.ws.db).version(t.versionId).columns);
    // Where ana and ben disagree (one each), ben's label is the more recent and wins; on the first row, two of three decide.
    for (const [i, r] of rows.entries()) {
      const want = i === 0 ? [anaSays[0], benSays[0], anaSays[0] === 'stay' ? 'churn' : 'stay'].sort().find((x, _, all) => all.filter((y) => y === x).length >= 2) : benSays[i];
      expect(out[r]!.churned, `row ${r}`).toBe(want);
    }
    for (const r of t.data.labeledInFile) expect(out[r]!.churned).toBe(t.data.truth[r]);
    const untouched = out.filter((_, r) => !rows.includes(r) && !t.data.labeledInFile.includes(r));
    expect(untouched.every((row) => row.churned === null)).toBe(true);
    expect(out.map((r) => r.ticket_id)).toEqual(Array.from({ length: 300 }, (_, i) => String(5000 + i)));

    // Only labeled rows, and only ana's labels.
    const only = await exported(t, { onlyLabeled: true, labeler: 'ana', name: 'tickets-ana' });
    expect(only.result).toMatchObject({ datasetName: 'tickets-ana', rows: 22, labeledByPeople: 10, labelers: ['ana'] });
    expect(only.version.operation).toBe('labels by ana (10 labels, 10 rows) into churned; labeled rows only');
    const byAna = new Map(rows.map((r, i) => [String(5000 + r), anaSays[i]]));
    expect(only.rows.filter((r) => byAna.has(String(r.ticket_id))).map((r) => [r.ticket_id, r.churned])).toEqual([...byAna].sort());
    await expect(call(t.handlers, 'labels.export', { sessionId: t.s.id, labeler: 'dee' })).rejects.toThrow('dee has no labels in this session.');
  });

  it('keeps a yes/no column yes/no unless a class is not, and adds a new column as text', async () => {
    const t = await session();
    const vip = await t.open('vip');
    await call(t.handlers, 'labels.add', { sessionId: vip.id, labeler: 'ana', row: 1, label: 'true' });
    let job = await t.queue.wait((await call<Job>(t.handlers, 'labels.export', { sessionId: vip.id })).id);
    let result = job.result as LabelExportResult;
    let v = await versionRows(t, result.versionId);
    expect(v.version.columns.find((c) => c.name === 'vip')).toEqual({ name: 'vip', semanticType: 'boolean', storageType: 'BOOLEAN' });
    expect([v.rows[0]!.vip, v.rows[1]!.vip, v.rows[2]!.vip, v.rows[10]!.vip]).toEqual([true, true, null, false]);

    await call(t.handlers, 'labels.addClass', { sessionId: vip.id, name: 'unsure' });
    await call(t.handlers, 'labels.add', { sessionId: vip.id, labeler: 'ana', row: 2, label: 'unsure' });
    job = await t.queue.wait((await call<Job>(t.handlers, 'labels.export', { sessionId: vip.id, name: 'tickets-vip' })).id);
    result = job.result as LabelExportResult;
    expect(result.warnings).toEqual(['"unsure" is not a boolean value, so vip is stored as text in the new version.']);
    v = await versionRows(t, result.versionId);
    expect(v.version.columns.find((c) => c.name === 'vip')).toEqual({ name: 'vip', semanticType: 'categorical', storageType: 'VARCHAR' });
    expect([v.rows[0]!.vip, v.rows[1]!.vip, v.rows[2]!.vip, v.rows[3]!.vip]).toEqual(['true', 'true', 'unsure', null]);

    const mood = await t.open('mood', { classes: ['calm', 'angry'] });
    await call(t.handlers, 'labels.add', { sessionId: mood.id, labeler: 'ana', row: 4, label: 'angry' });
    job = await t.queue.wait((await call<Job>(t.handlers, 'labels.export', { sessionId: mood.id, onlyLabeled: true })).id);
    v = await versionRows(t, (job.result as LabelExportResult).versionId);
    expect(v.version.columns.at(-1)).toEqual({ name: 'mood', semanticType: 'categorical', storageType: 'VARCHAR' });
    expect(v.rows).toHaveLength(1);
    expect(v.rows[0]).toMatchObject({ ticket_id: '5004', mood: 'angry' });
  });
});

describe('active learning', () => {
  it('ranks the unlabeled rows by the model’s uncertainty in the background once there are enough labels', async () => {
    const t = await session({ minLabels: 20, rankEvery: 5 });
    const labelTruth = async (n: number) => {
      for (const r of (await t.next('ana', 'unlabeled', n)).rows) await t.label('ana', r.row, t.data.truth[r.row]!);
    };
    await labelTruth(7);
    expect(await t.rankJobs()).toEqual([]);
    await labelTruth(1);
    const [job] = await t.rankJobs();
    expect(job, 'the 20th label starts the model').toBeDefined();
    const done = await t.queue.wait(job!.id);
    expect(done.status, done.error?.message).toBe('succeeded');
    const ranking = done.result as RankingSummary;
    expect(ranking).toMatchObject({ model: 'logistic regression', strategy: 'margin', trainedOn: 20, fromData: 12, peopleLabels: 8, classes: ['churn', 'stay'], scored: 280, unlabeledRows: 280 });

    const p = await t.progress();
    expect(p.ranking).toEqual(ranking);
    expect(p.rankingNote).toBe('The model ranks again after 5 more labels.');
    const q = await t.next('ana', 'unlabeled', 50);
    expect(q.remaining).toBe(280);
    const margins = q.rows.map((r) => {
      if (r.why.kind !== 'uncertain') throw new Error(`row ${r.row} is there because ${r.why.kind}`);
      expect(r.why).toMatchObject({ of: 280, trainedOn: 20, fromData: 12, trainedAt: ranking.createdAt });
      return r.why.top[0]!.probability - r.why.top[1]!.probability;
    });
    expect(q.rows.map((r) => (r.why.kind === 'uncertain' ? r.why.rank : 0))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(margins).toEqual([...margins].sort((a, b) => a - b));
    // Churn turns to stay around a tenure of 15 months: the rows the model is least sure of lie near it.
    const distance = (rows: number[]) => rows.reduce((s, r) => s + Math.abs(t.data.tenure[r]! - 15), 0) / rows.length;
    const unlabeled = Array.from({ length: 300 }, (_, r) => r).filter((r) => !t.data.labeledInFile.includes(r) && !q.rows.some((x) => x.row === r));
    expect(distance(q.rows.slice(0, 20).map((r) => r.row))).toBeLessThan(distance(unlabeled) / 2);

    // Five more labels: the model ranks again, in the background; labeling goes on meanwhile.
    for (const r of q.rows.slice(0, 5)) await t.label('ana', r.row, t.data.truth[r.row]!);
    const jobs = await t.rankJobs();
    expect(jobs).toHaveLength(2);
    expect((await t.queue.wait(jobs[0]!.id)).result).toMatchObject({ trainedOn: 25, peopleLabels: 13, scored: 275 });
    expect((await t.next('ana', 'unlabeled', 1)).rows[0]!.why).toMatchObject({ kind: 'uncertain', rank: 1, trainedOn: 25 });
  });
});
