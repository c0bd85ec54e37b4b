/**
 * How the renderer reaches the main process: Electron IPC through the preload's window.gyre, or the
 * browser host's HTTP + Server-Sent Events. Both carry the same Envelopes; nothing above this file knows which.
 */
import type { EventName, GyreBridge, GyreEvents, Envelope, ProcedureName } from '@contract';
import { GyreError, splitProcedureName } from '@contract';

export interface Transport {
  kind: 'ipc' | 'http';
  call(name: ProcedureName, input: unknown): Promise<Envelope<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: GyreEvents[E]) => void): () => void;
  /** A reference to a file the user picked or dropped, for `datasets.preview` / `datasets.import`. */
  fileRef(file: File): Promise<string>;
}

declare global {
  interface Window {
    gyre?: GyreBridge;
  }
}

export function ipcTransport(bridge: GyreBridge): Transport {
  return {
    kind: 'ipc',
    call(name, input) {
      const [ns, method] = splitProcedureName(name);
      const fn = (bridge as unknown as Record<string, Record<string, (i: unknown) => Promise<Envelope<unknown>>>>)[ns]?.[method];
      if (!fn) return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `The desktop bridge has no ${name}.` } });
      return fn(input);
    },
    on: (event, listener) => bridge.on(event, listener),
    fileRef: async (file) => bridge.pathForFile(file),
  };
}

export function httpTransport(base = ''): Transport {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let source: EventSource | null = null;
  const ensureSource = () => {
    if (source) return;
    source = new EventSource(`${base}/api/events`);
    for (const event of ['changed', 'job'] satisfies EventName[]) {
      source.addEventListener(event, (e) => {
        const payload = JSON.parse((e as MessageEvent<string>).data) as never;
        listeners.get(event)?.forEach((l) => l(payload));
      });
    }
  };
  return {
    kind: 'http',
    async call(name, input) {
      let response: Response;
      try {
        response = await fetch(`${base}/api/call/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'Gyre’s local server is not answering. Is `gyre web` still running?' } };
      }
      if (response.status === 401) {
        return { ok: false, error: { code: 'UNAUTHORIZED', message: 'This page’s access token is missing or expired. Open the address that `gyre web` printed.' } };
      }
      return (await response.json()) as Envelope<unknown>;
    },
    async fileRef(file) {
      // The browser host imports only uploaded files: send the bytes, get back an upload reference.
      const response = await fetch(`${base}/api/upload?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        credentials: 'same-origin',
        body: file,
      });
      const envelope = (await response.json()) as Envelope<{ file: string }>;
      if (!envelope.ok) throw new GyreError(envelope.error.code, envelope.error.message, envelope.error.details);
      return envelope.result.file;
    },
    on(event, listener) {
      ensureSource();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}

export const transport: Transport = window.gyre ? ipcTransport(window.gyre) : httpTransport();
