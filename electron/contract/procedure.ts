/** The building block of the contract: an input schema, a phantom result type, and the entities a call reads or changes. */
import type { z } from 'zod';

/** Things the UI caches. Queries name what they read, mutations what they change, so caches invalidate exactly. */
export const ENTITIES = ['projects', 'charters', 'settings', 'jobs', 'datasets', 'profiles', 'runs', 'studies', 'evaluations', 'models', 'bundles', 'servers', 'shadow', 'recipes', 'labels', 'synthetic', 'monitor'] as const;
export type Entity = (typeof ENTITIES)[number];

export interface Procedure<I extends z.ZodType, R> {
  readonly kind: 'query' | 'mutation';
  readonly input: I;
  /** For a query: the entities it reads. For a mutation: the entities it changes. */
  readonly entities: readonly Entity[];
  /** Never read at run time: carries the result type. */
  readonly _result?: R;
}

/** `procedure(Input).query<Result>(['projects'])` or `procedure(Input).mutation<Result>(['projects'])`. */
export function procedure<I extends z.ZodType>(input: I) {
  return {
    query<R>(reads: readonly Entity[]): Procedure<I, R> {
      return { kind: 'query', input, entities: reads };
    },
    mutation<R>(touches: readonly Entity[]): Procedure<I, R> {
      return { kind: 'mutation', input, entities: touches };
    },
  };
}
