/**
 * A study: random search or successive halving over a search space, under a trial-count and/or time budget.
 *
 * Random search samples configurations and fits each on all tuning rows, to completion (boosting runs its trees;
 * the MLP stops on its own validation slice as it always does). Successive halving (scikit-learn's
 * HalvingRandomSearchCV with resource = rows, factor eta = 3) fits N configurations on a small share of the rows,
 * promotes the best 1/eta to eta-times the rows, and so on until the last rung trains on every tuning row: the
 * hopeless configurations are stopped early by design.
 *
 * With a trial-count budget the same seed gives the same trials and the same best configuration (a trial's seed is
 * derived from the study's seed and its configuration number; results do not depend on which thread ran it). A time
 * budget stops starting trials once it is spent, so a running trial may overrun it by up to its own time — and how
 * many trials fit depends on the machine, so a time budget alone is not reproducible.
 */
import { GyreError } from '../../contract/errors';
import type { SearchSpace, Trial, TuningStrategy } from '../../contract/studies';
import { seeded } from '../random';
import { better, type StudyMetric } from './metric';
import type { TrialOutcome, TrialRequest } from './objective';
import { sampleConfig } from './space';

export const ETA = 3;
/** Configurations when only a time budget is given: random search draws up to this many; halving runs brackets of 27. */
export const DEFAULT_TRIALS: Record<TuningStrategy, number> = { random: 30, halving: 27 };
const MAX_TIMED_TRIALS = 10_000;
/** Halving's first rung trains on at least this many rows (fewer rungs on small data). */
export const MIN_RUNG_ROWS = 40;

export interface StudyOptions {
  strategy: TuningStrategy;
  space: SearchSpace;
  metric: StudyMetric;
  seed: number;
  /** Random: trials. Halving: configurations to start from (one bracket). */
  trials?: number;
  seconds?: number;
  /** Tuning rows (what share 1 trains on). */
  rows: number;
  slots: number;
  run: (request: TrialRequest) => Promise<TrialOutcome>;
  /** Called whenever a trial is recorded or changes (finished, then perhaps pruned). */
  onTrial?: (trial: Trial, planned: number | null, best: Trial | null) => void;
  now?: () => number;
}

export interface StudyOutcome {
  trials: Trial[];
  best: Trial | null;
  /** Why no further trial started. */
  stoppedBy: 'trials' | 'time';
}

/** Tells whether the time budget is spent. */
function clock(seconds: number | undefined, now: () => number) {
  const started = now();
  return { spent: () => seconds !== undefined && (now() - started) / 1000 >= seconds };
}

/** Configuration c's fitting seed: fixed by the study's seed and c alone. */
const trialSeed = (seed: number, config: number) => (Math.imul(seed ^ 0x9e3779b9, 2654435761) + config * 7919) >>> 1;

/**
 * Runs requests with at most `slots` at once, pulling the next only while the budget lasts. Trials are numbered as
 * they are pulled, so with a trial-count budget the numbering does not depend on which slot finished first.
 */
async function runBatch(next: () => Omit<TrialRequest, 'number'> | null, o: StudyOptions, state: { trials: Trial[]; spent: () => boolean; planned: number | null; best: () => Trial | null }): Promise<Trial[]> {
  const done: Trial[] = [];
  const slot = async () => {
    for (;;) {
      if (state.spent()) return;
      const pulled = next();
      if (!pulled) return;
      const request = { ...pulled, number: state.trials.length + 1 };
      const placeholder = { number: request.number } as Trial;
      state.trials.push(placeholder);
      const outcome = await o.run(request);
      const trial: Trial = { number: request.number, config: request.config, rung: request.rung, params: request.params as Record<string, unknown>, budget: request.share, rows: outcome.rows, value: outcome.ok ? outcome.value : null, seconds: outcome.seconds, status: outcome.ok ? 'completed' : 'failed', error: outcome.ok ? null : outcome.error };
      state.trials[request.number - 1] = trial;
      done.push(trial);
      o.onTrial?.(trial, state.planned, state.best());
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.slots) }, slot));
  return done.sort((a, b) => a.number - b.number);
}

/** The best trial among those trained on the largest share reached: trials on fewer rows are not comparable. */
export function bestTrial(trials: Trial[], direction: StudyMetric['direction']): Trial | null {
  const scored = trials.filter((t) => t.value !== null && t.status !== 'failed' && !Number.isNaN(t.value));
  const top = Math.max(...scored.map((t) => t.budget));
  let best: Trial | null = null;
  for (const t of scored) if (t.budget === top && (!best || better(direction, t.value!, best.value!))) best = t;
  return best;
}

/** Halving's rungs for n configurations: shares eta^-(R-1) … 1, fewer rungs when the first would have too few rows. */
export function halvingRungs(configs: number, rows: number, eta = ETA, minRows = MIN_RUNG_ROWS): { share: number; configs: number }[] {
  const byConfigs = 1 + Math.floor(Math.log(configs) / Math.log(eta) + 1e-9);
  const byRows = 1 + Math.max(0, Math.floor(Math.log(rows / minRows) / Math.log(eta) + 1e-9));
  const count = Math.max(1, Math.min(byConfigs, byRows));
  return Array.from({ length: count }, (_, k) => ({ share: eta ** (k - (count - 1)), configs: Math.ceil(configs / eta ** k) }));
}

export async function runStudy(o: StudyOptions): Promise<StudyOutcome> {
  if (o.trials === undefined && o.seconds === undefined) o = { ...o, trials: DEFAULT_TRIALS[o.strategy] };
  const budget = clock(o.seconds, o.now ?? (() => performance.now()));
  const random = seeded(o.seed);
  const trials: Trial[] = [];
  const best = () => bestTrial(trials.filter((t) => t.status !== undefined), o.metric.direction);
  if (o.strategy === 'random') await randomSearch(o, random, { trials, spent: budget.spent, best });
  else await halving(o, random, { trials, spent: budget.spent, best });
  const finished = trials.filter((t) => t.status !== undefined);
  if (finished.length > 0 && finished.every((t) => t.status === 'failed')) {
    throw new GyreError('VALIDATION', `Every trial failed; the first said: ${finished[0]!.error}`, { field: 'space' });
  }
  return { trials: finished, best: best(), stoppedBy: budget.spent() ? 'time' : 'trials' };
}

type State = { trials: Trial[]; spent: () => boolean; best: () => Trial | null };

async function randomSearch(o: StudyOptions, random: ReturnType<typeof seeded>, s: State): Promise<void> {
  const planned = o.trials ?? null;
  const limit = o.trials ?? MAX_TIMED_TRIALS;
  let config = 0;
  const next = () => (config >= limit ? null : { config: ++config, rung: 0, params: sampleConfig(o.space, random), share: 1, seed: trialSeed(o.seed, config) });
  await runBatch(next, o, { ...s, planned });
}

/** One bracket per call; without a trial count, brackets of 27 follow one another until the time is spent. */
async function halving(o: StudyOptions, random: ReturnType<typeof seeded>, s: State): Promise<void> {
  const size = o.trials ?? DEFAULT_TRIALS.halving;
  const rungs = halvingRungs(size, o.rows);
  const planned = o.trials !== undefined ? rungs.reduce((sum, r) => sum + r.configs, 0) : null;
  let configs = 0;
  do {
    let alive = Array.from({ length: size }, () => ({ config: ++configs, params: sampleConfig(o.space, random) }));
    for (const [rung, { share }] of rungs.entries()) {
      let i = 0;
      const next = () => (i >= alive.length ? null : { ...alive[i]!, rung, share, seed: trialSeed(o.seed, alive[i++]!.config) });
      const ran = await runBatch(next, o, { ...s, planned });
      if (rung === rungs.length - 1 || s.spent()) break;
      const keep = Math.ceil(alive.length / ETA);
      const ranked = ran.filter((t) => t.status === 'completed').sort((a, b) => (better(o.metric.direction, a.value!, b.value!) ? -1 : better(o.metric.direction, b.value!, a.value!) ? 1 : a.config - b.config));
      const promoted = new Set(ranked.slice(0, keep).map((t) => t.config));
      for (const t of ranked.slice(keep)) {
        t.status = 'pruned';
        o.onTrial?.(t, planned, s.best());
      }
      alive = alive.filter((c) => promoted.has(c.config));
      if (alive.length === 0) break;
    }
  } while (o.trials === undefined && !s.spent());
}
