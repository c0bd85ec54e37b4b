/**
 * GBDT benchmark: Gyre's gradient-boosted trees against XGBoost (`tree_method="hist"`) on the same 1M-row binary
 * data set (800k rows train, 200k test), same parameters, in the same run. Prints training wall time of each (data
 * loading excluded for both), their ratio, test ROC AUC of each, Gyre's time per tree and predict.ts rows/s.
 * Gyre and XGBoost alternate, best of GYRE_BENCH_RUNS (default 3) each, so both see the same machine state (a
 * shared 2-core machine varies ±30% from run to run).
 * Usage: node --import tsx test/bench/gbdt.ts   (GYRE_BENCH_TREES, GYRE_BENCH_THREADS, GYRE_BENCH_RUNS override)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fitGbdt } from '../../electron/ml/trees/gbdt';
import { predict } from '../../electron/ml/trees/predict';
import { DATA_DIR, ensureBenchData, loadBenchData, rocAuc } from './gbdt-data';

const trees = Number(process.env.GYRE_BENCH_TREES ?? 100);
const threads = Number(process.env.GYRE_BENCH_THREADS ?? 2);
const runs = Number(process.env.GYRE_BENCH_RUNS ?? 3);
const params = { n_estimators: trees, max_depth: 6, learning_rate: 0.1, max_bin: 255, lambda: 1, min_child_weight: 1, n_jobs: threads };

const header = ensureBenchData();
const data = loadBenchData(header);
console.log(`data: ${header.rows} rows × ${header.names.length} features (${header.trainRows} train), Bayes AUC ${header.bayesAuc.toFixed(4)}`);
console.log(`params: ${JSON.stringify(params)}, best of ${runs} runs each\n`);

const hasXgboost = spawnSync('/usr/bin/python3', ['-c', 'import xgboost'], { encoding: 'utf8' }).status === 0;
if (!hasXgboost) console.log('XGBoost: not installed (apt-get install python3-xgboost); Gyre alone.\n');

function xgboost(): { version: string; seconds: number; auc: number } | null {
  if (!hasXgboost) return null;
  const script = join(import.meta.dirname, 'gbdt-xgboost.py');
  const out = execFileSync('/usr/bin/python3', [script, join(DATA_DIR, `${header.file}.json`), JSON.stringify(params)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { version: string; seconds: number; auc: number };
}

async function gyre() {
  const start = performance.now();
  const fit = await fitGbdt(data.train, 'binary', 2, { nTrees: trees, maxDepth: 6, learningRate: 0.1, maxBins: 255, lambda: 1, minChildWeight: 1, threads, seed: 0 });
  const seconds = (performance.now() - start) / 1000;
  const t = performance.now();
  const p = predict(fit.model, data.test.features);
  const predictSeconds = (performance.now() - t) / 1000;
  const positive = Float64Array.from({ length: data.test.features.rows }, (_, r) => p[2 * r + 1]!);
  return { seconds, auc: rocAuc(positive, data.test.target, 0, positive.length), rowsPerSecond: data.test.features.rows / predictSeconds, trees: fit.model.trees.length };
}

const xgbRuns: NonNullable<ReturnType<typeof xgboost>>[] = [];
const gyreRuns: Awaited<ReturnType<typeof gyre>>[] = [];
for (let i = 0; i < runs; i++) {
  const x = xgboost();
  if (x) xgbRuns.push(x);
  gyreRuns.push(await gyre());
}
const xgb = xgbRuns.length ? xgbRuns.reduce((a, b) => (a.seconds <= b.seconds ? a : b)) : null;
const g = gyreRuns.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
const line = (name: string, value: string, goal = '') => console.log(`${name.padEnd(28)} ${value.padStart(14)}  ${goal}`);
line('Gyre training', `${g.seconds.toFixed(2)} s`);
line('Gyre time per tree', `${((1000 * g.seconds) / g.trees).toFixed(1)} ms`);
line('Gyre test AUC', g.auc.toFixed(4));
line('Gyre predict.ts', `${Math.round(g.rowsPerSecond).toLocaleString('en')} rows/s`);
if (xgb) {
  line(`XGBoost ${xgb.version} training`, `${xgb.seconds.toFixed(2)} s`);
  line('XGBoost test AUC', xgb.auc.toFixed(4));
  line('ratio Gyre / XGBoost', `${(g.seconds / xgb.seconds).toFixed(2)}×`, 'goal ≤ 2×, then ≤ 1×');
  line('AUC difference', (g.auc - xgb.auc).toFixed(4), 'goal within ±0.002');
}
