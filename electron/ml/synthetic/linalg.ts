/** The small dense linear algebra the copula needs: pairwise-complete correlation and a Cholesky factor that exists. */

/** Pearson correlation of two columns over the rows where both are present; null when either has no spread there. */
export function pairCorrelation(a: Float64Array, b: Float64Array): number | null {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let r = 0; r < a.length; r++) {
    const x = a[r]!;
    const y = b[r]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    n++;
    sa += x;
    sb += y;
  }
  if (n < 2) return null;
  const ma = sa / n;
  const mb = sb / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let r = 0; r < a.length; r++) {
    const x = a[r]!;
    const y = b[r]!;
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    sab += (x - ma) * (y - mb);
    saa += (x - ma) ** 2;
    sbb += (y - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb))) : null;
}

/** The C × C correlation matrix (row-major) of columns with missing values as NaN; a pair with no spread gets 0. */
export function correlationMatrix(columns: Float64Array[]): Float64Array {
  const c = columns.length;
  const out = new Float64Array(c * c);
  for (let i = 0; i < c; i++) {
    out[i * c + i] = 1;
    for (let j = 0; j < i; j++) {
      const r = pairCorrelation(columns[i]!, columns[j]!) ?? 0;
      out[i * c + j] = r;
      out[j * c + i] = r;
    }
  }
  return out;
}

/** Lower-triangular L with L·Lᵀ = m (row-major), or null when m is not positive definite enough to sample from. */
export function cholesky(m: Float64Array, c: number): Float64Array | null {
  const l = new Float64Array(c * c);
  for (let i = 0; i < c; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i * c + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * c + k]! * l[j * c + k]!;
      if (i === j) {
        if (!(sum > 1e-10)) return null;
        l[i * c + i] = Math.sqrt(sum);
      } else l[i * c + j] = sum / l[j * c + j]!;
    }
  }
  return l;
}

const SHRINKAGE = [0, 1e-4, 1e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];

/**
 * A pairwise-complete correlation matrix need not be positive definite: it is shrunk toward the identity, by the
 * least of a few steps that makes its Cholesky factor exist. Returns the factor, the matrix used and the shrinkage.
 */
export function validCholesky(correlation: Float64Array, c: number): { factor: Float64Array; matrix: Float64Array; shrinkage: number } {
  for (const lambda of SHRINKAGE) {
    const matrix = correlation.map((v, k) => (k % (c + 1) === 0 ? 1 : (1 - lambda) * v));
    const factor = cholesky(matrix, c);
    if (factor) return { factor, matrix, shrinkage: lambda };
  }
  throw new Error('The identity matrix has no Cholesky factor: unreachable.');
}
