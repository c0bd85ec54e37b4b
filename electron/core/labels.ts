/**
 * Labeling sessions, people's labels and skips (every action kept; undo marks one undone), and the quick model's
 * rankings, in SQLite (migration 016); a ranking's rows are a JSON object in the store.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { GyreError } from '../contract/errors';
import type { LabelAction, LabelAgreement, LabelProgress, LabelSession, RankingSummary, RowLabel } from '../contract/labels';
import { CONSENSUS_RULE, resolveLabels, type CurrentLabel, type ResolvedLabel } from '../ml/active/consensus';
import { cohenKappa } from '../ml/active/kappa';
import type { ObjectStore } from './store/objects';

interface DbSession {
  id: string;
  project_id: string;
  version_id: string;
  dataset_name: string;
  version: number;
  row_count: number;
  target: string;
  target_in_data: number;
  classes: string;
  data_labeled: number;
  data_counts: string;
  min_labels: number;
  rank_every: number;
  seed: number;
  rank_asked_at: number | null;
  created_at: string;
}

interface DbAction {
  id: number;
  session_id: string;
  row_index: number;
  labeler: string;
  action: 'label' | 'skip';
  label: string | null;
  created_at: string;
}

/** A person's current label with the row's value in the data, as stored beside it. */
export interface StoredLabel extends CurrentLabel {
  dataLabel: string | null;
}

/** The ranked rows, columnar: `rows[i]` is the i-th least sure row; its two likeliest classes (indices into `classes`) and their probabilities. */
export interface RankedRows {
  rows: number[];
  first: number[];
  p1: number[];
  second: number[];
  p2: number[];
}

export interface StoredRanking {
  summary: RankingSummary;
  objectSha256: string;
}

const SESSION_SELECT = `SELECT s.*, d.name AS dataset_name, v.version, v.row_count FROM label_sessions s
  JOIN dataset_versions v ON v.id = s.version_id JOIN datasets d ON d.id = v.dataset_id`;

const CURRENT_LABELS = `SELECT row_index AS row, labeler, label, created_at AS at, id AS "order", data_label AS dataLabel FROM (
    SELECT *, row_number() OVER (PARTITION BY row_index, labeler ORDER BY id DESC) AS k
    FROM labels WHERE session_id = ? AND action = 'label' AND undone_at IS NULL
  ) WHERE k = 1 ORDER BY id`;

function toSession(r: DbSession): LabelSession {
  return {
    id: r.id,
    projectId: r.project_id,
    versionId: r.version_id,
    datasetName: r.dataset_name,
    version: r.version,
    rowCount: r.row_count,
    target: r.target,
    targetInData: r.target_in_data === 1,
    classes: JSON.parse(r.classes) as string[],
    dataLabeled: r.data_labeled,
    dataCounts: JSON.parse(r.data_counts) as Record<string, number>,
    minLabels: r.min_labels,
    rankEvery: r.rank_every,
    seed: r.seed,
    createdAt: r.created_at,
  };
}

function toAction(r: DbAction): LabelAction {
  return { id: r.id, sessionId: r.session_id, row: r.row_index, labeler: r.labeler, action: r.action, label: r.label, at: r.created_at };
}

export interface NewSession {
  projectId: string;
  versionId: string;
  target: string;
  targetInData: boolean;
  classes: string[];
  dataLabeled: number;
  dataCounts: Record<string, number>;
  minLabels: number;
  rankEvery: number;
}

export class LabelStore {
  constructor(
    private readonly db: Database,
    private readonly objects: ObjectStore,
  ) {}

  create(s: NewSession): LabelSession {
    const id = 'lbs_' + randomBytes(8).toString('hex');
    const seed = randomBytes(4).readUInt32LE(0) % 1_000_000;
    this.db
      .prepare(
        `INSERT INTO label_sessions (id, project_id, version_id, target, target_in_data, classes, data_labeled, data_counts, min_labels, rank_every, seed, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, s.projectId, s.versionId, s.target, s.targetInData ? 1 : 0, JSON.stringify(s.classes), s.dataLabeled, JSON.stringify(s.dataCounts), s.minLabels, s.rankEvery, seed, new Date().toISOString());
    return this.get(id);
  }

  get(id: string): LabelSession {
    const row = this.db.prepare(`${SESSION_SELECT} WHERE s.id = ?`).get(id) as DbSession | undefined;
    if (!row) throw new GyreError('NOT_FOUND', `No labeling session with id "${id}".`, { field: 'sessionId' });
    return toSession(row);
  }

  find(versionId: string, target: string): LabelSession | null {
    const row = this.db.prepare(`${SESSION_SELECT} WHERE s.version_id = ? AND s.target = ?`).get(versionId, target) as DbSession | undefined;
    return row ? toSession(row) : null;
  }

  list(projectId: string): LabelSession[] {
    return (this.db.prepare(`${SESSION_SELECT} WHERE s.project_id = ? ORDER BY s.created_at DESC, s.rowid DESC`).all(projectId) as DbSession[]).map(toSession);
  }

  /** Changes how many labels the model waits for and how often it ranks again (asked for when the session is reopened). */
  configure(id: string, minLabels: number, rankEvery: number): LabelSession {
    this.db.prepare('UPDATE label_sessions SET min_labels = ?, rank_every = ? WHERE id = ?').run(minLabels, rankEvery, id);
    return this.get(id);
  }

  addClass(id: string, name: string): LabelSession {
    const session = this.get(id);
    if (session.classes.includes(name)) throw new GyreError('VALIDATION', `"${name}" is already a class of ${session.target}.`, { field: 'name' });
    this.db.prepare('UPDATE label_sessions SET classes = ? WHERE id = ?').run(JSON.stringify([...session.classes, name]), id);
    return this.get(id);
  }

  /** People's labels counted when the last ranking was asked for (null: never). */
  rankAskedAt(id: string): number | null {
    return (this.db.prepare('SELECT rank_asked_at AS n FROM label_sessions WHERE id = ?').get(id) as { n: number | null }).n;
  }

  markRankAsked(id: string, peopleLabels: number): void {
    this.db.prepare('UPDATE label_sessions SET rank_asked_at = ? WHERE id = ?').run(peopleLabels, id);
  }

  act(a: { sessionId: string; row: number; labeler: string; action: 'label' | 'skip'; label: string | null; dataLabel: string | null }): LabelAction {
    const { lastInsertRowid } = this.db
      .prepare('INSERT INTO labels (session_id, row_index, labeler, action, label, data_label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(a.sessionId, a.row, a.labeler, a.action, a.label, a.dataLabel, new Date().toISOString());
    return toAction(this.db.prepare('SELECT * FROM labels WHERE id = ?').get(lastInsertRowid) as DbAction);
  }

  /** Marks the labeler's newest label or skip that is not undone as undone, and returns it. */
  undo(sessionId: string, labeler: string): LabelAction {
    return this.db.transaction(() => {
      const last = this.db.prepare('SELECT * FROM labels WHERE session_id = ? AND labeler = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1').get(sessionId, labeler) as DbAction | undefined;
      if (!last) throw new GyreError('NOT_FOUND', `Nothing to undo: ${labeler} has no labels or skips left in this session.`, { field: 'labeler' });
      this.db.prepare('UPDATE labels SET undone_at = ? WHERE id = ?').run(new Date().toISOString(), last.id);
      return toAction(last);
    })();
  }

  /** Every person's current label (oldest first), or one labeler's. */
  current(sessionId: string, labeler?: string): StoredLabel[] {
    const all = this.db.prepare(CURRENT_LABELS).all(sessionId) as StoredLabel[];
    return labeler === undefined ? all : all.filter((l) => l.labeler === labeler);
  }

  /** Rows the labeler skipped and has not labeled since, in the order of their last skip. */
  skipped(sessionId: string, labeler: string): { row: number; dataLabel: string | null }[] {
    return this.db
      .prepare(
        `SELECT row_index AS row, data_label AS dataLabel FROM labels s WHERE session_id = ? AND labeler = ? AND action = 'skip' AND undone_at IS NULL
           AND id = (SELECT max(id) FROM labels t WHERE t.session_id = s.session_id AND t.labeler = s.labeler AND t.row_index = s.row_index AND t.action = 'skip' AND t.undone_at IS NULL)
           AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.session_id = s.session_id AND l.labeler = s.labeler AND l.row_index = s.row_index AND l.action = 'label' AND l.undone_at IS NULL)
         ORDER BY id`,
      )
      .all(sessionId, labeler) as { row: number; dataLabel: string | null }[];
  }

  /** The current labels of the given rows, by row. */
  labelsOf(sessionId: string, rows: readonly number[]): Map<number, RowLabel[]> {
    const wanted = new Set(rows);
    const out = new Map<number, RowLabel[]>();
    for (const l of this.current(sessionId)) {
      if (!wanted.has(l.row)) continue;
      out.set(l.row, [...(out.get(l.row) ?? []), { labeler: l.labeler, label: l.label, at: l.at }]);
    }
    return out;
  }

  /** The name this operating-system user labels under in this workspace, if they gave one. */
  labelerName(osUser: string): string | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(`labels.labeler:${osUser}`) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setLabelerName(osUser: string, name: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(`labels.labeler:${osUser}`, name);
  }

  addRanking(r: { sessionId: string; jobId: string | null; summary: Omit<RankingSummary, 'id' | 'createdAt' | 'model' | 'strategy'>; ranked: RankedRows }): RankingSummary {
    const id = 'lbr_' + randomBytes(8).toString('hex');
    const object = this.objects.put(Buffer.from(JSON.stringify(r.ranked)), 'application/json');
    const s = r.summary;
    this.db
      .prepare(
        `INSERT INTO label_rankings (id, session_id, job_id, trained_on, from_data, people_labels, classes, scored, unlabeled_rows, seconds, object_sha256, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, r.sessionId, r.jobId, s.trainedOn, s.fromData, s.peopleLabels, JSON.stringify(s.classes), s.scored, s.unlabeledRows, s.seconds, object.sha256, new Date().toISOString());
    return this.latestRanking(r.sessionId)!.summary;
  }

  latestRanking(sessionId: string): StoredRanking | null {
    const r = this.db.prepare('SELECT * FROM label_rankings WHERE session_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').get(sessionId) as
      | { id: string; trained_on: number; from_data: number; people_labels: number; classes: string; scored: number; unlabeled_rows: number; seconds: number; object_sha256: string; created_at: string }
      | undefined;
    if (!r) return null;
    const summary: RankingSummary = {
      id: r.id,
      model: 'logistic regression',
      strategy: 'margin',
      trainedOn: r.trained_on,
      fromData: r.from_data,
      peopleLabels: r.people_labels,
      classes: JSON.parse(r.classes) as string[],
      scored: r.scored,
      unlabeledRows: r.unlabeled_rows,
      seconds: r.seconds,
      createdAt: r.created_at,
    };
    return { summary, objectSha256: r.object_sha256 };
  }

  rankedRows(objectSha256: string): RankedRows {
    return JSON.parse(this.objects.read(objectSha256).toString('utf8')) as RankedRows;
  }

  /** Counts per labeler: current labels, skips not since labeled, and their last action. */
  private labelerStats(sessionId: string, current: readonly StoredLabel[]): LabelProgress['labelers'] {
    const rows = this.db
      .prepare("SELECT labeler, max(created_at) AS lastAt FROM labels WHERE session_id = ? AND undone_at IS NULL GROUP BY labeler ORDER BY labeler")
      .all(sessionId) as { labeler: string; lastAt: string | null }[];
    return rows.map((r) => ({ labeler: r.labeler, labels: current.filter((l) => l.labeler === r.labeler).length, skips: this.skipped(sessionId, r.labeler).length, lastAt: r.lastAt }));
  }

  /** Progress in rows and classes, per labeler, and agreement; the model's state is the handler's (it knows the jobs). */
  progress(sessionId: string, model: Pick<LabelProgress, 'rankingState' | 'rankingNote'>): LabelProgress {
    const session = this.get(sessionId);
    const current = this.current(sessionId);
    const t = tally(session, current);
    return {
      sessionId,
      total: session.rowCount,
      labeled: t.labeled,
      fromData: session.dataLabeled,
      byPeople: t.resolved.size,
      perClass: t.perClass,
      labelers: this.labelerStats(sessionId, current),
      agreement: agreements(t.resolved),
      conflicts: t.conflicts,
      rule: CONSENSUS_RULE,
      ranking: this.latestRanking(sessionId)?.summary ?? null,
      ...model,
    };
  }
}

export interface Tally {
  /** Rows with a label from the data or a person. */
  labeled: number;
  /** Rows per class by their resolved label. */
  perClass: Record<string, number>;
  /** Classes with at least one row. */
  classesLabeled: number;
  /** People's current labels (a row labeled by two people counts twice): what `rankEvery` counts. */
  peopleLabels: number;
  resolved: Map<number, ResolvedLabel>;
  conflicts: number;
}

/** Counts rows by their resolved label: the data's counts, with each row a person labeled moved to its new class. */
export function tally(session: LabelSession, current: readonly StoredLabel[]): Tally {
  const resolved = resolveLabels(current);
  const dataOf = new Map(current.map((l) => [l.row, l.dataLabel]));
  const perClass: Record<string, number> = Object.fromEntries(session.classes.map((c) => [c, session.dataCounts[c] ?? 0]));
  let labeled = session.dataLabeled;
  let conflicts = 0;
  for (const [row, r] of resolved) {
    const inData = dataOf.get(row) ?? null;
    if (inData === null) labeled++;
    else perClass[inData] = (perClass[inData] ?? 0) - 1;
    perClass[r.label] = (perClass[r.label] ?? 0) + 1;
    if (r.conflict) conflicts++;
  }
  const classesLabeled = Object.values(perClass).filter((n) => n > 0).length;
  return { labeled, perClass, classesLabeled, peopleLabels: current.length, resolved, conflicts };
}

/** Cohen's kappa for every two labelers with rows in common, by name. */
export function agreements(resolved: ReadonlyMap<number, ResolvedLabel>): LabelAgreement[] {
  const byLabeler = new Map<string, Map<number, string>>();
  for (const [row, r] of resolved) {
    for (const v of r.votes) {
      if (!byLabeler.has(v.labeler)) byLabeler.set(v.labeler, new Map());
      byLabeler.get(v.labeler)!.set(row, v.label);
    }
  }
  const names = [...byLabeler.keys()].sort();
  const out: LabelAgreement[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const [a, b] = [byLabeler.get(names[i]!)!, byLabeler.get(names[j]!)!];
      const both = [...a.keys()].filter((row) => b.has(row));
      if (both.length === 0) continue;
      const k = cohenKappa(both.map((r) => a.get(r)!), both.map((r) => b.get(r)!));
      out.push({ a: names[i]!, b: names[j]!, rows: k.rows, observed: k.observed, kappa: k.kappa });
    }
  }
  return out;
}
