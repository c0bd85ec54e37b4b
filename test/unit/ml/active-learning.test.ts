/**
 * The pure parts of labeling: Cohen's kappa equals scikit-learn's `cohen_kappa_score` on committed cases
 * (test/fixtures/ml/kappa-expected.json, written once by make-kappa-expected.py); the queue's uncertainty order puts
 * the least sure rows first; and several people's labels resolve to one by the documented rule.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONSENSUS_RULE, resolveLabels, type CurrentLabel } from '../../../electron/ml/active/consensus';
import { cohenKappa } from '../../../electron/ml/active/kappa';
import { rankByUncertainty, topTwo, uncertainty } from '../../../electron/ml/active/uncertainty';

interface KappaCase {
  name: string;
  a: string[];
  b: string[];
  kappa: number | null;
  observed: number;
}

const { cases } = JSON.parse(readFileSync(new URL('../../fixtures/ml/kappa-expected.json', import.meta.url), 'utf8')) as { cases: KappaCase[] };

describe("Cohen's kappa", () => {
  it.each(cases.map((c) => [c.name, c] as const))('equals scikit-learn on %s', (_name, c) => {
    const k = cohenKappa(c.a, c.b);
    expect(k.rows).toBe(c.a.length);
    expect(k.observed).toBeCloseTo(c.observed, 14);
    if (c.kappa === null) expect(k.kappa).toBeNull();
    else expect(k.kappa).toBeCloseTo(c.kappa, 12);
  });

  it('refuses lists of different lengths and no rows at all', () => {
    expect(() => cohenKappa(['a'], ['a', 'b'])).toThrow("Cohen's kappa needs two labels per row; got 1 and 2.");
    expect(() => cohenKappa([], [])).toThrow("Cohen's kappa needs at least one row labeled by both.");
  });
});

describe('uncertainty', () => {
  // Four rows of three classes: sure, split between two, spread over three, a near tie.
  const p = Float64Array.from([0.9, 0.05, 0.05, 0.5, 0.45, 0.05, 0.34, 0.33, 0.33, 0.6, 0.38, 0.02]);

  it('finds the two likeliest classes of each row', () => {
    const t = topTwo(p, 3);
    expect(Array.from(t.first)).toEqual([0, 0, 0, 0]);
    expect(Array.from(t.second)).toEqual([1, 1, 1, 1]);
    expect(Array.from(t.p1)).toEqual([0.9, 0.5, 0.34, 0.6]);
    expect(Array.from(t.p2)).toEqual([0.05, 0.45, 0.33, 0.38]);
  });

  it('ranks by the margin between the two likeliest classes, smallest first', () => {
    expect(Array.from(uncertainty(p, 3, 'margin')).map((x) => +x.toFixed(10))).toEqual([0.15, 0.95, 0.99, 0.78]);
    expect(Array.from(rankByUncertainty(p, 3))).toEqual([2, 1, 3, 0]);
  });

  it('differs from least confidence and entropy only where a third class holds probability', () => {
    // The near tie (row 1: 0.50 vs 0.45) is less sure than row 3 (0.60 vs 0.38) by every measure; entropy and
    // least confidence also put the even three-way row first.
    expect(Array.from(rankByUncertainty(p, 3, 'least_confidence'))).toEqual([2, 1, 3, 0]);
    expect(Array.from(rankByUncertainty(p, 3, 'entropy'))).toEqual([2, 1, 3, 0]);
    const q = Float64Array.from([0.48, 0.47, 0.05, 0.4, 0.3, 0.3]);
    // Margin: 0.01 vs 0.10 — the first row is the closer call; entropy prefers the second, spread over three.
    expect(Array.from(rankByUncertainty(q, 3, 'margin'))).toEqual([0, 1]);
    expect(Array.from(rankByUncertainty(q, 3, 'entropy'))).toEqual([1, 0]);
  });

  it('gives the same order for two classes whatever the measure, and keeps row order on ties', () => {
    const binary = Float64Array.from([0.2, 0.8, 0.55, 0.45, 0.45, 0.55, 0.99, 0.01, 0.7, 0.3]);
    const order = Array.from(rankByUncertainty(binary, 2));
    expect(order).toEqual([1, 2, 4, 0, 3]);
    expect(Array.from(rankByUncertainty(binary, 2, 'entropy'))).toEqual(order);
    expect(Array.from(rankByUncertainty(binary, 2, 'least_confidence'))).toEqual(order);
  });

  it('refuses probabilities that do not split into rows', () => {
    expect(() => topTwo(Float64Array.from([0.5, 0.5, 1]), 2)).toThrow('3 probabilities do not split into rows of 2 classes.');
  });
});

describe('resolving several people’s labels', () => {
  const l = (row: number, labeler: string, label: string, at: string, order = 0): CurrentLabel => ({ row, labeler, label, at: `2026-11-24T10:${at}:00.000Z`, order });

  it('takes the majority, and the most recent of the tied classes on a tie', () => {
    const r = resolveLabels([
      l(3, 'ana', 'churn', '01'),
      l(3, 'ben', 'stay', '02'),
      l(3, 'cy', 'churn', '03'),
      l(1, 'ana', 'stay', '04'),
      l(1, 'ben', 'churn', '05'),
      l(2, 'ana', 'stay', '06'),
    ]);
    expect([...r.keys()]).toEqual([1, 2, 3]);
    expect(r.get(3)).toMatchObject({ label: 'churn', conflict: true });
    // One each: ben's is the more recent.
    expect(r.get(1)).toMatchObject({ label: 'churn', conflict: true });
    expect(r.get(2)).toMatchObject({ label: 'stay', conflict: false, votes: [expect.objectContaining({ labeler: 'ana' })] });
  });

  it('breaks equal times by the order the labels were stored', () => {
    const r = resolveLabels([l(0, 'ben', 'b', '00', 2), l(0, 'ana', 'a', '00', 1)]);
    expect(r.get(0)!.label).toBe('b');
    expect(r.get(0)!.votes.map((v) => v.labeler)).toEqual(['ana', 'ben']);
  });

  it('says the rule in words', () => {
    expect(CONSENSUS_RULE).toBe("A person's label replaces the value in the data. When people disagree, the class most of them gave wins; a tie goes to the most recent label among the tied classes.");
  });
});
