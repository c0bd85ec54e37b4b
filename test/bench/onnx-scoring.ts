/**
 * Batch scoring speed of an exported model: gradient-boosted trees (100 trees, depth 6) on the GBDT bench data,
 * exported to ONNX with its features input and scored by onnxruntime in batches, as `gyre predict` does.
 * Goal (training-engine issue): ≥ 500,000 rows/s on 2 cores. Peer: predict.ts, the TypeScript scorer.
 */
import { encodeModel, GraphBuilder } from '../../electron/ml/onnx/graph';
import { createSession, scoreColumns } from '../../electron/ml/onnx/runtime';
import { addTreeEnsemble } from '../../electron/ml/onnx/trees';
import { fitGbdt } from '../../electron/ml/trees/gbdt';
import { predict } from '../../electron/ml/trees/predict';
import { rowMajor } from '../helpers/features';
import { ensureBenchData, loadBenchData } from './gbdt-data';

const data = loadBenchData(ensureBenchData());
// Scoring cost depends on the trees, not on how many rows trained them: fit on the first 100,000.
const n = 100_000;
const train = { features: { ...data.train.features, rows: n, data: subsetRows(data.train.features.data, data.train.features.rows, data.train.features.names.length, n) }, target: data.train.target.subarray(0, n) };
const { model } = await fitGbdt(train, 'binary', 2, { nTrees: 100, maxDepth: 6, learningRate: 0.1, seed: 1 });

const g = new GraphBuilder();
const features = g.input('features', 'float', ['N', data.test.features.names.length]);
addTreeEnsemble(g, model, features);
const { session, provider } = await createSession(encodeModel(g.toModel({ producer: 'gyre-bench', metadata: {} })), { provider: 'cpu' });
const input = rowMajor(data.test.features);
const rows = data.test.features.rows;

function best(runs: number, f: () => Promise<void> | void): Promise<number> {
  return (async () => {
    let min = Infinity;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await f();
      min = Math.min(min, (performance.now() - t) / 1000);
    }
    return min;
  })();
}

const onnxSeconds = await best(3, async () => void (await scoreColumns(session, { features: input }, rows, { outputs: ['probabilities'] })));
const tsSeconds = await best(1, () => void predict(model, data.test.features));
const rate = (s: number) => Math.round(rows / s).toLocaleString('en');
console.log(`scoring ${rows.toLocaleString('en')} rows, 100 trees of depth 6, onnxruntime on ${provider}, best of 3\n`);
console.log(`exported ONNX (onnxruntime)   ${rate(onnxSeconds).padStart(10)} rows/s   goal ≥ 500,000 rows/s: ${(rows / onnxSeconds / 500_000).toFixed(2)}× goal`);
console.log(`predict.ts (TypeScript)        ${rate(tsSeconds).padStart(10)} rows/s   onnxruntime is ${(tsSeconds / onnxSeconds).toFixed(1)}× faster`);

function subsetRows(all: Float32Array, rowsAll: number, cols: number, keep: number): Float32Array {
  const out = new Float32Array(cols * keep);
  for (let c = 0; c < cols; c++) out.set(all.subarray(c * rowsAll, c * rowsAll + keep), c * keep);
  return out;
}
