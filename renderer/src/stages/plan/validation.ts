/**
 * Client-side checks with the contract's own `CharterContent` schema, as a map from dotted field path
 * (`successCriteria.1.target`) to one human sentence; the server checks again and its issues map the same way.
 */
import { CharterContent, type CharterContentInput, type GyreError } from '@contract';
import { toCharterInput, type CharterDraft } from './draft';

export type FieldErrors = Record<string, string>;

/** The wizard's steps and the top-level fields each one owns. */
export const CHARTER_STEPS = [
  { label: 'Problem & people', fields: ['problem', 'objective', 'stakeholders'] },
  { label: 'ML framing', fields: ['task', 'target', 'predictionUnit', 'usage'] },
  { label: 'Success criteria', fields: ['successCriteria'] },
  { label: 'Constraints', fields: ['constraints'] },
  { label: 'Review & save', fields: [] },
] as const;

/** Sentences for "missing" issues, whose schema messages are written for developers. */
const MISSING: Record<string, string> = {
  task: 'Pick the kind of task.',
  role: 'Pick a role.',
  metric: 'Pick a metric.',
  direction: 'Pick which way is better.',
  acceptable: 'Enter the minimum acceptable value.',
  target: 'Enter the target value.',
  maxDisparity: 'Enter a number between 0 and 1.',
  usage: 'Pick how predictions are used.',
};

export function validateDraft(draft: CharterDraft): FieldErrors {
  const input = toCharterInput(draft);
  const parsed = CharterContent.safeParse(input);
  if (parsed.success) return {};
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.');
    const last = String(issue.path[issue.path.length - 1] ?? '');
    const missing = issue.code === 'invalid_type' || issue.code === 'invalid_value';
    errors[path] ??= (missing ? MISSING[last] : undefined) ?? issue.message;
  }
  Object.assign(errors, crossFieldErrors(input, errors));
  return errors;
}

/**
 * The schema's cross-field rules (metric fits the task, target at least as good as acceptable, bounds) run only
 * once every field parses; check the complete criteria on their own so those messages show at the same time.
 */
function crossFieldErrors(input: CharterContentInput, known: FieldErrors): FieldErrors {
  if (!input.task) return {};
  const complete = input.successCriteria
    .map((criterion, index) => ({ criterion, index }))
    .filter(({ index }) => !Object.keys(known).some((p) => p.startsWith(`successCriteria.${index}.`)));
  if (complete.length === 0) return {};
  const probe = CharterContent.safeParse({ problem: 'probe', task: input.task, successCriteria: complete.map((c) => c.criterion) });
  const errors: FieldErrors = {};
  for (const issue of probe.success ? [] : probe.error.issues) {
    const [top, i, field] = issue.path;
    const original = complete[Number(i)]?.index;
    if (top !== 'successCriteria' || original === undefined || field === undefined) continue;
    errors[`successCriteria.${original}.${String(field)}`] ??= issue.message;
  }
  return errors;
}

/** The errors that belong to the given top-level fields. */
export function errorsIn(errors: FieldErrors, fields: readonly string[]): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([path]) => fields.some((f) => path === f || path.startsWith(`${f}.`))));
}

export function stepOfField(path: string): number {
  const top = path.split('.')[0] ?? '';
  const index = CHARTER_STEPS.findIndex((s) => (s.fields as readonly string[]).includes(top));
  return index === -1 ? CHARTER_STEPS.length - 1 : index;
}

/** A VALIDATION error from `charters.save` as field errors; its paths start at the call's input (`content.…`). */
export function serverFieldErrors(error: GyreError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.details?.issues ?? []) {
    if (!issue.field.startsWith('content.')) continue;
    errors[issue.field.slice('content.'.length)] ??= issue.message;
  }
  return errors;
}
