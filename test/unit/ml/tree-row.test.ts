/**
 * TreeSHAP of one prediction through an exported pipeline: the file computes the features, its own trees are
 * explained, and the contributions are added up per raw column — summing to the row's raw score minus the mean.
 */
import { describe, expect, it } from 'vitest';
import type { ModelKind } from '../../../electron/contract/runs';
import { takeRows } from '../../../electron/ml/explain/frame-edit';
import { treeRowExplanation } from '../../../electron/ml/explain/tree-row';
import { treeShap } from '../../../electron/ml/explain/treeshap';
import { decodeModel, encodeModel } from '../../../electron/ml/onnx/graph';
import { readTreeEnsemble } from '../../../electron/ml/onnx/read-trees';
import { createSession, scoreColumns } from '../../../electron/ml/onnx/runtime';
import { onnxInputs } from '../../../electron/ml/onnx-inputs';
import { fitPipeline, type FittedPipeline } from '../../../electron/ml/pipeline';
import type { StepChange } from '../../../electron/ml/preprocess/plan';
import type { Frame } from '../../../electron/ml/preprocess/frame';
import { transform } from '../../../electron/ml/preprocess/transform';
import { seeded } from '../../../electron/ml/random';
import { encodeTarget } from '../../../electron/ml/target';
import type { Task, TreeEnsemble } from '../../../electron/ml/types';

const ROWS = 500;

/** Customers whose churn and spend follow tenure, plan and signup year; `noise` follows nothing; ids are dropped. */
function customers(): Frame {
  const random = seeded(5);
  const tenure = new Float64Array(ROWS), signup = new Float64Array(ROWS), noise = new Float64Array(ROWS), spend = new Float64Array(ROWS), churned = new Float64Array(ROWS);
  const plan: (string | null)[] = [], id: (string | null)[] = [], tier: (string | null)[] = [];
  for (let i = 0; i < ROWS; i++) {
    tenure[i] = i % 25 === 0 ? NaN : Math.floor(random.next() * 60);
    plan.push(['basic', 'pro', 'team'][random.int(3)]!);
    tier.push(['a', 'b', 'c', 'd'][random.int(4)]!);
    id.push(`c${i}`);
    const year = 2019 + random.int(5);
    signup[i] = Date.UTC(year, random.int(12), 1 + random.int(28));
    noise[i] = random.next();
    const t = Number.isNaN(tenure[i]!) ? 30 : tenure[i]!;
    spend[i] = 20 + t * 1.5 + (plan[i] === 'team' ? 40 : plan[i] === 'pro' ? 15 : 0) + (year - 2019) * 3 + random.next() * 5;
    const logit = 1.5 - t / 12 + (plan[i] === 'basic' ? 1 : 0) + (year - 2021) * 0.3;
    churned[i] = random.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return {
    rows: ROWS,
    columns: [
      { name: 'customer_id', kind: 'string', semanticType: 'identifier', values: id },
      { name: 'tenure', kind: 'number', semanticType: 'integer', values: tenure },
      { name: 'plan', kind: 'string', semanticType: 'categorical', values: plan },
      { name: 'tier', kind: 'string', semanticType: 'categorical', values: tier },
      { name: 'signup_date', kind: 'number', semanticType: 'datetime', values: signup },
      { name: 'noise', kind: 'number', semanticType: 'float', values: noise },
      { name: 'spend', kind: 'number', semanticType: 'float', values: spend },
      { name: 'churned', kind: 'number', semanticType: 'boolean', values: churned },
    ],
  };
}

const FRAME = customers();
const ALL = Uint32Array.from({ length: ROWS }, (_, i) => i);
const BACKGROUND = takeRows(FRAME, Array.from({ length: 100 }, (_, i) => i * 5));
const EXPLAINED = [3, 101, 250, 498];

const TASKS: Record<string, Task> = { churned: 'binary', spend: 'regression', plan: 'multiclass' };

async function fit(model: ModelKind, target: 'churned' | 'spend' | 'plan', params: Record<string, unknown> = {}, columns: StepChange[] = []): Promise<FittedPipeline> {
  // The other targets are not features: leave them out.
  const frame: Frame = { rows: ROWS, columns: FRAME.columns.filter((c) => c.name === target || !['churned', 'spend'].includes(c.name)) };
  const task = TASKS[target]!;
  const encoded = encodeTarget(frame.columns.find((c) => c.name === target)!, task);
  return fitPipeline({ frame, target, encoded, train: ALL.slice(0, 400), test: ALL.slice(400), model, params, seed: 7, provider: 'cpu', metadata: { task }, columns });
}

/** The file's own outputs for some rows of FRAME. */
async function fileOutputs(p: FittedPipeline, rows: number[], output: string): Promise<Float32Array> {
  const { session } = await createSession(p.onnx, { provider: 'cpu' });
  try {
    const out = await scoreColumns(session, onnxInputs(p.inputs, FRAME, Uint32Array.from(rows)), rows.length, { outputs: [output] });
    return out[output]!.data as Float32Array;
  } finally {
    await session.release();
  }
}

async function explain(p: FittedPipeline, row: number, classIndex?: number) {
  const explained = await treeRowExplanation(p.onnx, takeRows(FRAME, [row]), BACKGROUND, p.inputs, classIndex === undefined ? {} : { classIndex });
  expect(explained).not.toBeNull();
  return explained!;
}

function expectSums(e: { contributions: { contribution: number }[]; baseValue: number; prediction: number }): void {
  const sum = e.contributions.reduce((s, c) => s + c.contribution, 0);
  expect(Math.abs(sum - (e.prediction - e.baseValue))).toBeLessThan(1e-6);
}

describe('treeRowExplanation', () => {
  it('explains a boosted binary model in log-odds: the prediction is the logit of the file’s probability, the contributions sum to it minus the base value', async () => {
    const p = await fit('gbdt', 'churned', { trees: 30, depth: 3 });
    const probabilities = await fileOutputs(p, EXPLAINED, 'probabilities');
    const trees = p.estimator as TreeEnsemble;
    const background = treeShap(trees, transform(p.preprocessor, FRAME, Uint32Array.from({ length: 100 }, (_, i) => i * 5)), transform(p.preprocessor, FRAME, Uint32Array.of(0)));
    for (const [i, row] of EXPLAINED.entries()) {
      const e = await explain(p, row);
      expect(e.output).toBe('margin');
      expectSums(e);
      const positive = probabilities[i * 2 + 1]!;
      // The file's probabilities are float32, so their logit holds about 2⁻²⁴ / (p(1 − p)): well under 1e-6 for these rows.
      expect(positive).toBeGreaterThan(0.05);
      expect(positive).toBeLessThan(0.95);
      expect(Math.abs(e.prediction - Math.log(positive / (1 - positive)))).toBeLessThan(1e-6);
      expect(e.baseValue).toBeCloseTo(background.expectedValue[0]!, 12);
      // Every input column once, in the file's input order; the dropped identifier is not one of them.
      expect(e.contributions.map((c) => c.column)).toEqual(p.inputs.map((x) => x.column));
      expect(e.contributions.map((c) => c.column)).not.toContain('customer_id');
    }
  });

  it('gives exactly 0 to a column the trees never split on', async () => {
    // Three stumps split on the strongest signals only.
    const p = await fit('gbdt', 'churned', { trees: 3, depth: 1 });
    const read = readTreeEnsemble(p.onnx);
    const split = new Set<string>();
    for (const tree of read.ensemble.trees) for (const f of tree.feature) if (f !== -1) split.add(p.preprocessor.featureNames[f]!.split(/[=.]/)[0]!);
    const unused = p.inputs.map((i) => i.column).filter((c) => !split.has(c));
    expect(unused.length).toBeGreaterThan(0);
    const e = await explain(p, 101);
    expectSums(e);
    for (const column of unused) expect(e.contributions.find((c) => c.column === column)!.contribution).toBe(0);
    expect(e.contributions.some((c) => c.contribution !== 0)).toBe(true);
  });

  it('adds one-hot and date-part features into their raw column', async () => {
    const p = await fit('gbdt', 'churned', { trees: 20, depth: 4 }, [{ column: 'plan', encode: 'onehot' }]);
    const names = p.preprocessor.featureNames;
    expect(names).toEqual(expect.arrayContaining(['plan=basic', 'plan=pro', 'plan=team', 'plan=(other)', 'signup_date.year', 'signup_date.month']));
    const row = 250;
    const e = await explain(p, row);
    expectSums(e);
    // The same row explained per feature on the in-memory model, from features computed in TypeScript.
    const perFeature = treeShap(p.estimator as TreeEnsemble, transform(p.preprocessor, FRAME, Uint32Array.from({ length: 100 }, (_, i) => i * 5)), transform(p.preprocessor, FRAME, Uint32Array.of(row)));
    const columnSum = (prefix: string) => names.reduce((s, n, f) => (n === prefix || n.startsWith(`${prefix}=`) || n.startsWith(`${prefix}.`) ? s + perFeature.contributions[f]! : s), 0);
    for (const column of ['plan', 'signup_date', 'tenure', 'tier', 'noise']) {
      expect(e.contributions.find((c) => c.column === column)!.contribution, column).toBeCloseTo(columnSum(column), 12);
    }
    expect(e.prediction).toBeCloseTo(perFeature.rawScore[0]!, 12);
    expect(e.contributions.find((c) => c.column === 'plan')!.contribution).not.toBe(0);
  });

  it('explains a random forest in the averaged probability of the positive class', async () => {
    const p = await fit('rf', 'churned', { trees: 25, depth: 6 });
    const probabilities = await fileOutputs(p, EXPLAINED, 'probabilities');
    for (const [i, row] of EXPLAINED.entries()) {
      const e = await explain(p, row);
      expect(e.output).toBe('probability');
      expectSums(e);
      expect(Math.abs(e.prediction - probabilities[i * 2 + 1]!)).toBeLessThan(1e-6);
      // The negative class's contributions mirror the positive's: the two probabilities sum to 1.
      const negative = await explain(p, row, 0);
      expect(negative.prediction + e.prediction).toBeCloseTo(1, 12);
      negative.contributions.forEach((c, j) => expect(c.contribution + e.contributions[j]!.contribution).toBeCloseTo(0, 12));
    }
  });

  it('explains a regression model in its predicted value', async () => {
    const p = await fit('gbdt', 'spend', { trees: 40, depth: 4 });
    const predictions = await fileOutputs(p, EXPLAINED, 'prediction');
    for (const [i, row] of EXPLAINED.entries()) {
      const e = await explain(p, row);
      expect(e.output).toBe('value');
      expectSums(e);
      // The file outputs float32 values (about 7 significant digits).
      expect(Math.abs(e.prediction - predictions[i]!)).toBeLessThan(1e-6 * Math.abs(predictions[i]!));
    }
    // Spend depends on tenure most of all.
    const e = await explain(p, 101);
    const top = [...e.contributions].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))[0]!;
    expect(top.column).toBe('tenure');
  });

  it('explains a boosted multiclass model in the chosen class’s raw score, whose softmax is the file’s probabilities', async () => {
    const p = await fit('gbdt', 'plan', { trees: 15, depth: 3 });
    const probabilities = await fileOutputs(p, EXPLAINED, 'probabilities');
    for (const [i, row] of EXPLAINED.entries()) {
      const scores: number[] = [];
      for (const k of [0, 1, 2]) {
        const e = await explain(p, row, k);
        expect(e.output).toBe('margin');
        expectSums(e);
        expect(e.contributions.map((c) => c.column)).not.toContain('plan');
        scores.push(e.prediction);
      }
      const total = scores.reduce((s, v) => s + Math.exp(v), 0);
      scores.forEach((v, k) => expect(Math.abs(Math.exp(v) / total - probabilities[i * 3 + k]!)).toBeLessThan(1e-6));
    }
    await expect(treeRowExplanation(p.onnx, takeRows(FRAME, [3]), BACKGROUND, p.inputs, { classIndex: 3 })).rejects.toThrow('Class 3 is not one of the model’s 3 classes.');
  });

  it('returns null for a model without trees, and for a file written before feature_sources', async () => {
    const linear = await fit('linear', 'churned');
    expect(await treeRowExplanation(linear.onnx, takeRows(FRAME, [3]), BACKGROUND, linear.inputs)).toBeNull();

    const p = await fit('gbdt', 'churned', { trees: 5, depth: 2 });
    const model = decodeModel(p.onnx);
    expect(model.metadataProps.map((m) => m.key)).toContain('feature_sources');
    model.metadataProps = model.metadataProps.filter((m) => m.key !== 'feature_sources');
    expect(await treeRowExplanation(encodeModel(model), takeRows(FRAME, [3]), BACKGROUND, p.inputs)).toBeNull();
  });

  it('records each feature’s raw column in the file, in feature order', async () => {
    const p = await fit('linear', 'churned');
    const meta = Object.fromEntries(decodeModel(p.onnx).metadataProps.map((m) => [m.key, m.value]));
    const names = JSON.parse(meta.feature_names!) as string[];
    const sources = JSON.parse(meta.feature_sources!) as string[];
    expect(sources).toHaveLength(names.length);
    names.forEach((n, f) => expect(n === sources[f] || n.startsWith(`${sources[f]}=`) || n.startsWith(`${sources[f]}.`) || n === `${sources[f]}_missing`, n).toBe(true));
    expect(new Set(sources)).toEqual(new Set(p.inputs.map((i) => i.column)));
  });
});
