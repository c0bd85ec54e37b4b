/** Distances between two samples of one column: Kolmogorov–Smirnov and Wasserstein-1 (as scipy computes them), total variation. */

/** Two-sample KS statistic of sorted samples: the largest gap between their empirical CDFs (scipy `ks_2samp(...).statistic`). */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return n === m ? 0 : 1;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = Math.min(a[i]!, b[j]!);
    while (i < n && a[i] === v) i++;
    while (j < m && b[j] === v) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return d;
}

/** Wasserstein-1 distance of sorted samples, ∫|F_a − F_b| dx (scipy `wasserstein_distance`). */
export function wasserstein(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return NaN;
  let i = 0;
  let j = 0;
  let w = 0;
  let previous = Math.min(a[0]!, b[0]!);
  while (i < n || j < m) {
    const v = Math.min(i < n ? a[i]! : Infinity, j < m ? b[j]! : Infinity);
    w += Math.abs(i / n - j / m) * (v - previous);
    while (i < n && a[i] === v) i++;
    while (j < m && b[j] === v) j++;
    previous = v;
  }
  return w;
}

/** ½·Σ|p − q| over shares that each sum to 1 (0 same … 1 disjoint). */
export function totalVariation(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < Math.max(p.length, q.length); i++) sum += Math.abs((p[i] ?? 0) - (q[i] ?? 0));
  return sum / 2;
}

/** The present (non-NaN) values, sorted ascending. */
export function sortedPresent(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) out[k++] = values[i]!;
  return out.sort();
}

/** Mean, sample standard deviation (n − 1), min and max of sorted values; null when there are none. */
export function summarize(sorted: Float64Array): { mean: number; std: number; min: number; max: number } | null {
  const n = sorted.length;
  if (n === 0) return null;
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of sorted) squares += (v - mean) ** 2;
  return { mean, std: n > 1 ? Math.sqrt(squares / (n - 1)) : 0, min: sorted[0]!, max: sorted[n - 1]! };
}
