/**
 * The labeling queue: which rows a labeler sees next and why. Unlabeled rows come in the latest ranking's order (least
 * sure first), then in the session's seeded random order; skipped rows come last. Nothing is stored per labeler but
 * their labels and skips, so the queue is the same whichever window or host asks.
 */
import type { DatasetVersion } from '../contract/datasets';
import type { LabelQueue, LabelSession, QueueMode, QueueReason, QueueRow } from '../contract/labels';
import type { LabelRowReader, OrderScope } from '../data/label-rows';
import { tally, type LabelStore, type RankedRows, type StoredLabel } from './labels';

export interface QueueDeps {
  store: LabelStore;
  reader: LabelRowReader;
  /** The version's Parquet object. */
  path: string;
  version: DatasetVersion;
  /** The ranked rows of a stored ranking, read once per object. */
  ranked(objectSha256: string): RankedRows;
}

interface Pick {
  row: number;
  why: QueueReason;
}

/** The next `limit` rows of `mode` for `labeler`, with their values and everyone's labels. */
export async function nextRows(deps: QueueDeps, session: LabelSession, labeler: string, mode: QueueMode, limit: number): Promise<LabelQueue> {
  const current = deps.store.current(session.id);
  const people = new Set(current.map((l) => l.row));
  const inData = new Map(current.map((l) => [l.row, l.dataLabel !== null]));
  // A skipped row belongs to the mode it was skipped in: unlabeled rows by no one, rows of the data, or others' rows.
  const skips = deps.store.skipped(session.id, labeler).filter((s) => {
    if (mode === 'others') return people.has(s.row);
    return !people.has(s.row) && (mode === 'data') === (s.dataLabel !== null);
  });
  const skipped = new Set(skips.map((s) => s.row));

  let picks: Pick[];
  let remaining: number;
  if (mode === 'others') {
    const mine = new Set(current.filter((l) => l.labeler === labeler).map((l) => l.row));
    const rows = [...new Set(current.filter((l) => l.labeler !== labeler && !mine.has(l.row)).map((l) => l.row))];
    remaining = rows.length;
    picks = rows.filter((r) => !skipped.has(r)).slice(0, limit).map((row) => ({ row, why: { kind: 'others', by: byOthers(current, row, labeler) } }));
  } else {
    const labeledInScope = [...people].filter((r) => inData.get(r) === (mode === 'data')).length;
    remaining = mode === 'data' ? session.dataLabeled - labeledInScope : session.rowCount - session.dataLabeled - labeledInScope;
    const excluded = new Set([...people, ...skipped]);
    picks = mode === 'unlabeled' ? ranked(deps, session, excluded, limit) : [];
    if (picks.length < limit) picks.push(...(await seeded(deps, session, mode, excluded, picks, limit, current)));
  }
  for (const s of skips) {
    if (picks.length >= limit) break;
    picks.push({ row: s.row, why: { kind: 'skipped' } });
  }
  return { columns: deps.version.columns, rows: await withValues(deps, session, picks), remaining, skipped: skips.length };
}

/** One row by position, as the queue would show it. */
export async function oneRow(deps: QueueDeps, session: LabelSession, row: number): Promise<QueueRow> {
  const [r] = await withValues(deps, session, [{ row, why: { kind: 'asked' } }]);
  return r!;
}

function byOthers(current: readonly StoredLabel[], row: number, labeler: string): string[] {
  return current.filter((l) => l.row === row && l.labeler !== labeler).map((l) => l.labeler);
}

/** The latest ranking's rows that no one has labeled since and this labeler did not skip, least sure first. */
function ranked(deps: QueueDeps, session: LabelSession, excluded: ReadonlySet<number>, limit: number): Pick[] {
  const latest = deps.store.latestRanking(session.id);
  if (!latest) return [];
  const r = deps.ranked(latest.objectSha256);
  const { summary } = latest;
  const picks: Pick[] = [];
  for (let i = 0; i < r.rows.length && picks.length < limit; i++) {
    const row = r.rows[i]!;
    if (excluded.has(row)) continue;
    const top = [{ label: summary.classes[r.first[i]!]!, probability: r.p1[i]! }, ...(r.second[i]! >= 0 ? [{ label: summary.classes[r.second[i]!]!, probability: r.p2[i]! }] : [])];
    picks.push({ row, why: { kind: 'uncertain', strategy: 'margin', rank: i + 1, of: summary.scored, top, trainedOn: summary.trainedOn, fromData: summary.fromData, trainedAt: summary.createdAt } });
  }
  return picks;
}

/** Rows of the seeded random order not yet picked, labeled or skipped. */
async function seeded(deps: QueueDeps, session: LabelSession, mode: 'unlabeled' | 'data', excluded: Set<number>, picked: readonly Pick[], limit: number, current: readonly StoredLabel[]): Promise<Pick[]> {
  const skip = new Set([...excluded, ...picked.map((p) => p.row)]);
  // Rows the ranking already offered are passed over too; its rows number at most RANK_SAMPLE_ROWS.
  const latest = mode === 'unlabeled' ? deps.store.latestRanking(session.id) : null;
  if (latest) for (const row of deps.ranked(latest.objectSha256).rows) skip.add(row);
  const scope: OrderScope = !session.targetInData ? (mode === 'data' ? 'present' : 'all') : mode === 'data' ? 'present' : 'missing';
  const need = limit - picked.length;
  const order = await deps.reader.order(deps.path, session.targetInData ? session.target : null, session.seed, scope, need + skip.size);
  const why: QueueReason =
    mode === 'data'
      ? { kind: 'data' }
      : (() => {
          const t = tally(session, current);
          return { kind: 'random', labels: t.labeled, minLabels: session.minLabels, classesLabeled: t.classesLabeled, ranked: latest !== null };
        })();
  return order
    .filter((r) => !skip.has(r))
    .slice(0, need)
    .map((row) => ({ row, why }));
}

async function withValues(deps: QueueDeps, session: LabelSession, picks: readonly Pick[]): Promise<QueueRow[]> {
  const rows = picks.map((p) => p.row);
  const data = await deps.reader.rows(deps.path, deps.version.columns, session.targetInData ? session.target : null, rows);
  const labels = deps.store.labelsOf(session.id, rows);
  return picks.map((p) => {
    const d = data.get(p.row);
    if (!d) throw new Error(`Row ${p.row + 1} is not in ${session.datasetName} v${session.version} (${session.rowCount} rows).`);
    return { row: p.row, values: d.values, dataLabel: d.dataLabel, labels: labels.get(p.row) ?? [], why: p.why };
  });
}
