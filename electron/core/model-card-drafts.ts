/**
 * Gyre's drafts of the model card's editable sections — intended use, limitations, ethical considerations — as
 * plain text (paragraphs and "- " lists) a person can edit: what the records say, to be completed by people.
 */
import { ROLE_LABELS } from '../contract/charter-vocabulary';
import type { ModelCardSectionId } from '../contract/registry';
import type { CardInputs } from './model-card-inputs';
import { cardNumber } from './model-card-sections';

const USAGE_WORDS = {
  batch: 'in batch: predictions are made for many rows at once, on a schedule',
  online: 'online: one prediction at a time, on request, where latency matters',
} as const;

/** A sentence from charter text that may or may not end in a full stop. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

export function intendedUseDraft({ charter, version }: CardInputs): string {
  if (!charter) return `No charter records what ${version.name} is for. Describe the problem it solves, who uses its predictions and how.`;
  const c = charter.content;
  const who = c.stakeholders.length ? c.stakeholders.map((s) => `${s.name} (${ROLE_LABELS[s.role]})`).join(', ') : 'not named in the charter';
  return [
    `Problem: ${sentence(c.problem)}`,
    c.objective ? `Objective: ${sentence(c.objective)}` : '',
    [
      `- Predicts: ${version.target}${c.target ? ` (${c.target})` : ''}`,
      `- For each: ${c.predictionUnit || 'not stated in the charter'}`,
      `- Used ${USAGE_WORDS[c.usage]}`,
      `- Who uses it: ${who}`,
    ].join('\n'),
    `From charter v${charter.version}${charter.inForce ? '' : ' (saved after this model was trained)'}.`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

function evaluatedLimits({ evaluation }: CardInputs): string[] {
  if (!evaluation) return ['It has not been evaluated yet: its metrics have no confidence intervals, and fairness was not checked.'];
  const r = evaluation.report;
  const lines: string[] = [];
  if (evaluation.rows === 'test') lines.push(`It was measured on ${r.rows.toLocaleString('en')} held-out rows of the data it was trained on; data from later periods or other sources may score worse.`);
  for (const c of r.gate.criteria) {
    if (c.verdict === 'fail') lines.push(`${c.label} is ${cardNumber(c.value)}, below the charter's acceptable ${c.acceptable}.`);
    if (c.verdict === 'unknown') lines.push(`${c.label} could not be measured on these rows.`);
  }
  for (const s of r.errors.weakest.filter((s) => s.difference > 0).slice(0, 3)) {
    lines.push(`Weaker on ${s.column} = ${s.label} (${s.rows.toLocaleString('en')} rows): ${r.errors.measure} ${cardNumber(s.error)} against ${cardNumber(r.errors.overall)} overall.`);
  }
  for (const f of r.fairness) {
    if (f.passed === false) lines.push(`The differences between groups of ${f.attribute} are beyond the charter's limit of ${f.maxDisparity}.`);
    const small = f.groups.filter((g) => g.small);
    if (small.length) lines.push(`Few rows for ${f.attribute} = ${small.map((g) => `${g.group} (${g.count})`).join(', ')}: the rates measured for ${small.length === 1 ? 'this group' : 'these groups'} are unreliable.`);
  }
  return lines;
}

export function limitationsDraft(inputs: CardInputs): string {
  const lines = evaluatedLimits(inputs);
  const risks = inputs.charter?.content.constraints.risks ?? [];
  const parts = [lines.length ? `What the records show:\n\n${lines.map((l) => `- ${l}`).join('\n')}` : 'The evaluation shows no weak slice, small group or unmet criterion.'];
  if (risks.length) parts.push(`Risks named in the charter:\n\n${risks.map((r) => `- ${sentence(r.risk)} Mitigation: ${r.mitigation ? sentence(r.mitigation) : 'none recorded.'}`).join('\n')}`);
  parts.push('Add what the numbers cannot show: conditions it was not tested under, and uses it is not fit for.');
  return parts.join('\n\n');
}

export function ethicsDraft({ charter, evaluation }: CardInputs): string {
  const constraints = charter?.content.constraints;
  const parts: string[] = [];
  if (constraints?.privacyNotes) parts.push(`Privacy: ${sentence(constraints.privacyNotes)}`);
  const attributes = constraints?.sensitiveAttributes ?? [];
  if (attributes.length) {
    const checked = (name: string) => evaluation?.report.fairness.find((f) => f.attribute.toLowerCase() === name.toLowerCase());
    const state = (name: string) => {
      const f = checked(name);
      if (!f) return 'not checked';
      if (f.groups.length === 0) return 'not checked (no such column)';
      return f.passed === null ? 'checked, not judged' : f.passed ? 'within the limit' : 'beyond the limit';
    };
    parts.push(`Sensitive attributes (largest allowed difference between groups):\n\n${attributes.map((a) => `- ${a.name}: ${a.maxDisparity}, ${state(a.name)}`).join('\n')}`);
  }
  if (constraints?.interpretabilityRequired) parts.push('The charter requires the predictions to be explainable to the people they affect.');
  if (parts.length === 0) parts.push('The charter records no privacy notes and no sensitive attributes.');
  parts.push('Add who could be harmed by a wrong prediction, and how people can contest one.');
  return parts.join('\n\n');
}

export const DRAFTS: Record<Extract<ModelCardSectionId, 'intended-use' | 'limitations' | 'ethical-considerations'>, (inputs: CardInputs) => string> = {
  'intended-use': intendedUseDraft,
  limitations: limitationsDraft,
  'ethical-considerations': ethicsDraft,
};
