/**
 * Rows of a dataset version for the grid, fetched in pages of 200 as they scroll into view. Pages are cached by
 * (version, sort, filters, offset), so scrolling back costs nothing; the first page also carries the matching total.
 */
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { procedures, type GyreError, type Input, type RowFilter, type RowPage } from '@contract';
import { call } from '../../../api/client';

export const PAGE_SIZE = 200;

export interface RowSort {
  column: string;
  descending: boolean;
}

export interface RowPages {
  /** Rows matching the filters; the previous answer while a new one loads, null before the first. */
  total: number | null;
  /** The row at an index, null for a row whose page has not arrived yet. */
  row(index: number): unknown[] | null;
  error: GyreError | null;
  loading: boolean;
}

export function useRowPages(versionId: string, sort: RowSort | null, filters: RowFilter[], firstRow: number, lastRow: number): RowPages {
  const first = Math.floor(firstRow / PAGE_SIZE);
  const last = Math.max(first, Math.floor(lastRow / PAGE_SIZE));
  // Page 0 is always asked for: it gives the total even when the user has scrolled far away from it.
  const pages = [0];
  for (let p = Math.max(first, 1); p <= last; p += 1) pages.push(p);

  const results = useQueries({
    queries: pages.map((page) => {
      const input: Input<'datasets.rows'> = { versionId, offset: page * PAGE_SIZE, limit: PAGE_SIZE, filters, ...(sort ? { sort } : {}) };
      return {
        queryKey: ['datasets.rows', input],
        queryFn: () => call('datasets.rows', input),
        meta: { reads: procedures['datasets.rows'].entities },
        staleTime: Infinity,
        // Only the first page keeps the previous answer while a new sort or filter loads, so the count does not flicker.
        ...(page === 0 ? { placeholderData: keepPreviousData } : {}),
      };
    }),
  });

  const byPage = new Map<number, RowPage>();
  results.forEach((r, i) => {
    if (r.data && !r.isPlaceholderData) byPage.set(pages[i]!, r.data);
  });
  const head = results[0];
  return {
    total: head?.data?.total ?? null,
    row: (index) => byPage.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE] ?? null,
    error: (results.find((r) => r.error)?.error as GyreError | null | undefined) ?? null,
    loading: results.some((r) => r.isFetching),
  };
}
