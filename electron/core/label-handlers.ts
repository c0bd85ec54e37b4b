/**
 * The Prepare stage's labeling procedures (`labels.*`): sessions, the queue, labels, skips and undo, progress and
 * agreement, the background ranking job and the export. Part of the core (handlers.ts joins them); kept apart because
 * they own a DuckDB reader for single rows and decide when the quick model trains again.
 */
import { FINISHED_STATUSES, type Job } from '../contract/jobs';
import { GyreError } from '../contract/errors';
import type { Handlers, ProcedureName } from '../contract/index';
import { MAX_LABEL_CLASSES, type LabelProgress, type LabelSession, type OpenLabelSession } from '../contract/labels';
import type { DatasetVersion } from '../contract/datasets';
import { LabelRowReader } from '../data/label-rows';
import type { JobQueue } from '../jobs/queue';
import type { ExportLabelsJobInput } from '../jobs/tasks/export-labels';
import type { RankLabelsJobInput } from '../jobs/tasks/rank-labels';
import type { DatasetService } from './datasets';
import { nextRows, oneRow, type QueueDeps } from './label-queue';
import { LabelStore, tally, type RankedRows } from './labels';
import type { ProjectService } from './projects';
import type { Workspace } from './workspace';

type LabelProcedure = Extract<ProcedureName, `labels.${string}`>;

export interface LabelDeps {
  ws: Workspace;
  projects: ProjectService;
  datasets: DatasetService;
  queue: JobQueue;
  /** The operating-system user: whose remembered labeler name to read, and the name suggested at first. */
  osUser: () => string;
}

/** Column types whose values can be classes; a new column is text. */
const CLASS_TYPES = ['categorical', 'boolean', 'integer', 'text'];

export function labelHandlers({ ws, projects, datasets, queue, osUser }: LabelDeps): { handlers: Pick<Handlers, LabelProcedure>; close(): Promise<void> } {
  const store = new LabelStore(ws.db, ws.objects);
  const reader = new LabelRowReader();
  // Parsed rankings by object (a queue request reads the newest; a few are kept for the windows still showing older ones).
  const rankings = new Map<string, RankedRows>();
  const ranked = (sha: string): RankedRows => {
    let r = rankings.get(sha);
    if (!r) {
      r = store.rankedRows(sha);
      rankings.set(sha, r);
      if (rankings.size > 4) rankings.delete(rankings.keys().next().value!);
    }
    return r;
  };

  const versionOf = (session: LabelSession) => datasets.version(session.versionId);
  const pathOf = (version: DatasetVersion) => ws.objects.pathOf(version.objectSha256);
  const queueDeps = (session: LabelSession): QueueDeps => {
    const version = versionOf(session);
    return { store, reader, path: pathOf(version), version, ranked };
  };
  const checkRow = (session: LabelSession, row: number) => {
    if (row >= session.rowCount) throw new GyreError('VALIDATION', `${session.datasetName} v${session.version} has ${session.rowCount.toLocaleString('en')} rows; there is no row ${row + 1}.`, { field: 'row', row: row + 1 });
  };

  /** The session's ranking jobs, newest first (from the jobs table, so a job another host started counts too). */
  const rankJobs = (session: LabelSession): Job[] => queue.list(session.projectId, 200).filter((j) => j.kind === 'labels.rank' && (j.input as RankLabelsJobInput).sessionId === session.id);
  const activeRankJob = (session: LabelSession) => rankJobs(session).find((j) => !FINISHED_STATUSES.includes(j.status)) ?? null;

  const enqueueRank = (session: LabelSession, labels: number, peopleLabels: number): Job => {
    store.markRankAsked(session.id, peopleLabels);
    const input: RankLabelsJobInput = { sessionId: session.id };
    return queue.enqueue('labels.rank', session.projectId, input, `Rank the rows of ${session.datasetName} v${session.version} to label (${session.target}) by the model's uncertainty, from ${labels.toLocaleString('en')} labels`);
  };

  /** Starts the quick model when there are enough labels, none is training, and `rankEvery` labels came since it was last asked. */
  const maybeRank = (session: LabelSession): void => {
    const t = tally(session, store.current(session.id));
    if (t.labeled < session.minLabels || t.classesLabeled < 2 || t.labeled >= session.rowCount || activeRankJob(session)) return;
    const asked = store.rankAskedAt(session.id);
    if (asked !== null && t.peopleLabels - asked < session.rankEvery) return;
    enqueueRank(session, t.labeled, t.peopleLabels);
  };

  const modelState = (session: LabelSession): Pick<LabelProgress, 'rankingState' | 'rankingNote'> => {
    const t = tally(session, store.current(session.id));
    const active = activeRankJob(session);
    if (active) {
      const note = active.status === 'queued' ? 'The model waits for a free worker to rank the rows.' : `The model is learning from the labels so far (${t.labeled.toLocaleString('en')}) to rank the rows.`;
      return { rankingState: 'training', rankingNote: note };
    }
    const last = rankJobs(session)[0];
    if (last?.status === 'failed') return { rankingState: 'failed', rankingNote: `The model could not rank the rows: ${last.error?.message ?? last.message}` };
    const latest = store.latestRanking(session.id);
    const waiting = (note: string) => ({ rankingState: 'waiting' as const, rankingNote: note });
    if (!latest) {
      if (t.labeled >= session.minLabels && t.classesLabeled >= 2) return waiting('The model ranks the rows with the next label.');
      const classes = t.classesLabeled < 2 ? `, in ${t.classesLabeled === 0 ? 'no class' : 'one class'}` : '';
      return waiting(`The model starts ranking after ${session.minLabels} labels in at least two classes: ${t.labeled.toLocaleString('en')} so far${classes}.`);
    }
    const left = session.rankEvery - (t.peopleLabels - latest.summary.peopleLabels);
    return waiting(left > 0 ? `The model ranks again after ${left} more ${left === 1 ? 'label' : 'labels'}.` : 'The model ranks again with the next label.');
  };

  const createSession = async (input: Required<Omit<OpenLabelSession, 'projectId'>>, projectId: string, version: DatasetVersion): Promise<LabelSession> => {
    const column = version.columns.find((c) => c.name === input.target);
    let dataClasses: string[] = [];
    let dataCounts: Record<string, number> = {};
    let dataLabeled = 0;
    if (column) {
      if (!CLASS_TYPES.includes(column.semanticType)) {
        throw new GyreError('VALIDATION', `"${column.name}" holds ${column.semanticType} values, not classes; choose a column of categories, yes/no or whole numbers, or name a new column.`, { field: 'target', column: column.name });
      }
      const { counts, present } = await reader.classCounts(pathOf(version), column.name, MAX_LABEL_CLASSES + 1);
      if (counts.length > MAX_LABEL_CLASSES) throw new GyreError('VALIDATION', `"${column.name}" has more than ${MAX_LABEL_CLASSES} distinct values: too many to be classes to label.`, { field: 'target', column: column.name });
      const numeric = column.semanticType === 'integer';
      dataClasses = counts.map(([v]) => v).sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
      dataCounts = Object.fromEntries(counts);
      dataLabeled = present;
    }
    const classes = [...dataClasses, ...input.classes.filter((c, i, all) => !dataClasses.includes(c) && all.indexOf(c) === i)];
    if (classes.length > MAX_LABEL_CLASSES) throw new GyreError('VALIDATION', `At most ${MAX_LABEL_CLASSES} classes.`, { field: 'classes' });
    if (classes.length < 2) {
      const have = classes.length === 0 ? 'none' : `only "${classes[0]}"`;
      throw new GyreError('VALIDATION', `Labeling needs at least two classes; ${input.target} has ${have}${column ? ' in the data' : ''}. Name the classes to label with.`, { field: 'classes' });
    }
    return store.create({ projectId, versionId: version.id, target: input.target, targetInData: column !== undefined, classes, dataLabeled, dataCounts, minLabels: input.minLabels, rankEvery: input.rankEvery });
  };

  const act = async (sessionId: string, labeler: string, row: number, label: string | null) => {
    const session = store.get(sessionId);
    checkRow(session, row);
    if (label !== null && !session.classes.includes(label)) throw new GyreError('VALIDATION', `"${label}" is not a class of ${session.target}; add it first (the classes are ${session.classes.map((c) => `"${c}"`).join(', ')}).`, { field: 'label' });
    const dataLabel = await reader.dataLabel(pathOf(versionOf(session)), session.targetInData ? session.target : null, row);
    const action = store.act({ sessionId, row, labeler, action: label === null ? 'skip' : 'label', label, dataLabel });
    if (label !== null) maybeRank(session);
    return action;
  };

  const labeler = () => ({ name: store.labelerName(osUser()), suggested: osUser() });

  const handlers: Pick<Handlers, LabelProcedure> = {
    'labels.sessions': ({ projectId }) => store.list(projects.get(projectId).id),
    'labels.open': async ({ projectId, ...input }) => {
      const project = projects.get(projectId);
      const version = datasets.version(input.versionId);
      if (datasets.projectOf(version.datasetId) !== project.id) throw new GyreError('NOT_FOUND', `Dataset version ${version.id} is not in this project.`, { field: 'versionId' });
      const existing = store.find(version.id, input.target);
      let session = existing ?? (await createSession(input, project.id, version));
      if (existing) {
        session = store.configure(existing.id, input.minLabels, input.rankEvery);
        for (const c of input.classes) if (!session.classes.includes(c)) session = store.addClass(session.id, c);
      }
      maybeRank(session);
      return session;
    },
    'labels.session': ({ sessionId }) => store.get(sessionId),
    'labels.addClass': ({ sessionId, name }) => store.addClass(sessionId, name),
    'labels.next': async ({ sessionId, labeler: who, mode, limit }) => {
      const session = store.get(sessionId);
      return nextRows(queueDeps(session), session, who, mode, limit);
    },
    'labels.row': async ({ sessionId, row }) => {
      const session = store.get(sessionId);
      checkRow(session, row);
      return oneRow(queueDeps(session), session, row);
    },
    'labels.add': ({ sessionId, labeler: who, row, label }) => act(sessionId, who, row, label),
    'labels.skip': ({ sessionId, labeler: who, row }) => act(sessionId, who, row, null),
    'labels.undo': ({ sessionId, labeler: who }) => store.undo(store.get(sessionId).id, who),
    'labels.progress': ({ sessionId }) => {
      const session = store.get(sessionId);
      return store.progress(session.id, modelState(session));
    },
    'labels.rank': ({ sessionId }) => {
      const session = store.get(sessionId);
      const active = activeRankJob(session);
      if (active) return active;
      const t = tally(session, store.current(session.id));
      if (t.classesLabeled < 2) throw new GyreError('VALIDATION', `The model needs labels in at least two classes; ${session.target} has ${t.classesLabeled === 0 ? 'none yet' : 'one so far'}.`, { field: 'sessionId' });
      if (t.labeled >= session.rowCount) throw new GyreError('VALIDATION', `Every row of ${session.target} has a label: there is nothing left to rank.`, { field: 'sessionId' });
      return enqueueRank(session, t.labeled, t.peopleLabels);
    },
    'labels.export': ({ sessionId, name, onlyLabeled, labeler: who }) => {
      const session = store.get(sessionId);
      if (who !== undefined && store.current(session.id, who).length === 0) throw new GyreError('VALIDATION', `${who} has no labels in this session.`, { field: 'labeler' });
      const job: ExportLabelsJobInput = { sessionId: session.id, projectId: session.projectId, name: name ?? `${session.datasetName}-labeled`, onlyLabeled, labeler: who ?? null };
      const whose = who ? `${who}'s labels` : 'the labels';
      return queue.enqueue('labels.export', session.projectId, job, `Write ${whose} of ${session.datasetName} v${session.version} (${session.target}) into ${job.name}`);
    },
    'labels.labeler': () => labeler(),
    'labels.setLabeler': ({ name }) => {
      store.setLabelerName(osUser(), name);
      return labeler();
    },
  };
  return { handlers, close: () => reader.close() };
}
