/**
 * Monitor benchmark: the drift report of a 1M-row batch × 20 inputs (16 numbers, two of them shifted, one an integer
 * column, one with ~3% missing; 4 text columns, one with ~2% missing and one with a category unseen in training)
 * against 200,000 training rows (of a 250,000-row version) and a binary model's scores, built in memory (seeded).
 * The issue's goal is a batch's drift report in ≤ 5 s on 2 cores including reading the file. This times `driftReport`
 * alone (best of GYRE_BENCH_RUNS, default 3), then the batch written as a CSV and read by the monitor job's own reader
 * before the report (the model's scoring is not included: `onnx-scoring.ts` measures it), against numpy/scipy computing the same statistics per
 * column on the same values (monitor-scipy.py: ks_2samp, wasserstein_distance, chi2_contingency, jensenshannon,
 * PSI on reference deciles, the 20-bin chart, the quality counts; pandas value_counts for the text columns), timing
 * only the statistics. Both sides' PSI, KS, Wasserstein and chi-squared are compared, and must agree.
 * Usage: node --import tsx test/bench/monitor.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DRIFT_SETTINGS, type DriftReport } from '../../electron/contract/monitor';
import { withDuck } from '../../electron/data/duck';
import { readBatch } from '../../electron/data/monitor-batch';
import { driftReport, predictionSide, type DriftInput } from '../../electron/ml/drift/report';
import type { Frame, RawColumn } from '../../electron/ml/preprocess/frame';
import { seeded, shuffle, type Random } from '../../electron/ml/random';

const VERSION_ROWS = 250_000;
const REFERENCE_ROWS = 200_000;
const BATCH_ROWS = 1_000_000;
const GOAL_SECONDS = 5;
const RUNS = Number(process.env.GYRE_BENCH_RUNS ?? 3);

const REGIONS = ['north', 'south', 'east', 'west', 'central'];
const CHANNELS = ['web', 'store', 'phone', 'partner', 'email', 'social', 'event', 'referral'];
const PLANS = ['basic', 'plus', 'pro'];
const CITIES = Array.from({ length: 40 }, (_, i) => `city-${String(i + 1).padStart(2, '0')}`);
const NUMBERS = Array.from({ length: 16 }, (_, i) => `x${String(i + 1).padStart(2, '0')}`);
const TEXTS = ['region', 'channel', 'plan', 'city'];

function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

/** `rows` rows of the 20 inputs; `shifted` moves x01's mean by 0.5 sd, widens x02 twofold and adds a new city. */
function inputs(rows: number, seed: number, shifted: boolean): Frame {
  const random = seeded(seed);
  const columns: RawColumn[] = NUMBERS.map((name, j) => {
    const values = new Float64Array(rows);
    for (let r = 0; r < rows; r++) values[r] = normal(random);
    if (shifted && j === 0) for (let r = 0; r < rows; r++) values[r]! += 0.5;
    if (shifted && j === 1) for (let r = 0; r < rows; r++) values[r]! *= 2;
    if (j === 2) for (let r = 0; r < rows; r++) if (random.next() < 0.03) values[r] = Number.NaN;
    if (j === 15) for (let r = 0; r < rows; r++) values[r] = Math.round(40 + 12 * values[r]!);
    return { name, kind: 'number', semanticType: j === 15 ? 'integer' : 'float', values };
  });
  const text = (name: string, levels: string[], missing: number, extra: string | null): RawColumn => {
    const values = Array.from({ length: rows }, (): string | null => {
      if (random.next() < missing) return null;
      if (extra && random.next() < 0.01) return extra;
      // Skewed towards the first levels, as real categories are.
      return levels[Math.floor(levels.length * random.next() ** 1.5)]!;
    });
    return { name, kind: 'string', semanticType: 'categorical', values };
  };
  columns.push(text('region', REGIONS, 0, null), text('channel', CHANNELS, 0.02, null), text('plan', PLANS, 0, null), text('city', CITIES, 0, shifted ? 'city-new' : null));
  return { rows, columns };
}

/** A binary model's probabilities [P(no), P(yes)] per row, from a logistic model of a few inputs. */
function probabilities(frame: Frame): Float64Array {
  const x = (j: number) => (frame.columns[j] as Extract<RawColumn, { kind: 'number' }>).values;
  const out = new Float64Array(frame.rows * 2);
  for (let r = 0; r < frame.rows; r++) {
    const third = Number.isNaN(x(2)[r]!) ? 0 : x(2)[r]!;
    const p = 1 / (1 + Math.exp(-(-0.4 + 0.9 * x(0)[r]! - 0.6 * x(1)[r]! + 0.4 * third)));
    out[2 * r] = 1 - p;
    out[2 * r + 1] = p;
  }
  return out;
}

/** The benchmark's drift input, built in memory: also what an end-to-end timing would write to a CSV. */
export function monitorBenchInput(): DriftInput {
  const reference = inputs(VERSION_ROWS, 1, false);
  const referenceRows = shuffle(Uint32Array.from({ length: VERSION_ROWS }, (_, i) => i), seeded(7)).slice(0, REFERENCE_ROWS).sort();
  const batch = inputs(BATCH_ROWS, 2, true);
  const gather = (probs: Float64Array) => Float64Array.from({ length: REFERENCE_ROWS * 2 }, (_, i) => probs[2 * referenceRows[i >> 1]! + (i & 1)]!);
  return {
    settings: DEFAULT_DRIFT_SETTINGS,
    referenceLabel: `the ${REFERENCE_ROWS.toLocaleString('en')} training rows of bench v1`,
    reference,
    referenceRows,
    batch,
    features: [...NUMBERS, ...TEXTS],
    unreadable: {},
    missingColumns: [],
    extraColumns: [],
    prediction: {
      scoreOf: 'probability of "yes"',
      classLabels: ['no', 'yes'],
      reference: predictionSide('binary', 2, 0.5, gather(probabilities(reference))),
      batch: predictionSide('binary', 2, 0.5, probabilities(batch)),
    },
  };
}

function timeDriftReport(input: DriftInput): { seconds: number; report: DriftReport } {
  let best = { seconds: Infinity, report: null as DriftReport | null };
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const report = driftReport(input);
    const seconds = (performance.now() - start) / 1000;
    console.log(`run ${i + 1}: driftReport ${seconds.toFixed(3)} s`);
    if (seconds < best.seconds) best = { seconds, report };
  }
  return { seconds: best.seconds, report: best.report! };
}

interface PeerColumn { name: string; psi: number; ks: number | null; ksPValue: number | null; wasserstein: number | null; chi2: number | null; chi2PValue: number | null; js: number }
interface PeerResult { seconds: number; version: string; columns: PeerColumn[] }

const probe = spawnSync('/usr/bin/python3', ['-c', 'import numpy, scipy, pandas'], { encoding: 'utf8' });
const peerSkipped = probe.error ? '/usr/bin/python3 not found' : probe.status !== 0 ? `numpy, scipy or pandas missing (${probe.stderr.trim().split('\n').pop()})` : null;

/** Writes each side's values for Python (numbers as raw float64, text as one value a line, "\u0000" for missing). */
function peer(input: DriftInput): PeerResult {
  const dir = mkdtempSync(join(tmpdir(), 'gyre-bench-monitor-'));
  try {
    const numeric: string[] = [];
    const categorical: string[] = [];
    const write = (side: string, name: string, values: Float64Array | (string | null)[]) => {
      if (values instanceof Float64Array) writeFileSync(join(dir, `${side}-${name}.f64`), values);
      else writeFileSync(join(dir, `${side}-${name}.txt`), values.map((v) => v ?? '\u0000').join('\n'));
    };
    const rows = input.referenceRows;
    for (const name of input.features) {
      const ref = input.reference.columns.find((c) => c.name === name)!;
      const bat = input.batch.columns.find((c) => c.name === name)!;
      if (ref.kind === 'number') write('reference', name, Float64Array.from(rows, (r) => ref.values[r]!));
      else write('reference', name, Array.from(rows, (r) => ref.values[r]!));
      write('batch', name, bat.values);
      (ref.kind === 'number' ? numeric : categorical).push(name);
    }
    const p = input.prediction;
    write('reference', 'score', p.reference.score);
    write('batch', 'score', p.batch.score);
    write('reference', 'class', Array.from(p.reference.classes!, (c) => p.classLabels![c]!));
    write('batch', 'class', Array.from(p.batch.classes!, (c) => p.classLabels![c]!));
    const spec = JSON.stringify({ dir, numeric: [...numeric, 'score'], categorical: [...categorical, 'class'], runs: RUNS });
    const out = execFileSync('/usr/bin/python3', [join(import.meta.dirname, 'monitor-scipy.py'), spec], { encoding: 'utf8', maxBuffer: 1 << 26 });
    return JSON.parse(out.trim().split('\n').pop()!) as PeerResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Largest relative difference between Gyre's and scipy's statistics, over every column and statistic. */
function agreement(report: DriftReport, columns: PeerColumn[]): { worst: number; where: string } {
  const gyre = new Map([...report.features, { ...report.prediction.score, name: 'score' }, { ...report.prediction.classes!, name: 'class' }].map((f) => [f.name, f]));
  let worst = { worst: 0, where: '—' };
  const check = (where: string, a: number | null | undefined, b: number | null) => {
    if (a === null || a === undefined || b === null) return;
    const rel = Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
    if (rel > worst.worst) worst = { worst: rel, where };
  };
  for (const c of columns) {
    const f = gyre.get(c.name)!;
    check(`${c.name} PSI`, f.psi, c.psi);
    check(`${c.name} JS`, f.js, c.js);
    check(`${c.name} KS statistic`, f.ks?.statistic, c.ks);
    check(`${c.name} Wasserstein`, f.wasserstein, c.wasserstein);
    check(`${c.name} chi-squared`, f.chi2?.statistic, c.chi2);
  }
  return worst;
}

/** The batch as a CSV file (as production would send it), read by the job's reader, then the report, best of RUNS. */
async function readAndReport(input: DriftInput): Promise<{ dir: string; csv: string; bytes: number; readSeconds: number; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'gyre-bench-monitor-csv-'));
  const csv = join(dir, 'batch.csv');
  const columns = input.batch.columns;
  const out = createWriteStream(csv);
  out.write(columns.map((c) => c.name).join(',') + '\n');
  for (let r = 0; r < input.batch.rows; r++) {
    const line = columns.map((c) => {
      const v = c.values[r];
      return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v);
    });
    if (!out.write(line.join(',') + '\n')) await new Promise<void>((done) => out.once('drain', () => done()));
  }
  await new Promise<void>((done) => out.end(() => done()));
  const schema = columns.map((c) => ({ name: c.name, semanticType: c.semanticType }));
  let best = { readSeconds: Infinity, seconds: Infinity };
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const batch = await withDuck((duck) =>
      readBatch(duck, { source: { kind: 'file', path: csv }, displayName: 'batch.csv', inputs: schema, model: 'bench@1', task: 'binary', classLabels: ['no', 'yes'], idColumn: null, outcomes: null, target: 'y', parquetPath: join(dir, `batch-${i}.parquet`) }),
    );
    const read = (performance.now() - start) / 1000;
    driftReport({ ...input, batch: batch.frame, unreadable: batch.unreadable, missingColumns: batch.missingColumns, extraColumns: batch.extraColumns });
    const seconds = (performance.now() - start) / 1000;
    console.log(`run ${i + 1}: read ${read.toFixed(3)} s, read + report ${seconds.toFixed(3)} s`);
    if (seconds < best.seconds) best = { readSeconds: read, seconds };
  }
  return { dir, csv, bytes: statSync(csv).size, ...best };
}

function pandasReadSeconds(csv: string): number {
  const script = `import pandas, time\nbest = 1e9\nfor _ in range(${RUNS}):\n    t = time.perf_counter()\n    pandas.read_csv(${JSON.stringify(csv)})\n    best = min(best, time.perf_counter() - t)\nprint(best)`;
  return Number(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' }).trim());
}

console.log(`data: ${REFERENCE_ROWS.toLocaleString('en')} reference rows (of ${VERSION_ROWS.toLocaleString('en')}) and ${BATCH_ROWS.toLocaleString('en')} batch rows × 20 inputs (16 numbers, x01 and x02 shifted; 4 text columns, a new city in the batch) + a binary model's scores`);
console.log(`load average at start ${loadavg().map((l) => l.toFixed(2)).join(', ')}\n`);
const input = monitorBenchInput();
const gyre = timeDriftReport(input);
const r = gyre.report;
console.log(`verdict ${r.verdict}: ${r.drifted} of ${r.features.length} inputs drifted (${r.features.filter((f) => f.drifted).map((f) => f.name).join(', ')}); prediction score PSI ${r.prediction.score.psi?.toFixed(4)}`);

let peerResult: PeerResult | null = null;
if (peerSkipped) console.log(`scipy: skipped, ${peerSkipped}; Gyre alone.`);
else {
  peerResult = peer(input);
  const a = agreement(r, peerResult.columns);
  console.log(`scipy ${peerResult.version}: best of ${RUNS} ${peerResult.seconds.toFixed(3)} s; largest relative difference from Gyre ${a.worst.toExponential(1)} (${a.where})`);
}

// With reading: the batch written as a CSV file, read as the monitor job reads it (DuckDB, typed as in training, kept
// as Parquet, back into a frame), then the report; beside pandas.read_csv of the same file plus scipy's statistics.
const endToEnd = await readAndReport(input);
console.log(`read the ${(endToEnd.bytes / 1e6).toFixed(0)} MB CSV batch: best of ${RUNS} ${endToEnd.readSeconds.toFixed(2)} s; read + report ${endToEnd.seconds.toFixed(2)} s`);
const pandasRead = peerSkipped ? null : pandasReadSeconds(endToEnd.csv);
if (pandasRead !== null) console.log(`pandas.read_csv of the same file: best of ${RUNS} ${pandasRead.toFixed(2)} s`);
rmSync(endToEnd.dir, { recursive: true, force: true });

const ratio = peerResult ? `; peer scipy ${peerResult.seconds.toFixed(2)} s; ratio ${(gyre.seconds / peerResult.seconds).toFixed(2)}×` : '; peer scipy skipped';
console.log(`\ndrift report 1M × 20: ${gyre.seconds.toFixed(2)} s (statistics only${ratio})`);
const peerTotal = peerResult && pandasRead !== null ? peerResult.seconds + pandasRead : null;
console.log(`read + drift report 1M × 20: ${endToEnd.seconds.toFixed(2)} s (goal ≤ ${GOAL_SECONDS} s${peerTotal ? `; pandas.read_csv + scipy ${peerTotal.toFixed(2)} s; ratio ${(endToEnd.seconds / peerTotal).toFixed(2)}×` : ''})`);
console.log(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
