/**
 * Finding runs on the leaderboard: by model, by tag, by a metric's range, and by a search line whose words must
 * all match — a word matches a run's id, model, dataset, notes or tags; `depth=6` matches a setting exactly;
 * `trees>=200`, `rocAuc>0.8` or `logLoss<0.5` compare a setting or a test metric.
 */
import type { ModelKind, RunSummary as Run } from '@contract';

export interface RunFilter {
  text: string;
  models: ModelKind[];
  tags: string[];
  /** A test metric's key (e.g. "rocAuc") with an inclusive range; null bounds are open. */
  metric: string | null;
  min: number | null;
  max: number | null;
}

export const NO_FILTER: RunFilter = { text: '', models: [], tags: [], metric: null, min: null, max: null };

export function isFiltering(f: RunFilter): boolean {
  return f.text.trim() !== '' || f.models.length > 0 || f.tags.length > 0 || (f.metric !== null && (f.min !== null || f.max !== null));
}

const COMPARISON = /^([A-Za-z_][\w.]*)(>=|<=|>|<|=)(.+)$/;

function valueOf(run: Run, key: string): unknown {
  if (key in run.params) return run.params[key];
  if (key in run.metrics) return run.metrics[key];
  return undefined;
}

function wordMatches(run: Run, word: string): boolean {
  const compared = COMPARISON.exec(word);
  if (compared) {
    const [, key, op, wanted] = compared as unknown as [string, string, string, string];
    const value = valueOf(run, key);
    if (value === undefined || value === null) return false;
    if (op === '=') return String(typeof value === 'object' ? JSON.stringify(value) : value).toLowerCase() === wanted.toLowerCase();
    const n = Number(wanted);
    if (typeof value !== 'number' || !Number.isFinite(n)) return false;
    return op === '>=' ? value >= n : op === '<=' ? value <= n : op === '>' ? value > n : value < n;
  }
  const w = word.toLowerCase();
  return [run.id, run.model, run.dataset.name, run.notes, ...run.tags].some((s) => s.toLowerCase().includes(w));
}

export function filterRuns(runs: readonly Run[], f: RunFilter): Run[] {
  const words = f.text.split(/\s+/).filter(Boolean);
  return runs.filter((run) => {
    if (f.models.length && !f.models.includes(run.model)) return false;
    if (f.tags.length && !f.tags.some((t) => run.tags.includes(t))) return false;
    if (f.metric && (f.min !== null || f.max !== null)) {
      const v = run.metrics[f.metric];
      if (typeof v !== 'number') return false;
      if (f.min !== null && v < f.min) return false;
      if (f.max !== null && v > f.max) return false;
    }
    return words.every((w) => wordMatches(run, w));
  });
}
