/** A batch column's data quality against the training rows: missing shares, unseen categories, values out of range. */
import type { BatchColumnQuality } from '../../contract/monitor';
import type { CategoryCounts } from './categorical';
import { upperBound } from './chart';
import { lowerBound } from './numeric';
import type { SortedSample } from './numeric';

/** How many unseen categories a column names, the most frequent first. */
export const UNSEEN_EXAMPLES = 5;

interface Sides {
  /** Rows on each side, missing values included. */
  referenceRows: number;
  batchRows: number;
  referenceMissing: number;
  batchMissing: number;
}

function missingShares(s: Sides): Pick<BatchColumnQuality, 'missingReference' | 'missingBatch'> {
  return { missingReference: s.referenceRows ? s.referenceMissing / s.referenceRows : 0, missingBatch: s.batchRows ? s.batchMissing / s.batchRows : 0 };
}

/** A number column; `range` (integers and floats, not dates) counts batch values outside the reference's [min, max]. */
export function numericQuality(name: string, reference: SortedSample, batch: SortedSample, rows: { reference: number; batch: number }, range: boolean, unreadable: number): BatchColumnQuality {
  const shares = missingShares({ referenceRows: rows.reference, batchRows: rows.batch, referenceMissing: reference.missing, batchMissing: batch.missing });
  const ref = reference.values;
  let outOfRange: BatchColumnQuality['outOfRange'] = null;
  if (range && ref.length > 0) {
    const min = ref[0]!;
    const max = ref[ref.length - 1]!;
    outOfRange = { below: lowerBound(batch.values, min), above: batch.values.length - upperBound(batch.values, max), min, max };
  }
  return { name, ...shares, unseen: null, outOfRange, unreadable };
}

/** A categorical column: batch rows whose category the reference rows never have, with the most frequent examples. */
export function categoricalQuality(name: string, counts: CategoryCounts, rows: { reference: number; batch: number }, unreadable: number): BatchColumnQuality {
  const shares = missingShares({ referenceRows: rows.reference, batchRows: rows.batch, referenceMissing: counts.referenceMissing, batchMissing: counts.batchMissing });
  const unseen: { name: string; rows: number }[] = [];
  for (let k = 0; k < counts.categories.length; k++) {
    if (counts.reference[k] === 0 && counts.batch[k]! > 0) unseen.push({ name: counts.categories[k]!, rows: counts.batch[k]! });
  }
  unseen.sort((a, b) => b.rows - a.rows || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const total = unseen.reduce((s, u) => s + u.rows, 0);
  return { name, ...shares, unseen: { rows: total, examples: unseen.slice(0, UNSEEN_EXAMPLES).map((u) => u.name) }, outOfRange: null, unreadable };
}
