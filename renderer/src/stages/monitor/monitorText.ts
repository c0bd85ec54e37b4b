/** How monitoring reads: drift verdicts in a sentence, statistics, rule kinds and severities in words and colors. */
import { METRIC_INFO, type AlertStatus, type BatchSummary, type DriftMethod, type DriftReport, type DriftSettings, type DriftVerdict, type FeatureDrift, type Metric, type RuleKind, type RuleSeverity } from '@contract';

/** A share of 0…1 as the monitoring reports write it: "30 %", "12.5 %". */
export const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${Math.round(x * 1000) / 10} %`);

/** A statistic to three significant digits; "—" where it was not computed. */
export function stat(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  if (Math.abs(x) < 0.001) return x.toExponential(1);
  return Number(x.toPrecision(3)).toString();
}

/** A p-value: "< 0.001" below it, else three significant digits. */
export const pValue = (p: number) => (p < 0.001 ? '< 0.001' : stat(p));

export const VERDICT_COLORS: Record<DriftVerdict, string> = { drift: 'red', some_drift: 'yellow', stable: 'teal' };
export const VERDICT_BADGES: Record<DriftVerdict, string> = { drift: 'drift', some_drift: 'some drift', stable: 'stable' };

/** "Drift: 6 of 20 features drifted (30 %); the batch drifts at 30 %". */
export function verdictSentence(d: DriftReport): string {
  const head = d.verdict === 'drift' ? 'Drift' : d.verdict === 'some_drift' ? 'Some drift' : 'Stable';
  const of = d.counted;
  return `${head}: ${d.drifted} of ${of} ${of === 1 ? 'feature' : 'features'} drifted (${pct(d.shareDrifted)}); the batch drifts at ${pct(d.settings.driftShare)}`;
}

/** The method that decides drift for a feature kind, in a few words ("PSI above 0.2"). */
export function decisionText(method: DriftMethod, threshold: number): string {
  switch (method) {
    case 'psi':
      return `PSI above ${stat(threshold)}`;
    case 'ks':
      return `KS p-value below ${stat(threshold)}`;
    case 'chi2':
      return `chi² p-value below ${stat(threshold)}`;
    case 'js':
      return `JS distance above ${stat(threshold)}`;
    case 'wasserstein':
      return `Wasserstein distance above ${stat(threshold)} sd`;
    default: {
      const never: never = method;
      throw new Error(`Unknown drift method ${String(never)}`);
    }
  }
}

/** The threshold the project's settings give a method. */
export function methodThreshold(s: DriftSettings, method: DriftMethod): number {
  const t = s.thresholds;
  if (method === 'ks') return t.ksPValue;
  if (method === 'chi2') return t.chi2PValue;
  return t[method];
}

/** "A feature counts as drifted at PSI above 0.2.", or one rule per kind when they differ. */
export function decisionSentence(s: DriftSettings): string {
  const numeric = decisionText(s.numericMethod, methodThreshold(s, s.numericMethod));
  const categorical = decisionText(s.categoricalMethod, methodThreshold(s, s.categoricalMethod));
  if (numeric === categorical) return `A feature counts as drifted at ${numeric}.`;
  return `A numeric feature counts as drifted at ${numeric}; a categorical one at ${categorical}.`;
}

/** Drifted features first, the most drifted of each group first (score over its threshold; p-values inverted). */
export function sortFeatures(features: readonly FeatureDrift[]): FeatureDrift[] {
  const strength = (f: FeatureDrift) => {
    if (f.score === null) return -1;
    const pvalue = f.method === 'ks' || f.method === 'chi2';
    return pvalue ? f.threshold / Math.max(f.score, 1e-300) : f.score / f.threshold;
  };
  return [...features].sort((a, b) => Number(b.drifted) - Number(a.drifted) || strength(b) - strength(a) || a.name.localeCompare(b.name));
}

/** Style for a badge in a table cell: keeps its whole word (a shrinking cell would cut "critical" to "CRITI…"). */
export const WHOLE = { minWidth: 'max-content' } as const;

export const SEVERITY_COLORS: Record<RuleSeverity, string> = { critical: 'red', warning: 'orange' };
export const STATUS_COLORS: Record<AlertStatus, string> = { open: 'red', acknowledged: 'yellow', resolved: 'gray' };

export const RULE_KIND_LABELS: Record<RuleKind, string> = {
  metric: 'A metric worse than a limit (needs outcomes)',
  drift_share: 'Share of drifted features',
  feature_drift: 'One feature drifts',
  prediction_drift: 'The predictions drift',
  fairness: 'Gap between groups of a sensitive attribute (needs outcomes)',
  missing_rate: 'Missing values in an input',
  schema: 'Schema violations (missing inputs, unreadable values)',
};

/** A charter metric's value on a batch: a share for 0–1 metrics, else three significant digits. */
export function metricValue(metric: Metric, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  const info = METRIC_INFO[metric];
  return `${stat(v)}${info.unit ? ` ${info.unit}` : ''}`;
}

/** The batch in a line for lists and pickers: "March · 1,200 rows". */
export function batchLine(b: Pick<BatchSummary, 'name' | 'rows'>): string {
  return `${b.name} · ${b.rows.toLocaleString('en')} rows`;
}

/** A file path's last part, for names ("upload:ab12/march.csv" → "march.csv"). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
