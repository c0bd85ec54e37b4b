/**
 * Tuning benchmark: successive halving against random search, same gradient-boosted-trees space, same seed, same
 * configurations to start from, on 200k rows of the GBDT benchmark's data (160k tune, 40k validate; test on 100k
 * held-out rows). Prints each one's best validation log loss, the test metrics of its final model (the best
 * configuration refitted on all 200k rows) and the wall time of the search, then the ratios. The goal (issue): halving
 * within 1% of random search's best validation log loss in ≤ 40% of its time.
 * Usage: node --import tsx test/bench/tune.ts
 *   GYRE_BENCH_TUNE_TRIALS (default 27 configurations), GYRE_BENCH_TUNE_THREADS (trials at once; default the cores),
 *   GYRE_BENCH_TUNE_SEQUENTIAL=1 also times halving with one trial at a time on all cores (the pool's alternative).
 */
import { availableParallelism } from 'node:os';
import { fitEstimator, predictEstimator } from '../../electron/ml/estimators';
import * as m from '../../electron/ml/metrics';
import { studyMetric } from '../../electron/ml/tune/metric';
import { shareOrder, takeRows, type TrialData } from '../../electron/ml/tune/objective';
import { openTrialRunner } from '../../electron/ml/tune/pool';
import { resolveSpace } from '../../electron/ml/tune/space';
import { runStudy, type StudyOutcome } from '../../electron/ml/tune/study';
import type { TrainingSet } from '../../electron/ml/types';
import { ensureBenchData, loadBenchData } from './gbdt-data';

const TUNE_ROWS = 160_000;
const VALID_ROWS = 40_000;
const TEST_ROWS = 100_000;
const trials = Number(process.env.GYRE_BENCH_TUNE_TRIALS ?? 27);
const threads = Number(process.env.GYRE_BENCH_TUNE_THREADS ?? availableParallelism());
const seed = 42;

const header = ensureBenchData();
const all = loadBenchData(header);
const range = (from: number, to: number) => Uint32Array.from({ length: to - from }, (_, i) => from + i);
const part = (set: TrainingSet, rows: Uint32Array): TrainingSet => ({ features: takeRows(set.features, rows), target: Float64Array.from(rows, (r) => set.target[r]!) });
const tune = part(all.train, range(0, TUNE_ROWS));
const valid = part(all.train, range(TUNE_ROWS, TUNE_ROWS + VALID_ROWS));
const full = part(all.train, range(0, TUNE_ROWS + VALID_ROWS));
const test = part(all.test as TrainingSet, range(0, TEST_ROWS));
const metric = studyMetric('binary', 'log_loss');
const space = resolveSpace('gbdt');
const data: TrialData = { model: 'gbdt', task: 'binary', classes: 2, metric, train: tune, valid, order: shareOrder(tune.target, 'binary', seed) };
console.log(`data: ${TUNE_ROWS.toLocaleString('en')} tuning + ${VALID_ROWS.toLocaleString('en')} validation rows × ${header.names.length} features, test ${TEST_ROWS.toLocaleString('en')} rows`);
console.log(`space: ${JSON.stringify(space)}\n${trials} configurations, seed ${seed}, ${threads} trial(s) at once\n`);

async function study(strategy: 'random' | 'halving', slots: number): Promise<{ outcome: StudyOutcome; seconds: number }> {
  const runner = await openTrialRunner(data, { threads: slots });
  const started = performance.now();
  try {
    const outcome = await runStudy({ strategy, space, metric, seed, trials, rows: TUNE_ROWS, slots: runner.slots, run: (r) => runner.run(r) });
    return { outcome, seconds: (performance.now() - started) / 1000 };
  } finally {
    await runner.close();
  }
}

/** The best configuration refitted on all 200k rows (trees on every core), scored on the test rows. */
async function finalModel(outcome: StudyOutcome) {
  const fitted = await fitEstimator('gbdt', full, { task: 'binary', classes: 2, params: outcome.best!.params, seed });
  const p = predictEstimator(fitted.model, test.features);
  const labels = Int32Array.from(test.target);
  return { logLoss: m.logLoss(labels, p, 2), rocAuc: m.rocAuc(labels, m.positiveColumn(p, 2)) };
}

const line = (name: string, value: string, goal = '') => console.log(`${name.padEnd(34)} ${value.padStart(16)}  ${goal}`);
const results: Record<string, { seconds: number; best: number }> = {};
for (const strategy of ['random', 'halving'] as const) {
  const { outcome, seconds } = await study(strategy, threads);
  const final = await finalModel(outcome);
  const best = outcome.best!;
  results[strategy] = { seconds, best: best.value! };
  line(`${strategy}: trials run`, String(outcome.trials.length));
  line(`${strategy}: search wall time`, `${seconds.toFixed(1)} s`);
  line(`${strategy}: best validation log loss`, best.value!.toFixed(5), JSON.stringify(best.params));
  line(`${strategy}: final model test log loss`, final.logLoss.toFixed(5));
  line(`${strategy}: final model test ROC AUC`, final.rocAuc.toFixed(5), `(Bayes ${header.bayesAuc.toFixed(4)})`);
}
const gap = (results.halving!.best - results.random!.best) / results.random!.best;
line('time halving / random', `${((100 * results.halving!.seconds) / results.random!.seconds).toFixed(1)}%`, 'goal ≤ 40%');
line('best log loss, halving vs random', `${gap >= 0 ? '+' : ''}${(100 * gap).toFixed(2)}%`, 'goal within 1%');
if (process.env.GYRE_BENCH_TUNE_SEQUENTIAL === '1') {
  const sequential = await study('halving', 1);
  line('halving, one trial at a time', `${sequential.seconds.toFixed(1)} s`, `pool of ${threads}: ${results.halving!.seconds.toFixed(1)} s`);
}
