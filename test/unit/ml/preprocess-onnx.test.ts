/** The exported preprocessing computes in onnxruntime exactly the features transform.ts computes in TypeScript. */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { addLinear } from '../../../electron/ml/linear/onnx';
import { GraphBuilder, decodeModel, encodeModel } from '../../../electron/ml/onnx/graph';
import { addTreeEnsemble } from '../../../electron/ml/onnx/trees';
import { fitPreprocessor } from '../../../electron/ml/preprocess/fit';
import type { Frame } from '../../../electron/ml/preprocess/frame';
import { addPreprocessing, rawInputs } from '../../../electron/ml/preprocess/onnx';
import { defaultPlan, type ColumnStep } from '../../../electron/ml/preprocess/plan';
import { transform } from '../../../electron/ml/preprocess/transform';
import { seeded } from '../../../electron/ml/random';

const N = 400;
const random = seeded(42);
const pick = <T>(xs: T[]) => xs[random.int(xs.length)]!;
const maybe = (v: number) => (random.next() < 0.1 ? NaN : v);
const frame: Frame = {
  rows: N,
  columns: [
    { name: 'age', kind: 'number', semanticType: 'integer', values: Float64Array.from({ length: N }, () => maybe(18 + random.int(60))) },
    { name: 'spend', kind: 'number', semanticType: 'float', values: Float64Array.from({ length: N }, () => maybe(random.next() * 1000 - 100)) },
    { name: 'active', kind: 'number', semanticType: 'boolean', values: Float64Array.from({ length: N }, () => maybe(random.int(2))) },
    { name: 'city', kind: 'string', semanticType: 'categorical', values: Array.from({ length: N }, () => (random.next() < 0.1 ? null : pick(['Lisbon', 'Porto', 'Faro', 'Braga', 'Coimbra', 'Évora']))) },
    // Dates from 1900 to 2100, at any minute: leap years, negative epoch days, every hour.
    { name: 'seen', kind: 'number', semanticType: 'datetime', values: Float64Array.from({ length: N }, () => maybe(Date.UTC(1900, 0, 1) + Math.floor(random.next() * 200 * 365.25 * 1440) * 60_000)) },
  ],
};
/** ±Infinity in every numeric column at some rows, training rows included: it must count as missing everywhere. */
const infinite = (values: Float64Array) => values.map((v, i) => (i % 23 === 0 ? Infinity : i % 29 === 0 ? -Infinity : v));
// Scoring rows include a level never seen in training, and infinities.
const scoring: Frame = {
  ...frame,
  columns: frame.columns.map((c) => (c.kind === 'string' ? { ...c, values: c.values.map((v, i) => (i % 17 === 0 ? 'Faraway' : v)) } : { ...c, values: infinite(c.values as Float64Array) })),
};
const withInfinities: Frame = { ...frame, columns: scoring.columns.map((c, k) => (c.kind === 'string' ? frame.columns[k]! : c)) };
const asMissing: Frame = { ...withInfinities, columns: withInfinities.columns.map((c) => (c.kind === 'string' ? c : { ...c, values: (c.values as Float64Array).map((v) => (Number.isFinite(v) ? v : NaN)) })) };
const train = Uint32Array.from({ length: 300 }, (_, i) => i);

async function onnxFeatures(plan: ColumnStep[]): Promise<{ ts: Float32Array; onnx: Float32Array; width: number }> {
  const fitted = fitPreprocessor(withInfinities, plan, train);
  const g = new GraphBuilder();
  const features = addPreprocessing(g, fitted);
  g.output(features, 'float', ['N', fitted.featureNames.length]);
  const session = await ort.InferenceSession.create(encodeModel(g.toModel({ producer: 'gyre-test', metadata: {} })));
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of rawInputs(fitted)) {
    const column = scoring.columns.find((c) => c.name === input.column)!;
    if (input.elemType === 'string') feeds[input.column] = new ort.Tensor('string', (column.values as (string | null)[]).map((v) => v ?? ''), [N, 1]);
    else if (input.elemType === 'double') feeds[input.column] = new ort.Tensor('float64', Float64Array.from(column.values as Float64Array), [N, 1]);
    else feeds[input.column] = new ort.Tensor('float32', Float32Array.from(column.values as Float64Array), [N, 1]);
  }
  const out = (await session.run(feeds))[features]!.data as Float32Array;
  const f = transform(fitted, scoring);
  // transform.ts is column-major, the graph's tensor row-major.
  const width = fitted.featureNames.length;
  const ts = new Float32Array(N * width);
  for (let j = 0; j < width; j++) for (let r = 0; r < N; r++) ts[r * width + j] = f.data[j * N + r]!;
  return { ts, onnx: out, width };
}

function expectClose(a: Float32Array, b: Float32Array, relative: number) {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]!)) expect(b[i], `index ${i}`).toBeNaN();
    else expect(Math.abs(a[i]! - b[i]!), `index ${i}: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(a[i]!)));
  }
}

describe('preprocessing exported to ONNX', () => {
  it('gives the trees defaults bit for bit: NaN kept, ordinal codes, date parts', async () => {
    const { ts, onnx } = await onnxFeatures(defaultPlan(frame, '', train, 'trees'));
    expectClose(ts, onnx, 0);
  });

  it('gives the linear defaults to float32 rounding: imputed, indicators, standardized, one-hot with "(other)"', async () => {
    const { ts, onnx } = await onnxFeatures(defaultPlan(frame, '', train, 'linear'));
    expectClose(ts, onnx, 1e-6);
  });

  it('agrees on clipping, min-max scaling, constant fills, most-frequent levels and imputed dates', async () => {
    const plan: ColumnStep[] = [
      { column: 'age', action: 'numeric', impute: 'constant', fill: -1, indicator: true, scale: 'minmax', clip: [0.05, 0.95] },
      { column: 'spend', action: 'numeric', impute: 'mean', indicator: false, scale: 'none', clip: [0.1, 0.9] },
      { column: 'active', action: 'boolean', impute: 'most_frequent' },
      { column: 'city', action: 'categorical', impute: 'most_frequent', encode: 'onehot', maxLevels: 3 },
      { column: 'seen', action: 'datetime', parts: ['year', 'month', 'dayofweek', 'hour', 'days'], impute: 'median' },
    ];
    const { ts, onnx } = await onnxFeatures(plan);
    expectClose(ts, onnx, 1e-6);
  });

  it('takes ±Infinity as a missing value when fitting and transforming, as the import does', () => {
    for (const family of ['trees', 'linear'] as const) {
      const plan = defaultPlan(frame, '', train, family);
      const a = fitPreprocessor(withInfinities, plan, train);
      const b = fitPreprocessor(asMissing, plan, train);
      expect(a).toEqual(b);
      expect(transform(a, withInfinities).data).toEqual(transform(b, asMissing).data);
    }
  });

  it('shapes every constant an elementwise node reads as [1, 1], never as a scalar (onnxruntime broadcasts [N, 1] against [] one element at a time)', () => {
    const plan: ColumnStep[] = [
      { column: 'age', action: 'numeric', impute: 'constant', fill: -1, indicator: true, scale: 'minmax', clip: [0.05, 0.95] },
      { column: 'spend', action: 'numeric', impute: 'mean', indicator: false, scale: 'standard', clip: null },
      { column: 'active', action: 'boolean', impute: 'most_frequent' },
      { column: 'city', action: 'categorical', impute: 'most_frequent', encode: 'onehot', maxLevels: 3 },
      { column: 'seen', action: 'datetime', parts: ['year', 'month', 'dayofweek', 'hour', 'days'], impute: 'median' },
    ];
    const fitted = fitPreprocessor(withInfinities, plan, train);
    const F = fitted.featureNames.length;
    const linear = { kind: 'linear' as const, task: 'binary' as const, classes: 2, outputs: 1, weights: new Float64Array(F).fill(0.1), bias: new Float64Array(1), featureNames: fitted.featureNames };
    const stump = { feature: Int32Array.of(0, -1, -1), threshold: Float32Array.of(0.5, 0, 0), left: Int32Array.of(1, -1, -1), right: Int32Array.of(2, -1, -1), missingLeft: Uint8Array.of(1, 0, 0), value: Float64Array.of(0, -1, 1) };
    const trees = { kind: 'trees' as const, task: 'binary' as const, outputs: 1, baseScore: [0], aggregate: 'sum' as const, postTransform: 'logistic' as const, trees: [stump], featureNames: fitted.featureNames };
    for (const head of ['linear', 'trees'] as const) {
      const g = new GraphBuilder();
      const features = addPreprocessing(g, fitted);
      if (head === 'linear') addLinear(g, linear, features);
      else addTreeEnsemble(g, trees, features);
      const graph = decodeModel(encodeModel(g.toModel({ producer: 'gyre-test', metadata: {} }))).graph!;
      const constants = new Map(graph.initializer!.map((t) => [t.name!, (t.dims ?? []).map(Number)]));
      const elementwise = new Set(['Add', 'Sub', 'Mul', 'Div', 'Where', 'Less', 'LessOrEqual', 'Greater', 'Equal']);
      const read = graph.node!.filter((n) => elementwise.has(n.opType!)).flatMap((n) => n.input!.filter((i) => constants.has(i)).map((i) => `${n.name} ${JSON.stringify(constants.get(i))}`));
      expect(read.length, head).toBeGreaterThan(20);
      expect(read.filter((r) => !r.endsWith('[1,1]')), head).toEqual([]);
    }
  });
});
