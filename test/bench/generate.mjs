// Generates the benchmark CSV: 1,000,000 rows × 21 columns (~165 MB) — ints, floats with 5% missing,
// 8-value categoricals, dates and booleans. Deterministic. Usage: node test/bench/generate.mjs [OUT] [ROWS]
import { createWriteStream } from 'node:fs';

const out = process.argv[2] ?? new URL('./.data/bench-1m.csv', import.meta.url).pathname;
const rows = Number(process.argv[3] ?? 1_000_000);
let seed = 7;
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const cats = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
const day0 = Date.UTC(2018, 0, 1);

const header = ['id', ...[1, 2, 3, 4, 5].map((i) => `int_${i}`), ...[1, 2, 3, 4, 5, 6].map((i) => `float_${i}`), ...[1, 2, 3, 4].map((i) => `cat_${i}`), ...[1, 2, 3].map((i) => `date_${i}`), 'flag_1', 'flag_2'];
const stream = createWriteStream(out);
stream.write(header.join(',') + '\n');
let buffer = '';
for (let r = 0; r < rows; r++) {
  const cells = [String(r)];
  for (let i = 0; i < 5; i++) cells.push(String(Math.floor(rand() * 100000) - 20000));
  for (let i = 0; i < 6; i++) cells.push(rand() < 0.05 ? '' : (rand() * 1000 - 200).toFixed(4));
  for (let i = 0; i < 4; i++) cells.push(cats[Math.floor(rand() * 8)]);
  for (let i = 0; i < 3; i++) cells.push(new Date(day0 + Math.floor(rand() * 2500) * 86400000).toISOString().slice(0, 10));
  cells.push(rand() < 0.5 ? 'true' : 'false', rand() < 0.2 ? 'true' : 'false');
  buffer += cells.join(',') + '\n';
  if (buffer.length > 1 << 20) {
    if (!stream.write(buffer)) await new Promise((r) => stream.once('drain', r));
    buffer = '';
  }
}
stream.end(buffer);
await new Promise((r) => stream.on('finish', r));
console.log(`wrote ${rows} rows to ${out}`);
