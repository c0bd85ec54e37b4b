/**
 * Looks at the first bytes of a file before DuckDB does: format, text or binary, encoding, CSV delimiter,
 * decimal comma, line endings. DuckDB's own sniffer silently drops rows of ragged files, so the dialect is ours.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { FileFormat } from '../contract/datasets';

export const HEAD_BYTES = 256 * 1024;

export function readHead(path: string, bytes = HEAD_BYTES): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const n = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export function detectFormat(fileName: string, head: Buffer): FileFormat | null {
  const lower = fileName.toLowerCase();
  if (head.subarray(0, 4).toString('latin1') === 'PAR1' || lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return 'tsv';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  const text = head.toString('utf8').trimStart();
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) return 'jsonl';
  return null;
}

/** NUL bytes do not occur in text files (UTF-16 aside, which Gyre does not read). */
export function looksBinary(head: Buffer): boolean {
  return head.subarray(0, 8192).includes(0);
}

export function hasUtf8Bom(head: Buffer): boolean {
  return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
}

/** UTF-8 if the head decodes strictly (ignoring a character cut at the end), otherwise Latin-1. */
export function detectEncoding(head: Buffer): 'utf-8' | 'latin-1' {
  const cut = head.length === HEAD_BYTES ? head.subarray(0, head.length - 4) : head;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(cut);
    return 'utf-8';
  } catch {
    return 'latin-1';
  }
}

export function decodeHead(head: Buffer, encoding: 'utf-8' | 'latin-1'): string {
  const text = encoding === 'utf-8' ? head.toString('utf8') : head.toString('latin1');
  return text.replace(/^\uFEFF/, '');
}

/** Splits one CSV record respecting quotes; good enough to count fields for sniffing. */
export function splitRecord(line: string, delimiter: string, quote = '"'): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote && ch === quote) {
      if (quoted && line[i + 1] === quote) {
        field += quote;
        i++;
      } else quoted = !quoted;
    } else if (!quoted && line.startsWith(delimiter, i)) {
      fields.push(field);
      field = '';
      i += delimiter.length - 1;
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

function sampleLines(text: string, max = 200): string[] {
  const lines = text.split(/\r?\n|\r/);
  if (lines.length > 1) lines.pop(); // the last line of a head may be cut
  return lines.filter((l) => l.length > 0).slice(0, max);
}

/** The delimiter whose field count is most consistent (and above 1) across the first lines. */
export function sniffDelimiter(text: string, candidates = [',', ';', '\t', '|']): string {
  const lines = sampleLines(text);
  let best = { delimiter: ',', score: -1 };
  for (const delimiter of candidates) {
    const counts = lines.map((l) => splitRecord(l, delimiter).length);
    const first = counts[0] ?? 1;
    if (first < 2) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = consistent * 1000 + first;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** A decimal comma shows as fields like 1,5 — only possible when the delimiter is not a comma. */
export function sniffDecimalSeparator(text: string, delimiter: string): '.' | ',' {
  if (delimiter === ',') return '.';
  const fields = sampleLines(text).slice(1).flatMap((l) => splitRecord(l, delimiter));
  const comma = fields.filter((f) => /^-?\d+,\d+$/.test(f.trim())).length;
  const dot = fields.filter((f) => /^-?\d+\.\d+$/.test(f.trim())).length;
  return comma > dot ? ',' : '.';
}

export function hasMixedLineEndings(text: string): boolean {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return crlf > 0 && lf > 0;
}
