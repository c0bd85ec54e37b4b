/**
 * One row typed into the Deploy stage's "Try it" form, read as the bundle's server reads a JSON row (templates/
 * rows.mjs): strict types, every field present, null for missing, dates as ISO-8601 text; then what about it is
 * unlike the training rows (a number outside their range, a category they never had, a gap they never had).
 */
import { GyreError } from '../contract/errors';
import type { BundleField } from '../contract/bundles';
import type { Frame, NumberType, RawColumn, StringType } from '../ml/preprocess/frame';
import type { ReferenceColumn } from './reference-profile';

export type TryValue = number | string | boolean | null;

const TYPE_WORDS = { number: 'a number', date: 'an ISO-8601 date (like 2024-03-31 or 2024-03-31T14:05:00Z)', string: 'text' };

const kindOf = (f: BundleField) => (f.type === 'string' ? 'string' : f.format === 'date-time' ? 'date' : 'number');

function jsonType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : typeof v === 'string' ? 'text' : `a ${typeof v}`;
}

/** A one-row frame of the model's inputs, in `fields` order, typed as the training columns were (`columns`). */
export function tryFrame(fields: BundleField[], columns: ReferenceColumn[], row: Record<string, TryValue>): { frame: Frame; warnings: string[] } {
  const warnings: string[] = [];
  const out = fields.map((f): RawColumn => {
    const summary = columns.find((c) => c.name === f.name);
    if (!summary) throw new GyreError('INTERNAL', `The training rows' summary has no column "${f.name}".`, { field: f.name });
    const value = readValue(f, row);
    const warning = unlikeTraining(f, summary, value);
    if (warning) warnings.push(warning);
    if (f.type === 'string') return { name: f.name, kind: 'string', semanticType: summary.semanticType as StringType, values: [value as string | null] };
    return { name: f.name, kind: 'number', semanticType: summary.semanticType as NumberType, values: Float64Array.of(value === null ? NaN : (value as number)) };
  });
  return { frame: { rows: 1, columns: out }, warnings };
}

/** The field's value as the model reads it (a date as epoch ms, a yes/no as 1/0), or null for missing. */
function readValue(f: BundleField, row: Record<string, TryValue>): number | string | null {
  const kind = kindOf(f);
  const words = `${TYPE_WORDS[kind]}${f.nullable ? ' or missing' : ''}`;
  if (!Object.hasOwn(row, f.name)) throw new GyreError('VALIDATION', `The row has no value for "${f.name}" (${words}).`, { field: f.name });
  const v = row[f.name];
  if (v === null || v === undefined || (v === '' && kind !== 'number')) {
    if (!f.nullable) throw new GyreError('VALIDATION', `"${f.name}" has no value, and the model was trained without missing ${f.name}.`, { field: f.name });
    return null;
  }
  const ok = kind === 'number' ? typeof v === 'number' || typeof v === 'boolean' : typeof v === 'string';
  if (!ok) throw new GyreError('VALIDATION', `"${f.name}" must be ${words}, got ${jsonType(v)}.`, { field: f.name });
  if (kind === 'string') return v as string;
  if (kind === 'number') {
    const n = +(v as number | boolean);
    if (!Number.isFinite(n)) throw new GyreError('VALIDATION', `"${f.name}" must be a finite number, got ${String(v)}.`, { field: f.name });
    return n;
  }
  const ms = parseIsoDate(v as string);
  if (Number.isNaN(ms)) throw new GyreError('VALIDATION', `"${f.name}": "${String(v)}" is not ${TYPE_WORDS.date}.`, { field: f.name });
  return ms;
}

/** A sentence when the value is unlike every training row, else null. */
function unlikeTraining(f: BundleField, summary: ReferenceColumn, value: number | string | null): string | null {
  if (value === null) return summary.missing === 0 ? `${f.name} is missing, which it never was in the training rows; the model fills it in as it learned to.` : null;
  if (typeof value === 'string') {
    if (!f.categories || f.categories.includes(value)) return null;
    const listed = summary.kind === 'category' && summary.distinct > f.categories.length;
    return listed ? `${f.name} "${value}" is not among the ${f.categories.length.toLocaleString('en')} commonest values of ${f.name} in training.` : `${f.name} "${value}" was not seen in training; the model reads it as an unknown category.`;
  }
  if (f.minimum === undefined || f.maximum === undefined || (value >= f.minimum && value <= f.maximum)) return null;
  const show = (n: number) => (f.format === 'date-time' ? isoText(n) : numberText(n));
  return `${f.name} ${show(value)} is outside the training range ${show(f.minimum)} – ${show(f.maximum)}.`;
}

const DAY_MS = 86_400_000;

const numberText = (n: number) => String(Number(n.toPrecision(6)));

/** A date as ISO-8601 text: the day alone when it is midnight UTC. */
export function isoText(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Epoch ms of an ISO-8601 date or date-time (UTC when it names no offset), NaN otherwise: as the bundle's parse.mjs reads it. */
export function parseIsoDate(text: string): number {
  const m = ISO.exec(text.trim());
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0));
  date.setUTCFullYear(y);
  // Date.UTC rolls 2021-02-30 over to March: a day that does not exist is refused, not moved.
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return NaN;
  const zone = m[8];
  if (!zone || zone.toUpperCase() === 'Z') return date.getTime();
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0);
  return date.getTime() - (digits[0] === '-' ? -1 : 1) * minutes * 60_000;
}

/**
 * A typical training row to start the form from: each number's median (whole for whole-number and yes/no columns),
 * each text column's commonest value, a date's median as ISO text; null where every training value was missing.
 */
export function typicalRow(columns: ReferenceColumn[]): Record<string, number | string | null> {
  return Object.fromEntries(
    columns
      .filter((c) => c.role === 'input')
      .map((c): [string, number | string | null] => {
        if (c.kind === 'category') return [c.name, c.categories[0]?.value ?? null];
        const median = c.quantiles[49];
        if (median === undefined) return [c.name, null];
        // Dates of whole days stay whole days (an interpolated median can fall at noon).
        const days = c.min! % DAY_MS === 0 && c.max! % DAY_MS === 0;
        if (c.semanticType === 'datetime') return [c.name, isoText(days ? Math.round(median / DAY_MS) * DAY_MS : Math.round(median))];
        return [c.name, c.semanticType === 'integer' || c.semanticType === 'boolean' ? Math.round(median) : Number(median.toPrecision(6))];
      }),
  );
}
