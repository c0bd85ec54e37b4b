/**
 * The deployment benches' data (serve.ts, onnx-broadcast.ts): generate.mjs's 21 columns as a scoring file, and its
 * first 100k rows with a noisy binary target to train on; and model.json's inputs for those columns.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type InferenceSession, Tensor } from 'onnxruntime-node';
import type { BundleField } from '../../electron/contract/bundles';
import { REPO } from '../unit/deploy/bundle';

export const TRAIN_ROWS = 100_000;
export const DATA = join(REPO, 'test/bench/.data');

/** The scoring file (generate.mjs's columns) and a training file: its first 100k rows with a noisy binary target. */
export async function ensureData(scoreRows: number): Promise<{ score: string; train: string }> {
  mkdirSync(DATA, { recursive: true });
  const score = join(DATA, `serve-${scoreRows}.csv`);
  const train = join(DATA, 'serve-train.csv');
  if (!existsSync(score)) spawnSync(process.execPath, [join(REPO, 'test/bench/generate.mjs'), score, String(scoreRows)], { stdio: 'inherit' });
  if (existsSync(train)) return { score, train };
  const out = createWriteStream(train);
  let seed = 11;
  const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  let n = -1;
  let names: string[] = [];
  for await (const line of createInterface({ input: createReadStream(score) })) {
    if (n === -1) {
      names = line.split(',');
      out.write(`${line},converted\n`);
    } else {
      const c = line.split(',');
      const at = (name: string) => c[names.indexOf(name)]!;
      const f1 = at('float_1') === '' ? 0 : Math.sin(Number(at('float_1')) / 120);
      const z = 1.2 * f1 + (Number(at('int_1')) - 30_000) / 40_000 + (at('cat_1') < 'd' ? 0.8 : -0.4) + (at('flag_1') === 'true' ? 0.5 : -0.2) + (at('date_1') > '2021' ? 0.3 : 0);
      out.write(`${line},${rand() < 1 / (1 + Math.exp(-z)) ? 'true' : 'false'}\n`);
    }
    if (++n === TRAIN_ROWS) break;
  }
  await new Promise((r) => out.end(r));
  return { score, train };
}

/** model.json's inputs for the generated columns the model takes. */
export function benchInputs(names: readonly string[]): BundleField[] {
  const cats = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
  return names.map((name): BundleField => {
    if (name.startsWith('cat_')) return { name, type: 'string', categories: cats, nullable: false };
    if (name.startsWith('date_')) return { name, type: 'number', format: 'date-time', nullable: false };
    return { name, type: 'number', nullable: name.startsWith('float_') };
  });
}

/** The first `rows` rows of the scoring file as the model's input tensors (generate.mjs's columns: no quotes). */
export function fileFeeds(s: InferenceSession, csv: string, rows: number): Record<string, Tensor> {
  const lines = readFileSync(csv, 'utf8').split('\n', rows + 1);
  const header = lines[0]!.split(',');
  const cells = lines.slice(1).map((l) => l.split(','));
  if (cells.length !== rows) throw new Error(`${csv} has fewer than ${rows} rows.`);
  return Object.fromEntries(s.inputMetadata.map((m) => {
    const c = header.indexOf(m.name);
    const type = m.isTensor ? m.type : 'float32';
    if (type === 'string') return [m.name, new Tensor('string', cells.map((r) => r[c]!), [rows, 1])];
    if (type === 'float64') return [m.name, new Tensor('float64', Float64Array.from(cells, (r) => (r[c] === '' ? NaN : Date.parse(r[c]!))), [rows, 1])];
    const number = (t: string) => (t === '' ? NaN : t === 'true' ? 1 : t === 'false' ? 0 : Number(t));
    return [m.name, new Tensor('float32', Float32Array.from(cells, (r) => number(r[c]!)), [rows, 1])];
  }));
}
