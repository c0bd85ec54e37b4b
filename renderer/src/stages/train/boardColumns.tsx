/**
 * The leaderboard's columns for a task: its headline test metrics, the charter's success criteria as pass/fail
 * badges against "acceptable" and "target", and what each model costs (training time, one-row latency, file size).
 * A column's id is what the main process sorts by (`metric:rocAuc`, `criterion:roc_auc`, `train`…).
 */
import { Badge } from '@mantine/core';
import { criterionValue, METRIC_INFO, verdict, type BoardColumn, type ModelTask, type RunSummary as Run, type SuccessCriterion, type Verdict } from '@contract';
import { formatBytes, formatMetric, formatMs, formatSeconds, HEADLINE } from './runText';

export interface Column {
  id: BoardColumn;
  label: string;
  /** Shown on hover over the header. */
  help?: string;
  better: 'higher' | 'lower';
  value(run: Run): number | null;
  render(run: Run): React.ReactNode;
  /** Whether the best value of the column is marked (not on pass/fail badges). */
  marksBest: boolean;
}

const VERDICT_COLORS: Record<Verdict, string> = { target: 'teal', acceptable: 'yellow', fail: 'red', unknown: 'gray' };
const VERDICT_WORDS: Record<Verdict, string> = { target: 'meets the target', acceptable: 'acceptable, short of the target', fail: 'below acceptable', unknown: 'not measured' };

export function boardColumns(task: ModelTask, criteria: readonly SuccessCriterion[]): Column[] {
  const metrics: Column[] = HEADLINE[task].map((m) => ({
    id: `metric:${m.key}`,
    label: m.label,
    better: m.better,
    marksBest: true,
    value: (r) => r.metrics[m.key] ?? null,
    render: (r) => formatMetric(r.metrics[m.key]),
  }));
  const charter: Column[] = criteria.map((c) => {
    const info = METRIC_INFO[c.metric];
    return {
      id: `criterion:${c.metric}`,
      label: `${info.label} ${c.direction === 'higher' ? '≥' : '≤'} ${c.acceptable}`,
      help: `Charter: acceptable ${c.acceptable}, target ${c.target}${info.unit ? ` ${info.unit}` : ''} (${c.direction} is better)`,
      better: c.direction,
      marksBest: false,
      value: (r) => criterionValue(r, c.metric),
      render: (r) => {
        const v = criterionValue(r, c.metric);
        const judged = verdict(v, c);
        // A native title, not a Tooltip component: a page of rows carries one badge per criterion.
        return (
          <Badge variant="light" color={VERDICT_COLORS[judged]} style={{ textTransform: 'none' }} title={`${info.label} ${formatMetric(v)}: ${VERDICT_WORDS[judged]}`} aria-label={`${info.label}: ${VERDICT_WORDS[judged]}`}>
            {judged === 'unknown' ? '—' : `${judged === 'fail' ? '✗' : '✓'} ${formatMetric(v)}`}
          </Badge>
        );
      },
    };
  });
  const cost: Column[] = [
    { id: 'train', label: 'Train time', better: 'lower', marksBest: true, value: (r) => r.trainSeconds, render: (r) => formatSeconds(r.trainSeconds) },
    { id: 'latency', label: 'p95 latency', help: 'One row per call through the exported file', better: 'lower', marksBest: true, value: (r) => r.cost?.latencyP95Ms ?? null, render: (r) => formatMs(r.cost?.latencyP95Ms) },
    { id: 'size', label: 'Size', help: 'The exported ONNX file', better: 'lower', marksBest: true, value: (r) => r.onnx.size, render: (r) => formatBytes(r.onnx.size) },
  ];
  return [...metrics, ...charter, ...cost];
}

/** Sorting: the column, and whether the best come first (the default) or the worst. */
export interface BoardSort {
  id: BoardColumn;
  bestFirst: boolean;
}

/** Best first by the first charter criterion (what success means here), else the task's headline metric. */
export function defaultSort(columns: readonly Column[]): BoardSort {
  return { id: (columns.find((c) => c.id.startsWith('criterion:')) ?? columns[0]!).id, bestFirst: true };
}

/** The main process's order for a sort: newest first is "best" for the creation time. */
export function descending(sort: BoardSort, columns: readonly Column[]): boolean {
  const better = sort.id === 'created' ? 'higher' : (columns.find((c) => c.id === sort.id)?.better ?? 'higher');
  return (better === 'higher') === sort.bestFirst;
}

/** The best value of each column that marks it, over the runs that match (from the board's ranges). */
export function bestValues(columns: readonly Column[], ranges: Record<string, { min: number; max: number; count: number }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of columns) {
    const range = ranges[c.id];
    if (c.marksBest && range && range.count > 1) out.set(c.id, c.better === 'higher' ? range.max : range.min);
  }
  return out;
}
