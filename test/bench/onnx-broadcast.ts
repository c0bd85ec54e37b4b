/**
 * What the shape of a constant costs in onnxruntime (CPU). Every column the exported preprocessing handles is an
 * `[N, 1]` tensor, and each imputation, scaling or date step is an elementwise node reading one constant. Shaped
 * `[]` (a scalar) or `[1]`, onnxruntime broadcasts it against the column one element at a time; shaped `[1, 1]`
 * (COLUMN_CONSTANT in electron/ml/onnx/graph.ts) in one vector loop. Printed here, in one run:
 * 1. single nodes on 65,536 rows, 40 in a chain: ns a row per node with each shape;
 * 2. the pipelines `gyre train` exports (a linear model and a 100-tree GBDT, on the deploy bench's 21 columns):
 *    session.run on the scoring file's first 65,536 rows, one onnxruntime thread, as exported against the same
 *    file with its column constants reshaped to scalars — what Gyre exported before — as a ratio. Both files'
 *    outputs are compared: a faster graph that answers differently is worthless.
 * Usage: node --import tsx test/bench/onnx-broadcast.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { decodeModel, encodeModel, GraphBuilder } from '../../electron/ml/onnx/graph';
import { makeBundle } from '../unit/deploy/bundle';
import { DATA, ensureData, fileFeeds } from './serve-data';

const ROWS = 65_536;
const CHAIN = 40;

async function session(bytes: Uint8Array): Promise<InferenceSession> {
  return InferenceSession.create(bytes, { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
}

/** Mean seconds of one session.run over `reps` runs after a warm-up run. */
async function timed(s: InferenceSession, feeds: Record<string, Tensor>, reps: number): Promise<number> {
  await s.run(feeds);
  const t0 = performance.now();
  for (let k = 0; k < reps; k++) await s.run(feeds);
  return (performance.now() - t0) / 1000 / reps;
}

async function singleNodes() {
  console.log(`one node on an [N, 1] float column and a constant, ${CHAIN} in a chain, ${ROWS.toLocaleString('en')} rows, one thread`);
  const x = new Tensor('float32', Float32Array.from({ length: ROWS }, (_, i) => (i % 7 === 0 ? NaN : i * 0.37)), [ROWS, 1]);
  const chains: [string, (g: GraphBuilder, v: string, c: string) => string][] = [
    ['Mul', (g, v, c) => g.op('Mul', [v, c])],
    ['Div', (g, v, c) => g.op('Div', [v, c])],
    ['Where(IsNaN)', (g, v, c) => g.op('Where', [g.op('IsNaN', [v]), c, v])],
    ['Less → Cast', (g, v, c) => g.op('Cast', [g.op('Less', [v, c])], [{ name: 'to', type: 2, i: 1 }])],
  ];
  for (const [name, step] of chains) {
    const perRow: number[] = [];
    for (const dims of [[], [1, 1]]) {
      const g = new GraphBuilder();
      let v = g.input('x', 'float', ['N', 1]);
      for (let i = 0; i < CHAIN; i++) v = step(g, v, g.floats('c', [1.01 + i], dims));
      g.output(v, 'float', ['N', 1]);
      const s = await session(encodeModel(g.toModel({ producer: 'gyre-bench', metadata: {} })));
      perRow.push(((await timed(s, { x }, 20)) * 1e9) / ROWS / CHAIN);
      await s.release();
    }
    console.log(`  ${name.padEnd(14)} constant []: ${perRow[0]!.toFixed(2).padStart(6)} ns a row   [1, 1]: ${perRow[1]!.toFixed(2).padStart(5)} ns a row   ${(perRow[0]! / perRow[1]!).toFixed(0)}× faster`);
  }
}

/** The model with its column constants (initializers named c, c_1, … and one, shaped [1, 1]) shaped as scalars. */
function asScalars(bytes: Uint8Array): { bytes: Uint8Array; reshaped: number } {
  const model = decodeModel(bytes);
  let reshaped = 0;
  for (const t of model.graph!.initializer!) {
    if (/^(c|one)(_\d+)?$/.test(t.name!) && (t.dims ?? []).map(Number).join() === '1,1') {
      t.dims = [];
      reshaped++;
    }
  }
  return { bytes: encodeModel(model), reshaped };
}

async function pipelines() {
  const { score, train } = await ensureData(500_000);
  const root = mkdtempSync(join(DATA, 'broadcast-bench-'));
  try {
    for (const kind of ['linear', 'gbdt'] as const) {
      mkdirSync(join(root, kind));
      const bundle = makeBundle(join(root, kind), { csv: train, target: 'converted', name: 'conversion', inputs: [], kind });
      const exported = new Uint8Array(readFileSync(join(bundle.dir, 'model.onnx')));
      const before = asScalars(exported);
      const now = await session(exported);
      const then = await session(before.bytes);
      const feeds = fileFeeds(now, score, ROWS);
      const a = await timed(now, feeds, 10);
      const b = await timed(then, feeds, 10);
      const [x, y] = [await now.run(feeds), await then.run(feeds)];
      const p = (r: typeof x) => r.probabilities!.data as Float32Array;
      const same = p(x).every((v, i) => v === p(y)[i]) && (x.label!.data as string[]).every((v, i) => v === (y.label!.data as string[])[i]);
      console.log(`  ${(kind === 'gbdt' ? 'GBDT, 100 trees' : 'linear').padEnd(16)} ${Math.round(ROWS / a).toLocaleString('en').padStart(9)} rows/s as exported   ${Math.round(ROWS / b).toLocaleString('en').padStart(9)} rows/s with ${before.reshaped} scalar constants   ${(b / a).toFixed(2)}× faster; outputs ${same ? 'identical' : 'DIFFER'}`);
      if (!same) process.exitCode = 1;
      await now.release();
      await then.release();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await singleNodes();
console.log(`\nexported pipelines, session.run on ${ROWS.toLocaleString('en')} rows of the deploy bench file, one thread (training them first with gyre train...)`);
await pipelines();
