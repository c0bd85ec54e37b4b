/**
 * What to work on next in the cycle, read from the stage states: the lifecycle map and the overview both ask it.
 * Types only from the contract, so the end-to-end tests can run the same rule against what the page shows.
 */
import type { Stage, StageInfo, StageStatus } from '@contract';

/** Why a stage is next: it needs attention, it is the first not done, or every stage is done and Monitor leads round again. */
export type NextReason = 'needs_attention' | 'not_done' | 'round_again';

export interface LifecycleNext {
  stage: Stage;
  reason: NextReason;
  /** What to do there, in one sentence (the stage's own summary where it has one). */
  detail: string;
}

const ROUND_AGAIN = 'Every stage is done. Keep watching Monitor; when the model drifts or decays, go round again from Plan.';

/**
 * The first stage that needs attention; else the first available stage not done; else Monitor, to round again.
 * `statuses` are in cycle order, as `stages.status` returns them; null while they are unknown.
 */
export function lifecycleNext(statuses: readonly StageStatus[] | undefined): LifecycleNext | null {
  if (!statuses || statuses.length === 0) return null;
  const attention = statuses.find((s) => s.state === 'needs_attention');
  if (attention) return { stage: attention.stage, reason: 'needs_attention', detail: attention.summary };
  const open = statuses.find((s) => s.available && s.state !== 'done');
  if (open) return { stage: open.stage, reason: 'not_done', detail: open.summary };
  return { stage: 'monitor', reason: 'round_again', detail: ROUND_AGAIN };
}

/** The heading over the explanation: "Next: Explore", "Needs attention: Monitor", "Round again". */
export function nextHeading(next: LifecycleNext, info: Pick<StageInfo, 'label'>): string {
  if (next.reason === 'round_again') return 'Round again';
  return `${next.reason === 'needs_attention' ? 'Needs attention' : 'Next'}: ${info.label}`;
}

/** "Next: Explore — Data is ready: compute a profile…"; the stage's purpose when the status says nothing. */
export function nextSentence(next: LifecycleNext, info: Pick<StageInfo, 'label' | 'purpose'>): string {
  if (next.reason === 'round_again') return `Round again — ${next.detail}`;
  return `${nextHeading(next, info)} — ${next.detail.trim() || info.purpose}`;
}
