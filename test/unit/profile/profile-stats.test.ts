/** The profile's statistics match pandas/numpy/scipy on the same file (expected values generated once, committed). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Handlers, ImportResult, Job, Profile } from '../../../electron/contract/index';
import { dispatch } from '../../../electron/core/dispatch';
import { tempDir, tempHandlers } from '../../helpers/workspace';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const expected = JSON.parse(readFileSync(`${FIXTURES}expected/customers-profile.json`, 'utf8'));

async function call<T>(handlers: Handlers, name: string, input: unknown): Promise<T> {
  const { envelope } = await dispatch(handlers, name, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.result as T;
}

async function profileOf(file: string, target?: string): Promise<Profile> {
  const t = tempHandlers();
  const { id } = await call<{ id: string }>(t.handlers, 'projects.create', { name: 'P' });
  const imported = await t.queue.wait((await call<Job>(t.handlers, 'datasets.import', { projectId: id, file })).id);
  const { versionId } = imported.result as ImportResult;
  expect(await call(t.handlers, 'profiles.get', { versionId, target })).toBeNull();
  const job = await t.queue.wait((await call<Job>(t.handlers, 'profiles.compute', { versionId, target })).id);
  expect(job.status, job.message).toBe('succeeded');
  return (await call<Profile>(t.handlers, 'profiles.get', { versionId, target }))!;
}

const close = (a: number, b: number, tol = 1e-9) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe('profile statistics against pandas', () => {
  let profile: Profile;
  beforeAll(async () => {
    profile = await profileOf(`${FIXTURES}data/customers.csv`, 'churned');
  });

  it('counts rows, missing values, distinct values and duplicates as pandas does', () => {
    expect(profile.overview.rows).toBe(expected.rows);
    expect(profile.overview.duplicateRows).toBe(expected.duplicateRows);
    for (const c of profile.columns) {
      expect(c.missing, c.name).toBe(expected.columns[c.name].missing);
      expect(c.distinct, c.name).toBe(expected.columns[c.name].distinct);
    }
  });

  it.each(['age', 'monthly_spend'])('matches min, max, mean, std, skewness, quantiles, zeros and negatives of %s', (name) => {
    const got = profile.columns.find((c) => c.name === name)!.numeric!;
    const want = expected.columns[name];
    for (const k of ['min', 'max', 'mean', 'std', 'skewness', 'zeros', 'negative']) close(got[k as keyof typeof got] as number, want[k]);
    for (const q of ['p05', 'p25', 'p50', 'p75', 'p95'] as const) close(got.quantiles[q], want.quantiles[q]);
  });

  it('matches Pearson, Spearman and Cramér\'s V', () => {
    const { pearson, spearman, cramersV } = profile.correlations;
    const want = expected.pearson;
    for (const [i, a] of want.columns.entries()) {
      for (const [j, b] of want.columns.entries()) {
        close(pearson.values[pearson.columns.indexOf(a)]![pearson.columns.indexOf(b)]!, want.values[i][j], 1e-9);
        close(spearman.values[spearman.columns.indexOf(a)]![spearman.columns.indexOf(b)]!, expected.spearman.values[i][j], 1e-9);
      }
    }
    close(cramersV.values[cramersV.columns.indexOf('city')]![cramersV.columns.indexOf('plan')]!, expected.cramersV['city~plan'], 1e-9);
  });

  it('draws a histogram whose counts add up to the non-missing values', () => {
    const age = profile.columns.find((c) => c.name === 'age')!;
    expect(age.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(expected.rows - expected.columns.age.missing);
    expect(age.histogram!.edges[0]).toBe(18);
    expect(age.histogram!.edges.at(-1)).toBe(77);
  });

  it('analyses the target: class balance and each feature\'s relation, with box plots by class', () => {
    expect(profile.target!.kind).toBe('classification');
    expect(profile.target!.classes!.reduce((n, c) => n + c.count, 0)).toBe(300);
    expect(profile.target!.relations.map((r) => r.column)).toEqual(expect.arrayContaining(['age', 'monthly_spend', 'city', 'plan']));
    expect(profile.target!.byClass!.map((b) => b.column)).toEqual(expect.arrayContaining(['age', 'monthly_spend']));
    expect(profile.alerts.map((a) => a.kind)).toEqual(['identifier']);
  });
});

describe('profile alerts on data that has problems', () => {
  it('flags leakage, a constant column, mostly missing values, duplicates, imbalance, correlation and personal data', async () => {
    // Columns named like SQL aliases (b, value, n, p) must not confuse the profile's queries.
    const lines = ['id,email,label,leak,constant,sparse,x,x_copy,card_like_id,b,value,n,p'];
    for (let i = 0; i < 200; i++) {
      const label = i % 20 === 0 ? 'yes' : 'no';
      const row = [i, `user${i}@example.org`, label, label === 'yes' ? 1 : 0, 'same', i % 3 === 0 ? i : '', i * 1.5, i * 1.5 + 0.001 * (i % 2), 4000000000000000 + i * 7, i % 5, `v${i % 4}`, (i * 37) % 11, i % 2];
      lines.push(row.join(','));
    }
    lines.push(lines[1]!, lines[2]!);
    const file = join(tempDir(), 'problems.csv');
    writeFileSync(file, lines.join('\n'));
    const profile = await profileOf(file, 'label');
    const kinds = (k: string) => profile.alerts.filter((a) => a.kind === k).map((a) => a.columns.join('+'));
    expect(kinds('target_leakage')).toEqual(['leak+label']);
    expect(kinds('constant')).toEqual(['constant']);
    expect(kinds('mostly_missing')).toEqual(['sparse']);
    expect(kinds('duplicate_rows')).toEqual(['']);
    expect(kinds('imbalanced_target')).toEqual(['label']);
    expect(kinds('high_correlation')).toContain('x+x_copy');
    expect(kinds('personal_data')).toEqual(['email']);
    expect(kinds('identifier')).toContain('id');
    expect(profile.alerts[0]!.severity).toBe('critical');
    expect(kinds('skewed')).toEqual([]);
    expect(profile.columns.find((c) => c.name === 'value')!.topValues).toHaveLength(4);
  });
});
