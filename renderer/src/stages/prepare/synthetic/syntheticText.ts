/** How the synthetic-data report reads: verdict colors, what a distance means in words, and the column plan of a version. */
import type { ColumnQuality, ColumnSchema, SyntheticVerdict } from '@contract';

export const LEVEL_COLORS: Record<SyntheticVerdict['level'], string> = { good: 'teal', fair: 'yellow', poor: 'red' };
export const LEVEL_LABELS: Record<SyntheticVerdict['level'], string> = { good: 'Good', fair: 'Fair', poor: 'Poor' };

/** A column's distance in words, with the thresholds the verdict uses (0.1 and 0.2). */
export function distanceWords(q: Pick<ColumnQuality, 'distance'>): { text: string; color: string } {
  if (q.distance <= 0.1) return { text: 'close', color: 'teal' };
  if (q.distance <= 0.2) return { text: 'noticeable', color: 'yellow' };
  return { text: 'far', color: 'red' };
}

export function measureName(q: Pick<ColumnQuality, 'kind'>): string {
  return q.kind === 'numeric' ? 'KS' : 'Total variation';
}

/** The classifier's AUC in words: how easily real and synthetic rows are told apart. */
export function aucWords(auc: number | null): { text: string; color: string } {
  if (auc === null) return { text: 'too few rows to tell', color: 'gray' };
  if (auc <= 0.6) return { text: 'cannot tell them apart', color: 'teal' };
  if (auc <= 0.85) return { text: 'finds some differences', color: 'yellow' };
  return { text: 'tells them apart easily', color: 'red' };
}

export const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
export const fixed = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? '—' : x.toFixed(digits));

/** What the generator does with each column of a version, before it runs (the job decides the same way). */
export function columnPlan(columns: ColumnSchema[]): { modeled: string[]; identifiers: string[]; dropped: string[] } {
  return {
    modeled: columns.filter((c) => c.semanticType !== 'identifier' && c.semanticType !== 'text').map((c) => c.name),
    identifiers: columns.filter((c) => c.semanticType === 'identifier').map((c) => c.name),
    dropped: columns.filter((c) => c.semanticType === 'text').map((c) => c.name),
  };
}
