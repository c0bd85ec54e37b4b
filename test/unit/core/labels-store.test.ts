/**
 * The label store on a real SQLite workspace: a person's newest label is their current one and undo brings back the
 * one before; skips are per person and end when they label the row; counts move a relabeled row between classes.
 */
import { describe, expect, it } from 'vitest';
import { DatasetService } from '../../../electron/core/datasets';
import { JobStore } from '../../../electron/core/jobs-store';
import { LabelStore, tally } from '../../../electron/core/labels';
import { ProjectService } from '../../../electron/core/projects';
import { tempWorkspace } from '../../helpers/workspace';

function store() {
  const ws = tempWorkspace();
  const project = new ProjectService(ws.db).create('Tickets', '');
  new JobStore(ws.db).insert('job_seed', 'dataset.import', project.id, {}, 'seed', 'test:0');
  const object = ws.objects.put(Buffer.from('not read by these tests'), 'application/vnd.apache.parquet');
  const version = new DatasetService(ws.db).addVersion({
    projectId: project.id, datasetName: 'tickets', objectSha256: object.sha256, rowCount: 10, columns: [{ name: 'churned', semanticType: 'categorical', storageType: 'VARCHAR' }],
    source: null, readOptions: {}, operation: 'test', parentIds: [], jobId: 'job_seed',
  });
  const labels = new LabelStore(ws.db, ws.objects);
  // Rows 0–2 are labeled in the data: churn, stay, stay.
  const session = labels.create({ projectId: project.id, versionId: version.id, target: 'churned', targetInData: true, classes: ['churn', 'stay'], dataLabeled: 3, dataCounts: { churn: 1, stay: 2 }, minLabels: 20, rankEvery: 10 });
  const label = (row: number, labeler: string, value: string, dataLabel: string | null = null) => labels.act({ sessionId: session.id, row, labeler, action: 'label', label: value, dataLabel });
  const skip = (row: number, labeler: string) => labels.act({ sessionId: session.id, row, labeler, action: 'skip', label: null, dataLabel: null });
  return { labels, session, label, skip };
}

describe('label store', () => {
  it('keeps each person’s newest label as current, and undo brings back the one before', () => {
    const { labels, session, label } = store();
    label(5, 'ana', 'churn');
    label(5, 'ana', 'stay');
    label(5, 'ben', 'churn');
    expect(labels.current(session.id).map((l) => [l.row, l.labeler, l.label])).toEqual([[5, 'ana', 'stay'], [5, 'ben', 'churn']]);
    expect(labels.undo(session.id, 'ana')).toMatchObject({ row: 5, label: 'stay' });
    expect(labels.current(session.id, 'ana').map((l) => l.label)).toEqual(['churn']);
    expect(labels.undo(session.id, 'ana')).toMatchObject({ row: 5, label: 'churn' });
    expect(labels.current(session.id, 'ana')).toEqual([]);
    expect(labels.current(session.id, 'ben')).toHaveLength(1);
  });

  it('keeps a skip until the same person labels the row', () => {
    const { labels, session, label, skip } = store();
    skip(4, 'ana');
    skip(6, 'ana');
    skip(4, 'ana');
    skip(7, 'ben');
    expect(labels.skipped(session.id, 'ana').map((s) => s.row)).toEqual([6, 4]);
    label(6, 'ben', 'churn');
    expect(labels.skipped(session.id, 'ana').map((s) => s.row)).toEqual([6, 4]);
    label(6, 'ana', 'stay');
    expect(labels.skipped(session.id, 'ana').map((s) => s.row)).toEqual([4]);
  });

  it('counts rows once: a row labeled in the data moves to the class people gave it', () => {
    const { labels, session, label } = store();
    label(0, 'ana', 'stay', 'churn');
    label(7, 'ana', 'churn');
    label(7, 'ben', 'stay');
    label(8, 'ben', 'stay');
    const t = tally(session, labels.current(session.id));
    // Rows 0–2 from the data, 7 and 8 by people; row 0 moved from churn to stay; row 7 is a tie, ben's label the newer.
    expect(t).toMatchObject({ labeled: 5, perClass: { churn: 0, stay: 5 }, classesLabeled: 1, peopleLabels: 4, conflicts: 1 });
    const p = labels.progress(session.id, { rankingState: 'waiting', rankingNote: 'note' });
    expect(p).toMatchObject({ total: 10, labeled: 5, fromData: 3, byPeople: 3, conflicts: 1, rankingNote: 'note' });
    expect(p.labelers.map((l) => [l.labeler, l.labels, l.skips])).toEqual([['ana', 2, 0], ['ben', 2, 0]]);
    expect(p.agreement).toEqual([{ a: 'ana', b: 'ben', rows: 1, observed: 0, kappa: 0 }]);
  });

  it('remembers a labeler name per operating-system user', () => {
    const { labels } = store();
    expect(labels.labelerName('ana')).toBeNull();
    labels.setLabelerName('ana', 'Ana P.');
    labels.setLabelerName('ana', 'Ana Pereira');
    expect(labels.labelerName('ana')).toBe('Ana Pereira');
    expect(labels.labelerName('ben')).toBeNull();
  });
});
