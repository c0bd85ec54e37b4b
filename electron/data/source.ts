/** Describes a source file (format, dialect, column names) and builds the DuckDB expression that reads it. */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { CsvOptions, FileFormat, ReadOptions } from '../contract/datasets';
import { GyreError } from '../contract/errors';
import { uniqueColumnNames } from './columns';
import { sqlIdent, sqlString } from './duck';
import { decodeHead, detectEncoding, detectFormat, hasMixedLineEndings, looksBinary, readHead, sniffDecimalSeparator, sniffDelimiter, splitRecord } from './sniff';

/** Text that means "no value" in files written by pandas, R, Excel and databases. */
export const MISSING_MARKERS = ['', 'NA', 'N/A', '#N/A', 'NaN', 'nan', 'null', 'NULL', 'None', 'none', '-nan'];

export interface Source {
  path: string;
  name: string;
  size: number;
  format: FileFormat;
  csv: CsvOptions | null;
  /** CSV only: the unique column names (from the header, or column_1…). */
  names: string[];
  renamed: { from: string; to: string }[];
  /** Mixed \r\n and \n: read leniently. */
  lenient: boolean;
}

export function describeSource(path: string, displayName: string, options: ReadOptions): Source {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new GyreError('NOT_FOUND', `${displayName} cannot be read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist (was it moved or deleted?)' : (e as Error).message}.`, { file: displayName });
  }
  if (size === 0) throw new GyreError('DATASET_PARSE', `${displayName} is empty (0 bytes).`, { file: displayName });
  const head = readHead(path);
  const format = options.format ?? detectFormat(displayName, head);
  if (!format) throw new GyreError('DATASET_PARSE', `${displayName}: cannot tell the format. Name it .csv, .tsv, .json, .jsonl or .parquet, or choose the format.`, { file: displayName });
  if (format === 'parquet') return { path, name: displayName, size, format, csv: null, names: [], renamed: [], lenient: false };
  if (looksBinary(head)) {
    throw new GyreError('DATASET_PARSE', `${displayName} looks like a binary file, not ${format.toUpperCase()} text (it contains NUL bytes).`, { file: displayName });
  }
  if (format === 'json' || format === 'jsonl') return describeJson(path, displayName, size, format, head);
  return describeCsv(path, displayName, size, format, head, options.csv ?? {});
}

function describeJson(path: string, name: string, size: number, format: 'json' | 'jsonl', head: Buffer): Source {
  const text = decodeHead(head, 'utf-8').trimStart();
  if (format === 'json') {
    const afterBracket = text.slice(1).trimStart();
    if (!text.startsWith('[') || !(afterBracket.startsWith('{') || afterBracket.startsWith(']'))) {
      throw new GyreError('DATASET_PARSE', `${name} is not a JSON array of objects (it starts with ${JSON.stringify(text.slice(0, 20))}). Gyre reads [{"column": value, …}, …] or one object per line (.jsonl).`, { file: name });
    }
  } else if (!text.startsWith('{')) {
    throw new GyreError('DATASET_PARSE', `${name}, line 1: a JSON Lines file has one object per line; this one starts with ${JSON.stringify(text.slice(0, 20))}.`, { file: name, row: 1 });
  }
  return { path, name, size, format, csv: null, names: [], renamed: [], lenient: false };
}

function describeCsv(path: string, name: string, size: number, format: 'csv' | 'tsv', head: Buffer, given: Partial<CsvOptions>): Source {
  const encoding = given.encoding ?? detectEncoding(head);
  const text = decodeHead(head, encoding);
  const delimiter = given.delimiter ?? (format === 'tsv' ? '\t' : sniffDelimiter(text));
  const csv: CsvOptions = {
    delimiter,
    quote: given.quote ?? '"',
    header: given.header ?? true,
    encoding,
    decimalSeparator: given.decimalSeparator ?? sniffDecimalSeparator(text, delimiter),
    skipBadRows: given.skipBadRows ?? false,
  };
  const firstLine = text.split(/\r?\n|\r/)[0] ?? '';
  const fields = splitRecord(firstLine, csv.delimiter, csv.quote);
  const { names, renamed } = uniqueColumnNames(csv.header ? fields : fields.map(() => null));
  return { path, name, size, format, csv, names, renamed: csv.header ? renamed : [], lenient: hasMixedLineEndings(text) };
}

/**
 * DuckDB's CSV read buffer. Its default (32 MB per buffer, several in flight) made the import worker's peak
 * memory ~2.7× the file on the 1M-row benchmark; 4 MB lowers it and reads no slower. It must hold the longest
 * line, and DuckDB's max_line_size defaults to 2 MB (docs/architecture.md, "Import pipeline").
 */
const CSV_BUFFER_BYTES = 4 * 1024 * 1024;

/** The DuckDB table expression reading the source; CSV columns get the given types (VARCHAR when not given). */
export function sourceRelation(source: Source, types: Record<string, string> = {}): string {
  const path = sqlString(source.path);
  if (source.format === 'parquet') return `read_parquet(${path})`;
  if (source.format === 'json') return `read_json(${path}, format = 'array', sample_size = 20480)`;
  if (source.format === 'jsonl') return `read_json(${path}, format = 'newline_delimited', sample_size = 20480)`;
  const csv = source.csv!;
  const columns = source.names.map((n) => `${sqlString(n)}: ${sqlString(types[n] ?? 'VARCHAR')}`).join(', ');
  const args = [
    'auto_detect = false',
    `header = ${csv.header}`,
    `delim = ${sqlString(csv.delimiter)}`,
    `quote = ${sqlString(csv.quote)}`,
    `escape = ${sqlString(csv.quote)}`,
    `encoding = ${sqlString(csv.encoding)}`,
    `decimal_separator = ${sqlString(csv.decimalSeparator)}`,
    `nullstr = [${MISSING_MARKERS.map(sqlString).join(', ')}]`,
    `columns = {${columns}}`,
    `buffer_size = ${CSV_BUFFER_BYTES}`,
    ...(source.lenient ? ['strict_mode = false'] : []),
    ...(csv.skipBadRows ? ['ignore_errors = true', 'store_rejects = true'] : []),
  ];
  return `read_csv(${path}, ${args.join(', ')})`;
}

export function displayName(ref: string): string {
  return basename(ref);
}

export { sqlIdent };
