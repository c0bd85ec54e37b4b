/**
 * Special functions the drift tests need for their p-values: the chi-squared survival function (through the
 * regularized upper incomplete gamma) and the limiting Kolmogorov distribution. Pure numbers in, numbers out.
 */

// Lanczos approximation (g = 7, 9 terms): ln Γ to about 1e-15 relative for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPS = 1e-16;
const MAX_ITERATIONS = 100_000;

/** e^{-x} x^a / Γ(a), the common factor of both expansions, computed in logs so large a does not overflow. */
function gammaPrefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** P(a, x) by its power series; converges fast for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * gammaPrefactor(a, x);
}

/** Q(a, x) by its continued fraction (modified Lentz); converges fast for x ≥ a + 1. */
function upperContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h * gammaPrefactor(a, x);
}

/** The regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a), as scipy.special.gammaincc. */
export function gammaincc(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return Number.NaN;
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - lowerSeries(a, x) : upperContinuedFraction(a, x);
}

/** Survival function of the chi-squared distribution with `dof` degrees of freedom, as scipy.stats.chi2.sf. */
export function chi2Sf(x: number, dof: number): number {
  if (x <= 0) return 1;
  return gammaincc(dof / 2, x / 2);
}

/**
 * The limiting Kolmogorov survival function Q(z) = 2 Σ_{k≥1} (-1)^{k-1} e^{-2k²z²}, as scipy.special.kolmogorov.
 * For small z the alternating series converges slowly and cancels, so there the complement is taken from the
 * Jacobi form 1 - Q(z) = √(2π)/z Σ_{k≥1} e^{-(2k-1)²π²/(8z²)}.
 */
export function kolmogorovSf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z <= 0) return 1;
  if (z < 1) {
    let cdf = 0;
    for (let k = 1; k < 20; k++) {
      const m = 2 * k - 1;
      const term = Math.exp((-m * m * Math.PI * Math.PI) / (8 * z * z));
      cdf += term;
      if (term < 1e-18 * cdf) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / z) * cdf;
  }
  let sum = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * z * z);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-18) break;
  }
  return Math.max(0, Math.min(1, 2 * sum));
}
