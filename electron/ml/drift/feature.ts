/**
 * One feature's drift: every statistic that applies to its kind, the one the project's settings decide by, its
 * verdict against the threshold, and the chart. Statistics that cannot be computed are null, with the reason.
 */
import type { DriftMethod, DriftSettings, FeatureDrift } from '../../contract/monitor';
import { categoricalPsi, chiSquaredTest, jensenShannonDistance, type CategoryCounts } from './categorical';
import { categoricalChart, numericChart, sum } from './chart';
import { ksTwoSample, numericPsi, wassersteinDistance, type DriftOutcome, type SortedSample } from './numeric';

export const NOT_IN_BATCH = 'Not in the batch.';
export const DATETIME_NOT_COUNTED = 'A date moves forward with time: its drift is not counted.';

/** The threshold a method decides by; KS and chi-squared decide by p-value, Wasserstein in reference sds. */
export function thresholdOf(method: DriftMethod, settings: DriftSettings): number {
  const t = settings.thresholds;
  switch (method) {
    case 'psi':
      return t.psi;
    case 'ks':
      return t.ksPValue;
    case 'chi2':
      return t.chi2PValue;
    case 'js':
      return t.js;
    case 'wasserstein':
      return t.wasserstein;
    default:
      throw new Error(`Unknown drift method ${String(method satisfies never)}.`);
  }
}

/** A p-value drifts below its threshold; a distance or index above it. */
function isDrifted(method: DriftMethod, score: number, threshold: number): boolean {
  return method === 'ks' || method === 'chi2' ? score < threshold : score > threshold;
}

type Statistics = Pick<FeatureDrift, 'psi' | 'ks' | 'chi2' | 'js' | 'wasserstein' | 'wassersteinSd'>;
const NO_STATISTICS: Statistics = { psi: null, ks: null, chi2: null, js: null, wasserstein: null, wassersteinSd: null };

/** A feature the report shows but does not judge: absent from the batch, or a date. */
function undecided(name: string, kind: FeatureDrift['kind'], sizes: { reference: number; batch: number }, settings: DriftSettings, note: string): Omit<FeatureDrift, 'chart'> {
  const method = kind === 'numeric' ? settings.numericMethod : settings.categoricalMethod;
  return { name, kind, ...sizes, ...NO_STATISTICS, method, score: null, threshold: thresholdOf(method, settings), drifted: false, note };
}

export function notInBatch(name: string, kind: FeatureDrift['kind'], referenceValues: number, settings: DriftSettings): FeatureDrift {
  return { ...undecided(name, kind, { reference: referenceValues, batch: 0 }, settings, NOT_IN_BATCH), chart: null };
}

/** A date's distribution is charted, but its drift is neither measured nor counted: later batches have later dates. */
export function datetimeDrift(name: string, reference: SortedSample, batch: SortedSample, settings: DriftSettings): FeatureDrift {
  const sizes = { reference: reference.values.length, batch: batch.values.length };
  return { ...undecided(name, 'numeric', sizes, settings, DATETIME_NOT_COUNTED), chart: numericChart(reference, batch) };
}

/**
 * PSI on 10 reference-quantile bins and the Jensen–Shannon distance over the same bins, KS, Wasserstein (also in
 * reference sample standard deviations); decided by settings.numericMethod.
 */
export function numericDrift(name: string, reference: SortedSample, batch: SortedSample, settings: DriftSettings): FeatureDrift {
  const psi = numericPsi(reference, batch);
  const js = psi.ok ? jensenShannonDistance(psi.value.referenceCounts, psi.value.batchCounts) : psi;
  const ks = ksTwoSample(reference, batch);
  const wasserstein = wassersteinDistance(reference, batch);
  const sd = standardDeviation(reference.values);
  const wassersteinSd: DriftOutcome<number> =
    !wasserstein.ok ? wasserstein
    : sd > 0 ? { ok: true, value: wasserstein.value / sd }
    : { ok: false, error: { code: 'VALIDATION', message: 'Every reference value is the same (standard deviation 0), so the Wasserstein distance cannot be put in standard deviations.', details: { field: 'reference' } } };
  const statistics: Statistics = {
    ...NO_STATISTICS,
    psi: finiteOrNull(psi.ok ? psi.value.psi : null),
    ks: ks.ok && Number.isFinite(ks.value.statistic) && Number.isFinite(ks.value.pValue) ? { statistic: ks.value.statistic, pValue: ks.value.pValue } : null,
    js: finiteOrNull(js.ok ? js.value : null),
    wasserstein: finiteOrNull(wasserstein.ok ? wasserstein.value : null),
    wassersteinSd: finiteOrNull(wassersteinSd.ok ? wassersteinSd.value : null),
  };
  const method = settings.numericMethod;
  const deciding = { psi, ks, js, wasserstein: wassersteinSd }[method];
  const sizes = { reference: reference.values.length, batch: batch.values.length };
  return { name, kind: 'numeric', ...sizes, ...statistics, ...decision(method, deciding, statistics, settings), chart: numericChart(reference, batch) };
}

/** PSI, chi-squared and the Jensen–Shannon distance over the categories' counts; decided by settings.categoricalMethod. */
export function categoricalDrift(name: string, counts: CategoryCounts, settings: DriftSettings): FeatureDrift {
  const psi = categoricalPsi(counts.reference, counts.batch);
  const chi2 = chiSquaredTest(counts.reference, counts.batch);
  const js = jensenShannonDistance(counts.reference, counts.batch);
  const statistics: Statistics = {
    ...NO_STATISTICS,
    psi: finiteOrNull(psi.ok ? psi.value : null),
    chi2: chi2.ok && Number.isFinite(chi2.value.statistic) && Number.isFinite(chi2.value.pValue) ? chi2.value : null,
    js: finiteOrNull(js.ok ? js.value : null),
  };
  const method = settings.categoricalMethod;
  const deciding = { psi, chi2, js }[method];
  const sizes = { reference: sum(counts.reference), batch: sum(counts.batch) };
  return { name, kind: 'categorical', ...sizes, ...statistics, ...decision(method, deciding, statistics, settings), chart: categoricalChart(counts) };
}

/** The deciding statistic's score (the p-value for a test) against its threshold, or why there is none. */
function decision(method: DriftMethod, outcome: DriftOutcome<unknown>, statistics: Statistics, settings: DriftSettings): Pick<FeatureDrift, 'method' | 'score' | 'threshold' | 'drifted' | 'note'> {
  const threshold = thresholdOf(method, settings);
  const score =
    method === 'ks' ? (statistics.ks?.pValue ?? null)
    : method === 'chi2' ? (statistics.chi2?.pValue ?? null)
    : method === 'wasserstein' ? statistics.wassersteinSd
    : statistics[method];
  if (!outcome.ok) return { method, score: null, threshold, drifted: false, note: outcome.error.message };
  if (score === null) return { method, score: null, threshold, drifted: false, note: 'The statistic is not a finite number: the column holds an infinite value.' };
  return { method, score, threshold, drifted: isDrifted(method, score, threshold), note: null };
}

/** Sample standard deviation (n − 1), as the reference profile's; 0 for fewer than two values. */
function standardDeviation(values: Float64Array): number {
  const n = values.length;
  if (n < 2) return 0;
  const mean = sum(values) / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  return Math.sqrt(squares / (n - 1));
}

function finiteOrNull(x: number | null): number | null {
  return x !== null && Number.isFinite(x) ? x : null;
}
