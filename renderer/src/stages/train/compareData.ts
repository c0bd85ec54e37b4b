/**
 * What the comparison of 2–4 runs shows, computed once for the screen and the HTML report alike: the metric table
 * with the best value of each row, the parameters that differ, and each chart's series.
 */
import type { Run, RunCurves, RunEvaluation } from '@contract';
import { HEADLINE, METRIC_LABELS, SHORT_MODEL_NAMES } from './runText';

export interface Compared {
  run: Run;
  evaluation: RunEvaluation;
  curves: RunCurves;
}

/** A run's name in legends and column heads: the model, and the run id when two runs share a model. */
export function runLabel(run: Pick<Run, 'model' | 'id'>, all: readonly Pick<Run, 'model' | 'id'>[]): string {
  const twin = all.some((r) => r !== run && r.model === run.model);
  return twin ? `${SHORT_MODEL_NAMES[run.model]} (${run.id.slice(4, 10)})` : SHORT_MODEL_NAMES[run.model];
}

export interface MetricRow {
  key: string;
  label: string;
  values: (number | null)[];
  /** Index of the best value, or -1 when no value or the direction is unknown. */
  best: number;
}

const LOWER_IS_BETTER = new Set(['logLoss', 'brier', 'rmse', 'mae', 'mape']);

export function metricRows(runs: readonly Run[]): MetricRow[] {
  const keys = [...new Set([...HEADLINE[runs[0]!.task].map((m) => m.key), ...runs.flatMap((r) => Object.keys(r.metrics))])];
  return keys.map((key) => {
    const values = runs.map((r) => r.metrics[key] ?? null);
    const present = values.filter((v): v is number => v !== null);
    const target = present.length ? (LOWER_IS_BETTER.has(key) ? Math.min(...present) : Math.max(...present)) : null;
    return { key, label: METRIC_LABELS[key] ?? key, values, best: target === null || present.length < 2 ? -1 : values.indexOf(target) };
  });
}

export interface ParamRow {
  name: string;
  values: string[];
  differs: boolean;
}

/** Every parameter any run has, as text; runs without it show "—". Differing rows first. */
export function paramRows(runs: readonly Run[]): ParamRow[] {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].filter((n) => n !== 'trainingNote');
  const text = (v: unknown) => (v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const rows = names.map((name) => {
    const values = runs.map((r) => text(r.params[name]));
    return { name, values, differs: new Set(values).size > 1 };
  });
  return [...rows.filter((r) => r.differs), ...rows.filter((r) => !r.differs)];
}

export interface ChartSpec {
  title: string;
  xName: string;
  yName: string;
  unitSquare: boolean;
  scatter: boolean;
  series: { name: string; x: number[]; y: number[] }[];
}

/** The charts that fit the task, each with one series per run that has the data. */
export function chartSpecs(compared: readonly Compared[]): ChartSpec[] {
  const runs = compared.map((c) => c.run);
  const named = (pick: (c: Compared) => { x: number[]; y: number[] } | null | undefined) =>
    compared.flatMap((c) => {
      const s = pick(c);
      return s ? [{ name: runLabel(c.run, runs), x: s.x, y: s.y }] : [];
    });
  const specs: ChartSpec[] = [];
  const task = runs[0]!.task;
  if (task === 'binary') {
    specs.push({ title: 'ROC curve', xName: 'False-positive rate', yName: 'True-positive rate', unitSquare: true, scatter: false, series: named((c) => c.evaluation.roc) });
    specs.push({ title: 'Precision–recall curve', xName: 'Recall', yName: 'Precision', unitSquare: false, scatter: false, series: named((c) => c.evaluation.pr) });
    specs.push({ title: 'Calibration', xName: 'Mean predicted probability', yName: 'Share of positives', unitSquare: true, scatter: false, series: named((c) => (c.evaluation.calibration ? { x: c.evaluation.calibration.predicted, y: c.evaluation.calibration.observed } : null)) });
  }
  if (task === 'regression') {
    specs.push({ title: 'Predicted against actual', xName: 'Predicted', yName: 'Actual', unitSquare: false, scatter: true, series: named((c) => (c.evaluation.residuals ? { x: c.evaluation.residuals.predicted, y: c.evaluation.residuals.actual } : null)) });
  }
  const learning = named((c) => {
    const loss = c.curves.series['validation loss'] ?? c.curves.series['training loss'];
    return loss ? { x: loss.map((_, i) => i + 1), y: loss } : null;
  });
  if (learning.length) specs.push({ title: 'Learning curves (validation loss where held out, else training loss)', xName: 'Round or epoch', yName: 'Loss', unitSquare: false, scatter: false, series: learning });
  return specs.filter((s) => s.series.length > 0);
}
