/** The typed API the renderer calls — `api.projects.create({ name })` — built from the contract's list of procedures. */
import { GyreError, PROCEDURE_NAMES, splitProcedureName, type GyreApi, type Input, type ProcedureName, type Result } from '@contract';
import { transport, type Transport } from './transport';

export async function call<K extends ProcedureName>(name: K, input: Input<K>, via: Transport = transport): Promise<Result<K>> {
  const envelope = await via.call(name, input);
  if (envelope.ok) return envelope.result as Result<K>;
  throw new GyreError(envelope.error.code, envelope.error.message, envelope.error.details);
}

export function createApi(via: Transport = transport): GyreApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const name of PROCEDURE_NAMES) {
    const [ns, method] = splitProcedureName(name);
    (api[ns] ??= {})[method] = (input) => call(name, input as never, via);
  }
  return api as unknown as GyreApi;
}

export const api = createApi();
