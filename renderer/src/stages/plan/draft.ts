/**
 * The charter as the form holds it: every field editable, numbers possibly half-typed, rows carrying a stable key.
 * `toCharterInput` turns it into what `CharterContent` parses; `fromCharter` goes the other way.
 */
import type { CharterContent, CharterContentInput, Direction, Metric, Role, Task, Usage } from '@contract';

/** A NumberInput's value: a number, or the text typed so far ('' when empty). */
export type NumberDraft = number | string;

export interface StakeholderDraft {
  key: string;
  name: string;
  role: Role | null;
}

export interface CriterionDraft {
  key: string;
  metric: Metric | null;
  direction: Direction;
  acceptable: NumberDraft;
  target: NumberDraft;
}

export interface SensitiveAttributeDraft {
  key: string;
  name: string;
  maxDisparity: NumberDraft;
}

export interface RiskDraft {
  key: string;
  risk: string;
  mitigation: string;
}

export interface CharterDraft {
  problem: string;
  objective: string;
  stakeholders: StakeholderDraft[];
  task: Task | null;
  target: string;
  predictionUnit: string;
  usage: Usage;
  successCriteria: CriterionDraft[];
  interpretabilityRequired: boolean;
  sensitiveAttributes: SensitiveAttributeDraft[];
  privacyNotes: string;
  risks: RiskDraft[];
  retrainingTrigger: string;
}

/** A change to the draft, as a function of the previous one (rows update without stale closures). */
export type DraftUpdate = (update: (draft: CharterDraft) => CharterDraft) => void;

let nextKey = 0;
export function rowKey(): string {
  nextKey += 1;
  return `row-${nextKey}`;
}

export function emptyCriterion(): CriterionDraft {
  return { key: rowKey(), metric: null, direction: 'higher', acceptable: '', target: '' };
}

export function emptyDraft(): CharterDraft {
  return {
    problem: '',
    objective: '',
    stakeholders: [],
    task: null,
    target: '',
    predictionUnit: '',
    usage: 'batch',
    successCriteria: [emptyCriterion()],
    interpretabilityRequired: false,
    sensitiveAttributes: [],
    privacyNotes: '',
    risks: [],
    retrainingTrigger: '',
  };
}

export function fromCharter(content: CharterContent): CharterDraft {
  const c = content.constraints;
  return {
    problem: content.problem,
    objective: content.objective,
    stakeholders: content.stakeholders.map((s) => ({ key: rowKey(), ...s })),
    task: content.task,
    target: content.target,
    predictionUnit: content.predictionUnit,
    usage: content.usage,
    successCriteria: content.successCriteria.map((s) => ({ key: rowKey(), ...s })),
    interpretabilityRequired: c.interpretabilityRequired,
    sensitiveAttributes: c.sensitiveAttributes.map((s) => ({ key: rowKey(), ...s })),
    privacyNotes: c.privacyNotes,
    risks: c.risks.map((r) => ({ key: rowKey(), ...r })),
    retrainingTrigger: c.retrainingTrigger,
  };
}

/** Empty number fields become undefined so the schema reports them as missing. */
function num(value: NumberDraft): number | undefined {
  if (typeof value === 'number') return value;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === '-' || trimmed === '.') return undefined;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** The draft in the shape `CharterContent` parses; missing values stay missing so validation names them. */
export function toCharterInput(d: CharterDraft): CharterContentInput {
  // Casts: a half-filled draft is exactly what validation must be allowed to see and reject.
  return {
    problem: d.problem,
    objective: d.objective,
    stakeholders: d.stakeholders.map((s) => ({ name: s.name, role: s.role as Role })),
    task: d.task as Task,
    target: d.target,
    predictionUnit: d.predictionUnit,
    usage: d.usage,
    successCriteria: d.successCriteria.map((c) => ({
      metric: c.metric as Metric,
      direction: c.direction,
      acceptable: num(c.acceptable) as number,
      target: num(c.target) as number,
    })),
    constraints: {
      interpretabilityRequired: d.interpretabilityRequired,
      sensitiveAttributes: d.sensitiveAttributes.map((s) => ({ name: s.name, maxDisparity: num(s.maxDisparity) as number })),
      privacyNotes: d.privacyNotes,
      risks: d.risks.map((r) => ({ risk: r.risk, mitigation: r.mitigation })),
      retrainingTrigger: d.retrainingTrigger,
    },
  };
}

/** A comparable fingerprint of the draft (row keys and half-typed numbers normalized), to know whether anything changed. */
export function draftFingerprint(d: CharterDraft): string {
  return JSON.stringify(toCharterInput(d));
}

/** The rows with one row changed. */
export function patchRow<T extends { key: string }>(rows: T[], key: string, patch: Partial<T>): T[] {
  return rows.map((r) => (r.key === key ? { ...r, ...patch } : r));
}
