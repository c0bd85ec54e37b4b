/** Rows of a dataset version for the grid, fetched in pages of 200 as they scroll into view (sorted and filtered). */
import type { RowFilter } from '@contract';
import { usePages, type Pages } from '../../../api/pages';

export { PAGE_SIZE } from '../../../api/pages';

export interface RowSort {
  column: string;
  descending: boolean;
}

export function useRowPages(versionId: string, sort: RowSort | null, filters: RowFilter[], firstRow: number, lastRow: number): Pages<'datasets.rows'> {
  return usePages('datasets.rows', { versionId, filters, ...(sort ? { sort } : {}) }, firstRow, lastRow);
}
