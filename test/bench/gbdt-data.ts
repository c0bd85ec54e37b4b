/**
 * The GBDT benchmark's data set: 1,000,000 rows shaped like `generate.mjs`'s CSV (ints, floats with 5% missing,
 * 8-value categoricals and dates as small ints, booleans) and a binary target that depends non-linearly on several
 * of them plus noise. Written once to `.data/` as one column-major float32 dump (features, then the target) and a
 * JSON header, so Gyre and numpy both read it in one call; rows [0, trainRows) train, the rest test.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Features, TrainingSet } from '../../electron/ml/types';

const here = fileURLToPath(new URL('.', import.meta.url));
export const DATA_DIR = join(here, '.data');

export interface BenchHeader {
  rows: number;
  trainRows: number;
  names: string[];
  /** The file holds `names.length + 1` float32 columns of `rows` values each: the features, then the target. */
  file: string;
  /** ROC AUC of the true probabilities on the test rows: what a perfect model would reach. */
  bayesAuc: number;
}

export interface BenchData {
  header: BenchHeader;
  train: TrainingSet;
  test: { features: Features; target: Float64Array };
}

const NAMES = [
  ...[1, 2, 3, 4, 5].map((i) => `int_${i}`),
  ...[1, 2, 3, 4, 5, 6].map((i) => `float_${i}`),
  ...[1, 2, 3, 4].map((i) => `cat_${i}`),
  ...[1, 2, 3].map((i) => `date_${i}`),
  'flag_1',
  'flag_2',
];

/** The same linear congruential stream as generate.mjs, so the columns have the same distributions. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** The true logit of one row: several features, non-linear, with interactions and a missing-value effect. */
function logit(v: Float32Array, rows: number, r: number): number {
  const at = (name: string) => v[NAMES.indexOf(name) * rows + r]!;
  const f1 = at('float_1');
  const f2 = at('float_2');
  const f3 = at('float_3');
  let z = Number.isNaN(f1) ? 0 : 1.1 * Math.sin(f1 / 120);
  z += Number.isNaN(f2) ? 1.2 : -0.9 * ((f2 - 300) / 500) ** 2 + 0.3;
  z += Number.isNaN(f3) ? -0.5 : 0.0006 * (f3 - 300);
  z += 0.9 * ((at('int_1') - 30000) / 50000) ** 2 - 0.3;
  z += at('flag_1') === 1 && at('int_2') > 30000 ? 0.9 : -0.2;
  z += [0.6, -0.4, 0.1, 0.8, -0.7, 0.2, 0, -0.3][at('cat_1')]!;
  z -= 0.7 * at('flag_2');
  z += 0.5 * Math.cos(at('date_1') / 300) * (at('cat_2') < 4 ? 1 : -1);
  return 1.3 * z - 0.4;
}

function auc(score: ArrayLike<number>, y: ArrayLike<number>, from: number, to: number): number {
  const idx = Array.from({ length: to - from }, (_, i) => from + i).sort((a, b) => score[a]! - score[b]!);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i + 1;
    while (j < idx.length && score[idx[j]!] === score[idx[i]!]) j++;
    for (let k = i; k < j; k++) {
      if (y[idx[k]!] !== 1) continue;
      pos++;
      rankSum += (i + j + 1) / 2;
    }
    i = j;
  }
  const neg = idx.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

function generate(rows: number, trainRows: number, file: string): BenchHeader {
  const rand = lcg(7);
  const cols = NAMES.length;
  const v = new Float32Array((cols + 1) * rows);
  for (let r = 0; r < rows; r++) {
    let c = 0;
    for (let i = 0; i < 5; i++) v[c++ * rows + r] = Math.floor(rand() * 100000) - 20000;
    for (let i = 0; i < 6; i++) v[c++ * rows + r] = rand() < 0.05 ? NaN : rand() * 1000 - 200;
    for (let i = 0; i < 4; i++) v[c++ * rows + r] = Math.floor(rand() * 8);
    for (let i = 0; i < 3; i++) v[c++ * rows + r] = Math.floor(rand() * 2500);
    v[c++ * rows + r] = rand() < 0.5 ? 1 : 0;
    v[c * rows + r] = rand() < 0.2 ? 1 : 0;
  }
  const p = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    p[r] = 1 / (1 + Math.exp(-(logit(v, rows, r) + 0.6 * gaussian(rand))));
    v[cols * rows + r] = rand() < p[r]! ? 1 : 0;
  }
  const header: BenchHeader = { rows, trainRows, names: NAMES, file, bayesAuc: auc(p, v.subarray(cols * rows), trainRows, rows) };
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(join(DATA_DIR, file), v);
  writeFileSync(join(DATA_DIR, `${file}.json`), JSON.stringify(header, null, 2));
  return header;
}

/** The header of the data set, generating the file first when it is not there yet. */
export function ensureBenchData(rows = 1_000_000, file = 'gbdt-1m.f32'): BenchHeader {
  const headerPath = join(DATA_DIR, `${file}.json`);
  if (existsSync(headerPath) && existsSync(join(DATA_DIR, file))) return JSON.parse(readFileSync(headerPath, 'utf8')) as BenchHeader;
  return generate(rows, Math.round(rows * 0.8), file);
}

function slice(all: Float32Array, rows: number, cols: number, from: number, to: number): Float32Array {
  const n = to - from;
  const out = new Float32Array(cols * n);
  for (let c = 0; c < cols; c++) out.set(all.subarray(c * rows + from, c * rows + to), c * n);
  return out;
}

export function loadBenchData(header: BenchHeader): BenchData {
  const buf = readFileSync(join(DATA_DIR, header.file));
  const all = buf.byteOffset % 4 === 0 ? new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4) : new Float32Array(Uint8Array.from(buf).buffer);
  const { rows, trainRows, names } = header;
  const cols = names.length;
  const target = (from: number, to: number) => Float64Array.from(all.subarray(cols * rows + from, cols * rows + to));
  return {
    header,
    train: { features: { rows: trainRows, names, data: slice(all, rows, cols, 0, trainRows) }, target: target(0, trainRows) },
    test: { features: { rows: rows - trainRows, names, data: slice(all, rows, cols, trainRows, rows) }, target: target(trainRows, rows) },
  };
}

export { auc as rocAuc };
