/**
 * The files predict.mjs reads, streamed in batches of records: CSV/TSV (RFC 4180 quoting, header row), JSON Lines,
 * and Parquet (through hyparquet, an optional dependency). Each reader gives its column names and then batches of
 * `{ n, lines, raw and cells | objects }`: `lines` are where each record starts (line numbers, or row numbers for
 * Parquet); `raw` is each CSV record's text as it was, so a CSV out can copy it instead of quoting cells again, and
 * `cells` its cells where it has quotes (null for a plain line, which is read in place).
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { jsonErrorAt } from './parse.mjs';

const READ_BYTES = 1 << 20;

export async function openReader(path) {
  const lower = path.toLowerCase();
  if (lower.endsWith('.parquet')) return openParquet(path);
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return openJsonl(path);
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) return openCsv(path, lower.endsWith('.tsv') ? '\t' : ',');
  throw new Error(`${path}: give a .csv, .tsv, .jsonl or .parquet file.`);
}

/** The file's text in pieces that end on a line break (the last one at the end of the file). */
async function* textPieces(path) {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const bytes of createReadStream(path, { highWaterMark: READ_BYTES })) {
    let text = decoder.write(bytes);
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    yield { text, final: false };
  }
  yield { text: decoder.end(), final: true };
}

/**
 * One quoted-or-not CSV record starting at `pos`: its cells, where its text ends (before the line break) and where
 * the next starts; null when the text stops inside it and more is coming. A quote never closed takes the rest of
 * the file as one bad record (BadLine), which fails or is set aside like any other.
 */
function parseRecord(text, pos, delim, final) {
  const cells = [];
  let i = pos;
  for (;;) {
    let cell = '';
    if (text[i] === '"') {
      let start = ++i;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1 && final) return { cells: new BadLine(text.slice(pos), 'a quoted value is not closed before the end of the file'), end: text.length, next: text.length };
        if (q === -1 || (q + 1 === text.length && !final)) return null;
        if (text[q + 1] === '"') {
          cell += text.slice(start, q + 1);
          i = start = q + 2;
          continue;
        }
        cell += text.slice(start, q);
        i = q + 1;
        break;
      }
    }
    // Unquoted text, or anything after a closing quote up to the delimiter: taken as it is.
    let j = i;
    while (j < text.length && text[j] !== delim && text[j] !== '\n' && text[j] !== '\r') j++;
    if (j === text.length && !final) return null;
    cells.push(cell + text.slice(i, j));
    if (text[j] === delim) {
      i = j + 1;
      continue;
    }
    if (text[j] === '\r' && j + 1 === text.length && !final) return null;
    const next = text[j] === '\r' && text[j + 1] === '\n' ? j + 2 : j + 1;
    return { cells, end: j, next };
  }
}

async function openCsv(path, delim) {
  const pieces = textPieces(path);
  let rest = '';
  let line = 1;
  let header = null;
  const take = ({ text: piece, final }) => {
    const text = rest + piece;
    const batch = { n: 0, lines: [], cells: [], raw: [] };
    let pos = 0;
    let quote = text.indexOf('"');
    while (pos < text.length) {
      const nl = text.indexOf('\n', pos);
      if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
      if (quote === -1 || (nl !== -1 && quote > nl)) {
        if (nl === -1 && !final) break;
        let end = nl === -1 ? text.length : nl;
        if (text.charCodeAt(end - 1) === 13) end--;
        const raw = text.slice(pos, end);
        // Cells are split only where needed: a line without quotes is read in place (InputColumns.setLine).
        if (raw !== '') push(batch, raw, null);
        line++;
        pos = nl === -1 ? text.length : nl + 1;
        continue;
      }
      const record = parseRecord(text, pos, delim, final);
      if (!record) break;
      const raw = text.slice(pos, record.end);
      push(batch, raw, record.cells);
      for (let k = text.indexOf('\n', pos); k !== -1 && k < record.next; k = text.indexOf('\n', k + 1)) line++;
      pos = record.next;
    }
    rest = text.slice(pos);
    return batch;
  };
  const push = (batch, raw, cells) => {
    if (!header) return void (header = cells ?? raw.split(delim));
    batch.raw.push(raw);
    batch.cells.push(cells);
    batch.lines.push(line);
    batch.n++;
  };
  // Reads until the header is complete, keeping what came after it for the first batch.
  let pending = [];
  while (!header) {
    const next = await pieces.next();
    if (next.done) break;
    const batch = take(next.value);
    if (batch.n) pending.push(batch);
    if (next.value.final) break;
  }
  if (!header) throw new Error(`${path} is empty: a CSV file needs a header row.`);
  return {
    kind: 'csv',
    delimiter: delim,
    columns: header,
    async *batches() {
      yield* pending;
      pending = [];
      for await (const piece of pieces) {
        const batch = take(piece);
        if (batch.n) yield batch;
      }
    },
  };
}

async function openJsonl(path) {
  const batches = async function* () {
    let rest = '';
    let line = 0;
    for await (const { text: piece, final } of textPieces(path)) {
      const text = rest + piece;
      const batch = { n: 0, lines: [], objects: [] };
      let pos = 0;
      for (let nl = text.indexOf('\n'); nl !== -1 || (final && pos < text.length); nl = text.indexOf('\n', pos)) {
        const end = nl === -1 ? text.length : nl;
        const lineText = text.slice(pos, end).trim();
        line++;
        pos = end + 1;
        if (lineText === '') continue;
        batch.objects.push(parseLine(lineText));
        batch.lines.push(line);
        batch.n++;
      }
      rest = text.slice(Math.min(pos, text.length));
      if (batch.n) yield batch;
    }
  };
  // The columns of a JSON Lines file: those of its first record.
  const peek = batches();
  const first = await peek.next();
  await peek.return();
  const object = first.done ? null : first.value.objects[0];
  return { kind: 'jsonl', columns: object && typeof object === 'object' && !Array.isArray(object) && !(object instanceof BadLine) ? Object.keys(object) : [], batches };
}

/** A line that is not JSON: kept as a record so that it fails (or is skipped) with its line number. */
export class BadLine {
  constructor(text, reason) {
    this.text = text;
    this.reason = reason;
  }
}

function parseLine(text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = jsonErrorAt(text);
    return new BadLine(text, `not valid JSON${at === null ? '' : ` at column ${at + 1}`}: ${error.message.replace(/,? ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '')}`);
  }
}

async function openParquet(path) {
  let hyparquet;
  try {
    hyparquet = await import('hyparquet');
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(`Reading ${path} needs the Parquet reader, an optional dependency: run \`npm install hyparquet\` in this folder (or give a CSV or JSON Lines file).`, { cause: error });
  }
  const file = await hyparquet.asyncBufferFromFile(path);
  const metadata = await hyparquet.parquetMetadataAsync(file);
  const columns = hyparquet.parquetSchema(metadata).children.map((c) => c.element.name);
  return {
    kind: 'parquet',
    columns,
    async *batches() {
      // One row group at a time: memory holds one group however large the file.
      let rowStart = 0;
      for (const group of metadata.row_groups) {
        const rowEnd = rowStart + Number(group.num_rows);
        const objects = await hyparquet.parquetReadObjects({ file, metadata, rowStart, rowEnd });
        yield { n: objects.length, lines: objects.map((_, k) => rowStart + k + 1), objects };
        rowStart = rowEnd;
      }
    },
  };
}

/** A CSV cell: quoted when it holds the delimiter, a quote or a line break. */
export function csvCell(v) {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v, jsonSafe) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** JSON.stringify's replacer for values a Parquet file can hold: bigints as numbers (or text past 2^53), Dates as ISO. */
export function jsonSafe(_key, v) {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
  return v;
}
