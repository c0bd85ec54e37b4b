/** The tour panel's reading of the tour state: which step shows, what was just done, which controls get a ring, and on which pages. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TOUR_STEPS, type TourState, type TourStepId } from '../../../electron/contract/index';
import { anchorsOf, justDone, onStepPages, shownStep, stepPage, type AnchorPlace } from '../../../renderer/src/components/tour/tourSteps';

const RENDERER = fileURLToPath(new URL('../../../renderer/src', import.meta.url));
const step = (id: TourStepId) => TOUR_STEPS.find((s) => s.id === id)!;

function state(current: TourStepId | null, done: TourStepId[] = [], skipped: TourStepId[] = []): TourState {
  return {
    status: current ? 'running' : 'finished',
    projectId: 'prj_1',
    current,
    steps: TOUR_STEPS.map((s) => ({ id: s.id, done: done.includes(s.id), skipped: skipped.includes(s.id), evidence: done.includes(s.id) ? `${s.id} evidence` : null })),
  };
}

describe('the step shown', () => {
  it('numbers the current step from 1 and counts the steps done or skipped behind it', () => {
    const shown = shownStep(state('train-tune', ['plan-charter', 'data-import', 'explore-profile', 'prepare-recipe'], ['train-split-baselines']))!;
    expect(shown).toMatchObject({ number: 6, total: 13, behind: 5 });
    expect(shown.step.title).toBe('Tune the GBDT');
    expect(shown.state).toEqual({ id: 'train-tune', done: false, skipped: false, evidence: null });
  });

  it('is none once no step is left', () => {
    expect(shownStep(state(null, [...TOUR_STEPS.map((s) => s.id)]))).toBeNull();
  });

  it('says which step the records just completed, with its evidence, and nothing on the first reading or when nothing changed', () => {
    const before = state('plan-charter');
    const now = state('data-import', ['plan-charter']);
    expect(justDone(before, now)).toEqual({ title: 'Write the charter', evidence: 'plan-charter evidence' });
    expect(justDone(null, now)).toBeNull();
    expect(justDone(now, now)).toBeNull();
    // A skipped step is not "done".
    expect(justDone(before, state('data-import', [], ['plan-charter']))).toBeNull();
  });
});

describe('the controls ringed', () => {
  const places = (map: Record<string, AnchorPlace>) => (name: string) => map[name] ?? null;

  it('rings the step control on the page, and none when it is not on screen', () => {
    expect(anchorsOf(step('plan-charter'), places({ 'charter-wizard': 'page' }), false)).toEqual(['charter-wizard']);
    expect(anchorsOf(step('plan-charter'), places({}), false)).toEqual([]);
  });

  it('rings both controls when both are on the page (export a bundle, and try it)', () => {
    expect(anchorsOf(step('deploy-bundle-try'), places({ 'export-bundle': 'page', 'try-it': 'page' }), false)).toEqual(['export-bundle', 'try-it']);
  });

  it('while a dialog is open, rings only what is inside it', () => {
    const wizard = step('train-split-baselines');
    expect(anchorsOf(wizard, places({ 'train-wizard': 'page', 'split-time': 'dialog' }), true)).toEqual(['split-time']);
    // The try-it dialog holds no anchor: no ring over its backdrop.
    expect(anchorsOf(step('deploy-bundle-try'), places({ 'export-bundle': 'page', 'try-it': 'page' }), true)).toEqual([]);
  });
});

describe('the pages of a step', () => {
  it('start on the stage page, or on the page of its first control (Prepare starts from the Explore alerts)', () => {
    expect(stepPage(step('train-tune'))).toBe('train');
    expect(stepPage(step('prepare-recipe'))).toBe('explore');
  });

  it('are the step page and its stage page in the tour project, with their sub-pages', () => {
    const prepare = step('prepare-recipe');
    expect(onStepPages('/p/prj_1/explore', 'prj_1', prepare)).toBe(true);
    expect(onStepPages('/p/prj_1/prepare', 'prj_1', prepare)).toBe(true);
    expect(onStepPages('/p/prj_1/train', 'prj_1', prepare)).toBe(false);
    expect(onStepPages('/p/prj_2/explore', 'prj_1', prepare)).toBe(false);
    expect(onStepPages('/p/prj_1/data/dst_9', 'prj_1', step('data-import'))).toBe(true);
    expect(onStepPages('/p/prj_1/database', 'prj_1', step('data-import'))).toBe(false);
  });
});

describe('every step', () => {
  it('points at controls that a page of the renderer carries (`data-tour="NAME"`)', () => {
    const sources = readdirSync(RENDERER, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.tsx'))
      .map((f) => readFileSync(join(RENDERER, f), 'utf8'))
      .join('\n');
    const carried = new Set([...sources.matchAll(/data-tour="([a-z-]+)"|tour="([a-z-]+)"/g)].map((m) => m[1] ?? m[2]));
    const named = TOUR_STEPS.flatMap((s) => (s.then ? [s.target, s.then] : [s.target]));
    expect(named.filter((name) => !carried.has(name))).toEqual([]);
  });
});
