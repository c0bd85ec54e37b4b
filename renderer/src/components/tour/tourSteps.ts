/** Reading the tour's state for the panel: which step to show, its place in the walk, what was just finished. */
import { TOUR_STEPS, type TourState, type TourStep, type TourStepState } from '@contract';

export interface ShownStep {
  step: TourStep;
  state: TourStepState;
  /** 1-based. */
  number: number;
  total: number;
  /** Steps done or skipped. */
  behind: number;
}

export function shownStep(state: TourState): ShownStep | null {
  const index = TOUR_STEPS.findIndex((s) => s.id === state.current);
  if (index === -1) return null;
  const step = TOUR_STEPS[index]!;
  return {
    step,
    state: state.steps.find((s) => s.id === step.id) ?? { id: step.id, done: false, skipped: false, evidence: null },
    number: index + 1,
    total: TOUR_STEPS.length,
    behind: state.steps.filter((s) => s.done || s.skipped).length,
  };
}

/** The step finished since `before`: shown for a moment as "Done: …" so the learner sees why the panel moved on. */
export function justDone(before: TourState | null, now: TourState): { title: string; evidence: string } | null {
  if (!before) return null;
  for (const s of now.steps) {
    const was = before.steps.find((b) => b.id === s.id);
    if (s.done && was && !was.done) return { title: TOUR_STEPS.find((t) => t.id === s.id)!.title, evidence: s.evidence ?? 'done' };
  }
  return null;
}

/** Where an anchor is on screen: inside an open modal dialog or drawer, on the page, or nowhere. */
export type AnchorPlace = 'dialog' | 'page' | null;

/**
 * The controls to ring: the step's controls on screen; while a dialog is open, only those inside it (the dialog covers
 * the page, and a ring over its backdrop would point at something the learner cannot use).
 */
export function anchorsOf(step: TourStep, place: (name: string) => AnchorPlace, dialogOpen: boolean): string[] {
  const names = step.then ? [step.target, step.then] : [step.target];
  return names.filter((name) => {
    const where = place(name);
    return dialogOpen ? where === 'dialog' : where !== null;
  });
}

/** The stage page the step starts on, and whether `location` is one of the step's pages in the tour's project. */
export function stepPage(step: TourStep): TourStep['stage'] {
  return step.page ?? step.stage;
}

export function onStepPages(location: string, projectId: string, step: TourStep): boolean {
  const base = `/p/${encodeURIComponent(projectId)}/`;
  return [stepPage(step), step.stage].some((stage) => location === base + stage || location.startsWith(`${base}${stage}/`));
}
