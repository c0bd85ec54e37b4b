/** Turns `gyre charter set` flags into charter fields; each parser names the flag and the expected form on failure. */
import { readFileSync } from 'node:fs';
import { GyreError } from '../contract/errors';
import { METRIC_INFO, METRICS, ROLES, type Metric, type Role } from '../contract/charter-vocabulary';
import type { CharterContentInput } from '../contract/charters';

function usage(flag: string, value: string, form: string): GyreError {
  return new GyreError('VALIDATION', `${flag} "${value}" is not of the form ${form}.`, { field: flag });
}

/** `accuracy>=0.7:0.9` → accuracy, higher is better, acceptable 0.7, target 0.9. */
export function parseCriterion(value: string): { metric: Metric; direction: 'higher' | 'lower'; acceptable: number; target: number } {
  const m = /^\s*([a-z0-9_]+)\s*(>=|<=)\s*(-?[\d.]+(?:e-?\d+)?)\s*:\s*(-?[\d.]+(?:e-?\d+)?)\s*$/i.exec(value);
  if (!m) throw usage('--criterion', value, 'METRIC>=ACCEPTABLE:TARGET (or <= for lower-is-better), e.g. accuracy>=0.70:0.90');
  const metric = m[1]!.toLowerCase();
  if (!(METRICS as readonly string[]).includes(metric)) {
    throw new GyreError('VALIDATION', `--criterion: unknown metric "${m[1]}". Known: ${METRICS.join(', ')}.`, { field: '--criterion' });
  }
  return { metric: metric as Metric, direction: m[2] === '>=' ? 'higher' : 'lower', acceptable: Number(m[3]), target: Number(m[4]) };
}

/** `Ana Lima:data_scientist`. */
export function parseStakeholder(value: string): { name: string; role: Role } {
  const at = value.lastIndexOf(':');
  const role = value.slice(at + 1).trim();
  if (at <= 0 || !(ROLES as readonly string[]).includes(role)) throw usage('--stakeholder', value, `NAME:ROLE with ROLE one of ${ROLES.join(', ')}`);
  return { name: value.slice(0, at).trim(), role: role as Role };
}

/** `gender:0.1` — attribute and largest allowed disparity. */
export function parseSensitive(value: string): { name: string; maxDisparity: number } {
  const at = value.lastIndexOf(':');
  const limit = Number(value.slice(at + 1));
  if (at <= 0 || value.slice(at + 1).trim() === '' || !Number.isFinite(limit)) throw usage('--sensitive', value, 'NAME:MAX_DISPARITY, e.g. gender:0.1');
  return { name: value.slice(0, at).trim(), maxDisparity: limit };
}

/** `label drift => retrain monthly`. */
export function parseRisk(value: string): { risk: string; mitigation: string } {
  const [risk, ...rest] = value.split('=>');
  return { risk: (risk ?? '').trim(), mitigation: rest.join('=>').trim() };
}

export function parseYesNo(flag: string, value: string): boolean {
  if (/^(y|yes|true|1)$/i.test(value)) return true;
  if (/^(n|no|false|0)$/i.test(value)) return false;
  throw usage(flag, value, 'yes or no');
}

export function readCharterFile(path: string): CharterContentInput {
  let text: string;
  try {
    // Editors on Windows often save UTF-8 with a byte-order mark, which JSON.parse rejects.
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new GyreError('NOT_FOUND', `Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, { file: path });
  }
  try {
    return JSON.parse(text) as CharterContentInput;
  } catch (e) {
    throw new GyreError('VALIDATION', `${path} is not valid JSON: ${(e as Error).message}`, { file: path });
  }
}

export function describeCriterion(c: { metric: Metric; direction: 'higher' | 'lower'; acceptable: number; target: number }): string {
  const op = c.direction === 'higher' ? '≥' : '≤';
  const unit = METRIC_INFO[c.metric].unit ? ` ${METRIC_INFO[c.metric].unit}` : '';
  return `${METRIC_INFO[c.metric].label} ${op} ${c.acceptable}${unit} acceptable, ${op} ${c.target}${unit} target`;
}
