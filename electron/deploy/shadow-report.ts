/**
 * The shadow report: a prediction log written by a bundle's serve.mjs run with `--candidate`, read back into how the
 * candidate compares with production — agreement, prediction distributions and, where outcomes are known, metrics.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ArmMetrics, DistributionDistance, PredictionDistribution, ShadowComparison, ShadowDisagreement, ShadowReport } from '../contract/shadow';
import { GyreError } from '../contract/errors';
import { quantileSorted } from '../ml/metrics/bootstrap';
import { accuracy, meanAbsoluteError, rocAuc, rootMeanSquaredError } from '../ml/metrics';

/** What serve.mjs calls agreement for a regression: within 1% of the larger prediction (arms.mjs' RELATIVE_TOLERANCE). */
export const RELATIVE_TOLERANCE = 0.01;
export const QUANTILE_LEVELS = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
export const MAX_DISAGREEMENTS = 20;
const PSI_BINS = 10;
const PSI_FLOOR = 1e-4;

export type Outcome = string | number | boolean;

export interface ShadowReportOptions {
  /**
   * True outcomes by row: a request's first (or only) row by its requestId or `${requestId}/0`, its row i by
   * `${requestId}/${i}`. Classification outcomes are compared as text with the predicted labels.
   */
  outcomes?: ReadonlyMap<string, Outcome>;
  /** Regression: agreement is |candidate − production| ≤ this; by default within 1% of the larger of the two. */
  tolerance?: number;
}

type Outputs = { label: string; probabilities: Record<string, number> } | { prediction: number };

/** One scored row as serve.mjs logs it with a candidate. */
export interface LogRow {
  ts: string;
  model: string;
  requestId: string;
  inputs: Record<string, unknown>;
  outputs: Outputs;
  arm: 'production' | 'candidate';
  shadow?: { model: string; outputs?: Outputs; error?: { code: string; message: string } };
}

/** One arm's predictions as they are read, and (with outcomes) what was true for them. */
class Series {
  id: string | null = null;
  labels: string[] = [];
  values: number[] = [];
  proba = new Map<string, number[]>();
  truth: Outcome[] = [];
  predicted: Outputs[] = [];

  add(outputs: Outputs, outcome: Outcome | undefined): void {
    if ('label' in outputs) {
      this.labels.push(outputs.label);
      for (const [c, p] of Object.entries(outputs.probabilities)) {
        let list = this.proba.get(c);
        if (!list) this.proba.set(c, (list = []));
        list.push(p);
      }
    } else this.values.push(outputs.prediction);
    if (outcome === undefined) return;
    this.truth.push(outcome);
    this.predicted.push(outputs);
  }
}

function isLogRow(v: unknown): v is LogRow {
  if (v === null || typeof v !== 'object') return false;
  const row = v as Partial<LogRow>;
  return (row.arm === 'production' || row.arm === 'candidate') && typeof row.model === 'string' && typeof row.outputs === 'object' && row.outputs !== null;
}

/** Reads a prediction log (JSONL, one row a line, as serve.mjs writes it with --candidate) into a ShadowReport. */
export function shadowReport(lines: AsyncIterable<string> | Iterable<string>, options: ShadowReportOptions = {}): Promise<ShadowReport> {
  return shadowReportOfRows(parsedLines(lines), options);
}

/** Each line parsed: a row, SKIPPED for a line that is not one (not JSON, half a line, no candidate), nothing for a blank one. */
async function* parsedLines(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<LogRow | typeof SKIPPED> {
  for await (const line of lines) {
    if (line.trim() === '') continue;
    yield parseLine(line) ?? SKIPPED;
  }
}

const SKIPPED = Symbol('skipped line');

/** The report of rows already in hand (a batch comparison makes them itself, with no log to parse). */
export async function shadowReportOfRows(rowsRead: AsyncIterable<LogRow | typeof SKIPPED> | Iterable<LogRow>, options: ShadowReportOptions = {}): Promise<ShadowReport> {
  const series = { production: new Series(), candidate: new Series() };
  const arms = { production: 0, candidate: 0 };
  const shadow = new ShadowTally(options.tolerance);
  const rowInRequest = new Map<string, number>();
  let skippedLines = 0;
  let matched = 0;
  for await (const row of rowsRead) {
    if (row === SKIPPED) {
      skippedLines++;
      continue;
    }
    const i = rowInRequest.get(row.requestId) ?? 0;
    rowInRequest.set(row.requestId, i + 1);
    const outcome = options.outcomes?.get(`${row.requestId}/${i}`) ?? (i === 0 ? options.outcomes?.get(row.requestId) : undefined);
    if (outcome !== undefined) matched++;
    arms[row.arm]++;
    series[row.arm].id ??= row.model;
    series[row.arm].add(row.outputs, outcome);
    if (row.arm !== 'production' || !row.shadow) continue;
    series.candidate.id ??= row.shadow.model;
    if (row.shadow.outputs) series.candidate.add(row.shadow.outputs, outcome);
    shadow.add(row);
  }
  const rows = arms.production + arms.candidate;
  if (rows === 0) throw new GyreError('VALIDATION', 'This prediction log has no rows scored with a candidate: start serve.mjs with --candidate DIR (shadow or ab mode) to compare two models.');
  const task = series.production.labels.length + series.candidate.labels.length > 0 ? 'classification' : 'regression';
  const classes = classOrder(series.production, series.candidate);
  const unknownLabels = task === 'classification' ? countUnknown([series.production, series.candidate], classes, shadow.rows > 0) : 0;
  return {
    mode: shadow.rows > 0 ? 'shadow' : 'ab',
    task,
    production: series.production.id ?? '',
    candidate: series.candidate.id ?? '',
    rows,
    arms,
    skippedLines,
    distributions: { production: distribution(series.production, classes), candidate: distribution(series.candidate, classes) },
    distance: distance(series.production, series.candidate, classes, task),
    shadow: shadow.rows > 0 ? shadow.comparison(task) : null,
    outcomes: options.outcomes ? { matched, unknownLabels } : null,
    metrics: options.outcomes ? { production: armMetrics(series.production, classes), candidate: armMetrics(series.candidate, classes) } : null,
  };
}

/** The report of the log file at `path`, read line by line. */
export async function shadowReportOfFile(path: string, options: ShadowReportOptions = {}): Promise<ShadowReport> {
  const input = createReadStream(path, { encoding: 'utf8' });
  try {
    return await shadowReport(createInterface({ input, crlfDelay: Infinity }), options);
  } finally {
    input.destroy();
  }
}

function parseLine(line: string): LogRow | null {
  try {
    const value: unknown = JSON.parse(line);
    return isLogRow(value) ? value : null;
  } catch {
    return null; // counted as a skipped line: a log cut short by a crash ends in half a line
  }
}

/** Agreement between production and its shadow, row by row, as they are read. */
class ShadowTally {
  rows = 0;
  agreed = 0;
  errors = 0;
  errorCodes: Record<string, number> = {};
  differences: number[] = [];
  disagreements: ShadowDisagreement[] = [];

  constructor(private readonly tolerance: number | undefined) {}

  add(row: LogRow): void {
    const { shadow } = row;
    this.rows++;
    if (!shadow?.outputs) {
      this.errors++;
      const code = shadow?.error?.code ?? 'UNKNOWN';
      this.errorCodes[code] = (this.errorCodes[code] ?? 0) + 1;
      return;
    }
    const [a, b] = [row.outputs, shadow.outputs];
    let agree: boolean;
    if ('label' in a && 'label' in b) agree = a.label === b.label;
    else if ('prediction' in a && 'prediction' in b) {
      const diff = Math.abs(a.prediction - b.prediction);
      this.differences.push(diff);
      agree = diff <= (this.tolerance ?? RELATIVE_TOLERANCE * Math.max(Math.abs(a.prediction), Math.abs(b.prediction)));
    } else agree = false;
    if (agree) this.agreed++;
    else if (this.disagreements.length < MAX_DISAGREEMENTS) this.disagreements.push({ requestId: row.requestId, ts: row.ts, inputs: row.inputs, production: a, candidate: b });
  }

  comparison(task: ShadowReport['task']): ShadowComparison {
    const compared = this.rows - this.errors;
    const sorted = Float64Array.from(this.differences).sort();
    const regression = task === 'regression' && sorted.length > 0;
    return {
      compared,
      agreed: this.agreed,
      agreementRate: compared > 0 ? this.agreed / compared : null,
      agreementRule: task === 'classification' ? 'the same predicted label' : this.tolerance !== undefined ? `|candidate − production| ≤ ${this.tolerance}` : `|candidate − production| ≤ ${RELATIVE_TOLERANCE * 100}% of the larger of the two`,
      meanAbsoluteDifference: regression ? sorted.reduce((s, d) => s + d, 0) / sorted.length : null,
      medianAbsoluteDifference: regression ? quantileSorted(sorted, 0.5) : null,
      candidateErrors: this.errors,
      errorCodes: this.errorCodes,
      disagreements: this.disagreements,
    };
  }
}

/** The classes in the order production's probabilities list them, then any only the candidate knows. */
function classOrder(...all: Series[]): string[] {
  const classes = new Set<string>();
  for (const s of all) for (const c of s.proba.keys()) classes.add(c);
  for (const s of all) for (const label of s.labels) classes.add(label);
  return [...classes];
}

function countUnknown(all: Series[], classes: string[], shadow: boolean): number {
  const known = new Set(classes);
  // In shadow mode both series hold the same outcomes: count each row once.
  const counted = shadow ? all.slice(0, 1) : all;
  return counted.reduce((n, s) => n + s.truth.filter((t) => !known.has(String(t))).length, 0);
}

function distribution(s: Series, classes: string[]): PredictionDistribution {
  if (s.labels.length === 0 && s.values.length > 0) {
    const sorted = Float64Array.from(s.values).sort();
    const mean = sorted.length ? sorted.reduce((a, v) => a + v, 0) / sorted.length : null;
    return { kind: 'values', rows: sorted.length, mean, levels: QUANTILE_LEVELS, quantiles: sorted.length ? QUANTILE_LEVELS.map((q) => quantileSorted(sorted, q)) : [] };
  }
  const rows = s.labels.length;
  const counts = Object.fromEntries(classes.map((c) => [c, 0]));
  for (const label of s.labels) counts[label]!++;
  const shares = Object.fromEntries(classes.map((c) => [c, rows ? counts[c]! / rows : 0]));
  const meanProbability = Object.fromEntries(classes.map((c) => {
    const p = s.proba.get(c) ?? [];
    return [c, p.length ? p.reduce((a, v) => a + v, 0) / p.length : 0];
  }));
  return { kind: 'labels', rows, counts, shares, meanProbability };
}

function distance(a: Series, b: Series, classes: string[], task: ShadowReport['task']): DistributionDistance {
  if (task === 'regression') return { labelTotalVariation: null, psi: { prediction: psi(a.values, b.values) } };
  const da = distribution(a, classes);
  const db = distribution(b, classes);
  const shares = (d: PredictionDistribution, c: string) => (d.kind === 'labels' ? d.shares[c]! : 0);
  const tv = da.rows && db.rows ? classes.reduce((sum, c) => sum + Math.abs(shares(da, c) - shares(db, c)), 0) / 2 : null;
  return { labelTotalVariation: tv, psi: Object.fromEntries(classes.map((c) => [c, psi(a.proba.get(c) ?? [], b.proba.get(c) ?? [])])) };
}

/** PSI of `current` against `reference`: bins cut at the reference's deciles (repeats dropped), shares floored. */
export function psi(reference: readonly number[], current: readonly number[]): number | null {
  if (reference.length === 0 || current.length === 0) return null;
  const sorted = Float64Array.from(reference).sort();
  const cuts = [...new Set(Array.from({ length: PSI_BINS - 1 }, (_, i) => quantileSorted(sorted, (i + 1) / PSI_BINS)))];
  const shares = (values: readonly number[]) => {
    const counts = new Float64Array(cuts.length + 1);
    for (const v of values) counts[binOf(cuts, v)]!++;
    return counts.map((n) => Math.max(n / values.length, PSI_FLOOR));
  };
  const p = shares(reference);
  const q = shares(current);
  let total = 0;
  for (let i = 0; i < p.length; i++) total += (q[i]! - p[i]!) * Math.log(q[i]! / p[i]!);
  return total;
}

/** How many cuts are at or below v: bin i holds cuts[i−1] ≤ v < cuts[i]. */
function binOf(cuts: number[], v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Accuracy and (binary) ROC AUC, or MAE and RMSE, on the rows of `s` whose outcome is known. */
function armMetrics(s: Series, classes: string[]): ArmMetrics {
  const none: ArmMetrics = { rows: 0, accuracy: null, rocAuc: null, mae: null, rmse: null };
  if (s.values.length > 0) {
    const pairs = s.truth.map((t, i) => [Number(t), (s.predicted[i] as { prediction: number }).prediction] as const).filter(([t]) => Number.isFinite(t));
    if (pairs.length === 0) return none;
    const yTrue = Float64Array.from(pairs, ([t]) => t);
    const yPred = Float64Array.from(pairs, ([, p]) => p);
    return { ...none, rows: pairs.length, mae: meanAbsoluteError(yTrue, yPred), rmse: rootMeanSquaredError(yTrue, yPred) };
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const kept = s.truth.map((t, i) => [index.get(String(t)), s.predicted[i] as { label: string; probabilities: Record<string, number> }] as const).filter(([t]) => t !== undefined);
  if (kept.length === 0) return none;
  const yTrue = Int32Array.from(kept, ([t]) => t!);
  const yPred = Int32Array.from(kept, ([, o]) => index.get(o.label) ?? -1);
  let auc: number | null = null;
  if (classes.length === 2 && yTrue.includes(0) && yTrue.includes(1)) auc = rocAuc(yTrue, Float64Array.from(kept, ([, o]) => o.probabilities[classes[1]!] ?? NaN));
  return { ...none, rows: kept.length, accuracy: accuracy(yTrue, yPred), rocAuc: auc };
}
