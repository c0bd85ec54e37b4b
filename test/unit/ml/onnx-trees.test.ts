/** An exported tree ensemble scores in onnxruntime exactly as trees/predict.ts scores it in TypeScript. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel, GraphBuilder, IR_VERSION, ML_DOMAIN, modelMetadata, OPSET_ML, OPSET_ONNX } from '../../../electron/ml/onnx/graph';
import { createSession, scoreColumns, type OutputColumn } from '../../../electron/ml/onnx/runtime';
import { addTreeEnsemble } from '../../../electron/ml/onnx/trees';
import { seeded, type Random } from '../../../electron/ml/random';
import { leafOf, predict } from '../../../electron/ml/trees/predict';
import type { Features, Tree, TreeEnsemble } from '../../../electron/ml/types';
import { rowMajor } from '../../helpers/features';

const F = 6;
const N = 2000;
/** Set GYRE_ONNX_DUMP=DIR to keep the exported files (for scripts/check-onnx.py) and the measured differences. */
const dumpDir = process.env.GYRE_ONNX_DUMP;

function randomFeatures(random: Random, rows: number): Features {
  const data = new Float32Array(F * rows);
  for (let i = 0; i < data.length; i++) {
    const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    data[i] = random.next() < 0.1 ? NaN : normal * 3;
  }
  return { rows, names: Array.from({ length: F }, (_, f) => `f${f}`), data };
}

/** Half the thresholds are feature values (so `x === threshold` happens and must go right), half arbitrary float32. */
function randomThreshold(random: Random, features: Features, f: number): number {
  if (random.next() < 0.5) {
    const x = features.data[f * features.rows + random.int(features.rows)]!;
    if (!Number.isNaN(x)) return x;
  }
  return Math.fround((random.next() - 0.5) * 8);
}

function randomTree(random: Random, features: Features, outputs: number, leaf: () => number[], maxDepth: number): Tree {
  const nodes: { feature: number; threshold: number; left: number; right: number; missingLeft: number; value: number[] }[] = [];
  const grow = (depth: number): number => {
    const id = nodes.length;
    const node = { feature: -1, threshold: 0, left: 0, right: 0, missingLeft: 0, value: new Array<number>(outputs).fill(0) };
    nodes.push(node);
    const stop = depth >= maxDepth || random.next() < (depth === 0 ? 0.05 : 0.2);
    if (stop) {
      node.value = leaf();
      return id;
    }
    node.feature = random.int(F);
    node.threshold = randomThreshold(random, features, node.feature);
    node.missingLeft = random.int(2);
    node.left = grow(depth + 1);
    node.right = grow(depth + 1);
    return id;
  };
  grow(0);
  return {
    feature: Int32Array.from(nodes, (n) => n.feature),
    threshold: Float32Array.from(nodes, (n) => n.threshold),
    left: Int32Array.from(nodes, (n) => n.left),
    right: Int32Array.from(nodes, (n) => n.right),
    missingLeft: Uint8Array.from(nodes, (n) => n.missingLeft),
    value: Float64Array.from(nodes.flatMap((n) => n.value)),
  };
}

interface Case {
  name: string;
  model: Omit<TreeEnsemble, 'kind' | 'trees' | 'featureNames'>;
  trees: number;
  leaf: (random: Random) => number[];
  classLabels?: (number | string)[];
}

/** Class probabilities at a forest's leaf: non-negative, summing to 1. */
const probabilities = (k: number) => (random: Random) => {
  const w = Array.from({ length: k }, () => random.next() ** 2);
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / sum);
};

const cases: Case[] = [
  { name: 'regression, boosted (sum)', trees: 25, leaf: (r) => [(r.next() - 0.5) * 80], model: { task: 'regression', outputs: 1, baseScore: [120.5], aggregate: 'sum', postTransform: 'none' } },
  { name: 'regression, forest (average)', trees: 20, leaf: (r) => [1000 + r.next() * 500], model: { task: 'regression', outputs: 1, baseScore: [0], aggregate: 'average', postTransform: 'none' } },
  { name: 'binary, one logit (boosted, logistic)', trees: 40, leaf: (r) => [(r.next() - 0.5) * 0.8], model: { task: 'binary', outputs: 1, baseScore: [-0.4], aggregate: 'sum', postTransform: 'logistic' } },
  { name: 'binary, averaged probabilities (forest)', trees: 30, leaf: probabilities(2), model: { task: 'binary', outputs: 2, baseScore: [0, 0], aggregate: 'average', postTransform: 'none' } },
  { name: 'multiclass, softmax (k = 3)', trees: 30, leaf: (r) => [0, 1, 2].map(() => (r.next() - 0.5) * 1.2), model: { task: 'multiclass', outputs: 3, baseScore: [0.1, -0.2, 0.3], aggregate: 'sum', postTransform: 'softmax' } },
  { name: 'multiclass, averaged probabilities (forest, k = 3)', trees: 20, leaf: probabilities(3), model: { task: 'multiclass', outputs: 3, baseScore: [0, 0, 0], aggregate: 'average', postTransform: 'none' } },
  { name: 'binary with string labels', trees: 15, leaf: (r) => [(r.next() - 0.5) * 2], classLabels: ['stays', 'churns'], model: { task: 'binary', outputs: 1, baseScore: [0.2], aggregate: 'sum', postTransform: 'logistic' } },
  { name: 'multiclass with string labels', trees: 12, leaf: (r) => [0, 1, 2, 3].map(() => r.next() - 0.5), classLabels: ['setosa', 'versicolor', 'virginica', 'other'], model: { task: 'multiclass', outputs: 4, baseScore: [0, 0, 0, 0], aggregate: 'sum', postTransform: 'softmax' } },
  { name: 'multiclass with integer labels', trees: 10, leaf: probabilities(3), classLabels: [10, 20, 30], model: { task: 'multiclass', outputs: 3, baseScore: [0, 0, 0], aggregate: 'average', postTransform: 'none' } },
];

function build(c: Case, seed: number): { model: TreeEnsemble; features: Features } {
  const random = seeded(seed);
  const features = randomFeatures(random, N);
  const trees = Array.from({ length: c.trees }, () => randomTree(random, features, c.model.outputs, () => c.leaf(random), 1 + random.int(6)));
  return { model: { kind: 'trees', ...c.model, trees, featureNames: features.names }, features };
}

function exportModel(model: TreeEnsemble, classLabels?: (number | string)[], metadata: Record<string, string> = {}): Uint8Array {
  const g = new GraphBuilder();
  const x = g.input('features', 'float', ['N', model.featureNames.length]);
  addTreeEnsemble(g, model, x, classLabels ? { classLabels } : {});
  return encodeModel(g.toModel({ metadata, producer: 'gyre-test' }));
}

async function score(bytes: Uint8Array, features: Features, batchRows?: number): Promise<Record<string, OutputColumn>> {
  const { session } = await createSession(bytes, { provider: 'cpu', threads: 1 });
  try {
    return await scoreColumns(session, { features: rowMajor(features) }, features.rows, batchRows ? { batchRows } : {});
  } finally {
    await session.release();
  }
}

/** The float32 next to x towards +∞ (step 1) or −∞ (step −1). */
function float32Step(x: number, step: 1 | -1): number {
  if (x === 0) return step * 2 ** -149;
  const value = Float32Array.of(x);
  new Int32Array(value.buffer)[0]! += x > 0 === step > 0 ? 1 : -1;
  return value[0]!;
}

/** The class index of the highest probability (the first of equals), or -1 when the top two are too close to call in float32. */
function argmax(p: Float64Array, row: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (p[row * k + j]! > p[row * k + best]!) best = j;
  for (let j = 0; j < k; j++) if (j !== best && p[row * k + best]! - p[row * k + j]! < 1e-6) return -1;
  return best;
}

const measured: Record<string, { maxDifference: number; rows: number; closeCalls?: number }> = {};
function dump(name: string, bytes: Uint8Array) {
  if (!dumpDir) return;
  mkdirSync(dumpDir, { recursive: true });
  writeFileSync(join(dumpDir, `${name.replace(/[^a-z0-9]+/gi, '-')}.onnx`), bytes);
  writeFileSync(join(dumpDir, 'parity.json'), JSON.stringify(measured, null, 2));
}

describe('tree ensemble export to ONNX', () => {
  it.each(cases.map((c, i) => [c.name, c, i] as const))('%s: onnxruntime equals predict.ts', async (_name, c, i) => {
    const { model, features } = build(c, 1000 + i);
    const bytes = exportModel(model, c.classLabels);
    const out = await score(bytes, features);
    const expected = predict(model, features);

    if (model.task === 'regression') {
      const prediction = out.prediction!;
      expect(prediction.dims).toEqual([N, 1]);
      let worst = 0;
      for (let r = 0; r < N; r++) worst = Math.max(worst, Math.abs(prediction.data[r] as number - expected[r]!) / Math.max(1, Math.abs(expected[r]!)));
      measured[c.name] = { maxDifference: worst, rows: N };
      dump(c.name, bytes);
      expect(worst).toBeLessThan(1e-6);
      return;
    }

    const k = model.task === 'binary' ? 2 : model.outputs;
    const probs = out.probabilities!;
    expect(probs.dims).toEqual([N, k]);
    let worst = 0;
    for (let i2 = 0; i2 < N * k; i2++) worst = Math.max(worst, Math.abs((probs.data[i2] as number) - expected[i2]!));
    const labels = c.classLabels ?? Array.from({ length: k }, (_, j) => j);
    const label = out.label!;
    expect(label.dims).toEqual([N]);
    let closeCalls = 0;
    for (let r = 0; r < N; r++) {
      const best = argmax(expected, r, k);
      if (best === -1) closeCalls++;
      else expect(typeof label.data[r] === 'bigint' ? Number(label.data[r]) : label.data[r], `row ${r}`).toBe(labels[best]);
    }
    measured[c.name] = { maxDifference: worst, rows: N, closeCalls };
    dump(c.name, bytes);
    expect(worst).toBeLessThan(1e-6);
    expect(closeCalls).toBeLessThan(N / 100);
  });

  it('sends x equal to the threshold right and NaN where missingLeft says', async () => {
    const t = Math.fround(0.1);
    const below = Math.fround(t - 1e-8); // the float32 just under t
    const tree = (missingLeft: number): Tree => ({
      feature: Int32Array.from([0, -1, -1]), threshold: Float32Array.from([t, 0, 0]), left: Int32Array.from([1, 0, 0]), right: Int32Array.from([2, 0, 0]),
      missingLeft: Uint8Array.from([missingLeft, 0, 0]), value: Float64Array.from([0, -1, 1]),
    });
    for (const missingLeft of [0, 1]) {
      const model: TreeEnsemble = { kind: 'trees', task: 'regression', outputs: 1, baseScore: [0], aggregate: 'sum', postTransform: 'none', trees: [tree(missingLeft)], featureNames: ['x'] };
      const features: Features = { rows: 3, names: ['x'], data: Float32Array.from([t, below, NaN]) };
      expect(below).toBeLessThan(t);
      const out = await score(exportModel(model), features);
      const expected = [1, -1, missingLeft ? -1 : 1];
      expect(Array.from(predict(model, features))).toEqual(expected);
      expect(Array.from(out.prediction!.data as Float32Array)).toEqual(expected);
    }
  });

  it('routes rows on a threshold, on its float32 neighbours and NaN to the leaf predict.ts picks, in every tree', async () => {
    const random = seeded(21);
    const base = randomFeatures(random, 500);
    const trees = Array.from({ length: 8 }, () => randomTree(random, base, 1, () => [0], 6));
    const rows: number[][] = [];
    for (const tree of trees) {
      tree.feature.forEach((f, node) => {
        if (f === -1) return;
        const t = tree.threshold[node]!;
        for (const x of [t, float32Step(t, -1), float32Step(t, 1), NaN]) {
          const row = base.names.map((_, g) => base.data[g * base.rows + (rows.length % base.rows)]!);
          row[f] = x;
          rows.push(row);
        }
      });
    }
    const features: Features = { rows: rows.length, names: base.names, data: Float32Array.from({ length: F * rows.length }, (_, i) => rows[i % rows.length]![Math.floor(i / rows.length)]!) };
    // Tree t writes the index of the leaf it reached into output t, so the raw scores name every leaf a row reached.
    const k = trees.length;
    const leafIds = trees.map((tree, t) => ({ ...tree, value: Float64Array.from({ length: tree.feature.length * k }, (_, i) => (i % k === t ? Math.floor(i / k) : 0)) }));
    const model: TreeEnsemble = { kind: 'trees', task: 'multiclass', outputs: k, baseScore: new Array<number>(k).fill(0), aggregate: 'sum', postTransform: 'none', trees: leafIds, featureNames: base.names };
    const reached = (await score(exportModel(model), features)).probabilities!.data as Float32Array;
    const wrong: string[] = [];
    trees.forEach((tree, t) => {
      for (let r = 0; r < features.rows; r++) if (reached[r * k + t] !== leafOf(tree, features, r)) wrong.push(`tree ${t}, row ${r}`);
    });
    expect(rows.length).toBeGreaterThan(400);
    expect(wrong).toEqual([]);
  });

  it('labels a one-logit binary model by probability even when every leaf is positive', async () => {
    // ORT's TreeEnsembleClassifier labels such a model by `score > 0.5`, not `σ(score) > 0.5`: scores in (0, 0.5] would be misnamed.
    const tree: Tree = {
      feature: Int32Array.from([0, -1, -1]), threshold: Float32Array.from([0, 0, 0]), left: Int32Array.from([1, 0, 0]), right: Int32Array.from([2, 0, 0]),
      missingLeft: Uint8Array.from([0, 0, 0]), value: Float64Array.from([0, 0.2, 0.6]),
    };
    const model: TreeEnsemble = { kind: 'trees', task: 'binary', outputs: 1, baseScore: [0], aggregate: 'sum', postTransform: 'logistic', trees: [tree], featureNames: ['x'] };
    const features: Features = { rows: 2, names: ['x'], data: Float32Array.from([-1, 1]) };
    const out = await score(exportModel(model, ['no', 'yes']), features);
    const p = (s: number) => 1 / (1 + Math.exp(-s));
    expect(out.label!.data).toEqual(['yes', 'yes']);
    const probs = Array.from(out.probabilities!.data as Float32Array);
    [1 - p(0.2), p(0.2), 1 - p(0.6), p(0.6)].forEach((v, i) => expect(probs[i]).toBeCloseTo(v, 6));
  });

  it('scores in batches exactly as in one run, and zero rows give empty outputs', async () => {
    const c = cases.find((x) => x.name === 'multiclass with string labels')!;
    const { model, features } = build(c, 7);
    const bytes = exportModel(model, c.classLabels);
    const whole = await score(bytes, features);
    const batched = await score(bytes, features, 777);
    expect(batched.probabilities).toEqual(whole.probabilities);
    expect(batched.label).toEqual(whole.label);
    const empty = await score(bytes, { rows: 0, names: features.names, data: new Float32Array(0) });
    expect(empty.probabilities!.dims).toEqual([0, 4]);
    expect(empty.label!.data).toEqual([]);
  });

  it('writes IR 8, ai.onnx 17, ai.onnx.ml 3 and metadata that reads back', () => {
    const { model } = build(cases[2]!, 3);
    const metadata = { 'gyre.model_version': 'mv_01', 'gyre.task': 'binary', 'gyre.features': JSON.stringify(model.featureNames) };
    const bytes = exportModel(model, undefined, metadata);
    dump('with metadata', bytes);
    const decoded = decodeModel(bytes);
    expect(Number(decoded.irVersion)).toBe(IR_VERSION);
    expect(decoded.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', OPSET_ONNX], [ML_DOMAIN, OPSET_ML]]);
    expect(decoded.producerName).toBe('gyre-test');
    expect(modelMetadata(decoded)).toEqual(metadata);
    expect(decoded.graph!.output!.map((o) => o.name)).toEqual(['label', 'probabilities']);
  });

  it('falls back to CPU with a note when CUDA cannot start', async () => {
    const { model, features } = build(cases[0]!, 5);
    const bytes = exportModel(model);
    for (let attempt = 0; attempt < 2; attempt++) {
      const { session, provider, note } = await createSession(bytes, { provider: 'cuda', threads: 1 });
      // On a machine where CUDA is installed the session is on CUDA; everywhere else (CI) it is on CPU, saying why.
      if (provider === 'cpu') expect(note).toMatch(/^(cuda|CUDA) .+; using cpu$/);
      else expect([provider, note]).toEqual(['cuda', '']);
      const out = await scoreColumns(session, { features: rowMajor(features) }, N);
      expect(out.prediction!.dims).toEqual([N, 1]);
      await session.release();
    }
  });

  it("says nothing when 'auto' finds no CUDA installed (it means CUDA where there is one), but notes it when CUDA was asked for", async () => {
    const bytes = exportModel(build(cases[0]!, 5).model);
    const auto = await createSession(bytes, { provider: 'auto', threads: 1, cudaInstalled: () => false });
    expect([auto.provider, auto.note]).toEqual(['cpu', '']);
    const asked = await createSession(bytes, { provider: 'cuda', threads: 1, cudaInstalled: () => false });
    expect(asked.provider).toBe('cpu');
    expect(asked.note).toMatch(/^CUDA support is not installed .+; using cpu$/);
    await Promise.all([auto.session.release(), asked.session.release()]);
  });

  it('feeds named raw columns of every input type, in batches, and names a missing one', async () => {
    const g = new GraphBuilder();
    g.output(g.op('Identity', [g.input('city', 'string', ['N', 1])], [], 'city_out'), 'string', ['N', 1]);
    g.output(g.op('Identity', [g.input('seen', 'double', ['N', 1])], [], 'seen_out'), 'double', ['N', 1]);
    g.output(g.op('Identity', [g.input('spend', 'float', ['N', 1])], [], 'spend_out'), 'float', ['N', 1]);
    const { session } = await createSession(encodeModel(g.toModel({ metadata: {}, producer: 'gyre-test' })), { provider: 'cpu', threads: 1 });
    const city = ['Lisbon', 'Porto', '', 'Faro', 'Évora'];
    const seen = Float64Array.from([Date.UTC(1999, 11, 31, 23, 59), Date.UTC(2024, 1, 29), NaN, 0, -1]);
    const spend = Float32Array.from([1.5, NaN, -2, 0, 1e30]);
    const out = await scoreColumns(session, { city, seen, spend }, 5, { batchRows: 2 });
    expect(out.city_out).toEqual({ data: city, dims: [5, 1] });
    expect(out.seen_out).toEqual({ data: seen, dims: [5, 1] });
    expect(out.spend_out).toEqual({ data: spend, dims: [5, 1] });
    await expect(scoreColumns(session, { city, seen }, 5)).rejects.toMatchObject({ code: 'VALIDATION', message: 'Missing input column spend.', details: { column: 'spend' } });
    await expect(scoreColumns(session, { city, seen, spend: Float64Array.from(spend) }, 5)).rejects.toThrow('Input spend takes float32, got float64 values');
    await session.release();
  });

  it('fetches only tensor outputs from a model that also returns a ZipMap', async () => {
    const { model, features } = build(cases[4]!, 11);
    const decoded = decodeModel(exportModel(model));
    // What skl2onnx emits by default: probabilities also as a sequence of maps, which onnxruntime-node cannot return.
    decoded.graph!.node!.push({ opType: 'ZipMap', domain: ML_DOMAIN, name: 'ZipMap_1', input: ['probabilities'], output: ['output_probability'], attribute: [{ name: 'classlabels_int64s', type: 7, ints: [0, 1, 2] }] });
    decoded.graph!.output!.push({ name: 'output_probability', type: { sequenceType: { elemType: { mapType: { keyType: 7, valueType: { tensorType: { elemType: 1 } } } } } } });
    const out = await score(encodeModel(decoded), features);
    expect(Object.keys(out).sort()).toEqual(['label', 'probabilities']);
  });

  it('rejects an ensemble whose trees point outside their features or nodes', () => {
    const { model } = build(cases[0]!, 9);
    const broken = { ...model, featureNames: model.featureNames.slice(0, 2) };
    expect(() => exportModel(broken)).toThrow(expect.objectContaining({ code: 'VALIDATION', message: expect.stringMatching(/feature \d is not one of the 2 features/) }));
    const tree = model.trees[0]!;
    const cyclic: Tree = { ...tree, feature: Int32Array.from([0, -1, -1]), threshold: new Float32Array(3), left: Int32Array.from([0, 0, 0]), right: Int32Array.from([2, 0, 0]), missingLeft: new Uint8Array(3), value: new Float64Array(3) };
    expect(() => exportModel({ ...model, trees: [cyclic] })).toThrow(/child 0 is not a node of its own/);
  });
});
