/**
 * Text to the values model.onnx takes, fast where files are large: numbers and ISO-8601 dates read straight from a
 * span of a CSV line (no substring, no Date), with the general parsers behind them for every other form.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Epoch milliseconds of an ISO-8601 date or date-time (UTC when it names no offset), or NaN when it is not one. */
export function parseIsoDate(text) {
  const m = ISO.exec(text.trim());
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const monthDays = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (mo < 1 || mo > 12 || d < 1 || d > monthDays[mo - 1] || h > 23 || mi > 59 || s > 59) return NaN;
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0));
  date.setUTCFullYear(y); // Date.UTC reads years 0–99 as 1900–1999
  let ms = date.getTime();
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0);
    ms -= (digits[0] === '-' ? -1 : 1) * minutes * 60_000;
  }
  return ms;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** The number written by digits s[a, b) at fixed width, or -1 when one is not a digit. */
function digits(s, a, b) {
  let v = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch milliseconds of s[a, b) when it is YYYY-MM-DD, optionally with THH:MM:SS and Z; undefined for any other form
 * (the caller then asks parseIsoDate), NaN when it has this form but no such day.
 */
export function dateInSpan(s, a, b) {
  const n = b - a;
  if ((n !== 10 && n !== 19 && n !== 20) || s.charCodeAt(a + 4) !== 45 || s.charCodeAt(a + 7) !== 45) return undefined;
  const y = digits(s, a, a + 4);
  const m = digits(s, a + 5, a + 7);
  const d = digits(s, a + 8, a + 10);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > MONTH_DAYS[m - 1]) return y < 0 || m < 0 || d < 0 ? undefined : NaN;
  if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return NaN;
  let ms = daysFromCivil(y, m, d) * DAY_MS;
  if (n === 10) return ms;
  const t = s.charCodeAt(a + 10);
  if ((t !== 84 && t !== 32) || s.charCodeAt(a + 13) !== 58 || s.charCodeAt(a + 16) !== 58 || (n === 20 && s.charCodeAt(a + 19) !== 90)) return undefined;
  const h = digits(s, a + 11, a + 13);
  const mi = digits(s, a + 14, a + 16);
  const sec = digits(s, a + 17, a + 19);
  if (h < 0 || mi < 0 || sec < 0) return undefined;
  if (h > 23 || mi > 59 || sec > 59) return NaN;
  ms += h * 3_600_000 + mi * 60_000 + sec * 1000;
  return ms;
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The number s[a, b) writes when it is plain decimal ([-+]digits[.digits], at most 15 digits); undefined otherwise,
 * for Number() to judge. Digits over an exact power of ten divide to the correctly rounded value, as Number() gives.
 */
export function numberInSpan(s, a, b) {
  let i = a;
  let sign = 1;
  const first = s.charCodeAt(i);
  if (first === 45 || first === 43) {
    if (first === 45) sign = -1;
    i++;
  }
  let mantissa = 0;
  let count = 0;
  let scale = -1;
  for (; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      count++;
    } else if (c === 46 && scale === -1) scale = i;
    else return undefined;
  }
  if (count === 0 || count > 15) return undefined;
  const k = scale === -1 ? 0 : b - scale - 1;
  return sign * (k === 0 ? mantissa : mantissa / POW10[k]);
}

/** 1 or 0 when s[a, b) is true or false as Gyre writes yes/no columns; undefined otherwise. */
export function yesNoInSpan(s, a, b) {
  if (b - a === 4 && s.startsWith('true', a)) return 1;
  if (b - a === 5 && s.startsWith('false', a)) return 0;
  return undefined;
}

/** Where JSON text stops being JSON (0-based), for a message a person can act on; null when it cannot tell. */
export function jsonErrorAt(s) {
  let i = 0;
  const fail = () => {
    throw i;
  };
  const ws = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const string = () => {
    for (i++; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) return void i++;
      if (c < 32) fail();
      if (c === 92) {
        i++;
        if (s[i] === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) i += 4;
        else if (!'"\\/bfnrt'.includes(s[i] ?? 'x')) fail();
      }
    }
    fail();
  };
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const value = () => {
    ws();
    const c = s[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (s[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          if (s[i] !== '"') fail();
          string();
          ws();
          if (s[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (s[i] === close) return void i++;
        if (s[i] !== ',') fail();
        i++;
      }
    }
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) if (s.startsWith(word, i)) return void (i += word.length);
    number.lastIndex = i;
    if (!number.test(s)) fail();
    i = number.lastIndex;
  };
  try {
    value();
    ws();
    return i < s.length ? i : null;
  } catch (at) {
    return typeof at === 'number' ? at : null; // a RangeError: nested too deep to follow
  }
}
