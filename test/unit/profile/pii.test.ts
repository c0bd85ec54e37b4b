import { describe, expect, it } from 'vitest';
import { detectPii, isCardNumber, isIban, luhn } from '../../../electron/data/profile/pii';

const many = (f: (i: number) => string, n = 20) => Array.from({ length: n }, (_, i) => f(i));

describe('personal data detection', () => {
  it.each([
    ['contact', many((i) => `person${i}@mail.example.com`), 'e-mail addresses'],
    ['phone', many((i) => `+351 91 ${String(1000000 + i * 37).slice(0, 3)} ${String(1000 + i).slice(0, 4)}`), 'phone numbers'],
    ['account', ['DE89 3704 0044 0532 0130 00', 'GB82 WEST 1234 5698 7654 32', 'FR14 2004 1010 0505 0001 3M02 606', 'NL91 ABNA 0417 1643 00', 'PT50 0002 0123 1234 5678 9015 4'], 'IBANs'],
    ['card', ['4111 1111 1111 1111', '5500-0000-0000-0004', '340000000000009', '6011000000000004', '4012888888881881'], 'payment card numbers'],
    ['client_ip', many((i) => `192.168.${i}.${(i * 7) % 255}`), 'IP addresses'],
    ['full_name', ['Ana Lima', 'João Silva', 'Marie Curie', "Seán O'Brien", 'Li Wei', 'Grace Hopper'], 'person names'],
  ])('recognises %s values as %s', (column, values, kind) => {
    expect(detectPii(column, values)).toBe(kind);
  });

  it.each([
    ['customer_id', many((i) => String(100000 + i))],
    ['order_ref', many((i) => String(i).padStart(8, '0'))],
    ['amount', many((i) => (i * 13.37).toFixed(2))],
    ['city', ['Lisbon', 'Porto', 'Faro', 'Braga', 'Coimbra']],
    ['product', ['Blue Shirt', 'Red Hat', 'Green Scarf', 'Black Shoes', 'White Socks']],
    ['version', many((i) => `2.${i}.${i % 3}`)],
    ['long_id', many((i) => String(4000000000000000 + i * 7))],
  ])('raises no alert on %s', (column, values) => {
    expect(detectPii(column, values)).toBeNull();
  });

  it('checks card and IBAN checksums', () => {
    expect(luhn('79927398713')).toBe(true);
    expect(isCardNumber('4111 1111 1111 1112')).toBe(false);
    expect(isIban('DE89 3704 0044 0532 0130 01')).toBe(false);
  });
});
