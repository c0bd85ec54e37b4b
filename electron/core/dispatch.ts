/**
 * The single entry every host calls: looks up the procedure, parses the untrusted input with its schema,
 * runs the handler, and turns every outcome into an Envelope. Hosts never call handlers directly.
 */
import type { z } from 'zod';
import { GyreError, type GyreErrorShape } from '../contract/errors';
import { isProcedureName, procedures, type Entity, type Envelope, type Handlers } from '../contract/index';

export interface DispatchOutcome {
  envelope: Envelope<unknown>;
  /** Entities changed by a successful mutation; hosts broadcast them as a `changed` event. */
  touched: readonly Entity[];
}

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

export function validationError(error: z.ZodError, what: string): GyreError {
  const issues = error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }));
  const first = issues[0]!;
  const where = first.field ? `${first.field}: ` : '';
  return new GyreError('VALIDATION', `Invalid input to ${what} — ${where}${first.message}`, { field: first.field, issues });
}

export function toErrorShape(e: unknown): GyreErrorShape {
  if (e instanceof GyreError) return e.toJSON();
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message: `Something went wrong inside Gyre: ${message}` };
}

export async function dispatch(handlers: Handlers, name: string, rawInput: unknown): Promise<DispatchOutcome> {
  if (!isProcedureName(name)) {
    return { envelope: { ok: false, error: { code: 'NOT_FOUND', message: `No procedure named "${name}".` } }, touched: [] };
  }
  const spec = procedures[name];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) return { envelope: { ok: false, error: validationError(parsed.error, name).toJSON() }, touched: [] };
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    const result = await handler(parsed.data);
    return { envelope: { ok: true, result }, touched: spec.kind === 'mutation' ? spec.entities : [] };
  } catch (e) {
    if (!(e instanceof GyreError)) console.error(`[gyre] ${name} failed:`, e);
    return { envelope: { ok: false, error: toErrorShape(e) }, touched: [] };
  }
}
