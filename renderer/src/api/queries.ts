/**
 * The query cache's link to the contract: a query's key is [procedure, input] and its meta lists the entities it reads;
 * a `changed` event from any window or the CLI invalidates exactly the queries that read a changed entity.
 */
import { QueryClient, useMutation, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { procedures, type Entity, type GyreError, type Input, type ProcedureName, type Result } from '@contract';
import { call } from './client';
import { transport } from './transport';

export const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, retry: false, refetchOnWindowFocus: false } },
});

export function invalidateEntities(entities: readonly Entity[]): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: (q) => ((q.meta?.reads as Entity[] | undefined) ?? []).some((e) => entities.includes(e)),
  });
}

transport.on('changed', ({ entities }) => void invalidateEntities(entities));

export function useGyreQuery<K extends ProcedureName>(
  name: K,
  input: Input<K>,
  options: Omit<UseQueryOptions<Result<K>, GyreError>, 'queryKey' | 'queryFn' | 'meta'> = {},
) {
  return useQuery<Result<K>, GyreError>({
    queryKey: [name, input],
    queryFn: () => call(name, input),
    meta: { reads: procedures[name].entities },
    ...options,
  });
}

/** A mutation; on success the entities it touches are invalidated here too, so the UI never waits for the event. */
export function useGyreMutation<K extends ProcedureName>(name: K) {
  return useMutation<Result<K>, GyreError, Input<K>>({
    mutationFn: (input) => call(name, input),
    onSuccess: () => invalidateEntities(procedures[name].entities),
  });
}
