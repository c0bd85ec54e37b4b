/**
 * Serving an exported bundle from Gyre: a GBDT trained, evaluated, registered and exported (as a folder and as a
 * .zip) through the real handlers, then its serve.mjs started as a child process on a free port, called over HTTP,
 * watched through serving.list, refused when it is already served, its port is busy or a file was altered, stopped,
 * and stopped with the core.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleResult, ExportedBundle, ImportResult, Job, Run, ServeExample, ServerStatus, TrainResult } from '../../../electron/contract/index';
import { createCore, type Core } from '../../../electron/core/handlers';
import { openWorkspace, type Workspace } from '../../../electron/core/workspace';
import { nodeWorkerSpawner } from '../../../electron/jobs/spawn-node';
import { call, CSV } from '../../helpers/training';
import { validCharter } from '../../helpers/workspace';

// One workspace for the whole file (the helpers' temp folders go after each test).
const root = mkdtempSync(join(tmpdir(), 'gyre-serving-'));
let ws: Workspace;
let core: Core;
let projectId: string;
let folder: ExportedBundle;
let zip: ExportedBundle;
let workspaceDir: string;
const rows = customerRows();

/** customers.csv as the JSON rows a client sends. */
function customerRows(): Record<string, unknown>[] {
  const [header, ...lines] = readFileSync(CSV, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((line) => {
    const cells = Object.fromEntries(line.split(',').map((c, i) => [names[i]!, c]));
    const num = (v: string | undefined) => (v === '' || v === undefined ? null : Number(v));
    return { age: num(cells.age), monthly_spend: num(cells.monthly_spend), city: cells.city, plan: cells.plan, signup_date: cells.signup_date };
  });
}

const start = (input: Record<string, unknown>) => call<ServerStatus>(core.handlers, 'serving.start', { projectId, ...input });
const list = () => call<ServerStatus[]>(core.handlers, 'serving.list', { projectId });
const stop = (id: string) => call<ServerStatus>(core.handlers, 'serving.stop', { id });
const post = (url: string, body: unknown) => fetch(`${url}/predict`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function expectRefused(promise: Promise<unknown>, code: string, text: RegExp) {
  const error = (await promise.then(() => null, (e: unknown) => e)) as { code: string; message: string } | null;
  expect(error, 'the call should have been refused').not.toBeNull();
  expect(error!.code).toBe(code);
  expect(error!.message).toMatch(text);
}

beforeAll(async () => {
  ws = openWorkspace(join(root, 'ws'));
  workspaceDir = ws.dir;
  core = createCore({ ws, host: 'test', spawnWorker: nodeWorkerSpawner() });
  const h = core.handlers;
  projectId = (await call<{ id: string }>(h, 'projects.create', { name: 'Churn' })).id;
  await call(h, 'charters.save', { projectId, content: { ...validCharter(), target: 'churned' }, basedOnVersion: null });
  const imported = await core.queue.wait((await call<Job>(h, 'datasets.import', { projectId, file: CSV })).id);
  const versionId = (imported.result as ImportResult).versionId;
  const trained = await core.queue.wait((await call<Job>(h, 'runs.train', { projectId, versionId, target: 'churned', models: ['gbdt'], seed: 5, params: { trees: 20 } })).id);
  expect(trained.status, trained.error?.message).toBe('succeeded');
  const run = await call<Run>(h, 'runs.get', { id: (trained.result as TrainResult).runIds[0] });
  await core.queue.wait((await call<Job>(h, 'evaluations.start', { runId: run.id, resamples: 100, repeats: 1 })).id);
  await call(h, 'registry.register', { runId: run.id, name: 'churn' });
  const dir = root;
  for (const [out, format] of [[join(dir, 'churn-1'), 'folder'], [join(dir, 'churn-1.zip'), 'zip']] as const) {
    const job = await core.queue.wait((await call<Job>(h, 'bundles.export', { projectId, ref: 'churn@1', out, format })).id);
    expect(job.status, job.error?.message).toBe('succeeded');
    expect((job.result as BundleResult).path).toBe(out);
  }
  const bundles = await call<ExportedBundle[]>(h, 'bundles.list', { projectId });
  folder = bundles.find((b) => b.format === 'folder')!;
  zip = bundles.find((b) => b.format === 'zip')!;
}, 180_000);

afterAll(async () => {
  await core?.close();
  ws?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('serving a bundle locally', () => {
  it('starts the folder bundle on a free port, counts requests, rows and latency, refuses a second start, and stops', async () => {
    const began = performance.now();
    const server = await start({ bundleId: folder.id, port: 0 });
    const startMs = performance.now() - began;
    expect(server).toMatchObject({ state: 'running', ref: 'churn@1', host: '127.0.0.1', requestedPort: 0, servedFrom: folder.path, error: null });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.logPath).toBe(join(workspaceDir, 'serving', folder.id, 'predictions.jsonl'));
    expect(alive(server.pid!)).toBe(true);
    console.info(`serving.start → listening: ${Math.round(startMs)} ms (verify included); the child listened ${server.readyMs} ms after it was spawned`);

    // Twenty single rows and one batch of ten, as a client sends them.
    for (const row of rows.slice(0, 20)) expect((await post(server.url!, row)).status).toBe(200);
    const batch = await post(server.url!, rows.slice(20, 30));
    expect(((await batch.json()) as unknown[]).length).toBe(10);
    expect((await post(server.url!, { ...rows[0], age: 'old' })).status).toBe(400);

    const [listed] = await list();
    expect(listed).toMatchObject({ id: server.id, state: 'running', stats: { requests: 22, errors: 1, rows: 30 } });
    expect(listed!.stats!.p50Ms).toBeGreaterThan(0);
    expect(listed!.stats!.p95Ms).toBeGreaterThanOrEqual(listed!.stats!.p50Ms!);
    // Reading /metrics is not a request to the model: a second reading counts the same.
    expect((await list())[0]!.stats!.requests).toBe(22);

    await expectRefused(start({ bundleId: folder.id, port: 0 }), 'CONFLICT', /churn@1 is already being served at http:\/\/127\.0\.0\.1:\d+/);

    const stopped = await stop(server.id);
    expect(stopped).toMatchObject({ state: 'stopped', stats: { requests: 22, rows: 30 } });
    expect(stopped.stoppedAt).not.toBeNull();
    expect(alive(server.pid!)).toBe(false);
    expect((await list())[0]!.state).toBe('stopped');
    // The prediction log, flushed at SIGTERM: one line per row scored.
    const lines = readFileSync(server.logPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { model: string; inputs: Record<string, unknown> });
    expect(lines).toHaveLength(30);
    expect(lines[0]).toMatchObject({ model: 'churn@1', inputs: { city: rows[0]!.city, plan: rows[0]!.plan } });
  });

  it('refuses a port another program listens on, naming the port', async () => {
    const busy: Server = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
    const port = (busy.address() as AddressInfo).port;
    try {
      await expectRefused(start({ bundleId: folder.id, port }), 'CONFLICT', new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
      expect((await list()).every((s) => s.state !== 'running' && s.state !== 'starting')).toBe(true);
    } finally {
      busy.close();
    }
  });

  it('serves a .zip bundle from its copy unpacked under the workspace, once', async () => {
    const first = await start({ bundleId: zip.id, port: 0 });
    const copy = join(workspaceDir, 'serving', zip.id, 'bundle');
    expect(first).toMatchObject({ state: 'running', servedFrom: copy });
    expect(existsSync(join(copy, 'serve.mjs'))).toBe(true);
    const answer = (await (await post(first.url!, rows[5])).json()) as { label: string };
    expect(['true', 'false']).toContain(answer.label);
    await stop(first.id);
    const marker = join(copy, 'MANIFEST.json');
    const before = readFileSync(marker);
    const again = await start({ bundleId: zip.id, port: 0 });
    expect(again.servedFrom).toBe(copy);
    expect(readFileSync(marker).equals(before)).toBe(true);
    await stop(again.id);
  });

  it('refuses a bundle whose files no longer match its MANIFEST, naming the altered file, before anything runs', async () => {
    const modelJson = join(folder.path, 'model.json');
    const original = readFileSync(modelJson);
    appendFileSync(modelJson, ' ');
    try {
      await expectRefused(start({ bundleId: folder.id, port: 0 }), 'VALIDATION', /churn@1 at .* does not match its MANIFEST\.json.*model\.json is altered/);
      expect((await list()).filter((s) => s.bundleId === folder.id && s.state === 'running')).toHaveLength(0);
    } finally {
      writeFileSync(modelJson, original);
    }
  });

  it('serves with a candidate bundle in shadow, counting how often it agrees, and the log feeds a shadow report', async () => {
    // The zip bundle of the same version as the candidate: it must agree on every row.
    const server = await start({ bundleId: folder.id, port: 0, candidateBundleId: zip.id, mode: 'shadow' });
    expect(server).toMatchObject({ state: 'running', candidate: { bundleId: zip.id, ref: 'churn@1', mode: 'shadow' } });
    for (const row of rows.slice(0, 12)) expect((await post(server.url!, row)).status).toBe(200);
    await expect.poll(async () => (await list()).find((s) => s.id === server.id)!.stats?.shadow?.agree, { timeout: 10_000 }).toBe(12);
    const stats = (await list()).find((s) => s.id === server.id)!.stats!;
    expect(stats).toMatchObject({ arms: { production: 12, candidate: 0 }, shadow: { agree: 12, disagree: 0, error: 0 } });
    await stop(server.id);
    const logged = readFileSync(server.logPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { arm?: string; shadow?: { model: string } });
    expect(logged.filter((l) => l.arm === 'production' && l.shadow?.model === 'churn@1')).toHaveLength(12);
  });

  it('offers an example row from model.json that the server scores', async () => {
    const { row } = await call<ServeExample>(core.handlers, 'serving.example', { projectId, bundleId: folder.id });
    expect(Object.keys(row)).toEqual(expect.arrayContaining(['age', 'monthly_spend', 'city', 'plan', 'signup_date']));
    expect(row.plan).toBe('basic');
    expect(row.signup_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const server = await start({ bundleId: folder.id, port: 0 });
    const res = await post(server.url!, row);
    expect(res.status, await res.clone().text()).toBe(200);
    await stop(server.id);
  });

  it('stops every running server when the core closes: no process is left behind', async () => {
    const a = await start({ bundleId: folder.id, port: 0 });
    const b = await start({ bundleId: zip.id, port: 0 });
    expect([alive(a.pid!), alive(b.pid!)]).toEqual([true, true]);
    await core.close();
    expect([alive(a.pid!), alive(b.pid!)]).toEqual([false, false]);
  });
});
