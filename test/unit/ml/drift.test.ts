/**
 * Drift statistics equal scipy 1.10's on committed cases (test/fixtures/ml/drift-expected.json, written once by
 * make-drift-expected.py): KS statistic and p-value, Wasserstein, chi-squared, Jensen–Shannon; PSI equals an
 * independent numpy computation. Empty sides are error values, missing values are counted apart.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { categoricalPsi, chiSquaredTest, countCategories, jensenShannonDistance } from '../../../electron/ml/drift/categorical';
import { ksTwoSample, numericPsi, sortedSample, wassersteinDistance, type DriftOutcome } from '../../../electron/ml/drift/numeric';
import { chi2Sf, kolmogorovSf } from '../../../electron/ml/drift/special';

interface NumericCase {
  name: string;
  reference: number[];
  batch: number[];
  ks: { statistic: number; pValue: number };
  wasserstein: number;
  edges: number[];
  referenceCounts: number[];
  batchCounts: number[];
  psi: number;
  jensenShannonBins: number;
}
interface CategoricalCase {
  name: string;
  reference: number[];
  batch: number[];
  chi2: { statistic: number; pValue: number; dof: number };
  jensenShannon: number;
  psi: number;
}
interface Expected {
  numeric: NumericCase[];
  categorical: CategoricalCase[];
  chi2Sf: { x: number; dof: number; sf: number }[];
  kolmogorov: { z: number; sf: number }[];
  asymptotic: { n: number; d: number; kstwo: number; limit: number }[];
}

const expected = JSON.parse(readFileSync(new URL('../../fixtures/ml/drift-expected.json', import.meta.url), 'utf8')) as Expected;

function value<T>(outcome: DriftOutcome<T>): T {
  if (!outcome.ok) throw new Error(`expected a value, got ${outcome.error.message}`);
  return outcome.value;
}

/** |actual - expected| ≤ rel · |expected| (or ≤ rel when expected is 0). */
function expectRelative(actual: number, wanted: number, rel = 1e-9): void {
  expect(Math.abs(actual - wanted)).toBeLessThanOrEqual(rel * Math.max(Math.abs(wanted), 1e-300) || rel);
}

const sample = (xs: number[]) => sortedSample(Float64Array.from(xs));

describe('numeric drift against scipy', () => {
  it.each(expected.numeric.map((c) => [c.name, c] as const))('%s: KS statistic and exact p-value equal ks_2samp', (_n, c) => {
    const ks = value(ksTwoSample(sample(c.reference), sample(c.batch)));
    expect(ks.method).toBe('exact');
    expectRelative(ks.statistic, c.ks.statistic);
    expectRelative(ks.pValue, c.ks.pValue);
  });

  it.each(expected.numeric.map((c) => [c.name, c] as const))('%s: Wasserstein distance equals wasserstein_distance', (_n, c) => {
    expectRelative(value(wassersteinDistance(sample(c.reference), sample(c.batch))), c.wasserstein);
  });

  it.each(expected.numeric.map((c) => [c.name, c] as const))('%s: PSI on reference deciles equals numpy', (_n, c) => {
    const psi = value(numericPsi(sample(c.reference), sample(c.batch)));
    expect([...psi.edges]).toEqual(c.edges);
    expect([...psi.referenceCounts]).toEqual(c.referenceCounts);
    expect([...psi.batchCounts]).toEqual(c.batchCounts);
    expectRelative(psi.psi, c.psi);
    expectRelative(value(jensenShannonDistance(psi.referenceCounts, psi.batchCounts)), c.jensenShannonBins);
  });
});

describe('categorical drift against scipy', () => {
  it.each(expected.categorical.map((c) => [c.name, c] as const))('%s: chi2_contingency(correction=False)', (_n, c) => {
    const chi2 = value(chiSquaredTest(c.reference, c.batch));
    expect(chi2.dof).toBe(c.chi2.dof);
    expectRelative(chi2.statistic, c.chi2.statistic);
    expectRelative(chi2.pValue, c.chi2.pValue);
  });

  it.each(expected.categorical.map((c) => [c.name, c] as const))('%s: Jensen–Shannon distance and PSI', (_n, c) => {
    expectRelative(value(jensenShannonDistance(c.reference, c.batch)), c.jensenShannon);
    expectRelative(value(categoricalPsi(c.reference, c.batch)), c.psi);
  });
});

describe('special functions against scipy', () => {
  it.each(expected.chi2Sf.map((c) => [c.x, c.dof, c.sf] as const))('chi2.sf(%d, %d)', (x, dof, sf) => {
    expectRelative(chi2Sf(x, dof), sf, 1e-11);
  });
  it.each(expected.kolmogorov.map((c) => [c.z, c.sf] as const))('kolmogorov(%d)', (z, sf) => {
    expectRelative(kolmogorovSf(z), sf, 1e-12);
  });
  it('the limiting distribution used above 10,000 rows is within 2% of scipy’s kstwo.sf', () => {
    for (const a of expected.asymptotic) {
      expectRelative(kolmogorovSf(Math.sqrt(a.n) * a.d), a.limit, 1e-12);
      expectRelative(a.limit, a.kstwo, 2e-2);
      expect(Math.abs(a.limit - a.kstwo)).toBeLessThan(4e-3);
    }
  });
});

describe('edge cases and properties', () => {
  it('an empty batch is an error value naming the side, for every statistic', () => {
    const ref = sample([1, 2, 3]);
    const empty = sortedSample(new Float64Array([Number.NaN]));
    for (const outcome of [ksTwoSample(ref, empty), wassersteinDistance(ref, empty), numericPsi(ref, empty), chiSquaredTest([3, 4], [0, 0]), jensenShannonDistance([3, 4], [0, 0]), categoricalPsi([3, 4], [0, 0])]) {
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error).toMatchObject({ code: 'VALIDATION', details: { field: 'batch' } });
    }
    const noRef = ksTwoSample(sortedSample(new Float64Array(0)), ref);
    expect(noRef.ok || noRef.error.details?.field).toBe('reference');
  });

  it('count vectors of different lengths are an error value, not a misaligned answer', () => {
    for (const outcome of [chiSquaredTest([1, 2, 3], [1, 2]), jensenShannonDistance([1, 2, 3], [1, 2]), categoricalPsi([1, 2, 3], [1, 2])]) {
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.message).toContain('aligned');
    }
  });

  it('NaN values are excluded and counted as missing', () => {
    const ks = value(ksTwoSample(sortedSample(new Float64Array([1, Number.NaN, 2, 3])), sortedSample(new Float64Array([Number.NaN, Number.NaN, 1, 2, 3]))));
    expect(ks).toMatchObject({ statistic: 0, pValue: 1, referenceSize: 3, batchSize: 3, referenceMissing: 1, batchMissing: 2 });
  });

  it('a constant column against itself shows no drift', () => {
    const c = sortedSample(new Float64Array(50).fill(7));
    expect(value(ksTwoSample(c, c))).toMatchObject({ statistic: 0, pValue: 1 });
    expect(value(wassersteinDistance(c, c))).toBe(0);
    expect(value(numericPsi(c, c)).psi).toBe(0);
  });

  it('the KS statistic and p-value are symmetric, and Wasserstein of identical samples is 0', () => {
    for (const c of expected.numeric) {
      const a = sample(c.reference);
      const b = sample(c.batch);
      const ab = value(ksTwoSample(a, b));
      const ba = value(ksTwoSample(b, a));
      expect(ba.statistic).toBe(ab.statistic);
      expect(ba.pValue).toBe(ab.pValue);
      expect(value(wassersteinDistance(a, a))).toBe(0);
      expectRelative(value(wassersteinDistance(b, a)), value(wassersteinDistance(a, b)), 1e-12);
    }
  });

  it('above 10,000 rows the KS test switches to the asymptotic distribution, near scipy’s kstwo', () => {
    // scipy: ks_2samp(a, b) = (0.05008333333333337, 1.1354413630026404e-05), n_e = 2,400.
    const a = new Float64Array(12_000).map((_, i) => i / 12_000);
    const b = new Float64Array(3_000).map((_, i) => 0.05 + i / 3_000);
    const ks = value(ksTwoSample(sortedSample(a), sortedSample(b)));
    expect(ks.method).toBe('asymp');
    expectRelative(ks.statistic, 0.05008333333333337, 1e-12);
    expectRelative(ks.pValue, 1.1354413630026404e-5, 5e-2);
  });

  it('counting categories keeps a category absent from one side as an explicit zero, missing apart', () => {
    const counts = countCategories(['a', 'b', null, 'a'], ['c', 'a', undefined, null]);
    expect(counts.categories).toEqual(['a', 'b', 'c']);
    expect([...counts.reference]).toEqual([2, 1, 0]);
    expect([...counts.batch]).toEqual([1, 0, 1]);
    expect([counts.referenceMissing, counts.batchMissing]).toEqual([1, 2]);
    expect(value(jensenShannonDistance([1, 0], [0, 1]))).toBe(1);
  });
});
