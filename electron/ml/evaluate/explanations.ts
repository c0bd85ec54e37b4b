/**
 * The report's explanations, through the exported model on raw columns (so they read the same for any model):
 * permutation importance of every input column on a seeded sample of the rows evaluated, and partial dependence
 * (with ICE lines) of the most important columns.
 */
import type { Explanations } from '../../contract/evaluations';
import * as m from '../metrics';
import type { ScoreRows } from '../explain/frame-edit';
import { partialDependence } from '../explain/partial-dependence';
import { permutationImportance } from '../explain/permutation';
import type { Frame } from '../preprocess/frame';
import type { Task } from '../types';

/** The model as the explanations need it: all outputs per row (probabilities [rows × classes], or values). */
export type PredictRows = (frame: Frame) => Promise<Float64Array>;

export interface ExplainOptions {
  task: Task;
  classLabels: string[] | null;
  target: string;
  /** Per row of `frame`: class index or value. */
  yTrue: Float64Array;
  repeats: number;
  seed: number;
  /** Rows permutation importance is computed on (a seeded sample); default 20,000. */
  maxRows?: number;
  /** Columns whose partial dependence is drawn, most important first; default 5. */
  dependence?: number;
  onProgress?: (done: number, total: number) => void;
}

/** A column the model never reads under this name, so it can carry the truth beside the inputs. */
const TRUTH = '\u0000truth';

/** The class whose probability the single-output views show: the positive class, or the commonest true class. */
export function shownClass(task: Task, classLabels: string[] | null, yTrue: Float64Array): number {
  if (task === 'binary') return 1;
  if (task === 'regression' || !classLabels) return 0;
  const counts = new Float64Array(classLabels.length);
  for (const y of yTrue) counts[y]! += 1;
  return counts.indexOf(Math.max(...counts));
}

/** What one number per row means for this model: "probability of churned = true", "predicted price". */
export function outputLabel(task: Task, classLabels: string[] | null, target: string, shown: number): string {
  return task === 'regression' ? `predicted ${target}` : `probability of ${target} = ${classLabels![shown]}`;
}

/** One number per row from all of a model's outputs: the shown class's probability, or the value. */
export function singleOutput(predict: PredictRows, task: Task, classes: number, shown: number): ScoreRows {
  if (task === 'regression') return predict;
  return async (frame) => {
    const all = await predict(frame);
    return Float64Array.from({ length: frame.rows }, (_, i) => all[i * classes + shown]!);
  };
}

export async function explanations(frame: Frame, predict: PredictRows, o: ExplainOptions): Promise<Explanations> {
  const classes = o.classLabels?.length ?? 1;
  const shown = shownClass(o.task, o.classLabels, o.yTrue);
  const inputs = frame.columns.map((c) => c.name);
  const withTruth: Frame = { rows: frame.rows, columns: [...frame.columns, { name: TRUTH, kind: 'number', semanticType: 'float', values: o.yTrue }] };
  const metric = o.task === 'binary' ? { name: 'ROC AUC', higher: true } : o.task === 'multiclass' ? { name: 'accuracy', higher: true } : { name: 'RMSE', higher: false };
  let done = 0;
  const total = inputs.length * o.repeats + 1;
  const evaluate = async (f: Frame): Promise<number> => {
    const truth = f.columns.find((c) => c.name === TRUTH)!.values as Float64Array;
    const out = await predict({ rows: f.rows, columns: f.columns.filter((c) => c.name !== TRUTH) });
    o.onProgress?.(++done, total);
    if (o.task === 'regression') return m.rootMeanSquaredError(truth, out);
    const labels = Int32Array.from(truth);
    if (o.task === 'binary') return m.rocAuc(labels, m.positiveColumn(out, classes));
    return m.accuracy(labels, m.argmaxLabels(out, classes));
  };
  const importance = await permutationImportance(withTruth, evaluate, { repeats: o.repeats, seed: o.seed, columns: inputs, maxRows: o.maxRows ?? 20_000, higherIsBetter: metric.higher });
  const score = singleOutput(predict, o.task, classes, shown);
  const top = importance.importances.slice(0, o.dependence ?? 5).filter((c) => c.mean > 0 || importance.importances.every((x) => x.mean <= 0));
  const dependence: Explanations['dependence'] = [];
  for (const c of top) {
    const pd = await partialDependence(frame, c.column, score, { seed: o.seed, iceRows: 30 });
    const isDate = frame.columns.find((f) => f.name === c.column)?.semanticType === 'datetime';
    dependence.push({ column: c.column, kind: isDate ? 'date' : pd.kind, grid: Array.from(pd.grid as ArrayLike<number | string>), average: Array.from(pd.average), ice: pd.ice.lines.map((l) => Array.from(l)) });
  }
  return {
    metric: metric.name,
    better: metric.higher ? 'higher' : 'lower',
    baseline: importance.baseline,
    repeats: o.repeats,
    rows: Math.min(frame.rows, o.maxRows ?? 20_000),
    importance: importance.importances.map((c) => ({ column: c.column, mean: c.mean, std: c.std })),
    output: outputLabel(o.task, o.classLabels, o.target, shown),
    dependence,
  };
}
