/**
 * Deployment bundle benchmark. serve.mjs, a 100-tree GBDT trained with Gyre's CLI on 100k generated rows, driven by
 * autocannon with single-row POST /predict for 10 s, beside a bare node:http server that reads the body and answers
 * a constant JSON (the ceiling of Node's HTTP stack on this machine, same client, same run); then predict.mjs on a
 * 500k-row CSV beside `gyre predict` and a pandas + XGBoost script (predict-xgboost.py, where Python has them) on the
 * same file. Goals: serve ≥ 5,000 req/s with p99 < 10 ms; predict.mjs ≥ 500,000 rows/s. Client and server share the
 * machine's cores, as they do in the numbers below.
 * Usage: node --import tsx test/bench/serve.ts   (GYRE_BENCH_CONNECTIONS, GYRE_BENCH_SECONDS, GYRE_BENCH_ROWS override)
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import { makeBundle, REPO } from '../unit/deploy/bundle';
import { benchInputs, DATA, ensureData, fileFeeds, TRAIN_ROWS } from './serve-data';

const connections = Number(process.env.GYRE_BENCH_CONNECTIONS ?? 32);
const seconds = Number(process.env.GYRE_BENCH_SECONDS ?? 10);
const scoreRows = Number(process.env.GYRE_BENCH_ROWS ?? 500_000);
const PYTHON = '/usr/bin/python3';
const AUTOCANNON = join(REPO, 'node_modules/autocannon/autocannon.js');

/** A server process started with `args`, once it prints its address; `stop` ends it and resolves when it has exited. */
function startProcess(args: string[], cwd: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const proc = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((done) => proc.once('exit', () => done()));
  const stop = () => {
    proc.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    let text = '';
    proc.stdout.on('data', (d: Buffer) => {
      text += d;
      const m = /on (http:\/\/\S+)/.exec(text);
      if (m) resolve({ url: m[1]!, stop });
    });
    proc.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${text}`)));
  });
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

function autocannon(url: string, body: string): Load {
  const args = [AUTOCANNON, '-c', String(connections), '-d', String(seconds), '-m', 'POST', '-H', 'content-type=application/json', '-b', body, '-j', url];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`autocannon failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
  return { rps: j.requests.average, p50: j.latency.p50, p99: j.latency.p99, non2xx: j.non2xx, errors: j.errors };
}

const BARE_SERVER = `const http = require('node:http');
const body = JSON.stringify({ label: 'true', probabilities: { false: 0.25, true: 0.75 } });
http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }); res.end(body); }); })
  .listen(0, '127.0.0.1', function () { console.log('on http://127.0.0.1:' + this.address().port); });`;

function show(name: string, l: Load, goal = '') {
  console.log(`${name.padEnd(34)} ${Math.round(l.rps).toLocaleString('en').padStart(7)} req/s   p50 ${l.p50.toFixed(2).padStart(6)} ms   p99 ${l.p99.toFixed(2).padStart(6)} ms   non-2xx ${l.non2xx}, errors ${l.errors}${goal}`);
}

function rowsPerSecond(label: string, command: string[], cwd: string, rows: number): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, command, { encoding: 'utf8', cwd, maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${label} failed: ${r.stderr}`);
  const rate = rows / wall;
  console.log(`${label.padEnd(34)} ${Math.round(rate).toLocaleString('en').padStart(9)} rows/s   (${wall.toFixed(1)} s wall for ${rows.toLocaleString('en')} rows, process start and model load included)`);
  return rate;
}

async function main() {
  const { score, train } = await ensureData(scoreRows);
  const root = mkdtempSync(join(DATA, 'serve-bench-'));
  try {
    console.log(`training a 100-tree GBDT on ${TRAIN_ROWS.toLocaleString('en')} rows with gyre train...`);
    const bundle = makeBundle(root, { csv: train, target: 'converted', name: 'conversion', inputs: [] });
    const session = await InferenceSession.create(join(bundle.dir, 'model.onnx'));
    writeFileSync(join(bundle.dir, 'model.json'), JSON.stringify({ ...bundle.model, inputs: benchInputs(session.inputNames) }, null, 2));
    await session.release();

    const [header, first] = head(score, 4096).split('\n');
    const row = Object.fromEntries(header!.split(',').map((name, i) => [name, first!.split(',')[i]!]));
    const typed = Object.fromEntries(benchInputs(Object.keys(row).filter((n) => n !== 'id')).map((f) => [f.name, f.type === 'string' || f.format ? row[f.name] : row[f.name] === '' ? null : row[f.name] === 'true' ? 1 : row[f.name] === 'false' ? 0 : Number(row[f.name])]));
    const body = JSON.stringify(typed);

    console.log(`\nPOST /predict, one row per request, ${connections} connections, ${seconds} s (autocannon ${JSON.parse(readFileSync(join(REPO, 'node_modules/autocannon/package.json'), 'utf8')).version}, on this machine's ${availableParallelism()} cores)`);
    const bare = await startProcess(['-e', BARE_SERVER], root);
    const ceiling = autocannon(bare.url, body);
    await bare.stop();
    show('bare node:http, constant JSON', ceiling);
    const served = await startProcess([join(bundle.dir, 'serve.mjs'), '--port', '0', '--log', join(root, 'predictions.jsonl')], root);
    autocannon(`${served.url}/predict`, body); // warm-up: JIT, first runs
    const load = autocannon(`${served.url}/predict`, body);
    // The server flushes its prediction log as it ends: the batch figures below start once it is gone.
    await served.stop();
    const ok = load.rps >= 5000 && load.p99 < 10;
    show('serve.mjs', load, `   goal ≥ 5,000 req/s, p99 < 10 ms: ${ok ? 'met' : 'NOT met'} (${((load.rps / ceiling.rps) * 100).toFixed(0)}% of the bare server)`);

    console.log(`\nbatch scoring of ${scoreRows.toLocaleString('en')} rows × ${header!.split(',').length} columns (CSV, ${(statSync(score).size / 1e6).toFixed(0)} MB)`);
    const mine = rowsPerSecond(`predict.mjs (${availableParallelism()} workers)`, [join(bundle.dir, 'predict.mjs'), score, '--out', join(root, 'by-bundle.csv')], root, scoreRows);
    const single = rowsPerSecond('predict.mjs --workers 1', [join(bundle.dir, 'predict.mjs'), score, '--out', join(root, 'by-one-thread.csv'), '--workers', '1'], root, scoreRows);
    const theirs = rowsPerSecond('gyre predict', [join(REPO, 'bin/gyre.mjs'), '--workspace', bundle.ws, 'predict', bundle.runId, score, '--out', join(root, 'by-gyre.csv')], root, scoreRows);
    const python = pythonPeer(train, score, join(root, 'by-xgboost.csv'));
    const ort = await onnxruntimeAlone(join(bundle.dir, 'model.onnx'), score);
    console.log(`${'onnxruntime alone, one thread'.padEnd(34)} ${Math.round(ort).toLocaleString('en').padStart(9)} rows/s   (session.run on the file's first 65,536 rows, no parsing or writing; × ${availableParallelism()} cores = ${Math.round(ort * availableParallelism()).toLocaleString('en')}, the ceiling here)`);
    const peer = python === null ? '' : `, ${(mine / python).toFixed(2)}× pandas + XGBoost`;
    console.log(`predict.mjs: ${(mine / theirs).toFixed(2)}× gyre predict${peer}, ${(mine / single).toFixed(2)}× one parsing thread, ${((100 * mine) / (ort * availableParallelism())).toFixed(0)}% of onnxruntime's ceiling; goal ≥ 500,000 rows/s: ${mine >= 500_000 ? 'met' : 'NOT met'} on ${availableParallelism()} cores`);
    if (readFileSync(join(root, 'by-bundle.csv'), 'utf8') !== readFileSync(join(root, 'by-one-thread.csv'), 'utf8')) throw new Error('predict.mjs wrote different files with workers and with one thread.');
    agree(join(root, 'by-bundle.csv'), join(root, 'by-gyre.csv'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The Python team's way to do the same job, where python3-xgboost is installed: pandas reads, XGBoost (a 100-tree,
 * depth-6 model trained on the same rows) scores, pandas writes (predict-xgboost.py). Rows per second, or null.
 */
function pythonPeer(train: string, score: string, out: string): number | null {
  if (spawnSync(PYTHON, ['-c', 'import xgboost, pandas'], { encoding: 'utf8' }).status !== 0) {
    console.log(`${'pandas + XGBoost'.padEnd(34)} not run: ${PYTHON} cannot import xgboost and pandas (apt-get install python3-xgboost python3-pandas)`);
    return null;
  }
  const r = spawnSync(PYTHON, [join(REPO, 'test/bench/predict-xgboost.py'), train, score, out, String(availableParallelism())], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`predict-xgboost.py failed: ${r.stderr}`);
  const { rows, seconds } = JSON.parse(r.stdout.trim().split('\n').pop()!) as { rows: number; seconds: number };
  const rate = rows / seconds;
  console.log(`${'pandas + XGBoost (Python peer)'.padEnd(34)} ${Math.round(rate).toLocaleString('en').padStart(9)} rows/s   (${seconds.toFixed(1)} s: model load, read_csv, features, predict_proba, to_csv; interpreter start excluded)`);
  return rate;
}

/** The two outputs' last probability column, compared on the first 10,000 rows: a benchmark of wrong answers is worthless. */
function agree(a: string, b: string) {
  const last = (path: string) => head(path, 4 << 20).split('\n').slice(1, 10_001).map((l) => Number(l.slice(l.lastIndexOf(',') + 1)));
  const x = last(a);
  const y = last(b);
  const worst = x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);
  console.log(`predict.mjs and gyre predict agree on the first ${x.length.toLocaleString('en')} rows within ${worst.toExponential(1)}`);
  if (!(worst < 1e-6)) process.exitCode = 1;
}

/**
 * Rows per second of session.run alone on this model, on the file's first rows, on one thread: times the cores,
 * what no scoring program around it can beat (onnxruntime's own threads split one run's trees less well than
 * predict.mjs's workers split the file: 2 threads reached ~280k rows/s here against ~440k for 2 × one thread).
 */
async function onnxruntimeAlone(path: string, csv: string): Promise<number> {
  const rows = 65_536;
  const session = await InferenceSession.create(path, { executionProviders: ['cpu'], graphOptimizationLevel: 'all', intraOpNumThreads: 1 });
  const feeds = fileFeeds(session, csv, rows);
  await session.run(feeds);
  const t0 = performance.now();
  for (let k = 0; k < 5; k++) await session.run(feeds);
  const rate = (5 * rows) / ((performance.now() - t0) / 1000);
  await session.release();
  return rate;
}

/** The first `bytes` bytes of a file as text. */
function head(path: string, bytes: number): string {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(bytes);
  const n = readSync(fd, buffer, 0, bytes, 0);
  closeSync(fd);
  return buffer.subarray(0, n).toString('utf8');
}

await main();
