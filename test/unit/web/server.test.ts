import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../../electron/web/server';
import { tempDir, tempHandlers } from '../../helpers/workspace';

let host: WebHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function start() {
  const renderer = tempDir();
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Gyre</title>');
  mkdirSync(join(renderer, 'assets'));
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tempDir(), 'secret.txt'), 'outside');
  const ws = tempHandlers('web');
  host = await startWebHost({ handlers: ws.handlers, rendererDir: renderer, port: 0, workspaceDir: ws.ws.dir });
  return host;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so Host and Origin can be set as an attacker would. */
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const json = (token: string, extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', 'x-gyre-token': token, ...extra });

describe('browser host', () => {
  it('binds to 127.0.0.1 and prints an address with its token', async () => {
    const h = await start();
    expect(h.url).toBe(`http://127.0.0.1:${h.port}/?token=${h.token}`);
    expect(h.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers 401 to every request without the token', async () => {
    const { port } = await start();
    for (const path of ['/', '/assets/app.js', '/api/events']) expect((await send(port, path)).status).toBe(401);
    const call = await send(port, '/api/call/projects.list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(call.status).toBe(401);
    expect(JSON.parse(call.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect((await send(port, '/?token=wrong')).status).toBe(401);
  });

  it('trades the token in the address for an HttpOnly cookie, then serves the page with the CSP', async () => {
    const { port, token } = await start();
    const first = await send(port, `/?token=${token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await send(port, '/', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Gyre</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toMatch(/https?:/);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin even with the token', async () => {
    const { port, token } = await start();
    expect((await send(port, '/', { headers: { host: `evil.example:${port}`, 'x-gyre-token': token } })).status).toBe(403);
    const cross = await send(port, '/api/call/projects.create', { method: 'POST', headers: json(token, { origin: 'http://evil.example' }), body: '{"name":"x"}' });
    expect(cross.status).toBe(403);
    const same = await send(port, '/api/call/projects.list', { method: 'POST', headers: json(token, { origin: `http://localhost:${port}`, host: `localhost:${port}` }), body: '{}' });
    expect(same.status).toBe(200);
  });

  it('calls procedures and maps errors to statuses with stable codes', async () => {
    const { port, token } = await start();
    const created = await send(port, '/api/call/projects.create', { method: 'POST', headers: json(token), body: '{"name":"Churn"}' });
    expect(created.status).toBe(200);
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, result: { name: 'Churn' } });
    const invalid = await send(port, '/api/call/projects.create', { method: 'POST', headers: json(token), body: '{"name":""}' });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'name' } } });
    const dup = await send(port, '/api/call/projects.create', { method: 'POST', headers: json(token), body: '{"name":"churn"}' });
    expect(dup.status).toBe(409);
    expect((await send(port, '/api/call/no.such', { method: 'POST', headers: json(token), body: '{}' })).status).toBe(404);
    expect((await send(port, '/api/call/projects.list', { method: 'POST', headers: json(token), body: '{not json' })).status).toBe(400);
    expect((await send(port, '/api/call/projects.list', { method: 'POST', headers: { 'x-gyre-token': token, 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
    expect((await send(port, '/api/call/projects.list', { headers: json(token) })).status).toBe(405);
  });

  it('caps the request body', async () => {
    const { port, token } = await start();
    const big = JSON.stringify({ name: 'x', description: 'y'.repeat(2 * 1024 * 1024) });
    const reply = await send(port, '/api/call/projects.create', { method: 'POST', headers: json(token), body: big }).catch((e: Error) => ({ status: -1, body: e.message, headers: {} }));
    expect([413, -1]).toContain(reply.status);
    const list = await send(port, '/api/call/projects.list', { method: 'POST', headers: json(token), body: '{}' });
    expect(JSON.parse(list.body).result).toEqual([]);
  });

  it('serves nothing outside the renderer folder', async () => {
    const { port, token } = await start();
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/%00']) {
      expect((await send(port, path, { headers: { 'x-gyre-token': token } })).status).toBe(404);
    }
    expect((await send(port, '/assets/app.js', { headers: { 'x-gyre-token': token } })).status).toBe(200);
  });

  it('receives an upload into the workspace and previews it; absolute paths are refused', async () => {
    const { port, token } = await start();
    const csv = 'id,city\n1,Lisbon\n2,Porto\n';
    const up = await send(port, '/api/upload?name=../../evil%20name.csv', { method: 'POST', headers: { 'x-gyre-token': token, 'content-type': 'application/octet-stream' }, body: csv });
    expect(up.status).toBe(200);
    const file = JSON.parse(up.body).result.file as string;
    expect(file).toMatch(/^upload:[a-f0-9]{16}\/evil name\.csv$/);
    const preview = await send(port, '/api/call/datasets.preview', { method: 'POST', headers: json(token), body: JSON.stringify({ file }) });
    expect(JSON.parse(preview.body)).toMatchObject({ ok: true, result: { format: 'csv', rows: [[1, 'Lisbon'], [2, 'Porto']] } });
    const direct = await send(port, '/api/call/datasets.preview', { method: 'POST', headers: json(token), body: JSON.stringify({ file: '/etc/passwd' }) });
    expect(JSON.parse(direct.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const forged = await send(port, '/api/call/datasets.preview', { method: 'POST', headers: json(token), body: JSON.stringify({ file: 'upload:0123456789abcdef/../../gyre.sqlite' }) });
    expect(JSON.parse(forged.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('streams a changed event to open pages after a mutation', async () => {
    const { port, token } = await start();
    const events = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/events', headers: { host: `127.0.0.1:${port}`, 'x-gyre-token': token } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('event: changed')) {
            req.destroy();
            resolve(text);
          }
        });
        void send(port, '/api/call/projects.create', { method: 'POST', headers: json(token), body: '{"name":"Live"}' });
      });
      req.on('error', reject);
      req.end();
    });
    expect(events).toContain('event: changed\ndata: {"entities":["projects"]}');
  });
});

describe('uploads left behind', () => {
  it('are removed after a day when a host starts, while recent ones (another page may be previewing) stay', async () => {
    const { existsSync, mkdirSync, utimesSync, writeFileSync } = await import('node:fs');
    const { uploadsDir } = await import('../../../electron/core/files');
    const { createCore } = await import('../../../electron/core/handlers');
    const { nodeWorkerSpawner } = await import('../../../electron/jobs/spawn-node');
    const { ws } = tempHandlers();
    const fresh = join(uploadsDir(ws.dir), '0123456789abcdef');
    const stale = join(uploadsDir(ws.dir), 'fedcba9876543210');
    for (const dir of [fresh, stale]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'a.csv'), 'a\n1\n');
    }
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(stale, twoDaysAgo, twoDaysAgo);
    const core = createCore({ ws, host: 'cli', spawnWorker: nodeWorkerSpawner() });
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(stale)).toBe(false);
    await core.close();
  });
});
