/**
 * Synthetic data from a Gaussian copula (electron/ml/synthetic/), specified on 5,000 customers drawn from a known
 * model: marginals within tolerance, correlations and associations kept, missing shares and rounding kept, the same
 * rows for the same seed, and never a row equal to a real one — also on tiny, few-valued data where copies are
 * likely. Distances are held to scipy (test/fixtures/ml/synthetic-expected.json, written by make-synthetic-expected.py).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Frame, RawColumn } from '../../../electron/ml/preprocess/frame';
import { seeded } from '../../../electron/ml/random';
import { correlationRatio, cramersV } from '../../../electron/ml/synthetic/association';
import { copiesIn, indexRows, removeCopies } from '../../../electron/ml/synthetic/copies';
import { encodeFrame, fitCopula, sampleCopula, stream, type CopulaModel, type EncodedTable } from '../../../electron/ml/synthetic/copula';
import { discriminate } from '../../../electron/ml/synthetic/discriminator';
import { ksStatistic, sortedPresent, wasserstein } from '../../../electron/ml/synthetic/distances';
import { cholesky, pairCorrelation, validCholesky } from '../../../electron/ml/synthetic/linalg';
import { normalCdf, normalQuantile } from '../../../electron/ml/synthetic/normal';
import { nearestNeighbours } from '../../../electron/ml/synthetic/privacy';
import { describeColumns, planColumns, syntheticReport } from '../../../electron/ml/synthetic/report';

interface Expected {
  samples: { a: number[]; b: number[]; ks: number; wasserstein: number }[];
  tables: { a: number[]; b: number[]; ka: number; kb: number; cramersV: number }[];
  normal: { z: number[]; cdf: number[]; p: number[]; ppf: number[] };
}
const expected = JSON.parse(readFileSync(new URL('../../fixtures/ml/synthetic-expected.json', import.meta.url), 'utf8')) as Expected;

const DAY = 86_400_000;
const STORAGE: Record<string, string> = { spend: 'DOUBLE', income: 'DOUBLE', age: 'BIGINT', member: 'BOOLEAN', city: 'VARCHAR', segment: 'VARCHAR', signup: 'DATE' };

/**
 * Customers whose spend, income (log-normal) and age share one latent factor (spend and log income: ρ = 0.7), whose
 * membership, city and segment depend on it too; spend is missing in every tenth row and city in some.
 */
function customers(n = 5000, seed = 7): Frame {
  const r = seeded(seed);
  const normal = () => Math.sqrt(-2 * Math.log(r.next() + 1e-12)) * Math.cos(2 * Math.PI * r.next());
  const [spend, income, age, member, signup] = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const city: (string | null)[] = [];
  const segment: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [normal(), normal(), normal()];
    spend[i] = i % 10 === 3 ? NaN : Math.round((50 + 10 * a) * 100) / 100;
    income[i] = 30_000 * Math.exp(0.5 * (0.7 * a + Math.sqrt(1 - 0.49) * b));
    age[i] = Math.max(18, Math.min(80, Math.round(40 + 12 * (0.5 * a + 0.866 * c))));
    member[i] = r.next() < 0.3 + 0.25 * (a > 0 ? 1 : 0) ? 1 : 0;
    const u = r.next() + 0.1 * a;
    city[i] = u < 0.3 ? 'Lisbon' : u < 0.55 ? 'Porto' : u < 0.75 ? 'Braga' : u < 0.9 ? 'Faro' : i % 17 === 0 ? null : 'Coimbra';
    segment[i] = a + 0.5 * normal() < -0.5 ? 'low' : a < 0.8 ? 'mid' : 'high';
    signup[i] = Date.UTC(2020, 0, 1) + Math.floor(r.next() * 1000) * DAY;
  }
  const columns: RawColumn[] = [
    { name: 'spend', kind: 'number', semanticType: 'float', values: spend },
    { name: 'income', kind: 'number', semanticType: 'float', values: income },
    { name: 'age', kind: 'number', semanticType: 'integer', values: age },
    { name: 'member', kind: 'number', semanticType: 'boolean', values: member },
    { name: 'city', kind: 'string', semanticType: 'categorical', values: city },
    { name: 'segment', kind: 'string', semanticType: 'categorical', values: segment },
    { name: 'signup', kind: 'number', semanticType: 'datetime', values: signup },
  ];
  return { rows: n, columns };
}

function generate(frame: Frame, n: number, seed = 42, storage = STORAGE) {
  const model = fitCopula(frame, storage, seed);
  const real = encodeFrame(model, frame);
  const index = indexRows(real);
  const removal = removeCopies(model, index, sampleCopula(model, n, stream(seed, 2)), stream(seed, 6));
  return { model, real, index, ...removal };
}

const numbers = (t: EncodedTable, model: CopulaModel, name: string) => {
  const c = t.columns[model.columns.findIndex((m) => m.name === name)]!;
  if (c.kind !== 'number') throw new Error(`${name} is not a number column`);
  return c.values;
};
const codes = (t: EncodedTable, model: CopulaModel, name: string) => {
  const c = t.columns[model.columns.findIndex((m) => m.name === name)]!;
  if (c.kind !== 'category') throw new Error(`${name} is not a category column`);
  return c.codes;
};
const levelsOf = (model: CopulaModel, name: string) => {
  const m = model.columns.find((c) => c.name === name)!.marginal;
  return m.kind === 'categorical' ? m.levels : [];
};
function shares(c: Int32Array | Float64Array, k: number): number[] {
  const out = new Array<number>(k).fill(0);
  let n = 0;
  for (const v of c) {
    if (v < 0 || Number.isNaN(v)) continue;
    out[v]!++;
    n++;
  }
  return out.map((x) => x / n);
}
const missingShare = (c: Float64Array | Int32Array) => Array.from(c).filter((v) => Number.isNaN(v) || v < 0).length / c.length;

/** Every pair of rows compared value by value: the definition the hashing must agree with. */
function copiedRows(real: EncodedTable, synthetic: EncodedTable): number {
  let copies = 0;
  for (let s = 0; s < synthetic.rows; s++) {
    for (let r = 0; r < real.rows; r++) {
      const same = real.columns.every((c, j) => {
        const o = synthetic.columns[j]!;
        if (c.kind === 'number' && o.kind === 'number') return c.values[r] === o.values[s] || (Number.isNaN(c.values[r]!) && Number.isNaN(o.values[s]!));
        return c.kind === 'category' && o.kind === 'category' && c.codes[r] === o.codes[s];
      });
      if (same) {
        copies++;
        break;
      }
    }
  }
  return copies;
}

describe('Gaussian copula synthetic data', () => {
  const frame = customers();
  const { model, real, table, found, dropped } = generate(frame, 5000);

  it("keeps every number column's distribution: KS statistic below 0.05", () => {
    for (const name of ['spend', 'income', 'age', 'signup']) {
      const ks = ksStatistic(sortedPresent(numbers(real, model, name)), sortedPresent(numbers(table, model, name)));
      expect(ks, name).toBeLessThan(0.05);
    }
  });

  it('keeps category and boolean shares within 2 points', () => {
    for (const name of ['city', 'segment']) {
      const k = levelsOf(model, name).length;
      const [p, q] = [shares(codes(real, model, name), k), shares(codes(table, model, name), k)];
      p.forEach((share, i) => expect(Math.abs(share - q[i]!), `${name} ${levelsOf(model, name)[i]}`).toBeLessThan(0.02));
    }
    const [p, q] = [shares(numbers(real, model, 'member'), 2), shares(numbers(table, model, 'member'), 2)];
    expect(Math.abs(p[1]! - q[1]!)).toBeLessThan(0.02);
  });

  it('keeps missing shares and the real range, and rounds as the real values are rounded', () => {
    expect(missingShare(numbers(table, model, 'spend'))).toBeCloseTo(0.1, 1);
    expect(Math.abs(missingShare(codes(table, model, 'city')) - missingShare(codes(real, model, 'city')))).toBeLessThan(0.01);
    const spend = sortedPresent(numbers(table, model, 'spend'));
    expect(spend.every((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6)).toBe(true);
    const age = sortedPresent(numbers(table, model, 'age'));
    expect(age.every(Number.isInteger)).toBe(true);
    const realAge = sortedPresent(numbers(real, model, 'age'));
    expect([age[0], age[age.length - 1]]).toEqual([realAge[0], realAge[realAge.length - 1]]);
    expect(sortedPresent(numbers(table, model, 'signup')).every((v) => v % DAY === 0)).toBe(true);
    expect(new Set(numbers(table, model, 'member'))).toEqual(new Set([0, 1]));
  });

  it('keeps correlations: |Δρ| < 0.05 between numbers, and the associations of booleans and categories with numbers', () => {
    const pearson = (t: EncodedTable, a: string, b: string) => pairCorrelation(numbers(t, model, a), numbers(t, model, b))!;
    expect(pearson(real, 'spend', 'income')).toBeGreaterThan(0.6);
    for (const [a, b] of [['spend', 'income'], ['spend', 'age'], ['income', 'age'], ['member', 'spend'], ['member', 'income']] as const) {
      expect(Math.abs(pearson(table, a, b) - pearson(real, a, b)), `${a}–${b}`).toBeLessThan(0.05);
    }
    const eta = (t: EncodedTable, name: string) => correlationRatio(codes(t, model, name), levelsOf(model, name).length, numbers(t, model, 'spend'))!;
    // The segment rises with spend: its intervals follow spend, so one correlation carries the relation.
    expect(levelsOf(model, 'segment')).toEqual(['low', 'mid', 'high']);
    expect(eta(real, 'segment')).toBeGreaterThan(0.6);
    for (const name of ['segment', 'city']) expect(Math.abs(eta(table, name) - eta(real, name)), name).toBeLessThan(0.05);
  });

  it('gives the same rows for the same seed, and other rows for another', () => {
    const again = generate(frame, 500, 42).table;
    const first = generate(frame, 500, 42).table;
    const other = generate(frame, 500, 43).table;
    expect(Array.from(numbers(again, model, 'income'))).toEqual(Array.from(numbers(first, model, 'income')));
    expect(Array.from(codes(again, model, 'city'))).toEqual(Array.from(codes(first, model, 'city')));
    expect(Array.from(numbers(other, model, 'income'))).not.toEqual(Array.from(numbers(first, model, 'income')));
  });

  it('returns no row equal to a real row', () => {
    expect(found).toBe(0);
    expect(dropped).toBe(0);
    expect(copiedRows(real, takeFirst(table, 1000))).toBe(0);
  });

  it('never returns a row equal to a real one on tiny data of few values, where copies are likely: it draws them again', () => {
    const r = seeded(3);
    const n = 40;
    const tiny: Frame = {
      rows: n,
      columns: [
        { name: 'plan', kind: 'string', semanticType: 'categorical', values: Array.from({ length: n }, () => ['basic', 'pro', 'team'][r.int(3)]!) },
        { name: 'seats', kind: 'number', semanticType: 'integer', values: Float64Array.from({ length: n }, () => 1 + r.int(4)) },
        { name: 'active', kind: 'number', semanticType: 'boolean', values: Float64Array.from({ length: n }, () => r.int(2)) },
      ],
    };
    const storage = { plan: 'VARCHAR', seats: 'BIGINT', active: 'BOOLEAN' };
    const out = generate(tiny, 300, 42, storage);
    // 24 combinations exist, the 40 real rows hold most of them: most first draws copied a real row.
    expect(out.found).toBeGreaterThan(100);
    expect(out.table.rows + out.dropped).toBe(300);
    expect(copiedRows(out.real, out.table)).toBe(0);
    expect(copiesIn(out.index, out.table)).toEqual([]);
  });

  it('leaves out every row when each possible combination of values is a real row', () => {
    const both: Frame = {
      rows: 20,
      columns: [
        { name: 'a', kind: 'number', semanticType: 'boolean', values: Float64Array.from({ length: 20 }, (_, i) => i % 2) },
        { name: 'b', kind: 'number', semanticType: 'boolean', values: Float64Array.from({ length: 20 }, (_, i) => Math.floor(i / 2) % 2) },
      ],
    };
    const out = generate(both, 50, 1, { a: 'BOOLEAN', b: 'BOOLEAN' });
    expect(out).toMatchObject({ found: 50, dropped: 50 });
    expect(out.table.rows).toBe(0);
  });

  it('matches scipy: KS statistic, Wasserstein distance, Cramér’s V, the normal CDF and quantiles', () => {
    for (const s of expected.samples) {
      const [a, b] = [Float64Array.from(s.a).sort(), Float64Array.from(s.b).sort()];
      expect(ksStatistic(a, b)).toBeCloseTo(s.ks, 12);
      expect(wasserstein(a, b)).toBeCloseTo(s.wasserstein, 10);
    }
    for (const t of expected.tables) expect(cramersV(Int32Array.from(t.a), t.ka, Int32Array.from(t.b), t.kb)).toBeCloseTo(t.cramersV, 12);
    expected.normal.z.forEach((z, i) => expect(Math.abs(normalCdf(z) - expected.normal.cdf[i]!)).toBeLessThan(2e-7 * Math.max(expected.normal.cdf[i]!, 1e-3)));
    expected.normal.p.forEach((p, i) => expect(normalQuantile(p)).toBeCloseTo(expected.normal.ppf[i]!, 7));
  });

  it('makes a correlation matrix that is not positive definite valid by shrinking it toward independence', () => {
    const bad = Float64Array.from([1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1]);
    expect(cholesky(bad, 3)).toBeNull();
    const { factor, matrix, shrinkage } = validCholesky(bad, 3);
    expect(shrinkage).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let sum = 0;
      for (let k = 0; k < 3; k++) sum += factor[i * 3 + k]! * factor[j * 3 + k]!;
      expect(sum).toBeCloseTo(matrix[i * 3 + j]!, 12);
    }
    expect(validCholesky(Float64Array.from([1, 0.5, 0.5, 1]), 2).shrinkage).toBe(0);
  });

  it('a classifier cannot tell the synthetic rows apart (ROC AUC near 0.5), but tells shifted rows apart', async () => {
    const same = await discriminate(real, table, stream(1, 4), 1);
    expect(same.auc).toBeGreaterThan(0.4);
    expect(same.auc).toBeLessThan(0.6);
    const shifted: EncodedTable = { ...real, columns: real.columns.map((c, j) => (model.columns[j]!.name === 'spend' && c.kind === 'number' ? { kind: 'number', values: c.values.map((v) => v + 15) } : c)) };
    expect((await discriminate(real, shifted, stream(1, 4), 1)).auc).toBeGreaterThan(0.9);
  });

  it('tells near-copies from new rows by the distance to the closest real row', () => {
    const fresh = nearestNeighbours(model.columns, real, table, stream(1, 5))!;
    expect(fresh.closerThanRealP5).toBeLessThan(0.12);
    expect(fresh.syntheticToReal[2]).toBeGreaterThan(0.5 * fresh.realToReal[2]!);
    const r = seeded(9);
    const nudged = (c: EncodedTable['columns'][number], j: number) => (c.kind === 'number' && ['spend', 'income'].includes(model.columns[j]!.name) ? { kind: 'number' as const, values: c.values.map((v) => v + (r.next() - 0.5) * 1e-3) } : c);
    const nearCopies: EncodedTable = { ...real, columns: real.columns.map(nudged) };
    expect(nearestNeighbours(model.columns, real, nearCopies, stream(1, 5))!.closerThanRealP5).toBeGreaterThan(0.5);
  });

  it('reports a good verdict in plain words, with no copies and each column’s distance', async () => {
    const schema = frame.columns.map((c) => ({ name: c.name, semanticType: c.semanticType, storageType: STORAGE[c.name]! }));
    const report = await syntheticReport({
      ...{ model, columns: describeColumns(planColumns(schema), model, frame.rows), real, synthetic: table, seed: 42 },
      ...{ source: { versionId: 'dv_x', label: 'customers v1', rows: 5000 }, rowsRequested: 5000, copies: { found, resampled: 0, dropped }, timings: {} },
    });
    expect(report.verdict.level).toBe('good');
    expect(report.verdict.findings).toContain('No synthetic row equals a real row (every row checked against all 5,000 real rows on the 7 generated columns).');
    expect(report.quality.map((q) => [q.name, q.kind])).toEqual([['spend', 'numeric'], ['income', 'numeric'], ['age', 'numeric'], ['member', 'categorical'], ['city', 'categorical'], ['segment', 'categorical'], ['signup', 'numeric']]);
    expect(Math.max(...report.quality.map((q) => q.distance))).toBeLessThan(0.05);
    expect(report.association!.meanAbsDifference).toBeLessThan(0.03);
    expect(report.columns.find((c) => c.name === 'spend')!.note).toBe('Distribution from 1,001 quantiles, within the real minimum and maximum, rounded to 2 decimals; 10.0% missing, as in the real rows.');
  });

  it('names the categories seen in a single real row, which generated rows can carry', async () => {
    const r = seeded(5);
    const n = 200;
    const city = Array.from({ length: n }, (_, i) => (i === 0 ? 'Monsaraz' : i === 1 ? 'Mértola' : ['Lisbon', 'Porto'][r.int(2)]!));
    const small: Frame = {
      rows: n,
      columns: [
        { name: 'city', kind: 'string', semanticType: 'categorical', values: city },
        { name: 'spend', kind: 'number', semanticType: 'float', values: Float64Array.from({ length: n }, () => r.next() * 100) },
      ],
    };
    const storage = { city: 'VARCHAR', spend: 'DOUBLE' };
    const g = generate(small, 200, 1, storage);
    const columns = describeColumns(planColumns(small.columns.map((c) => ({ name: c.name, semanticType: c.semanticType, storageType: storage[c.name as keyof typeof storage] }))), g.model, n);
    expect(columns[0]).toMatchObject({ rareCategories: 2, note: '4 categories at their real frequencies; 2 of them occur in one real row only.' });
    const report = await syntheticReport({
      ...{ model: g.model, columns, real: g.real, synthetic: g.table, seed: 1 },
      ...{ source: { versionId: 'dv_x', label: 'visits v1', rows: n }, rowsRequested: 200, copies: { found: g.found, resampled: 0, dropped: g.dropped }, timings: {} },
    });
    expect(report.verdict.findings).toContain('Some categories occur in a single real row — city (2) — and generated rows can carry them: merge or drop rare categories first if one could point at a person.');
  });
});

function takeFirst(t: EncodedTable, n: number): EncodedTable {
  return { rows: Math.min(n, t.rows), columns: t.columns.map((c) => (c.kind === 'number' ? { kind: 'number', values: c.values.subarray(0, n) } : { kind: 'category', codes: c.codes.subarray(0, n) })) };
}
