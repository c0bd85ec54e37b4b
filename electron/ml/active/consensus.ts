/**
 * One label per row from several people's: the rule the queue, the progress counts, the quick model and the export
 * all follow. A person's label beats the data's value (they looked at the row); among people, the class most of them
 * gave wins, and a tie goes to the class labeled most recently among the tied ones.
 */

export const CONSENSUS_RULE = "A person's label replaces the value in the data. When people disagree, the class most of them gave wins; a tie goes to the most recent label among the tied classes.";

/** A person's current label of a row (their newest one not undone). `at` is an ISO time; `order` breaks equal times. */
export interface CurrentLabel {
  row: number;
  labeler: string;
  label: string;
  at: string;
  order: number;
}

export interface ResolvedLabel {
  label: string;
  /** Every person's current label of the row, oldest first. */
  votes: CurrentLabel[];
  /** People gave more than one class. */
  conflict: boolean;
}

/** Rows in ascending order, each with its resolved label. */
export function resolveLabels(labels: readonly CurrentLabel[]): Map<number, ResolvedLabel> {
  const byRow = new Map<number, CurrentLabel[]>();
  for (const l of labels) {
    const list = byRow.get(l.row);
    if (list) list.push(l);
    else byRow.set(l.row, [l]);
  }
  const out = new Map<number, ResolvedLabel>();
  for (const row of [...byRow.keys()].sort((a, b) => a - b)) {
    const votes = byRow.get(row)!.sort(newerLast);
    out.set(row, { label: winner(votes), votes, conflict: new Set(votes.map((v) => v.label)).size > 1 });
  }
  return out;
}

function newerLast(a: CurrentLabel, b: CurrentLabel): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order;
}

/** Votes must be oldest first: the last vote for a tied class is its most recent. */
function winner(votes: readonly CurrentLabel[]): string {
  const count = new Map<string, { n: number; last: number }>();
  votes.forEach((v, i) => count.set(v.label, { n: (count.get(v.label)?.n ?? 0) + 1, last: i }));
  let best: string | null = null;
  let bestN = -1;
  let bestLast = -1;
  for (const [label, { n, last }] of count) {
    if (n > bestN || (n === bestN && last > bestLast)) [best, bestN, bestLast] = [label, n, last];
  }
  return best!;
}
