/**
 * The serving process manager with stand-in serve.mjs files (no model, no training): what the child is started with,
 * and every way it can end — failing to listen, dying while serving, ignoring SIGTERM, never listening.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { VerifyResult } from '../../../electron/contract/bundles';
import { BundleServers } from '../../../electron/deploy/serving';
import type { ServedBundle } from '../../../electron/deploy/serving-files';

const root = mkdtempSync(join(tmpdir(), 'gyre-serving-process-'));
const ok: VerifyResult = { ok: true, checked: 1, altered: [], missing: [], extra: [], problems: [] };
let managers: BundleServers[] = [];

afterEach(async () => {
  await Promise.all(managers.map((m) => m.close()));
  managers = [];
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function servers(options: Partial<ConstructorParameters<typeof BundleServers>[0]> = {}) {
  const m = new BundleServers({ dir: join(root, 'serving'), verify: async () => ok, ...options });
  managers.push(m);
  return m;
}

/** A folder with a MANIFEST.json and the given serve.mjs, recorded as an exported bundle would be. */
function fakeBundle(name: string, serve: string): ServedBundle {
  const path = join(root, name);
  mkdirSync(path, { recursive: true });
  const manifest = JSON.stringify({ format: 'gyre-bundle/1', files: [] });
  writeFileSync(join(path, 'MANIFEST.json'), manifest);
  writeFileSync(join(path, 'serve.mjs'), serve);
  return { id: `bdl_${name}`, ref: `${name}@1`, path, format: 'folder', manifestSha256: createHash('sha256').update(manifest).digest('hex') };
}

/** Listens on --port like serve.mjs, answers /metrics with nothing counted, and prints the line Gyre waits for. */
const LISTENS = `
import http from 'node:http';
import { parseArgs } from 'node:util';
const { values } = parseArgs({ strict: false, options: { port: { type: 'string' }, host: { type: 'string' } } });
const server = http.createServer((req, res) => res.end('bundle_rows_scored_total 0\\n'));
server.listen(Number(values.port), values.host, () => console.log('Serving fake@1 (binary_classification, 1 inputs) on http://' + values.host + ':' + server.address().port));
`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((done) => probe.close(done));
  return port;
}

describe('the serving process manager', () => {
  it('resolves the bundle’s bare onnxruntime-node import to Gyre’s own package, and passes the candidate, mode and share', async () => {
    const serve = `import ort from 'onnxruntime-node';\nimport { writeFileSync } from 'node:fs';\nwriteFileSync('started.json', JSON.stringify({ argv: process.argv.slice(2), session: typeof ort.InferenceSession, asNode: process.env.ELECTRON_RUN_AS_NODE }));\n${LISTENS}`;
    const bundle = fakeBundle('with-ort', serve);
    const candidate = fakeBundle('candidate', LISTENS);
    const status = await servers().start({ projectId: 'p', bundle, port: 0, host: '127.0.0.1', candidate: { bundle: candidate, mode: 'ab', share: 0.25 } });
    expect(status).toMatchObject({ state: 'running', candidate: { bundleId: 'bdl_candidate', ref: 'candidate@1', mode: 'ab', share: 0.25 } });
    const started = JSON.parse(readFileSync(join(bundle.path, 'started.json'), 'utf8')) as { argv: string[]; session: string; asNode: string };
    expect(started.session).toBe('function');
    expect(started.asNode).toBe('1');
    expect(started.argv).toEqual(['--port', '0', '--host', '127.0.0.1', '--log', status.logPath, '--candidate', candidate.path, '--mode', 'ab', '--share', '0.25']);
  });

  it('reports a server that could not listen as failed, naming the port and keeping what it printed', async () => {
    const port = await freePort();
    const bundle = fakeBundle('busy', `console.error('Cannot listen on 127.0.0.1:${port}: listen EADDRINUSE: address already in use 127.0.0.1:${port}');\nprocess.exit(1);\n`);
    const status = await servers().start({ projectId: 'p', bundle, port, host: '127.0.0.1' });
    expect(status.state).toBe('failed');
    expect(status.error).toBe(`Port ${port} on 127.0.0.1 is already in use by another program; pick another port, or 0 for any free one.`);
    expect(status.output).toContain('EADDRINUSE');
  });

  it('reports a server that dies while serving, with its last words, and tells the windows', async () => {
    let changes = 0;
    const manager = servers({ onChange: () => changes++ });
    const bundle = fakeBundle('dies', `${LISTENS}\nsetTimeout(() => { console.error('out of memory, say'); process.exit(3); }, 300);\n`);
    const status = await manager.start({ projectId: 'p', bundle, port: 0, host: '127.0.0.1' });
    expect(status.state).toBe('running');
    await expect.poll(async () => (await manager.list('p'))[0]!.state).toBe('failed');
    expect((await manager.list('p'))[0]!.error).toBe('dies@1’s server exited with code 3 while serving: out of memory, say');
    expect(changes).toBe(1);
  });

  it('kills a server that ignores SIGTERM once the grace is over', async () => {
    const manager = servers({ graceMs: 300 });
    const bundle = fakeBundle('stubborn', `${LISTENS}\nprocess.on('SIGTERM', () => console.log('not now'));\n`);
    const status = await manager.start({ projectId: 'p', bundle, port: 0, host: '127.0.0.1' });
    const stopped = await manager.stop(status.id);
    expect(stopped.state).toBe('stopped');
    expect(alive(status.pid!)).toBe(false);
  });

  it('gives up on a server that never listens, and leaves no process behind', async () => {
    const bundle = fakeBundle('silent', `setInterval(() => {}, 1000);\n`);
    const status = await servers({ startTimeoutMs: 500 }).start({ projectId: 'p', bundle, port: 0, host: '127.0.0.1' });
    expect(status).toMatchObject({ state: 'failed', error: 'silent@1 did not start listening within 1 s.' });
    await expect.poll(() => alive(status.pid!)).toBe(false);
  });
});
