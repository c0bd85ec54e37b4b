/** Recognises columns of personal data from a sample of their values; checksums keep numbers that merely look alike out. */

export type PiiKind = 'e-mail addresses' | 'phone numbers' | 'IBANs' | 'payment card numbers' | 'IP addresses' | 'person names';

const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const PHONE = /^\+?[\d\s().-]{7,22}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}$/i;
const NAME_WORDS = /^[\p{Lu}][\p{Ll}'’-]+( [\p{Lu}][\p{Ll}'’.-]+){1,3}$/u;
const NAME_COLUMN = /(^|_)(first|last|full|given|family|sur|middle|customer|person|contact|user)?_?name$|^(name|nome|nombre|nom)$/i;

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function isCardNumber(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  return /^\d{13,19}$/.test(digits) && luhn(digits);
}

export function isIban(value: string): boolean {
  const v = value.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(v)) return false;
  const rearranged = (v.slice(4) + v.slice(0, 4)).replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  let remainder = 0;
  for (const ch of rearranged) remainder = (remainder * 10 + Number(ch)) % 97;
  return remainder === 1;
}

function isPhone(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  // Plain digit strings are ids and counts; a phone number is written with a + or separators.
  return PHONE.test(value) && digits >= 7 && digits <= 15 && /[+\s().-]/.test(value);
}

const CHECKS: [PiiKind, (v: string) => boolean][] = [
  ['e-mail addresses', (v) => EMAIL.test(v)],
  ['IBANs', isIban],
  ['payment card numbers', isCardNumber],
  ['IP addresses', (v) => IPV4.test(v) || (IPV6.test(v) && v.includes('::') || (v.match(/:/g) ?? []).length >= 5)],
  ['phone numbers', isPhone],
];

/** The kind of personal data most of the values are, if any (≥ 80% of a sample of at least 5 values). */
export function detectPii(columnName: string, values: string[]): PiiKind | null {
  const sample = values.map((v) => v.trim()).filter(Boolean);
  if (sample.length < 5) return null;
  const share = (test: (v: string) => boolean) => sample.filter(test).length / sample.length;
  for (const [kind, test] of CHECKS) if (share(test) >= 0.8) return kind;
  if (NAME_COLUMN.test(columnName) && share((v) => NAME_WORDS.test(v)) >= 0.8) return 'person names';
  return null;
}
