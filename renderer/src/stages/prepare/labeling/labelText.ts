/** How labeling reads: why a row was chosen, a field's value, the keys of each class. Pure, so it is tested alone. */
import type { ColumnSchema, QueueReason } from '@contract';

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n.toLocaleString('en')}${suffix}`;
}

const pct = (p: number) => `${Math.round(p * 100)}%`;
const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** Why the queue offers this row, in a sentence; `time` words a time of day (the caller's locale). */
export function whyText(why: QueueReason, time: (iso: string) => string = (iso) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })): string {
  switch (why.kind) {
    case 'uncertain': {
      const odds = why.top.map((t) => `${pct(t.probability)} ${t.label}`).join(' vs ');
      const data = why.fromData > 0 ? ` (${why.fromData.toLocaleString('en')} from the data)` : '';
      return `The model is unsure: ${odds} (ranked ${ordinal(why.rank)} of ${why.of.toLocaleString('en')} by uncertainty; model trained on ${count(why.trainedOn, 'label')}${data} at ${time(why.trainedAt)}).`;
    }
    case 'random':
      if (why.ranked) return 'Picked at random (a seeded order): every row the model ranked has a label; it ranks again with the next labels.';
      return `Picked at random (a seeded order): the model ranks the rows once there are ${count(why.minLabels, 'label')} in at least two classes — ${why.labels.toLocaleString('en')} so far${why.classesLabeled < 2 ? `, in ${why.classesLabeled === 0 ? 'no class' : 'one class'}` : ''}.`;
    case 'others':
      return `For a second opinion: ${why.by.join(', ')} labeled this row. Their labels are hidden so that yours is independent; agreement (Cohen’s kappa) compares the two.`;
    case 'data':
      return 'Labeled in the data: check that the label is right, or relabel it.';
    case 'skipped':
      return 'You skipped this row earlier; it came back at the end of the queue.';
    case 'asked':
      return 'The row you asked for.';
    default: {
      const unknown: never = why;
      throw new Error(`Unknown reason ${JSON.stringify(unknown)}`);
    }
  }
}

/** A field's value as the labeling card shows it: numbers grouped (identifiers as they are), dates in the locale, missing said. */
export function fieldText(value: unknown, column: ColumnSchema): { text: string; missing: boolean } {
  if (value === null || value === undefined || value === '') return { text: 'missing', missing: true };
  if (typeof value === 'number') {
    if (column.semanticType === 'identifier') return { text: String(value), missing: false };
    return { text: value.toLocaleString('en', { maximumFractionDigits: 6 }), missing: false };
  }
  if (typeof value === 'boolean') return { text: value ? 'true' : 'false', missing: false };
  if (column.semanticType === 'datetime' && typeof value === 'string') {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return { text: /T00:00:00(\.000)?Z?$/.test(value) || /^\d{4}-\d{2}-\d{2}$/.test(value) ? d.toLocaleDateString('en', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }) : d.toLocaleString('en'), missing: false };
  }
  return { text: String(value), missing: false };
}

/** The key that labels a class: 1–9 for the first nine, none beyond. */
export function classKey(index: number): string | null {
  return index < 9 ? String(index + 1) : null;
}

/** Kappa in words (Landis & Koch's bands), for the agreement table. */
export function kappaWords(kappa: number | null): string {
  if (kappa === null) return 'undefined: both gave one same class throughout';
  if (kappa < 0) return 'worse than chance';
  if (kappa <= 0.2) return 'slight';
  if (kappa <= 0.4) return 'fair';
  if (kappa <= 0.6) return 'moderate';
  if (kappa <= 0.8) return 'substantial';
  return 'almost perfect';
}
