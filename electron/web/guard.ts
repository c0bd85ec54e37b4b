/** The browser host's gate: loopback Host only, same-origin only, and the session token on every request. */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type GateVerdict =
  | { ok: true; via: 'query' | 'cookie' | 'header' }
  | { ok: false; status: 401 | 403; reason: string };

export function tokenCookieName(port: number): string {
  // Cookies are shared across ports of a host; the port keeps two Gyre servers from clobbering each other.
  return `gyre_token_${port}`;
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function checkRequest(req: IncomingMessage, url: URL, port: number, token: string): GateVerdict {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  // A DNS-rebinding page reaches 127.0.0.1 under its own host name: refuse any Host but ours.
  if (!allowedHosts.includes(req.headers.host ?? '')) return { ok: false, status: 403, reason: 'Unexpected Host header.' };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
    return { ok: false, status: 403, reason: 'Requests from other origins are refused.' };
  }
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && sameToken(fromQuery, token)) return { ok: true, via: 'query' };
  const fromHeader = req.headers['x-gyre-token'];
  if (typeof fromHeader === 'string' && sameToken(fromHeader, token)) return { ok: true, via: 'header' };
  const fromCookie = readCookie(req.headers.cookie, tokenCookieName(port));
  if (fromCookie !== undefined && sameToken(fromCookie, token)) return { ok: true, via: 'cookie' };
  return { ok: false, status: 401, reason: 'A valid access token is required. Open the address that `gyre web` printed.' };
}
