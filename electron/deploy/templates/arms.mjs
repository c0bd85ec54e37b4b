/**
 * The models that answer serve.mjs's /predict: this bundle's (production) and, with --candidate, another bundle's
 * beside it, in shadow mode (production answers; the candidate scores the same rows afterwards, for the log) or in
 * A/B mode (a share of requests answered by the candidate). Node and onnxruntime-node only.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputColumns, loadModel, RowError, score } from './rows.mjs';
import { startScoringThread } from './score-thread.mjs';

export const MODES = ['shadow', 'ab'];
export const DEFAULT_SHARE = 0.1;
/** Shadow agreement for a regression: the two predictions within 1% of the larger one (Gyre's shadow report agrees). */
export const RELATIVE_TOLERANCE = 0.01;

/** A flag serve.mjs cannot start with: it exits 2, as for an unknown flag. */
export class UsageError extends Error {
  code = 'USAGE';
}

/** --candidate, --mode and --share, checked; null when no candidate is given. */
export function armOptions(values) {
  if (values.candidate === undefined) {
    if (values.mode !== undefined || values.share !== undefined) throw new UsageError(`--${values.mode !== undefined ? 'mode' : 'share'} needs --candidate DIR: the bundle folder of the model to run beside this one.`);
    return null;
  }
  const mode = values.mode ?? 'shadow';
  if (!MODES.includes(mode)) throw new UsageError(`--mode ${mode}: give shadow (the candidate scores every request, production answers) or ab (a share of requests answered by the candidate).`);
  if (values.share !== undefined && mode !== 'ab') throw new UsageError('--share is the share of requests the candidate answers in --mode ab; shadow mode has the candidate score every request.');
  const share = values.share === undefined ? DEFAULT_SHARE : Number(values.share);
  if (values.share !== undefined && (values.share.trim() === '' || !Number.isFinite(share) || share < 0 || share > 1)) throw new UsageError(`--share ${values.share}: give a fraction from 0 to 1 (0.1 sends one request in ten to the candidate).`);
  return { dir: resolve(values.candidate), mode, share };
}

/**
 * Scores requests one session.run at a time, each run taking every request that arrived while the last one ran:
 * onnxruntime-node runs on the thread that calls it, so under load one run of many rows beats many runs of one.
 * `run(columns, rows)` resolves to the rows' Predictions: on this thread by default, or on a scoring thread.
 */
export class Scorer {
  queue = [];
  busy = false;

  constructor(loaded, run = (columns, rows) => score(loaded, columns, rows)) {
    this.loaded = loaded;
    this.run = run;
  }

  score(columns) {
    return new Promise((resolve, reject) => {
      this.queue.push({ columns, resolve, reject });
      if (!this.busy) this.next();
    });
  }

  async next() {
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return void (this.busy = false);
    this.busy = true;
    try {
      const columns = jobs.length === 1 ? jobs[0].columns : InputColumns.concat(this.loaded.fields, jobs.map((j) => j.columns));
      const predictions = await this.run(columns, columns.capacity);
      let offset = 0;
      for (const job of jobs) {
        job.resolve({ predictions, offset });
        offset += job.columns.capacity;
      }
    } catch (error) {
      for (const job of jobs) job.reject(error);
    }
    setImmediate(() => this.next());
  }
}

/** The candidate bundle in `dir`, loaded; refused unless it predicts the same target, for the same task, as `production`. */
export async function loadCandidateModel(dir, production, threads) {
  if (!existsSync(join(dir, 'model.json')) || !existsSync(join(dir, 'model.onnx'))) throw new UsageError(`--candidate ${dir}: not a bundle folder (it needs model.json and model.onnx).`);
  const loaded = await loadModel({ threads, dir });
  const [a, b] = [production.model, loaded.model];
  if (a.target === b.target && a.task === b.task) return loaded;
  await loaded.session.release();
  throw new UsageError(`--candidate ${dir}: ${loaded.id} predicts "${b.target}" (${b.task}) but ${production.id} predicts "${a.target}" (${a.task}); a candidate must predict the same target, for the same task.`);
}

/** The candidate for serve.mjs, scored on a thread of its own so that its runs never hold up production's answers. */
export async function loadCandidate(options, production, threads) {
  const loaded = await loadCandidateModel(options.dir, production, threads);
  const thread = startScoringThread(loaded, threads);
  await loaded.session.release();
  return { ...options, loaded, scorer: new Scorer(loaded, (columns, rows) => thread.score(columns, rows)), close: () => thread.close() };
}

/** Which arm answers a request in A/B mode: the candidate with probability `share`; one route key, one arm always. */
export function chooseArm(share, routeKey) {
  const u = typeof routeKey === 'string' && routeKey !== '' ? createHash('sha256').update(routeKey).digest().readUInt32BE(0) / 2 ** 32 : Math.random();
  return u < share ? 'candidate' : 'production';
}

/** Whether the candidate's output for a row agrees with production's: the same label, or within RELATIVE_TOLERANCE. */
export function agrees(a, b) {
  if ('label' in a) return a.label === b.label;
  return Math.abs(a.prediction - b.prediction) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a.prediction), Math.abs(b.prediction));
}

/**
 * The candidate's outputs for `rows` (parsed JSON), each checked against its own inputs: per row {outputs}, or
 * {error: {code, message}} for a row it cannot take or when its run fails.
 */
export async function shadowScore(candidate, rows) {
  const { fields } = candidate.loaded;
  const columns = new InputColumns(fields, rows.length);
  const results = new Array(rows.length);
  const taken = [];
  for (let r = 0; r < rows.length; r++) {
    try {
      columns.setJson(taken.length, rows[r]);
      taken.push(r);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      results[r] = { error: { code: error.code, message: error.message } };
    }
  }
  if (taken.length === 0) return results;
  try {
    const { predictions, offset } = await candidate.scorer.score(columns.keep(taken.length));
    taken.forEach((r, i) => (results[r] = { outputs: predictions.object(offset + i) }));
  } catch (error) {
    const message = `The candidate could not score this row: ${error instanceof Error ? error.message : error}`;
    for (const r of taken) results[r] = { error: { code: 'INTERNAL', message } };
  }
  return results;
}

/** The candidate's counters for /metrics: rows answered per arm, and in shadow mode how the candidate's rows compared. */
export class ArmMetrics {
  rows = { production: 0, candidate: 0 };
  shadow = { agree: 0, disagree: 0, error: 0 };

  text(candidate) {
    const lines = [
      '# HELP bundle_candidate_info The candidate model run beside this one, and how.', '# TYPE bundle_candidate_info gauge',
      `bundle_candidate_info{name="${label(candidate.loaded.model.name)}",version="${label(candidate.loaded.model.version)}",mode="${candidate.mode}"${candidate.mode === 'ab' ? `,share="${candidate.share}"` : ''}} 1`,
      '# HELP bundle_arm_rows_total Rows answered, by the arm that answered them.', '# TYPE bundle_arm_rows_total counter',
      ...Object.entries(this.rows).map(([arm, n]) => `bundle_arm_rows_total{arm="${arm}"} ${n}`),
    ];
    if (candidate.mode === 'shadow') {
      lines.push('# HELP bundle_shadow_rows_total Rows the candidate scored in shadow, by whether it agreed with production.', '# TYPE bundle_shadow_rows_total counter');
      for (const [agreement, n] of Object.entries(this.shadow)) lines.push(`bundle_shadow_rows_total{agreement="${agreement}"} ${n}`);
    }
    return lines.join('\n') + '\n';
  }
}

export function label(s) {
  return String(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
