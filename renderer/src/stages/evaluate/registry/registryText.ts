/** Words and colours for the registry: stages, gate verdicts, history lines. */
import type { ModelEvent, ModelStage, ModelVersion } from '@contract';

export const STAGE_COLORS: Record<ModelStage, string> = { candidate: 'gray', staging: 'blue', production: 'teal', archived: 'dark' };

export const STAGE_HELP: Record<ModelStage, string> = {
  candidate: 'Registered; not yet chosen for anything.',
  staging: 'Being checked before release (shadow runs, reviews).',
  production: 'The version that serves predictions. One per model.',
  archived: 'Kept for the record; no longer used.',
};

export const ref = (v: Pick<ModelVersion, 'name' | 'version'>) => `${v.name}@${v.version}`;

export function gateWords(v: Pick<ModelVersion, 'gate'>): { color: string; text: string } {
  if (v.gate === null) return { color: 'gray', text: 'not evaluated' };
  if (v.gate.passed === null) return { color: 'gray', text: 'no criteria' };
  return v.gate.passed ? { color: 'teal', text: 'passes the gate' } : { color: 'red', text: 'does not pass' };
}

/** What an event did, in one line: "candidate → production (override)", "threshold 0.35". */
export function eventText(e: ModelEvent): string {
  if (e.action === 'registered') return 'registered as a candidate';
  if (e.action === 'stage') return `${e.from} → ${e.to}${e.override ? ' — OVERRIDE: the gate did not pass' : ''}`;
  if (e.action === 'threshold') return `decision threshold ${e.detail}`;
  return 'description changed';
}

/** Why production is or is not open to a version, and whether promoting needs an override. */
export function productionCheck(v: Pick<ModelVersion, 'gate' | 'name' | 'version'>): { open: boolean; why: string } {
  if (v.gate?.passed === true) return { open: true, why: `Its latest evaluation (${v.gate.rows}) passes the success gate.` };
  if (v.gate === null) return { open: false, why: `${ref(v)} has not been evaluated: evaluate it first, or override with a written reason.` };
  if (v.gate.passed === null) return { open: false, why: 'The charter had no success criteria when it was evaluated: override with a written reason.' };
  return { open: false, why: `Its latest evaluation (${v.gate.rows}) does not pass the success gate: override with a written reason, or train a better model.` };
}
