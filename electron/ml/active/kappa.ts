/** Agreement between two labelers on the same rows: Cohen's kappa, as scikit-learn's `cohen_kappa_score` computes it. */

export interface Agreement {
  rows: number;
  /** Share of rows with the same label. */
  observed: number;
  /** Agreement expected by chance from each labeler's own class shares. */
  expected: number;
  /** (observed − expected) / (1 − expected); null when expected is 1 (both gave one same class throughout), as scikit-learn answers nan. */
  kappa: number | null;
}

/** `a[i]` and `b[i]` are the two labels of row i. Throws when the lists differ in length or are empty. */
export function cohenKappa(a: readonly string[], b: readonly string[]): Agreement {
  if (a.length !== b.length) throw new Error(`Cohen's kappa needs two labels per row; got ${a.length} and ${b.length}.`);
  const n = a.length;
  if (n === 0) throw new Error("Cohen's kappa needs at least one row labeled by both.");
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  let same = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) same++;
    countA.set(x, (countA.get(x) ?? 0) + 1);
    countB.set(y, (countB.get(y) ?? 0) + 1);
  }
  let chance = 0;
  for (const [label, na] of countA) chance += na * (countB.get(label) ?? 0);
  const observed = same / n;
  const expected = chance / (n * n);
  // scikit-learn sums the disagreements (1 − observed) over the chance disagreements (1 − expected); the same value.
  const kappa = expected === 1 ? null : 1 - (1 - observed) / (1 - expected);
  return { rows: n, observed, expected, kappa };
}
