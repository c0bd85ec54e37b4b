#!/usr/bin/env node
/**
 * This bundle's HTTP server: POST /predict scores one row or an array of rows, GET /health, /schema and /metrics
 * (Prometheus text). Rows are checked against model.json before scoring and logged to a JSONL file. With --candidate,
 * another bundle's model runs beside this one, in shadow or A/B mode (arms.mjs). Node's http and onnxruntime-node
 * only; run `node serve.mjs --help`.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, appendFileSync, closeSync, openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { agrees, ArmMetrics, armOptions, chooseArm, label, loadCandidate, Scorer, shadowScore } from './arms.mjs';
import { jsonErrorAt } from './parse.mjs';
import { BUNDLE_DIR, InputColumns, loadModel, RowError } from './rows.mjs';

const HELP = `Usage: node serve.mjs [options]
  --port P        port to listen on (default: $PORT, else 8080; 0 picks a free one)
  --host H        address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --max-body N    largest request body, e.g. 1mb, 256kb or bytes (default 1mb)
  --log FILE      where each prediction is appended as one JSON line (default ./predictions.jsonl)
  --threads N     onnxruntime threads per run (default 1: requests are small; raise for large batches)
  --candidate DIR another bundle folder whose model runs beside this one; it must predict the same target
  --mode M        with --candidate: shadow (default; this model answers, the candidate scores the same rows
                  and both are logged) or ab (a share of requests is answered by the candidate)
  --share F       --mode ab: the fraction 0..1 of requests the candidate answers (default 0.1); a request's
                  X-Route-Key header keeps it on one arm
Routes: POST /predict, GET /health, GET /schema, GET /metrics`;

const ROUTES = { '/predict': 'POST', '/health': 'GET', '/schema': 'GET', '/metrics': 'GET' };
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const GRACE_MS = 30_000;
const LINGER_MS = 2_000;

/** Set once a signal asks the server to stop: every answer from then on closes its connection. */
let closing = false;

/** An answer other than 200: the status, a stable code, a sentence, and where (field, row). */
class HttpError extends Error {
  constructor(status, code, message, details = undefined) {
    super(message);
    Object.assign(this, { status, code, details });
  }
}

function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m)?$/i.exec(text.trim());
  if (!m) throw new Error(`--max-body ${text}: give a size like 1mb, 256kb or 65536.`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  return Math.floor(Number(m[1]) * (unit === 'm' ? 1 << 20 : unit === 'k' ? 1 << 10 : 1));
}

function readOptions() {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' }, 'max-body': { type: 'string', default: '1mb' }, log: { type: 'string', default: 'predictions.jsonl' }, threads: { type: 'string', default: '1' }, candidate: { type: 'string' }, mode: { type: 'string' }, share: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port ?? process.env.PORT}: give a port from 0 to 65535.`);
  const threads = Number(values.threads);
  if (!Number.isInteger(threads) || threads < 0) throw new Error(`--threads ${values.threads}: give a whole number (0 lets onnxruntime choose).`);
  // The log's path is fixed here, from the command line: nothing a request sends ever names a file.
  return { help: values.help, port, host: values.host, maxBody: parseSize(values['max-body']), logPath: resolve(values.log), threads, candidate: armOptions(values) };
}

/** Counters and a latency histogram per route, written in Prometheus' text format. */
class Metrics {
  requests = new Map();
  errors = new Map();
  latency = new Map();
  rows = 0;

  observe(route, status, seconds) {
    const key = `route="${route}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    if (status >= 400) this.errors.set(route, (this.errors.get(route) ?? 0) + 1);
    let h = this.latency.get(route);
    if (!h) this.latency.set(route, (h = { counts: new Array(BUCKETS.length).fill(0), sum: 0, count: 0 }));
    for (let b = 0; b < BUCKETS.length; b++) if (seconds <= BUCKETS[b]) h.counts[b]++;
    h.sum += seconds;
    h.count++;
  }

  text(model) {
    const lines = [
      '# HELP bundle_model_info The model this server scores with.', '# TYPE bundle_model_info gauge',
      `bundle_model_info{name="${label(model.name)}",version="${label(model.version)}"} 1`,
      '# HELP bundle_http_requests_total Requests answered, by route and status.', '# TYPE bundle_http_requests_total counter',
      ...[...this.requests].map(([k, n]) => `bundle_http_requests_total{${k}} ${n}`),
      '# HELP bundle_http_errors_total Requests answered with a 4xx or 5xx status, by route.', '# TYPE bundle_http_errors_total counter',
      ...[...this.errors].map(([route, n]) => `bundle_http_errors_total{route="${route}"} ${n}`),
      '# HELP bundle_http_request_duration_seconds Time from a request arriving to its answer being sent.', '# TYPE bundle_http_request_duration_seconds histogram',
    ];
    for (const [route, h] of this.latency) {
      BUCKETS.forEach((le, b) => lines.push(`bundle_http_request_duration_seconds_bucket{route="${route}",le="${le}"} ${h.counts[b]}`));
      lines.push(`bundle_http_request_duration_seconds_bucket{route="${route}",le="+Inf"} ${h.count}`);
      lines.push(`bundle_http_request_duration_seconds_sum{route="${route}"} ${h.sum}`, `bundle_http_request_duration_seconds_count{route="${route}"} ${h.count}`);
    }
    lines.push('# HELP bundle_rows_scored_total Rows the model scored.', '# TYPE bundle_rows_scored_total counter', `bundle_rows_scored_total ${this.rows}`);
    return lines.join('\n') + '\n';
  }
}

/** Appends lines to the prediction log in the background: written at least every second, and at exit. */
class PredictionLog {
  constructor(path) {
    this.fd = openSync(path, 'a');
    this.lines = [];
    this.bytes = 0;
    this.writing = null;
    this.timer = setInterval(() => this.flush(), 1000).unref();
  }

  add(line) {
    this.lines.push(line);
    this.bytes += line.length;
    if (this.bytes > 1 << 20) this.flush();
  }

  flush() {
    if (this.writing || this.lines.length === 0) return;
    const text = this.lines.join('');
    this.lines = [];
    this.bytes = 0;
    this.writing = new Promise((done) => appendFile(this.fd, text, (error) => {
      if (error) console.error(`Could not write the prediction log: ${error.message}`);
      this.writing = null;
      done();
    }));
  }

  async close() {
    clearInterval(this.timer);
    while (this.writing) await this.writing;
    this.closeSync();
  }

  /** For an exit that cannot wait: whatever is left, written now. */
  closeSync() {
    if (this.fd === null) return;
    if (this.lines.length) appendFileSync(this.fd, this.lines.join(''));
    this.lines = [];
    closeSync(this.fd);
    this.fd = null;
  }
}

/** The body, refused with 413 as soon as it is known to pass `limit`: from Content-Length, or while it streams. */
function readBody(req, limit) {
  const tooLarge = () => new HttpError(413, 'TOO_LARGE', `The body is larger than ${limit.toLocaleString('en')} bytes; send fewer rows per request (or start the server with a larger --max-body).`);
  if (Number(req.headers['content-length']) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.removeAllListeners('data');
      reject(tooLarge());
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/**
 * After an early 413 the rest of the body is neither buffered nor parsed, but the connection is not reset at once:
 * a client still sending would then get a reset instead of the answer. Node discards what still comes (as nginx's
 * lingering close does) for at most LINGER_MS, then the connection is closed.
 */
function lingerThenClose(req, res) {
  res.once('finish', () => {
    if (req.complete) return;
    const timer = setTimeout(() => req.socket?.destroy(), LINGER_MS).unref();
    req.once('end', () => clearTimeout(timer));
  });
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = jsonErrorAt(text);
    const where = at === null ? '' : ` at position ${at} (line ${text.slice(0, at).split('\n').length}, column ${at - text.lastIndexOf('\n', at - 1)})`;
    const reason = error.message.replace(/,? ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    throw new HttpError(400, 'MALFORMED_JSON', `The body is not valid JSON${where}: ${reason}.`, at === null ? undefined : { position: at });
  }
}

function send(res, status, body, type = 'application/json; charset=utf-8') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...(closing ? { Connection: 'close' } : {}) });
  res.end(text);
}

/** Rows of a request checked against `fields` into the model's columns; a row that does not fit is a 400 naming it. */
function readRows(fields, rows, many) {
  const columns = new InputColumns(fields, rows.length);
  for (let r = 0; r < rows.length; r++) {
    try {
      columns.setJson(r, rows[r], many ? `row ${r}: ` : '');
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      throw new HttpError(400, error.code, error.message, { ...error.details, ...(many ? { row: r } : {}) });
    }
  }
  return columns;
}

async function main() {
  const options = readOptions();
  if (options.help) return void console.log(HELP);
  const loaded = await loadModel({ threads: options.threads });
  const { model, fields } = loaded;
  const production = { loaded, scorer: new Scorer(loaded) };
  const candidate = options.candidate && (await loadCandidate(options.candidate, loaded, options.threads));
  const schema = readFileSync(join(BUNDLE_DIR, 'schema.json'), 'utf8');
  const metrics = new Metrics();
  const armMetrics = new ArmMetrics();
  const log = new PredictionLog(options.logPath);
  // In shadow mode the log keeps the inputs either model reads.
  const logged = (arm) => [...new Set([...arm.loaded.fields, ...(candidate?.mode === 'shadow' ? candidate.loaded.fields : [])].map((f) => f.name))];
  const loggedFields = { production: logged(production), candidate: candidate ? logged(candidate) : [] };

  async function predict(req, res, requestId, started) {
    const parsed = parseJson((await readBody(req, options.maxBody)).toString('utf8'));
    const many = Array.isArray(parsed);
    const rows = many ? parsed : [parsed];
    const arm = candidate?.mode === 'ab' ? chooseArm(candidate.share, req.headers['x-route-key']) : 'production';
    const answering = arm === 'candidate' ? candidate : production;
    const columns = readRows(answering.loaded.fields, rows, many);
    let scored;
    try {
      scored = rows.length ? await answering.scorer.score(columns) : null;
    } catch (error) {
      console.error(`request ${requestId}: onnxruntime failed (${answering.loaded.id}):`, error);
      throw new HttpError(500, 'INTERNAL', 'The model could not score these rows; the server log says why.');
    }
    const outputs = rows.map((_, r) => scored.predictions.object(scored.offset + r));
    res.setHeader('X-Model', answering.loaded.id);
    send(res, 200, many ? outputs : outputs[0]);
    const latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
    metrics.rows += rows.length;
    armMetrics.rows[arm] += rows.length;
    // After the answer: the candidate's run never delays production's.
    const shadow = candidate?.mode === 'shadow' ? await shadowScore(candidate, rows) : null;
    const ts = new Date().toISOString();
    for (let r = 0; r < rows.length; r++) {
      const inputs = Object.fromEntries(loggedFields[arm].map((name) => [name, rows[r][name]]));
      const entry = { ts, model: answering.loaded.id, requestId, latencyMs, inputs, outputs: outputs[r] };
      if (candidate) entry.arm = arm;
      if (shadow) {
        entry.shadow = { model: candidate.loaded.id, ...shadow[r] };
        armMetrics.shadow[shadow[r].error ? 'error' : agrees(outputs[r], shadow[r].outputs) ? 'agree' : 'disagree']++;
      }
      log.add(JSON.stringify(entry) + '\n');
    }
  }

  const health = candidate ? { status: 'ok', model: loaded.id, candidate: candidate.loaded.id, mode: candidate.mode, ...(candidate.mode === 'ab' ? { share: candidate.share } : {}) } : { status: 'ok', model: loaded.id };

  async function handle(req, res) {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    const path = (req.url ?? '/').split('?')[0];
    const route = Object.hasOwn(ROUTES, path) ? path : 'other';
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => metrics.observe(route, res.statusCode, (performance.now() - started) / 1000));
    try {
      if (route === 'other') throw new HttpError(404, 'NOT_FOUND', `No route ${path.slice(0, 200)}. Routes: POST /predict, GET /health, GET /schema, GET /metrics.`);
      const method = req.method === 'HEAD' ? 'GET' : req.method;
      if (method !== ROUTES[route]) {
        res.setHeader('Allow', ROUTES[route] === 'GET' ? 'GET, HEAD' : 'POST');
        throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${route} takes ${ROUTES[route]}, not ${req.method}.`);
      }
      if (route === '/predict') await predict(req, res, requestId, started);
      else if (route === '/health') send(res, 200, health);
      else if (route === '/schema') send(res, 200, schema);
      else send(res, 200, metrics.text(model) + (candidate ? armMetrics.text(candidate) : ''), 'text/plain; version=0.0.4; charset=utf-8');
    } catch (error) {
      if (!(error instanceof HttpError)) console.error(`request ${requestId}:`, error);
      const e = error instanceof HttpError ? error : new HttpError(500, 'INTERNAL', 'Something went wrong answering this request; the server log says what.');
      if (e.status === 413) lingerThenClose(req, res);
      if (!res.headersSent) send(res, e.status, { error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } });
    }
  }

  // Handlers still running: a shadow run goes on after its answer is sent, and its rows must reach the log.
  const running = new Set();
  const server = http.createServer((req, res) => {
    const work = handle(req, res).finally(() => running.delete(work));
    running.add(work);
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  const stop = (signal) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: no new connections; finishing the requests in flight.`);
    const force = setTimeout(() => {
      console.error(`Requests still open after ${GRACE_MS / 1000} s: closing them.`);
      server.closeAllConnections();
    }, GRACE_MS).unref();
    // Resolves once every connection has ended: idle ones now, busy ones after their answer (sent with Connection: close).
    server.close(async () => {
      clearTimeout(force);
      await Promise.all(running);
      await candidate?.close();
      await log.close();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('exit', () => log.closeSync());

  server.on('error', (error) => {
    console.error(`Cannot listen on ${options.host}:${options.port}: ${error.message}`);
    process.exit(1);
  });
  server.listen(options.port, options.host, () => {
    const { address, port } = server.address();
    const host = address.includes(':') ? `[${address}]` : address;
    if (candidate) console.log(`Candidate ${candidate.loaded.id} in ${candidate.mode === 'ab' ? `A/B mode: it answers ${Number((candidate.share * 100).toFixed(2))}% of requests` : 'shadow mode: it scores every request after production answers'}.`);
    console.log(`Serving ${loaded.id} (${model.task}, ${fields.length} inputs) on http://${host}:${port}`);
    console.log(`Routes: POST /predict, GET /health, GET /schema, GET /metrics. Predictions are logged to ${options.logPath}`);
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(error?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || error?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || error?.code === 'USAGE' ? 2 : 1);
});
