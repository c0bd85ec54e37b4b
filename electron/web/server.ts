/**
 * The browser host: serves the renderer and the contract over HTTP on 127.0.0.1, with Server-Sent Events for
 * `changed`. It only wires; every call goes through the same dispatcher as the Electron bridge.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { ErrorCode, GyreErrorShape, Handlers } from '../contract/index';
import { CONTENT_SECURITY_POLICY_HEADER } from '../contract/security';
import { dispatch, toErrorShape } from '../core/dispatch';
import { receiveUpload } from '../core/files';
import { checkRequest, tokenCookieName } from './guard';
import { rendererIndexExists, resolveStatic, sendFile } from './static';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Files the page uploads for import. */
export const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

export interface WebHostOptions {
  handlers: Handlers;
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
  /** Uploads for import land in this workspace's tmp/uploads/. */
  workspaceDir: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  /** Sends an event to every open page. */
  broadcast(event: string, payload: unknown): void;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  DATASET_PARSE: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CANCELLED: 409,
  INTERNAL: 500,
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, error: GyreErrorShape): void {
  sendJson(res, status, { ok: false, error });
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  const streams = new Set<ServerResponse>();
  let port = 0;

  const broadcast = (event: string, payload: unknown) => {
    for (const res of streams) res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  };

  async function handleCall(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendError(res, 415, { code: 'VALIDATION', message: 'Send procedure input as application/json.' });
    }
    let input: unknown;
    try {
      const body = await readBody(req, MAX_BODY_BYTES);
      input = body.trim() === '' ? {} : JSON.parse(body);
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        return sendError(res, 413, { code: 'VALIDATION', message: `Request body is larger than ${MAX_BODY_BYTES} bytes.` });
      }
      return sendError(res, 400, { code: 'VALIDATION', message: `Request body is not valid JSON: ${(e as Error).message}` });
    }
    const { envelope, touched } = await dispatch(options.handlers, name, input);
    if (touched.length > 0) broadcast('changed', { entities: touched });
    sendJson(res, envelope.ok ? 200 : (STATUS_OF[envelope.error.code] ?? 500), envelope);
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const name = url.searchParams.get('name');
    if (!name) return sendError(res, 400, { code: 'VALIDATION', message: 'Say the file name: /api/upload?name=FILE.', details: { field: 'name' } });
    try {
      const file = await receiveUpload(options.workspaceDir, name, req, MAX_UPLOAD_BYTES);
      sendJson(res, 200, { ok: true, result: { file } });
    } catch (e) {
      sendError(res, 400, toErrorShape(e));
    }
  }

  function openEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    streams.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      streams.delete(res);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const verdict = checkRequest(req, url, port, token);
    if (!verdict.ok) {
      return sendError(res, verdict.status, { code: verdict.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', message: verdict.reason });
    }
    if (verdict.via === 'query' && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
      // Trade the token in the address for a cookie, and drop it from the address bar and history.
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        'set-cookie': `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname + url.search + url.hash,
      });
      return void res.end();
    }
    const call = /^\/api\/call\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    if (call) {
      if (req.method !== 'POST') return sendError(res, 405, { code: 'VALIDATION', message: 'Use POST to call a procedure.' });
      return handleCall(req, res, call[1]!);
    }
    if (url.pathname === '/api/events' && req.method === 'GET') return openEvents(req, res);
    if (url.pathname === '/api/upload' && req.method === 'POST') return handleUpload(req, res, url);
    if (url.pathname.startsWith('/api/')) return sendError(res, 404, { code: 'NOT_FOUND', message: `No API route ${url.pathname}.` });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, { code: 'VALIDATION', message: 'Only GET is served here.' });
    const file = resolveStatic(rendererDir, url.pathname);
    if (!file) return sendError(res, 404, { code: 'NOT_FOUND', message: `Nothing at ${url.pathname}.` });
    sendFile(res, file, SECURITY_HEADERS);
  }

  if (!rendererIndexExists(rendererDir)) {
    throw new Error(`The studio's pages are not built (${rendererDir}/index.html is missing). Run \`npm run build\` first.`);
  }
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('[gyre web]', e);
      if (!res.headersSent) sendError(res, 500, { code: 'INTERNAL', message: 'Something went wrong inside Gyre’s web host.' });
      else res.end();
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    broadcast,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const res of streams) res.end();
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
