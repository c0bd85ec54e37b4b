/**
 * `node --import tsx test/bench/resample.ts`: SMOTE on 100,000 training rows × 50 numbers at several minority shares,
 * against imbalanced-learn's SMOTE on the same rows in the same run (skipped, with the reason, when it cannot be
 * imported); the neighbour search alone through onnxruntime's candidates against brute force in TypeScript; and
 * random over- and undersampling. Seconds are the best of GYRE_BENCH_RUNS runs (default 2).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { continuousLayout } from '../../electron/ml/augment/layout';
import { findNeighbours, nearestNeighbours } from '../../electron/ml/augment/neighbours';
import { fitResample } from '../../electron/ml/augment/resample';
import { groupScales, searchPoints } from '../../electron/ml/augment/space';
import { seeded } from '../../electron/ml/random';
import type { TrainingSet } from '../../electron/ml/types';

const ROWS = Number(process.env.GYRE_BENCH_ROWS ?? 100_000);
const F = 50;
const RUNS = Number(process.env.GYRE_BENCH_RUNS ?? 2);
const SHARES = [0.01, 0.05, 0.1, 0.2, 0.3];

function makeData(share: number): TrainingSet {
  const random = seeded(7);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const data = new Float32Array(ROWS * F);
  const target = new Float64Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    target[r] = random.next() < share ? 1 : 0;
    for (let f = 0; f < F; f++) data[f * ROWS + r] = normal() * (1 + (f % 7)) + target[r]! * (f % 3 === 0 ? 0.8 : 0);
  }
  return { features: { rows: ROWS, names: Array.from({ length: F }, (_, f) => `x${f}`), data }, target };
}

async function best(run: () => Promise<unknown>): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    fastest = Math.min(fastest, (performance.now() - t) / 1000);
  }
  return fastest;
}

function imblearnSeconds(train: TrainingSet, dir: string): number | string {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import imblearn'], { encoding: 'utf8' });
  if (probe.status !== 0) return 'imbalanced-learn not importable';
  const rowMajor = new Float32Array(ROWS * F);
  for (let f = 0; f < F; f++) for (let r = 0; r < ROWS; r++) rowMajor[r * F + f] = train.features.data[f * ROWS + r]!;
  writeFileSync(join(dir, 'x.f32'), rowMajor);
  writeFileSync(join(dir, 'y.f64'), train.target);
  const script = `import numpy as np, time
from imblearn.over_sampling import SMOTE
from sklearn.preprocessing import StandardScaler
x = np.fromfile('${join(dir, 'x.f32')}', dtype=np.float32).reshape(${ROWS}, ${F}); y = np.fromfile('${join(dir, 'y.f64')}')
best = 1e9
for _ in range(${RUNS}):
    t = time.perf_counter(); SMOTE(k_neighbors=5, random_state=0).fit_resample(StandardScaler().fit_transform(x), y); best = min(best, time.perf_counter() - t)
print(best)`;
  const out = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' });
  return out.status === 0 ? Number(out.stdout.trim()) : out.stderr.trim().split('\n').at(-1)!;
}

const dir = mkdtempSync(join(tmpdir(), 'gyre-bench-resample-'));
try {
  console.log(`SMOTE to 1:1 on ${ROWS.toLocaleString('en')} rows × ${F} numbers, k = 5 (best of ${RUNS}); imbalanced-learn standardizes first, as Gyre does`);
  console.log('minority share | minority rows | synthetic rows | Gyre SMOTE s | imbalanced-learn s | ratio');
  for (const share of SHARES) {
    const train = makeData(share);
    const minority = train.target.reduce((n, y) => n + y, 0);
    let synthetic = 0;
    const gyre = await best(async () => {
      synthetic = (await fitResample(train, { method: 'smote', ratio: 1, k: 5 }, { classes: 2, seed: 1 })).synthetic;
    });
    const peer = imblearnSeconds(train, dir);
    const ratio = typeof peer === 'number' ? `${(gyre / peer).toFixed(2)}×` : peer;
    console.log(`${share} | ${minority} | ${synthetic} | ${gyre.toFixed(2)} | ${typeof peer === 'number' ? peer.toFixed(2) : '—'} | ${ratio}`);
  }

  console.log('\nneighbour search alone, k = 5, every minority row a query: onnxruntime candidates + exact re-rank vs brute force in TypeScript');
  for (const share of [0.02, 0.05, 0.1]) {
    const train = makeData(share);
    const layout = continuousLayout(F);
    const members = Uint32Array.from(Array.from(train.target).flatMap((y, r) => (y === 1 ? [r] : [])));
    const points = searchPoints(train.features, layout, groupScales(train.features, layout), members);
    const queries = Uint32Array.from(members, (_, i) => i);
    let fallbacks = 0;
    const fast = await best(async () => void (fallbacks = (await findNeighbours(points, queries, 5)).bruteForced));
    const brute = await best(async () => void nearestNeighbours(points, queries, 5));
    console.log(`${members.length} rows: candidates ${fast.toFixed(2)} s (${fallbacks} queries brute-forced) · brute force ${brute.toFixed(2)} s · ${(brute / fast).toFixed(1)}×`);
  }

  const train = makeData(0.1);
  const over = await best(() => fitResample(train, { method: 'oversample', ratio: 1 }, { classes: 2, seed: 1 }));
  const under = await best(() => fitResample(train, { method: 'undersample', ratio: 1 }, { classes: 2, seed: 1 }));
  console.log(`\nrandom oversampling to 1:1 (10% minority): ${over.toFixed(2)} s · random undersampling: ${under.toFixed(2)} s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
