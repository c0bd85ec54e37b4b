/** A bundle's serve.mjs as it runs on a customer's machine: a real child process answering HTTP on loopback. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMERS, gyre, makeBundle, type Server, startServe, type TestBundle } from './bundle';

const servers: Server[] = [];
let root: string;
let bundle: TestBundle;
/** customers.csv as JSON rows, and what `gyre predict` gives for each: [label, p_false, p_true]. */
let rows: Record<string, unknown>[];
let expected: [string, number, number][];

function startServer(args: string[] = [], cwd = root): Promise<Server> {
  return startServe(bundle.dir, args, cwd).then((server) => (servers.push(server), server));
}

async function post(url: string, body: unknown) {
  const res = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string; details?: Record<string, unknown> } } };
}

function customerRows(): Record<string, unknown>[] {
  const [header, ...lines] = readFileSync(CUSTOMERS, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const row = Object.fromEntries(names.map((n, i) => [n, cells[i]]));
    return { ...row, age: row.age === '' ? null : Number(row.age), monthly_spend: row.monthly_spend === '' ? null : Number(row.monthly_spend), customer_id: Number(row.customer_id) };
  });
}

function gyrePredictions(): [string, number, number][] {
  const out = join(root, 'by-gyre.csv');
  gyre(bundle.ws, 'predict', bundle.runId, CUSTOMERS, '--out', out);
  const [header, ...lines] = readFileSync(out, 'utf8').trim().split('\n');
  const col = (name: string) => header!.split(',').indexOf(name);
  return lines.map((l) => {
    const c = l.split(',');
    return [c[col('predicted_label')]!, Number(c[col('probability_false')]), Number(c[col('probability_true')])];
  });
}

function expectSame(answer: unknown, want: [string, number, number]) {
  const a = answer as { label: string; probabilities: Record<string, number> };
  expect(a.label).toBe(want[0]);
  expect(Math.abs(a.probabilities.false! - want[1])).toBeLessThan(1e-6);
  expect(Math.abs(a.probabilities.true! - want[2])).toBeLessThan(1e-6);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gyre-serve-'));
  bundle = makeBundle(root);
  rows = customerRows();
  expected = gyrePredictions();
}, 120_000);

afterAll(async () => {
  for (const s of servers) if (s.proc.exitCode === null) s.proc.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('serve.mjs', () => {
  it('answers one row with an object and an array with an array, as gyre predict scores them', async () => {
    const { url } = await startServer();
    const one = await post(`${url}/predict`, rows[0]);
    expect(one.status).toBe(200);
    expectSame(one.body, expected[0]!);
    const all = await post(`${url}/predict`, rows);
    expect(all.status).toBe(200);
    expect(all.body).toHaveLength(300);
    (all.body as unknown as unknown[]).forEach((answer, i) => expectSame(answer, expected[i]!));
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok', model: 'churn@3' });
    expect(await (await fetch(`${url}/schema`)).json()).toMatchObject({ type: 'object', required: ['age', 'monthly_spend', 'city', 'plan', 'signup_date'] });
  });

  it('refuses bad requests with a 4xx that names the problem, never a 500', async () => {
    const { url } = await startServer();
    const { monthly_spend: _, ...lacking } = rows[1]!;
    const missing = await post(`${url}/predict`, [rows[0], lacking]);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'MISSING_FIELD', details: { field: 'monthly_spend', row: 1 } });
    expect(missing.body.error!.message).toContain('row 1: missing field "monthly_spend"');

    const wrong = await post(`${url}/predict`, { ...rows[0], age: '49' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error!.message).toBe('field "age" must be a number or null, got a string.');

    const city = await post(`${url}/predict`, { ...rows[0], city: null });
    expect(city.status).toBe(400);
    expect(city.body.error).toMatchObject({ code: 'NULL_NOT_ALLOWED', details: { field: 'city' } });

    const date = await post(`${url}/predict`, { ...rows[0], signup_date: '2021-02-30' });
    expect(date.status).toBe(400);
    expect(date.body.error!.message).toContain('field "signup_date": "2021-02-30" is not an ISO-8601 date');

    const malformed = await post(`${url}/predict`, '{"age": 49, "city": }');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'MALFORMED_JSON', details: { position: 20 } });
    expect(malformed.body.error!.message).toContain('at position 20 (line 1, column 21)');

    const notFound = await fetch(`${url}/predictions`);
    expect(notFound.status).toBe(404);
    expect(((await notFound.json()) as { error: { message: string } }).error.message).toContain('No route /predictions');
    const method = await fetch(`${url}/predict`, { method: 'PUT', body: '{}' });
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST');

    // Extra fields are ignored; a null where the model imputes is scored.
    const extra = await post(`${url}/predict`, { ...rows[0], age: null, favourite_colour: 'teal' });
    expect(extra.status).toBe(200);
  });

  it('answers a 10 MB body with 413 as soon as it is known to be too large', async () => {
    const { url } = await startServer();
    const big = Buffer.alloc(10 << 20, 0x20);
    const declared = await rawPost(url, big, { 'content-length': String(big.length) });
    expect(declared.status).toBe(413);
    expect(declared.body).toContain('larger than 1,048,576 bytes');
    // Chunked, with no length: refused once the first megabyte has passed.
    const streamed = await rawPost(url, big, { 'transfer-encoding': 'chunked' });
    expect(streamed.status).toBe(413);
    // The server is still well.
    expect((await post(`${url}/predict`, rows[2])).status).toBe(200);
  });

  it('scores 1,000 concurrent requests without an error and counts them in /metrics', async () => {
    const { url } = await startServer();
    const latencies: number[] = [];
    const statuses = await Promise.all(Array.from({ length: 1000 }, async (_, i) => {
      const t0 = performance.now();
      const r = await post(`${url}/predict`, rows[i % rows.length]);
      latencies.push(performance.now() - t0);
      if (r.status === 200) expectSame(r.body, expected[i % rows.length]!);
      return r.status;
    }));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    latencies.sort((a, b) => a - b);
    console.log(`1,000 concurrent single-row requests: p50 ${latencies[499]!.toFixed(1)} ms, p95 ${latencies[949]!.toFixed(1)} ms, max ${latencies[999]!.toFixed(1)} ms`);
    await fetch(`${url}/nowhere`);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('bundle_http_requests_total{route="/predict",status="200"} 1000');
    expect(metrics).toContain('bundle_http_requests_total{route="other",status="404"} 1');
    expect(metrics).toContain('bundle_http_errors_total{route="other"} 1');
    expect(metrics).toContain('bundle_http_request_duration_seconds_count{route="/predict"} 1000');
    expect(metrics).toContain('bundle_rows_scored_total 1000');
  });

  it('on SIGTERM finishes the requests in flight, logs every scored row and exits 0', async () => {
    const log = join(root, 'sigterm.jsonl');
    const server = await startServer(['--log', log]);
    const batch = Buffer.from(JSON.stringify(rows));
    // Twenty requests whose bodies are half sent when the signal comes.
    const requests = Array.from({ length: 20 }, () => {
      const req = http.request(`${server.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(batch.length) } });
      req.write(batch.subarray(0, batch.length >> 1));
      const answer = new Promise<{ status: number; body: string }>((done, fail) => {
        req.on('response', (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d));
          res.on('end', () => done({ status: res.statusCode!, body }));
        });
        req.on('error', fail);
      });
      return { req, answer };
    });
    await new Promise((r) => setTimeout(r, 500));
    server.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    for (const { req } of requests) req.end(batch.subarray(batch.length >> 1));
    const answers = await Promise.all(requests.map((r) => r.answer));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(JSON.parse(answers[0]!.body)).toHaveLength(300);
    expect(await server.exited).toBe(0);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(20 * 300);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(first)).toEqual(['ts', 'model', 'requestId', 'latencyMs', 'inputs', 'outputs']);
    expect(first).toMatchObject({ model: 'churn@3', inputs: { city: rows[0]!.city, plan: rows[0]!.plan } });
    expect(server.output()).toContain('SIGTERM: no new connections');
  });
});

/** A POST over node:http that reports the answer even when the server closes before taking the whole body. */
function rawPost(url: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.on('data', (d: Buffer) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    // Writing the rest of a refused body fails once the server has closed: expected, after the answer.
    req.on('error', (e: NodeJS.ErrnoException) => (answered && (e.code === 'EPIPE' || e.code === 'ECONNRESET') ? undefined : reject(e)));
    req.end(body);
  });
}
