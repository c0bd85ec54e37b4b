/** How numbers, dates and histogram bins read on charts and beside them. */

const compact = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3, notation: 'compact' });
const precise = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 });
const large = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** A statistic: whole numbers in full, others to 4 significant digits (1 decimal from 1,000 up). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString();
  return Math.abs(value) >= 1000 ? large.format(value) : precise.format(value);
}

/** An axis tick: 3 significant digits, thousands and up as 12K, 3.4M. */
export function formatTick(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 10_000 ? String(value) : compact.format(value);
}

/** A coefficient to 2 decimals, without the "-0.00" that rounding a tiny negative value gives. */
export function formatCoefficient(value: number): string {
  return Math.abs(value) < 0.005 ? '0.00' : value.toFixed(2);
}

export function formatPct(pct: number): string {
  if (pct > 0 && pct < 0.1) return '<0.1%';
  return `${pct.toFixed(1)}%`;
}

const DAY = 86_400_000;

/** A date in as much detail as the span it sits in needs: months over two years, days otherwise, times under two days. */
export function formatDateIn(ms: number, spanMs: number): string {
  const d = new Date(ms);
  if (spanMs > 2 * 365 * DAY) return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  if (spanMs > 2 * DAY) return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
}

export function formatIsoDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** The bins of a histogram as "lower – upper" labels; dates when `dates` (edges are epoch milliseconds). */
export function binLabels(edges: number[], dates: boolean): { short: string[]; full: string[] } {
  const span = (edges[edges.length - 1] ?? 0) - (edges[0] ?? 0);
  const fmt = (v: number) => (dates ? formatDateIn(v, span) : formatTick(v));
  const exact = (v: number) => (dates ? formatDateIn(v, span / 20) : formatNumber(v));
  const short: string[] = [];
  const full: string[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const lo = edges[i]!;
    const hi = edges[i + 1]!;
    // A spaced dash keeps negative bounds readable: "−3.1 – −2.6", not "-3.1–-2.6".
    short.push(dates ? fmt(lo) : lo < 0 || hi < 0 ? `${fmt(lo)} – ${fmt(hi)}` : `${fmt(lo)}–${fmt(hi)}`);
    full.push(`${exact(lo)} – ${exact(hi)}`);
  }
  return { short, full };
}
