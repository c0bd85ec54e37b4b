/**
 * A long list read a page at a time as it scrolls into view: the data grid's rows, the leaderboard's runs. Pages
 * are cached by (input, offset), so scrolling back costs nothing; page 0 is always asked for, since it carries the
 * matching total (and whatever else the procedure says about the whole list).
 */
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { procedures, type GyreError, type Input, type ProcedureName, type Result } from '@contract';
import { call } from './client';

export const PAGE_SIZE = 200;

/** Procedures that answer an offset and a limit with rows and the matching total. */
export type PagedProcedure = { [K in ProcedureName]: Result<K> extends { total: number; rows: unknown[] } ? (Input<K> extends { offset?: number; limit?: number } ? K : never) : never }[ProcedureName];
type RowOf<K extends PagedProcedure> = Result<K> extends { rows: (infer R)[] } ? R : never;

export interface Pages<K extends PagedProcedure> {
  /** Page 0's answer: the previous one while a new sort or filter loads, null before the first. */
  head: Result<K> | null;
  /** Rows matching; as `head` says. */
  total: number | null;
  /** The row at an index, null for a row whose page has not arrived yet. */
  row(index: number): RowOf<K> | null;
  error: GyreError | null;
  loading: boolean;
}

/** The query of one page: also what a prefetch asks for, so the table finds it in the cache. */
export function pageQuery<K extends PagedProcedure>(name: K, input: Omit<Input<K>, 'offset' | 'limit'>, page: number) {
  const paged = { ...input, offset: page * PAGE_SIZE, limit: PAGE_SIZE } as Input<K>;
  return { queryKey: [name, paged], queryFn: () => call(name, paged), meta: { reads: procedures[name].entities } };
}

/** `input` is everything but the offset and limit; `firstRow`–`lastRow` is the span in view. */
export function usePages<K extends PagedProcedure>(name: K, input: Omit<Input<K>, 'offset' | 'limit'>, firstRow: number, lastRow: number): Pages<K> {
  const first = Math.floor(firstRow / PAGE_SIZE);
  const last = Math.max(first, Math.floor(lastRow / PAGE_SIZE));
  const pages = [0];
  for (let p = Math.max(first, 1); p <= last; p += 1) pages.push(p);

  const results = useQueries({
    queries: pages.map((page) => ({
      ...pageQuery(name, input, page),
      staleTime: Infinity,
      // Only the first page keeps the previous answer while a new sort or filter loads, so the count does not flicker.
      ...(page === 0 ? { placeholderData: keepPreviousData } : {}),
    })),
  });

  const byPage = new Map<number, RowOf<K>[]>();
  results.forEach((r, i) => {
    if (r.data && !r.isPlaceholderData) byPage.set(pages[i]!, (r.data as unknown as { rows: RowOf<K>[] }).rows);
  });
  const head = (results[0]?.data ?? null) as Result<K> | null;
  return {
    head,
    total: (head as { total: number } | null)?.total ?? null,
    row: (index) => byPage.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE] ?? null,
    error: (results.find((r) => r.error)?.error as GyreError | null | undefined) ?? null,
    loading: results.some((r) => r.isFetching),
  };
}
