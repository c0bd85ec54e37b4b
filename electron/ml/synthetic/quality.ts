/** Per-column comparison of real and synthetic rows: distance, missing shares, summaries and before/after chart data. */
import type { ColumnChart, ColumnQuality } from '../../contract/synthetic';
import type { CopulaColumn, EncodedColumn } from './copula';
import { ksStatistic, sortedPresent, summarize, totalVariation, wasserstein } from './distances';

/** Bars drawn per column: the most frequent categories, then "(other)". */
const CHART_LEVELS = 12;
const HISTOGRAM_BINS = 20;

function missingShare(column: EncodedColumn, rows: number): number {
  if (rows === 0) return 0;
  let n = 0;
  if (column.kind === 'number') for (const v of column.values) n += Number.isNaN(v) ? 1 : 0;
  else for (const c of column.codes) n += c < 0 ? 1 : 0;
  return n / rows;
}

/** Shares of each code among present values (length `levels`). */
function shares(codes: ArrayLike<number>, levels: number): Float64Array {
  const out = new Float64Array(levels);
  let present = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c < 0 || c >= levels) continue;
    out[c]!++;
    present++;
  }
  return present ? out.map((v) => v / present) : out;
}

function barsChart(labels: string[], real: Float64Array, synthetic: Float64Array): ColumnChart {
  const shown = Math.min(labels.length, labels.length > CHART_LEVELS + 1 ? CHART_LEVELS : labels.length);
  const rest = (s: Float64Array) => s.subarray(shown).reduce((a, b) => a + b, 0);
  const other = labels.length > shown;
  return {
    kind: 'bars',
    labels: [...labels.slice(0, shown), ...(other ? ['(other)'] : [])],
    real: [...real.subarray(0, shown), ...(other ? [rest(real)] : [])],
    synthetic: [...synthetic.subarray(0, shown), ...(other ? [rest(synthetic)] : [])],
  };
}

function histogram(sorted: Float64Array, edges: number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  const lo = edges[0]!;
  const width = (edges[edges.length - 1]! - lo) / counts.length;
  for (const v of sorted) counts[Math.max(0, Math.min(counts.length - 1, width > 0 ? Math.floor((v - lo) / width) : 0))]!++;
  return counts.map((c) => (sorted.length ? c / sorted.length : 0));
}

/** Categories drawn most frequent first (the copula may lay them out in another order). */
function byRealShare(labels: string[], real: Float64Array, synthetic: Float64Array): [string[], Float64Array, Float64Array] {
  const order = labels.map((_, i) => i).sort((a, b) => real[b]! - real[a]! || a - b);
  return [order.map((i) => labels[i]!), Float64Array.from(order, (i) => real[i]!), Float64Array.from(order, (i) => synthetic[i]!)];
}

function categoryQuality(c: CopulaColumn, real: EncodedColumn, synthetic: EncodedColumn, rows: [number, number]): ColumnQuality {
  const levels = c.marginal.kind === 'categorical' ? c.marginal.levels : c.semanticType === 'boolean' ? ['false', 'true'] : [];
  const codes = (e: EncodedColumn) => (e.kind === 'category' ? e.codes : Int32Array.from(e.values, (v) => (Number.isNaN(v) ? -1 : v)));
  const [p, q] = [shares(codes(real), levels.length), shares(codes(synthetic), levels.length)];
  const tv = totalVariation(p, q);
  const chart = c.semanticType === 'boolean' ? barsChart(levels, p, q) : barsChart(...byRealShare(levels, p, q));
  return {
    ...{ name: c.name, semanticType: c.semanticType, kind: 'categorical' as const },
    missing: { real: missingShare(real, rows[0]), synthetic: missingShare(synthetic, rows[1]) },
    ...{ ks: null, wasserstein: null, wassersteinScaled: null, totalVariation: tv, distance: tv, summary: null },
    chart,
  };
}

function numberChart(c: CopulaColumn, real: Float64Array, synthetic: Float64Array): ColumnChart {
  const m = c.marginal;
  if (m.kind === 'discrete') {
    const index = new Map(Array.from(m.values, (v, i) => [v, i]));
    const codes = (s: Float64Array) => Array.from(s, (v) => index.get(v) ?? -1);
    const label = (v: number) => (c.semanticType === 'datetime' ? new Date(v).toISOString().slice(0, 10) : String(v));
    return barsChart(Array.from(m.values, label), shares(codes(real), m.values.length), shares(codes(synthetic), m.values.length));
  }
  const lo = real[0] ?? 0;
  const hi = real[real.length - 1] ?? 0;
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => lo + ((hi - lo) * i) / HISTOGRAM_BINS);
  return { kind: 'histogram', edges, real: histogram(real, edges), synthetic: histogram(synthetic, edges), dates: c.semanticType === 'datetime' };
}

function numberQuality(c: CopulaColumn, real: EncodedColumn & { kind: 'number' }, synthetic: EncodedColumn & { kind: 'number' }, rows: [number, number]): ColumnQuality {
  const [a, b] = [sortedPresent(real.values), sortedPresent(synthetic.values)];
  const ks = ksStatistic(a, b);
  const w = a.length && b.length ? wasserstein(a, b) : null;
  const summary = { real: summarize(a), synthetic: summarize(b) };
  const std = summary.real?.std ?? 0;
  return {
    ...{ name: c.name, semanticType: c.semanticType, kind: 'numeric' as const },
    missing: { real: missingShare(real, rows[0]), synthetic: missingShare(synthetic, rows[1]) },
    ...{ ks, wasserstein: w, wassersteinScaled: w === null ? null : std > 0 ? w / std : w === 0 ? 0 : null, totalVariation: null, distance: ks, summary },
    chart: numberChart(c, a, b),
  };
}

/** How far one generated column is from the real one. */
export function compareColumn(c: CopulaColumn, real: EncodedColumn, synthetic: EncodedColumn, rows: [number, number]): ColumnQuality {
  if (real.kind === 'number' && synthetic.kind === 'number' && c.semanticType !== 'boolean') return numberQuality(c, real, synthetic, rows);
  return categoryQuality(c, real, synthetic, rows);
}
