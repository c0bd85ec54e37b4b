/**
 * A candidate model beside a bundle's own: serve.mjs in shadow and A/B mode, predict.mjs --candidate, and the shadow
 * report read from the prediction log — two real models (a GBDT and a linear model) trained on customers.csv.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleModel } from '../../../electron/contract/bundles';
import { shadowReportOfFile } from '../../../electron/deploy/shadow-report';
import { CUSTOMERS, makeBundle, type Server, startServe, type TestBundle } from './bundle';

interface Answer {
  status: number;
  model: string | null;
  body: { label: string; probabilities: Record<string, number> };
}

interface LogLine {
  requestId: string;
  model: string;
  arm: 'production' | 'candidate';
  inputs: Record<string, unknown>;
  outputs: { label: string; probabilities: Record<string, number> };
  shadow?: { model: string; outputs?: { label: string }; error?: { code: string; message: string } };
}

const servers: Server[] = [];
let root: string;
let production: TestBundle;
let candidate: TestBundle;
/** The candidate, taking no missing age: the rows of customers.csv without one are its errors in shadow. */
let strictCandidate: string;
let rows: Record<string, unknown>[];
let churned: string[];

function startServer(dir: string, args: string[] = []): Promise<Server> {
  return startServe(dir, args, root).then((server) => (servers.push(server), server));
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${url}/predict`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, model: res.headers.get('x-model'), body: (await res.json()) as Answer['body'] };
}

async function stop(server: Server): Promise<void> {
  server.proc.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}

function readLog(path: string): LogLine[] {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LogLine);
}

function customerRows(): Record<string, unknown>[] {
  const [header, ...lines] = readFileSync(CUSTOMERS, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((line) => {
    const row = Object.fromEntries(line.split(',').map((c, i) => [names[i], c]));
    return { ...row, age: row.age === '' ? null : Number(row.age), monthly_spend: row.monthly_spend === '' ? null : Number(row.monthly_spend) };
  });
}

function p50(ms: number[]): number {
  return [...ms].sort((a, b) => a - b)[ms.length >> 1]!;
}

/** One request at a time, each row once: what a single client waits for each answer. */
async function sequentialLatencies(url: string, n: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    expect((await post(url, rows[i % rows.length])).status).toBe(200);
    ms.push(performance.now() - t0);
  }
  return ms;
}

/** /metrics once the candidate has scored `rows` rows in shadow: it scores them after their answers are sent. */
async function shadowMetrics(url: string, rows: number): Promise<string> {
  for (let tries = 0; ; tries++) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const counted = [...text.matchAll(/^bundle_shadow_rows_total\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    if (counted >= rows || tries === 50) return text;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** 1,000 requests at once: what each waits for its answer under load. */
async function concurrentLatencies(url: string, n: number): Promise<number[]> {
  return Promise.all(Array.from({ length: n }, async (_, i) => {
    const t0 = performance.now();
    expect((await post(url, rows[i % rows.length])).status).toBe(200);
    return performance.now() - t0;
  }));
}

function withModelJson(from: string, to: string, change: (m: BundleModel) => BundleModel): string {
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  const model = JSON.parse(readFileSync(join(from, 'model.json'), 'utf8')) as BundleModel;
  writeFileSync(join(to, 'model.json'), JSON.stringify(change(model)));
  return to;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gyre-shadow-'));
  for (const dir of ['production', 'candidate']) mkdirSync(join(root, dir));
  production = makeBundle(join(root, 'production'));
  candidate = makeBundle(join(root, 'candidate'), { kind: 'linear', name: 'churn-linear' });
  strictCandidate = withModelJson(candidate.dir, join(root, 'strict'), (m) => ({ ...m, inputs: m.inputs.map((f) => (f.name === 'age' ? { ...f, nullable: false } : f)) }));
  rows = customerRows();
  churned = rows.map((r) => String(r.churned));
}, 240_000);

afterAll(() => {
  for (const s of servers) if (s.proc.exitCode === null) s.proc.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('serve.mjs --candidate in shadow mode', () => {
  it("answers with production's predictions only, logs both models' and reports their agreement", async () => {
    const alone = await startServer(production.dir);
    const log = join(root, 'shadow.jsonl');
    const shadow = await startServer(production.dir, ['--candidate', strictCandidate, '--log', log]);
    expect(shadow.output()).toContain('Candidate churn-linear@3 in shadow mode');
    expect(await (await fetch(`${shadow.url}/health`)).json()).toEqual({ status: 'ok', model: 'churn@3', candidate: 'churn-linear@3', mode: 'shadow' });

    for (let i = 0; i < rows.length; i++) {
      const [a, b] = await Promise.all([post(alone.url, rows[i]), post(shadow.url, rows[i], { 'x-request-id': `c-${i}` })]);
      expect(b.status).toBe(200);
      expect(b.model).toBe('churn@3');
      expect(b.body).toEqual(a.body);
    }
    // A batch: one row the candidate cannot take does not stop production answering all three.
    const batch = await post(shadow.url, [rows[0], rows[1], rows[2]], { 'x-request-id': 'batch' });
    expect(batch.status).toBe(200);
    expect(batch.body).toHaveLength(3);
    const metrics = await shadowMetrics(shadow.url, rows.length + 3);
    await stop(shadow);
    await stop(alone);

    const lines = readLog(log);
    expect(lines).toHaveLength(rows.length + 3);
    expect(Object.keys(lines[0]!)).toEqual(['ts', 'model', 'requestId', 'latencyMs', 'inputs', 'outputs', 'arm', 'shadow']);
    expect(lines.every((l) => l.arm === 'production' && l.model === 'churn@3' && l.shadow?.model === 'churn-linear@3')).toBe(true);
    const missingAge = rows.filter((r) => r.age === null).length;
    expect(missingAge).toBeGreaterThan(0);
    const errors = lines.filter((l) => l.shadow!.error);
    expect(errors).toHaveLength(missingAge + 1); // rows[1] again, in the batch
    expect(errors[0]!.shadow!.error).toEqual({ code: 'NULL_NOT_ALLOWED', message: 'field "age" has no value, and the model was trained without missing age.' });
    const agreed = lines.filter((l) => l.shadow!.outputs && l.shadow!.outputs.label === l.outputs.label).length;
    const compared = lines.length - errors.length;
    expect(agreed).toBeGreaterThan(0);
    expect(agreed).toBeLessThanOrEqual(compared);
    expect(metrics).toContain(`bundle_shadow_rows_total{agreement="agree"} ${agreed}`);
    expect(metrics).toContain(`bundle_shadow_rows_total{agreement="disagree"} ${compared - agreed}`);
    expect(metrics).toContain(`bundle_shadow_rows_total{agreement="error"} ${errors.length}`);
    expect(metrics).toContain(`bundle_arm_rows_total{arm="production"} ${lines.length}`);
    expect(metrics).toContain(`bundle_rows_scored_total ${lines.length}`);
    expect(metrics).toContain(`bundle_http_requests_total{route="/predict",status="200"} ${rows.length + 1}`);

    const outcomes = new Map(churned.map((c, i) => [`c-${i}`, c]));
    const report = await shadowReportOfFile(log, { outcomes });
    expect(report).toMatchObject({ mode: 'shadow', task: 'classification', production: 'churn@3', candidate: 'churn-linear@3', rows: lines.length, arms: { production: lines.length, candidate: 0 }, skippedLines: 0 });
    expect(report.shadow).toMatchObject({ compared, agreed, agreementRate: agreed / compared, candidateErrors: errors.length, errorCodes: { NULL_NOT_ALLOWED: errors.length } });
    expect(report.shadow!.agreementRate).toBeGreaterThan(0);
    expect(report.shadow!.agreementRate).toBeLessThanOrEqual(1);
    const differing = lines.filter((l) => l.shadow!.outputs && l.shadow!.outputs.label !== l.outputs.label);
    expect(differing.length).toBeGreaterThan(0);
    console.log(`shadow: ${agreed} of ${compared} rows agree (${((100 * agreed) / compared).toFixed(1)}%), ${errors.length} candidate errors`);
    expect(report.shadow!.disagreements.map((d) => d.requestId)).toEqual(differing.slice(0, 20).map((l) => l.requestId));
    expect(report.shadow!.disagreements[0]?.inputs).toEqual(differing[0]?.inputs);
    expect(report.distributions.production).toMatchObject({ kind: 'labels', rows: lines.length });
    expect(report.distributions.candidate).toMatchObject({ kind: 'labels', rows: compared });
    expect(report.distance.labelTotalVariation).toBeGreaterThanOrEqual(0);
    expect(Object.keys(report.distance.psi)).toEqual(['false', 'true']);

    // Metrics on the 300 single-row requests whose outcome is known; production's accuracy counted here too.
    expect(report.outcomes).toEqual({ matched: rows.length, unknownLabels: 0 });
    const right = lines.filter((l) => l.requestId.startsWith('c-') && l.outputs.label === churned[Number(l.requestId.slice(2))]).length;
    expect(report.metrics!.production).toMatchObject({ rows: rows.length, accuracy: right / rows.length, mae: null });
    expect(report.metrics!.production.rocAuc).toBeGreaterThan(0.5);
    expect(report.metrics!.candidate.rows).toBe(rows.length - missingAge);
    expect(report.metrics!.candidate.rocAuc).toBeGreaterThan(0.5);
  });

  it('keeps the answer as fast as production alone: the candidate scores after the answer, on its own thread', async () => {
    const alone = await startServer(production.dir, ['--log', join(root, 'fast-alone.jsonl')]);
    const shadow = await startServer(production.dir, ['--candidate', candidate.dir, '--log', join(root, 'fast-shadow.jsonl')]);
    await sequentialLatencies(alone.url, 50);
    await sequentialLatencies(shadow.url, 50);
    const a = p50(await sequentialLatencies(alone.url, 600));
    const b = p50(await sequentialLatencies(shadow.url, 600));
    const [c, d] = [p50(await concurrentLatencies(alone.url, 1000)), p50(await concurrentLatencies(shadow.url, 1000))];
    console.log(`p50 of 600 sequential single-row requests: ${a.toFixed(2)} ms alone, ${b.toFixed(2)} ms with a candidate in shadow; of 1,000 concurrent: ${c.toFixed(1)} ms alone, ${d.toFixed(1)} ms in shadow`);
    expect(b).toBeLessThan(a * 2 + 1);
    await stop(shadow);
    await stop(alone);
  });
  it('on SIGTERM right after the answers, still logs every row with its shadow before exiting', async () => {
    const log = join(root, 'shadow-sigterm.jsonl');
    const server = await startServer(production.dir, ['--candidate', strictCandidate, '--log', log]);
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(server.url, rows)));
    server.proc.kill('SIGTERM');
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(await server.exited).toBe(0);
    const lines = readLog(log);
    expect(lines).toHaveLength(20 * rows.length);
    expect(lines.filter((l) => l.shadow?.outputs === undefined)).toHaveLength(20 * rows.filter((r) => r.age === null).length);
  });
});

describe('serve.mjs --candidate in A/B mode', () => {
  it("sends about --share of requests to the candidate, says which answered, and logs each arm's model", async () => {
    const log = join(root, 'ab.jsonl');
    const server = await startServer(production.dir, ['--candidate', candidate.dir, '--mode', 'ab', '--share', '0.3', '--log', log]);
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok', model: 'churn@3', candidate: 'churn-linear@3', mode: 'ab', share: 0.3 });
    const alone = await startServer(candidate.dir);
    const n = 1000;
    const answers: Answer[] = [];
    for (let i = 0; i < n; i += 100) answers.push(...(await Promise.all(Array.from({ length: 100 }, (_, j) => post(server.url, rows[(i + j) % rows.length], { 'x-request-id': `ab-${i + j}` })))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const byCandidate = answers.filter((a) => a.model === 'churn-linear@3').length;
    expect(answers.filter((a) => a.model === 'churn@3').length).toBe(n - byCandidate);
    // Binomial(1000, 0.3): mean 300, standard deviation 14.5; 5 deviations either side.
    expect(Math.abs(byCandidate - 300)).toBeLessThan(5 * Math.sqrt(n * 0.3 * 0.7));
    // The candidate's answers are its own bundle's.
    const i = answers.findIndex((a) => a.model === 'churn-linear@3');
    expect(answers[i]!.body).toEqual((await post(alone.url, rows[i % rows.length])).body);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain(`bundle_arm_rows_total{arm="candidate"} ${byCandidate}`);
    expect(metrics).toContain(`bundle_arm_rows_total{arm="production"} ${n - byCandidate}`);
    expect(metrics).toContain('bundle_candidate_info{name="churn-linear",version="3",mode="ab",share="0.3"} 1');
    expect(metrics).not.toContain('bundle_shadow_rows_total');
    await stop(server);
    await stop(alone);

    const lines = readLog(log);
    expect(lines).toHaveLength(n);
    expect(lines.every((l) => (l.arm === 'candidate' ? l.model === 'churn-linear@3' : l.model === 'churn@3') && l.shadow === undefined)).toBe(true);
    const outcomes = new Map(Array.from({ length: n }, (_, k) => [`ab-${k}`, churned[k % rows.length]!]));
    const report = await shadowReportOfFile(log, { outcomes });
    expect(report).toMatchObject({ mode: 'ab', production: 'churn@3', candidate: 'churn-linear@3', rows: n, arms: { production: n - byCandidate, candidate: byCandidate }, shadow: null });
    expect(report.distributions.candidate.rows).toBe(byCandidate);
    expect(report.metrics!.production.rows + report.metrics!.candidate.rows).toBe(n);
    const right = lines.filter((l) => l.arm === 'candidate' && l.outputs.label === churned[Number(l.requestId.slice(3)) % rows.length]).length;
    expect(report.metrics!.candidate.accuracy).toBe(right / byCandidate);
  });

  it('keeps every request with the same X-Route-Key on one arm', async () => {
    const server = await startServer(production.dir, ['--candidate', candidate.dir, '--mode', 'ab', '--share', '0.5', '--log', join(root, 'sticky.jsonl')]);
    const arms = new Map<string, Set<string | null>>();
    for (let round = 0; round < 5; round++) {
      for (let k = 0; k < 20; k++) {
        const answer = await post(server.url, rows[k], { 'x-route-key': `customer-${k}` });
        if (!arms.has(`customer-${k}`)) arms.set(`customer-${k}`, new Set());
        arms.get(`customer-${k}`)!.add(answer.model);
      }
    }
    expect([...arms.values()].every((models) => models.size === 1)).toBe(true);
    const chosen = [...arms.values()].map((models) => [...models][0]);
    expect(chosen).toContain('churn@3');
    expect(chosen).toContain('churn-linear@3');
    await stop(server);
  });
});

describe('serve.mjs --candidate refusals', () => {
  const serve = (...args: string[]) => spawnSync(process.execPath, [join(production.dir, 'serve.mjs'), '--port', '0', ...args], { encoding: 'utf8', cwd: root });

  it('refuses a candidate that predicts another target, naming both models', () => {
    const other = withModelJson(candidate.dir, join(root, 'other-target'), (m) => ({ ...m, name: 'spend', target: 'monthly_spend', task: 'regression' }));
    const r = serve('--candidate', other);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('spend@3 predicts "monthly_spend" (regression) but churn@3 predicts "churned" (binary); a candidate must predict the same target');
  });

  it('refuses a share outside 0..1, a share in shadow mode, an unknown mode and a folder that is not a bundle', () => {
    const share = serve('--candidate', candidate.dir, '--mode', 'ab', '--share', '1.5');
    expect(share.status).toBe(2);
    expect(share.stderr).toContain('--share 1.5: give a fraction from 0 to 1');
    expect(serve('--candidate', candidate.dir, '--share', '0.2').stderr).toContain('--share is the share of requests the candidate answers in --mode ab');
    const mode = serve('--candidate', candidate.dir, '--mode', 'canary');
    expect(mode.status).toBe(2);
    expect(mode.stderr).toContain('--mode canary: give shadow');
    const none = serve('--candidate', root);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('not a bundle folder');
    expect(serve('--mode', 'ab').stderr).toContain('--mode needs --candidate DIR');
  });
});

describe('predict.mjs --candidate', () => {
  const predict = (dir: string, ...args: string[]) => spawnSync(process.execPath, [join(dir, 'predict.mjs'), ...args], { encoding: 'utf8', cwd: root });
  const readCsv = (path: string) => {
    const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
    const names = header!.split(',');
    return { names, rows: lines.map((l) => Object.fromEntries(l.split(',').map((c, i) => [names[i], c]))) };
  };

  it("writes the candidate's columns, prefixed candidate_, beside production's: each equal to its bundle scored alone", () => {
    const both = join(root, 'both.csv');
    const r = predict(production.dir, CUSTOMERS, '--out', both, '--candidate', candidate.dir);
    expect(r.status, r.stderr).toBe(0);
    const out = readCsv(both);
    expect(out.names).toEqual(['customer_id', 'age', 'monthly_spend', 'city', 'plan', 'signup_date', 'churned', 'label', 'p_false', 'p_true', 'candidate_label', 'candidate_p_false', 'candidate_p_true']);
    expect(predict(production.dir, CUSTOMERS, '--out', join(root, 'production-alone.csv')).status).toBe(0);
    expect(predict(candidate.dir, CUSTOMERS, '--out', join(root, 'candidate-alone.csv')).status).toBe(0);
    const productionAlone = readCsv(join(root, 'production-alone.csv')).rows;
    const candidateAlone = readCsv(join(root, 'candidate-alone.csv')).rows;
    out.rows.forEach((row, i) => {
      expect([row.label, row.p_false, row.p_true]).toEqual([productionAlone[i]!.label, productionAlone[i]!.p_false, productionAlone[i]!.p_true]);
      expect([row.candidate_label, row.candidate_p_false, row.candidate_p_true]).toEqual([candidateAlone[i]!.label, candidateAlone[i]!.p_false, candidateAlone[i]!.p_true]);
    });
    expect(out.rows.some((row) => row.label !== row.candidate_label)).toBe(true);

    const jsonl = join(root, 'both.jsonl');
    expect(predict(production.dir, join(root, 'both.csv'), '--out', jsonl, '--candidate', candidate.dir).status).toBe(0);
    // Scoring a file that already has these columns: the new ones are named predicted_*.
    const first = JSON.parse(readFileSync(jsonl, 'utf8').split('\n')[0]!) as Record<string, unknown>;
    expect(Object.keys(first).slice(-6)).toEqual(['predicted_label', 'predicted_p_false', 'predicted_p_true', 'predicted_candidate_label', 'predicted_candidate_p_false', 'predicted_candidate_p_true']);
  });

  it('stops at a row the candidate cannot take, naming the candidate', () => {
    const r = predict(production.dir, CUSTOMERS, '--out', join(root, 'strict.csv'), '--candidate', strictCandidate);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/customers\.csv, row \d+ \(line \d+\): the candidate churn-linear@3: field "age" has no value/);
  });
});
