/** Splits: sizes, no overlap, reproducible by seed, and each kind's promise (classes, groups, time order). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GyreError } from '../../../electron/contract/errors';
import { kFold, makeSplit } from '../../../electron/ml/split';

const union = (a: Uint32Array, b: Uint32Array) => [...a, ...b].sort((x, y) => x - y);
const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('makeSplit', () => {
  it('random: holds out the asked share, every row exactly once, the same rows for the same seed', () => {
    const a = makeSplit({ kind: 'random', testFraction: 0.2, seed: 7 }, { rows: 1000 });
    expect(a.test).toHaveLength(200);
    expect(union(a.train, a.test)).toEqual(all(1000));
    const b = makeSplit({ kind: 'random', testFraction: 0.2, seed: 7 }, { rows: 1000 });
    expect(b.membershipHash).toBe(a.membershipHash);
    expect(makeSplit({ kind: 'random', testFraction: 0.2, seed: 8 }, { rows: 1000 }).membershipHash).not.toBe(a.membershipHash);
  });

  it('stratified: each class keeps its share on both sides, even a class of two rows', () => {
    const classes = Int32Array.from({ length: 1002 }, (_, i) => (i < 900 ? 0 : i < 1000 ? 1 : 2));
    const s = makeSplit({ kind: 'stratified', testFraction: 0.2, seed: 1 }, { rows: classes.length, classes });
    const count = (rows: Uint32Array, c: number) => [...rows].filter((r) => classes[r] === c).length;
    expect([count(s.test, 0), count(s.test, 1), count(s.test, 2)]).toEqual([180, 20, 1]);
    expect([count(s.train, 0), count(s.train, 1), count(s.train, 2)]).toEqual([720, 80, 1]);
  });

  it('stratified: a class with one row is refused with a sentence naming it', () => {
    const classes = Int32Array.from([0, 0, 0, 1]);
    expect(() => makeSplit({ kind: 'stratified', testFraction: 0.25, seed: 1 }, { rows: 4, classes, classNames: ['stayed', 'left'] })).toThrow(
      'Class "left" has only 1 row; a stratified split needs at least 2 per class.',
    );
  });

  it('group: no key has rows on both sides; rows without a key are set aside and counted', () => {
    const groups = all(500).map((i) => (i % 50 === 0 ? null : `customer-${i % 37}`));
    const s = makeSplit({ kind: 'group', column: 'customer', testFraction: 0.25, seed: 3 }, { rows: 500, groups });
    const keys = (rows: Uint32Array) => new Set([...rows].map((r) => groups[r]));
    for (const k of keys(s.test)) expect(keys(s.train).has(k)).toBe(false);
    expect(s.excluded).toEqual({ rows: 10, reason: 'no value in "customer"' });
    expect(s.test.length / 490).toBeGreaterThan(0.2);
    expect(s.test.length / 490).toBeLessThan(0.32);
  });

  it('time: every test row is later than every training row, ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 30 }), { freq: 8 }), { minLength: 10, maxLength: 200 }), fc.double({ min: 0.05, max: 0.6, noNaN: true }), (days, f) => {
        const times = Float64Array.from(days, (d) => (d === null ? NaN : Date.UTC(2024, 0, 1 + d)));
        let s;
        try {
          s = makeSplit({ kind: 'time', column: 'day', testFraction: f }, { rows: times.length, times });
        } catch (e) {
          // Only when every dated row shares one day, or there are none: nothing can be later.
          expect(e).toBeInstanceOf(GyreError);
          return;
        }
        const latestTrain = Math.max(...[...s.train].map((r) => times[r]!));
        const earliestTest = Math.min(...[...s.test].map((r) => times[r]!));
        expect(earliestTest).toBeGreaterThan(latestTrain);
        expect(s.train.length + s.test.length + (s.excluded?.rows ?? 0)).toBe(times.length);
      }),
    );
  });

  it('time: a cut-off date puts rows on or after it in test', () => {
    const times = Float64Array.from(all(10), (d) => Date.UTC(2024, 0, 1 + d));
    const s = makeSplit({ kind: 'time', column: 'day', cutoff: Date.UTC(2024, 0, 8) }, { rows: 10, times });
    expect([...s.test]).toEqual([7, 8, 9]);
  });

  it('refuses a split that leaves one side empty, and a test share outside (0, 1)', () => {
    const times = Float64Array.from(all(5), () => Date.UTC(2024, 0, 1));
    expect(() => makeSplit({ kind: 'time', column: 'day', cutoff: Date.UTC(2025, 0, 1) }, { rows: 5, times })).toThrow('This split leaves no test rows');
    expect(() => makeSplit({ kind: 'random', testFraction: 1, seed: 1 }, { rows: 5 })).toThrow('The test share must be between 0 and 1');
  });
});

describe('kFold', () => {
  it('puts each row in exactly one validation fold, classes spread evenly', () => {
    const rows = Uint32Array.from(all(100), (i) => i * 2);
    const classes = Int32Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const folds = kFold(rows, 5, 11, classes);
    expect(folds.flatMap((f) => [...f.valid]).sort((a, b) => a - b)).toEqual([...rows]);
    for (const f of folds) {
      expect(f.train.length + f.valid.length).toBe(100);
      expect([...f.valid].filter((r) => classes[r] === 1)).toHaveLength(4);
    }
  });
});
