/** Explore's target column: the learner's choice, else the charter's target — unless that would hide an existing profile. */
import { describe, expect, it } from 'vitest';
import { pickTarget } from '../../../renderer/src/stages/explore/exploreTarget';

const COLUMNS = ['age', 'plan', 'churned'];
const none = { plain: false, charter: false };

describe("Explore's target column", () => {
  it("defaults to the charter's target when the version has that column", () => {
    expect(pickTarget(null, 'churned', COLUMNS, none)).toBe('churned');
    expect(pickTarget(null, 'churned', COLUMNS, { plain: true, charter: true })).toBe('churned');
  });

  it('stays without a target when the charter names no column of this version, or names none', () => {
    expect(pickTarget(null, 'Churned within 30 days', COLUMNS, none)).toBe('');
    expect(pickTarget(null, undefined, COLUMNS, none)).toBe('');
  });

  it("opens on the profile the version has: one without a target, when there is none with the charter's", () => {
    expect(pickTarget(null, 'churned', COLUMNS, { plain: true, charter: false })).toBe('');
  });

  it('keeps a choice made here, "No target" included, over the charter; a chosen column this version lacks means none', () => {
    expect(pickTarget('plan', 'churned', COLUMNS, none)).toBe('plan');
    expect(pickTarget('', 'churned', COLUMNS, none)).toBe('');
    expect(pickTarget('dropped_column', 'churned', COLUMNS, none)).toBe('');
  });
});
