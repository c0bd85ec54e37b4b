/** What the lifecycle map (and the overview) say comes next, from the eight stage states. */
import { describe, expect, it } from 'vitest';
import { STAGES, STAGE_INFO, type Stage, type StageState, type StageStatus } from '../../../electron/contract/index';
import { lifecycleNext, nextHeading, nextSentence } from '../../../renderer/src/components/lifecycle/lifecycleNext';
import { loopLayout } from '../../../renderer/src/components/lifecycle/loopLayout';

/** The eight statuses in cycle order; stages not named are not started. */
function statuses(states: Partial<Record<Stage, StageState>>, unavailable: Stage[] = []): StageStatus[] {
  return STAGES.map((stage) => ({ stage, state: states[stage] ?? 'not_started', summary: `${stage} summary.`, available: !unavailable.includes(stage) }));
}

describe('the next stage to work on', () => {
  it('is Plan on a new project', () => {
    expect(lifecycleNext(statuses({}))).toEqual({ stage: 'plan', reason: 'not_done', detail: 'plan summary.' });
  });

  it('is the first stage not done, in cycle order, even when a later one is under way', () => {
    const next = lifecycleNext(statuses({ plan: 'done', data: 'done', explore: 'in_progress', train: 'in_progress' }));
    expect(next).toMatchObject({ stage: 'explore', reason: 'not_done' });
    expect(nextSentence(next!, STAGE_INFO.explore)).toBe('Next: Explore — explore summary.');
  });

  it('is a stage that needs attention before any stage not done, even one earlier in the cycle', () => {
    const next = lifecycleNext(statuses({ plan: 'done', data: 'done', explore: 'done', monitor: 'needs_attention' }));
    expect(next).toMatchObject({ stage: 'monitor', reason: 'needs_attention' });
    expect(nextHeading(next!, STAGE_INFO.monitor)).toBe('Needs attention: Monitor');
  });

  it('skips stages that are not available yet', () => {
    expect(lifecycleNext(statuses({ plan: 'done' }, ['data']))?.stage).toBe('explore');
  });

  it('is Monitor, to round again, when every stage is done', () => {
    const all = Object.fromEntries(STAGES.map((s) => [s, 'done'])) as Record<Stage, StageState>;
    const next = lifecycleNext(statuses(all));
    expect(next).toMatchObject({ stage: 'monitor', reason: 'round_again' });
    expect(nextHeading(next!, STAGE_INFO.monitor)).toBe('Round again');
    expect(nextSentence(next!, STAGE_INFO.monitor)).toMatch(/^Round again — Every stage is done\. .*round again from Plan\.$/);
  });

  it('falls back on what the stage is for when its status says nothing', () => {
    const empty = statuses({ plan: 'done' }).map((s) => ({ ...s, summary: '' }));
    expect(nextSentence(lifecycleNext(empty)!, STAGE_INFO.data)).toBe(`Next: Data — ${STAGE_INFO.data.purpose}`);
  });

  it('is unknown until the states are', () => {
    expect(lifecycleNext(undefined)).toBeNull();
    expect(lifecycleNext([])).toBeNull();
  });
});

describe('the loop the map draws', () => {
  const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

  it.each([760, 900, 1040])('keeps the eight stages apart and inside a %i px map', (width) => {
    const layout = loopLayout(width, 78, 150);
    expect(layout.nodes).toHaveLength(8);
    for (const [i, a] of layout.nodes.entries()) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.x + a.w).toBeLessThanOrEqual(layout.width);
      for (const b of layout.nodes.slice(i + 1)) expect(overlap(a, b)).toBe(false);
      expect(overlap(a, layout.center)).toBe(false);
    }
  });

  it('reads left to right along the top and right to left along the bottom, with eight arrows closing the loop', () => {
    const { nodes, arrows } = loopLayout(1000, 78, 150);
    expect(nodes.slice(0, 4).every((n, i, top) => i === 0 || n.x > top[i - 1]!.x)).toBe(true);
    expect(nodes.slice(4).every((n, i, bottom) => i === 0 || n.x < bottom[i - 1]!.x)).toBe(true);
    expect(arrows.map((a) => a.to)).toEqual([1, 2, 3, 4, 5, 6, 7, 0]);
  });
});
