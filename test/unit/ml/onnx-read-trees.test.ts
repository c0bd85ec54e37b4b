/** Reading a tree ensemble back from ONNX: Gyre's exports round-trip exactly, foreign split modes convert exactly. */
import { describe, expect, it } from 'vitest';
import { GyreError } from '../../../electron/contract/errors';
import { attr, encodeModel, GraphBuilder, ML_DOMAIN } from '../../../electron/ml/onnx/graph';
import { readTreeEnsemble } from '../../../electron/ml/onnx/read-trees';
import { createSession, scoreColumns } from '../../../electron/ml/onnx/runtime';
import { addTreeEnsemble } from '../../../electron/ml/onnx/trees';
import { seeded } from '../../../electron/ml/random';
import { fitForest } from '../../../electron/ml/trees/forest';
import { fitGbdt } from '../../../electron/ml/trees/gbdt';
import { rawScores } from '../../../electron/ml/trees/predict';
import type { Features, Task, TrainingSet, TreeEnsemble } from '../../../electron/ml/types';
import { rowMajor } from '../../helpers/features';

const NAMES = ['age', 'income', 'visits', 'score'];

/** Four features (two with missing values); the target is a class 0…classes−1, or a value for regression. */
function dataset(rows: number, seed: number, task: Task): TrainingSet {
  const random = seeded(seed);
  const data = new Float32Array(rows * NAMES.length);
  const target = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const x = NAMES.map((_, f) => (f % 2 === 1 && random.next() < 0.2 ? NaN : random.next() * 10 - 5));
    x.forEach((v, f) => (data[f * rows + r] = v));
    const z = (Number.isNaN(x[1]!) ? 2 : x[1]! / 2) + Math.sin(x[0]!) + (x[2]! > 1 ? 1.5 : -1) + random.next();
    target[r] = task === 'regression' ? z * 10 : task === 'binary' ? (z > 0.5 ? 1 : 0) : z < -0.5 ? 0 : z < 1.5 ? 1 : 2;
  }
  return { features: { rows, names: NAMES, data }, target };
}

function exportModel(model: TreeEnsemble, metadata: Record<string, string> = {}): Uint8Array {
  const g = new GraphBuilder();
  const x = g.input('features', 'float', ['N', model.featureNames.length]);
  addTreeEnsemble(g, model, x);
  return encodeModel(g.toModel({ metadata, producer: 'gyre-test' }));
}

function worstDifference(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return worst;
}

const fitted: [string, Task, () => Promise<TreeEnsemble>][] = [
  ['GBDT, binary', 'binary', async () => (await fitGbdt(dataset(800, 1, 'binary'), 'binary', 2, { nTrees: 30, maxDepth: 4, seed: 1, threads: 1 })).model],
  ['GBDT, multiclass', 'multiclass', async () => (await fitGbdt(dataset(800, 2, 'multiclass'), 'multiclass', 3, { nTrees: 15, maxDepth: 4, seed: 1, threads: 1 })).model],
  ['GBDT, regression', 'regression', async () => (await fitGbdt(dataset(800, 3, 'regression'), 'regression', 0, { nTrees: 30, maxDepth: 5, seed: 1, threads: 1 })).model],
  ['forest, binary (two averaged outputs)', 'binary', async () => (await fitForest(dataset(600, 4, 'binary'), 'binary', 2, { nTrees: 10, maxDepth: 8, seed: 1, threads: 1 })).model],
  ['forest, multiclass', 'multiclass', async () => (await fitForest(dataset(600, 5, 'multiclass'), 'multiclass', 3, { nTrees: 10, maxDepth: 8, seed: 1, threads: 1 })).model],
  ['forest, regression', 'regression', async () => (await fitForest(dataset(600, 6, 'regression'), 'regression', 0, { nTrees: 10, maxDepth: 8, seed: 1, threads: 1 })).model],
];

describe('reading a tree ensemble from ONNX', () => {
  it.each(fitted)('%s: the read ensemble scores as the fitted one', async (_name, task, fit) => {
    const model = await fit();
    const read = readTreeEnsemble(exportModel(model, { feature_names: JSON.stringify(NAMES) }));
    const rows = dataset(400, 99, task).features;
    expect(worstDifference(rawScores(read.ensemble, rows), rawScores(model, rows))).toBeLessThan(1e-12);
    expect(read.ensemble).toMatchObject({ task, outputs: model.outputs, postTransform: model.postTransform, featureNames: NAMES });
    expect(read.ensemble.trees).toHaveLength(model.trees.length);
    expect(read).toMatchObject({ input: 'features_double', features: 'features', featuresIsGraphInput: true });
    expect(read.operator).toBe(task === 'multiclass' ? 'TreeEnsembleClassifier' : 'TreeEnsembleRegressor');
  });

  it('names features f0, f1, … and takes their count from the input shape when the file has no names', async () => {
    const { model } = await fitGbdt(dataset(300, 7, 'binary'), 'binary', 2, { nTrees: 5, maxDepth: 3, seed: 1, threads: 1 });
    const read = readTreeEnsemble(exportModel(model));
    expect(read.ensemble.featureNames).toEqual(['f0', 'f1', 'f2', 'f3']);
    expect(read.ensemble).toMatchObject({ task: 'binary', postTransform: 'logistic', aggregate: 'sum' });
  });

  describe('split modes written by other tools', () => {
    const F32 = { up: (x: number) => step(x, 1), down: (x: number) => step(x, -1) };
    const float32Thresholds = [0.5, -1.25, Math.fround(0.1), 2, Math.fround(0.3)];
    // Float32 rounding goes up for some (0.1, 1/3) and down for others (0.7, 2.3, −2.2).
    const doubleThresholds = [0.1, 1 / 3, 0.7, 2.3, -2.2];

    /** Two trees using LEQ, GT, GTE, LT with mixed missing tracks; leaves are powers of two, so a sum names its leaves. */
    function foreignModel(thresholds: number[], asTensor: boolean, modes = ['BRANCH_LEQ', 'BRANCH_GT', 'BRANCH_GTE', 'BRANCH_LT', 'BRANCH_GT']): Uint8Array {
      const leaf = 'LEAF';
      const nodes = [
        // tree, node, feature, mode, threshold index, true, false, missing tracks true
        [0, 0, 0, modes[0], 0, 3, 1, 1], [0, 1, 1, modes[2], 2, 2, 4, 1], [0, 2, 0, leaf, -1, 0, 0, 0], [0, 3, 1, modes[1], 1, 5, 6, 0],
        [0, 4, 0, leaf, -1, 0, 0, 0], [0, 5, 0, leaf, -1, 0, 0, 0], [0, 6, 0, leaf, -1, 0, 0, 0],
        [1, 0, 1, modes[3], 3, 1, 2, 0], [1, 1, 0, leaf, -1, 0, 0, 0], [1, 2, 0, modes[4], 4, 3, 4, 1], [1, 3, 0, leaf, -1, 0, 0, 0], [1, 4, 0, leaf, -1, 0, 0, 0],
      ] as [number, number, number, string, number, number, number, number][];
      const leaves = [[0, 2, 4], [0, 4, 8], [0, 5, 1], [0, 6, 2], [1, 1, 16], [1, 3, 32], [1, 4, 64]];
      const values = nodes.map((n) => (n[4] < 0 ? 0 : thresholds[n[4]]!));
      const g = new GraphBuilder();
      const x = g.input('x', 'float', ['N', 2]);
      const double = g.op('Cast', [x], [attr.int('to', 11)]);
      const y = g.node('TreeEnsembleRegressor', [double], ['y'], [
        attr.ints('nodes_treeids', nodes.map((n) => n[0])), attr.ints('nodes_nodeids', nodes.map((n) => n[1])),
        attr.ints('nodes_featureids', nodes.map((n) => n[2])), attr.strings('nodes_modes', nodes.map((n) => n[3])),
        asTensor ? attr.tensor('nodes_values_as_tensor', { type: 'double', values }) : attr.floats('nodes_values', values),
        attr.ints('nodes_truenodeids', nodes.map((n) => n[5])), attr.ints('nodes_falsenodeids', nodes.map((n) => n[6])),
        attr.ints('nodes_missing_value_tracks_true', nodes.map((n) => n[7])),
        attr.ints('target_treeids', leaves.map((l) => l[0]!)), attr.ints('target_nodeids', leaves.map((l) => l[1]!)),
        attr.ints('target_ids', leaves.map(() => 0)), attr.floats('target_weights', leaves.map((l) => l[2]!)),
        attr.int('n_targets', 1), attr.floats('base_values', [0.5]), attr.string('aggregate_function', 'SUM'), attr.string('post_transform', 'NONE'),
      ], ML_DOMAIN)[0]!;
      g.output(y, 'float', ['N', 1]);
      return encodeModel(g.toModel({ metadata: {}, producer: 'other-tool' }));
    }

    /** Every pair of values on, just above and just below each threshold (as float32), and NaN. */
    function edgeRows(thresholds: number[]): Features {
      const values = [NaN, -100, 100, ...thresholds.flatMap((t) => [Math.fround(t), F32.up(Math.fround(t)), F32.down(Math.fround(t))])];
      const rows = values.flatMap((a) => values.map((b) => [a, b]));
      const data = new Float32Array(rows.length * 2);
      rows.forEach(([a, b], r) => ((data[r] = a!), (data[rows.length + r] = b!)));
      return { rows: rows.length, names: ['a', 'b'], data };
    }

    it.each([
      ['float thresholds', float32Thresholds, false],
      ['double thresholds between float32 values', doubleThresholds, true],
    ])('BRANCH_LEQ/GT/GTE/LT with %s route every row as onnxruntime does', async (_name, thresholds, asTensor) => {
      const bytes = foreignModel(thresholds, asTensor);
      const read = readTreeEnsemble(bytes);
      expect(read).toMatchObject({ input: 'cast', features: 'x', operator: 'TreeEnsembleRegressor' });
      const rows = edgeRows(thresholds);
      const { session } = await createSession(bytes, { provider: 'cpu', threads: 1 });
      try {
        const out = await scoreColumns(session, { x: rowMajor(rows) }, rows.rows);
        const ours = rawScores(read.ensemble, rows);
        for (let r = 0; r < rows.rows; r++) expect(Math.fround(ours[r]!)).toBe(out.y!.data[r]);
      } finally {
        await session.release();
      }
    });

    it('rejects BRANCH_EQ, which no x < threshold split expresses, naming it', () => {
      const bytes = foreignModel(float32Thresholds, false, ['BRANCH_LEQ', 'BRANCH_EQ', 'BRANCH_GTE', 'BRANCH_LT', 'BRANCH_GT']);
      expect(() => readTreeEnsemble(bytes)).toThrow(/BRANCH_EQ/);
    });
  });

  it('says clearly when the model has no tree node, or is not ONNX at all', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float', ['N', 2]);
    g.output(g.op('Sigmoid', [x]), 'float', ['N', 2]);
    const bytes = encodeModel(g.toModel({ metadata: {}, producer: 'gyre-test' }));
    expect(() => readTreeEnsemble(bytes)).toThrow(GyreError);
    expect(() => readTreeEnsemble(bytes)).toThrow(/no TreeEnsembleRegressor or TreeEnsembleClassifier node/);
    expect(() => readTreeEnsemble(new TextEncoder().encode('not a model at all'))).toThrow(GyreError);
  });
});

/** The float32 next to x towards +∞ (1) or −∞ (−1). */
function step(x: number, direction: 1 | -1): number {
  if (x === 0) return direction * 2 ** -149;
  const v = Float32Array.of(x);
  new Int32Array(v.buffer)[0]! += x > 0 === direction > 0 ? 1 : -1;
  return v[0]!;
}
