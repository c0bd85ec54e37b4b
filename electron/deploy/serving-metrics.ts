/**
 * Reads the counters a bundle's serve.mjs publishes on GET /metrics (Prometheus text format) into the few numbers
 * the Deploy stage shows: /predict requests, errors, rows scored, and p50/p95 latency estimated from the histogram.
 */
import type { ServerStats } from '../contract/serving';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

/** Every sample line; comments and lines that do not parse are skipped. */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    const value = m[3] === '+Inf' ? Infinity : Number(m[3]);
    if (!Number.isNaN(value)) samples.push({ name: m[1]!, labels, value });
  }
  return samples;
}

/**
 * The q-quantile of a cumulative histogram, as Prometheus' histogram_quantile estimates it: linear within the bucket
 * where the rank falls (the first bucket starting at 0); the highest finite bound when it falls in +Inf.
 */
export function histogramQuantile(q: number, buckets: { le: number; count: number }[]): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const b of sorted) {
    if (b.count >= rank) {
      if (b.le === Infinity) return lower;
      const inBucket = b.count - below;
      return inBucket === 0 ? b.le : lower + ((b.le - lower) * (rank - below)) / inBucket;
    }
    lower = b.le;
    below = b.count;
  }
  return lower;
}

const ROUTE = '/predict';
const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 1e6) / 1e3);

/** A counter split by one label into the given keys (0 where absent); null when the server publishes no such counter. */
function labelled<K extends string>(samples: Sample[], name: string, label: string, keys: readonly K[]): Record<K, number> | null {
  const mine = samples.filter((s) => s.name === name);
  if (mine.length === 0) return null;
  return Object.fromEntries(keys.map((k) => [k, mine.filter((s) => s.labels[label] === k).reduce((n, s) => n + s.value, 0)])) as Record<K, number>;
}

/** The Deploy stage's numbers from one /metrics reading. */
export function serverStats(text: string, readAt = new Date()): ServerStats {
  const samples = parsePrometheus(text);
  const sum = (name: string, route = true) => samples.filter((s) => s.name === name && (!route || s.labels.route === ROUTE)).reduce((n, s) => n + s.value, 0);
  const buckets = samples.filter((s) => s.name === 'bundle_http_request_duration_seconds_bucket' && s.labels.route === ROUTE).map((s) => ({ le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), count: s.value }));
  return {
    requests: sum('bundle_http_requests_total'),
    errors: sum('bundle_http_errors_total'),
    rows: sum('bundle_rows_scored_total', false),
    p50Ms: ms(histogramQuantile(0.5, buckets)),
    p95Ms: ms(histogramQuantile(0.95, buckets)),
    arms: labelled(samples, 'bundle_arm_rows_total', 'arm', ['production', 'candidate']),
    shadow: labelled(samples, 'bundle_shadow_rows_total', 'agreement', ['agree', 'disagree', 'error']),
    readAt: readAt.toISOString(),
  };
}
