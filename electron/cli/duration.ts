/** Durations as people type them on the command line. */
import { GyreError } from '../contract/errors';

/** "90s", "5m", "1h", "1h30m" or plain seconds → seconds. */
export function parseDuration(text: string): number {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)\s*(h|m|s)?/g)];
  const joined = parts.map((p) => p[0]).join('');
  const seconds = parts.reduce((sum, p) => sum + Number(p[1]) * (p[2] === 'h' ? 3600 : p[2] === 'm' ? 60 : 1), 0);
  if (parts.length === 0 || joined.replace(/\s/g, '') !== text.replace(/\s/g, '') || !(seconds > 0)) {
    throw new GyreError('VALIDATION', `--budget ${text}: give a time like 90s, 5m or 1h30m.`, { field: '--budget' });
  }
  return seconds;
}
