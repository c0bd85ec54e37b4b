// Writes the sample project's data (resources/sample/, described in its README.md): a synthetic telecom churn table
// for the guided tour, one row per customer as of a review, and a later monitoring batch that has drifted.
// Seeded and dependency-free, so every run writes the same bytes (test/unit/data/sample-data.test.ts checks it).
// Usage: node scripts/make-sample-data.mjs [folder]   (default: the repository's resources/sample)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = process.argv[2] ?? fileURLToPath(new URL('../resources/sample/', import.meta.url));
const TRAINING_FILE = 'telecom-churn.csv';
const BATCH_FILE = 'telecom-churn-batch-drifted.csv';

const COLUMNS = ['customer_id', 'signup_date', 'gender', 'age', 'region', 'country', 'contract', 'payment_method', 'internet_service', 'paperless_billing', 'tenure_months', 'monthly_charges', 'total_charges', 'data_usage_gb', 'support_calls', 'churned'];

/** mulberry32: a 32-bit seeded generator, small and the same on every platform. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sampler(seed) {
  const uniform = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const poisson = (lambda) => {
    const limit = Math.exp(-lambda);
    let k = 0;
    for (let p = uniform(); p > limit; p *= uniform()) k++;
    return k;
  };
  /** One of `choices` ([value, weight] pairs). */
  const pick = (choices) => {
    let u = uniform() * choices.reduce((s, [, w]) => s + w, 0);
    for (const [value, w] of choices) if ((u -= w) < 0) return value;
    return choices.at(-1)[0];
  };
  return { uniform, normal, poisson, pick, chance: (p) => uniform() < p };
}

const DAY = 86_400_000;
const sigmoid = (z) => 1 / (1 + Math.exp(-z));
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10);
const monthsBetween = (from, to) => Math.floor((to - from) / (30.44 * DAY));

/**
 * One customer as of a review on or before `reviewBy` (so tenure never exceeds the months since signup). `shift` moves
 * the population for the drifted batch: older customers, more month-to-month contracts, higher prices.
 */
function customer(rng, signup, reviewBy, shift) {
  const gender = rng.pick([['female', 51], ['male', 49]]);
  const age = Math.round(clamp(44 + shift.age + 14 * rng.normal(), 18, 90));
  const region = rng.pick([['north', 30], ['south', 27], ['east', 23], ['west', 20]]);
  const older = age >= 55 ? 1 : 0;
  const contract = rng.pick([['month-to-month', shift.monthToMonth - 8 * older], ['one-year', 26], ['two-year', 24 + 8 * older]]);
  const payment = rng.pick([['electronic check', 34], ['mailed check', 20], ['bank transfer', 23], ['credit card', 23]]);
  const internet = rng.pick([['fiber', 44], ['dsl', 34], ['no internet', 22]]);
  const paperless = rng.chance(age < 40 ? 0.72 : 0.5);
  const base = { fiber: 86, dsl: 58, 'no internet': 24 }[internet];
  const monthly = clamp(base * (1 + 0.13 * rng.normal()) * shift.price - (contract === 'two-year' ? 5 : 0), 15, 200);
  const available = Math.max(1, monthsBetween(signup, reviewBy));
  const tenure = 1 + Math.floor(available * rng.uniform());
  const total = tenure * monthly * (1 + 0.04 * rng.normal());
  const usage = internet === 'no internet' ? 0 : Math.exp((internet === 'fiber' ? 4.6 : 3.7) + 0.45 * rng.normal());
  const calls = rng.poisson(0.9 + (internet === 'fiber' ? 0.5 : 0) + (age >= 65 ? 0.4 : 0));
  return { gender, age, region, contract, payment, internet, paperless, tenure, monthly, total, usage, calls };
}

/**
 * Why the customers of the training years left: the first months, month-to-month contracts at a high price, a third
 * support call, fibre, electronic checks; a little region and gender. Steps and an interaction, as churn drivers are:
 * a tree ensemble finds them, a linear model only in part.
 */
function churnOdds(c, rng) {
  const monthToMonth = c.contract === 'month-to-month';
  return (
    -3.6 +
    { 'month-to-month': 1.0, 'one-year': -0.5, 'two-year': -2.0 }[c.contract] +
    (c.tenure <= 4 ? 1.5 : c.tenure <= 12 ? 0.6 : 0) +
    (monthToMonth && c.monthly > 85 ? 2.0 : 0) +
    (c.calls >= 3 ? (c.tenure <= 12 ? 2.4 : 1.0) : 0.1 * c.calls) +
    { fiber: c.usage < 60 ? 1.6 : 0, dsl: 0, 'no internet': -0.4 }[c.internet] +
    (c.payment === 'electronic check' ? 0.6 : 0) +
    (c.age < 25 || c.age >= 72 ? 0.9 : 0) +
    { north: 0.25, south: -0.1, east: 0, west: -0.15 }[c.region] +
    (c.gender === 'male' ? 0.25 : 0) +
    (c.paperless ? 0.15 : 0) +
    0.3 * rng.normal()
  );
}

/** After a competitor's cheaper fibre offer: fibre customers leave whatever their contract, and a support call now goes with staying. */
function driftedChurnOdds(c, rng) {
  return -1.9 + (c.internet === 'fiber' ? 1.9 : 0) + (c.contract === 'month-to-month' ? 0.35 : 0) - 0.35 * c.calls + 0.8 * rng.normal();
}

function row(id, signup, c, churned, missing) {
  return [
    id,
    isoDate(signup),
    c.gender,
    c.age,
    c.region,
    'US',
    c.contract,
    missing.payment ? '' : c.payment,
    c.internet,
    c.paperless,
    c.tenure,
    c.monthly.toFixed(2),
    missing.total ? '' : c.total.toFixed(2),
    missing.usage ? '' : c.usage.toFixed(1),
    c.calls,
    churned,
  ].join(',');
}

function customers(rng, { count, firstId, from, to, reviewBy, shift, odds }) {
  const signups = Array.from({ length: count }, () => from + Math.floor(rng.uniform() * ((to - from) / DAY + 1)) * DAY).sort((a, b) => a - b);
  return signups.map((signup, i) => {
    const c = customer(rng, signup, reviewBy, shift);
    const churned = rng.chance(sigmoid(odds(c, rng)));
    const missing = { payment: rng.chance(0.02), total: rng.chance(0.03), usage: rng.chance(0.06) };
    return row(`C${String(firstId + i).padStart(5, '0')}`, signup, c, churned, missing);
  });
}

/** A few rows exported twice (a re-run of the export job), each placed right after its original. */
function withDuplicates(rng, lines, count) {
  const chosen = new Set();
  while (chosen.size < count) chosen.add(Math.floor(rng.uniform() * lines.length));
  return lines.flatMap((line, i) => (chosen.has(i) ? [line, line] : [line]));
}

const csv = (lines) => [COLUMNS.join(','), ...lines].join('\n') + '\n';

const training = customers(sampler(20260410), {
  count: 3976,
  firstId: 10001,
  from: Date.UTC(2021, 0, 1),
  to: Date.UTC(2023, 11, 31),
  reviewBy: Date.UTC(2024, 2, 31),
  shift: { age: 0, monthToMonth: 50, price: 1 },
  odds: churnOdds,
});
const batch = customers(sampler(20260411), {
  count: 600,
  firstId: 20001,
  from: Date.UTC(2024, 0, 1),
  to: Date.UTC(2024, 5, 30),
  reviewBy: Date.UTC(2024, 11, 31),
  shift: { age: 9, monthToMonth: 130, price: 1.4 },
  odds: driftedChurnOdds,
});

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, TRAINING_FILE), csv(withDuplicates(sampler(7), training, 24)));
writeFileSync(join(OUT, BATCH_FILE), csv(batch));
