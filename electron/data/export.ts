/**
 * A dataset version written out as a CSV or Parquet file, for the tools outside Gyre. Written into a hidden sibling
 * first and moved into place only when complete, never over an existing file: an export either exists whole or not
 * at all.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import type { ColumnSchema } from '../contract/datasets';
import { GyreError } from '../contract/errors';
import { sqlIdent, sqlString, type Duck } from './duck';

export const EXPORT_FORMATS = ['csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The format a file name asks for, or null when its extension names neither. */
export function formatOfPath(path: string): ExportFormat | null {
  const ext = extname(path).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.parquet' ? 'parquet' : null;
}

/** Refuses what cannot be written before any work is done: a relative path, a wrong extension, a missing folder, an existing file. */
export function checkExportTarget(out: string, format: ExportFormat): void {
  if (!isAbsolute(out)) throw new GyreError('VALIDATION', `Give the full path of the file to write ("${out}" is relative).`, { field: 'out' });
  const asked = formatOfPath(out);
  if (asked !== format) throw new GyreError('VALIDATION', `A ${format === 'csv' ? 'CSV' : 'Parquet'} file's name ends in .${format}; "${basename(out)}" does not.`, { field: 'out' });
  const parent = dirname(out);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new GyreError('VALIDATION', `Cannot write into ${parent}: that folder does not exist.`, { field: 'out', file: parent });
  if (existsSync(out)) throw new GyreError('CONFLICT', `${out} already exists; Gyre does not overwrite files: remove it or choose another name.`, { field: 'out', file: out });
}

/** CSV: comma-separated with a header row, dates as 2024-05-01 12:00:00 (what pandas and spreadsheets read); Parquet: zstd. */
function copyOptions(format: ExportFormat): string {
  return format === 'csv' ? "FORMAT csv, HEADER true, DELIMITER ','" : 'FORMAT parquet, COMPRESSION zstd';
}

/** Writes every row of the stored version (columns in its schema's order, under their own names); returns the file's size. */
export async function exportVersion(duck: Duck, parquetPath: string, columns: ColumnSchema[], format: ExportFormat, out: string): Promise<number> {
  checkExportTarget(out, format);
  const temp = join(dirname(out), `.${basename(out)}.partial-${randomBytes(4).toString('hex')}`);
  try {
    const select = columns.map((c) => sqlIdent(c.name)).join(', ');
    await duck.run(`COPY (SELECT ${select} FROM read_parquet(${sqlString(parquetPath)})) TO ${sqlString(temp)} (${copyOptions(format)})`);
    // link() fails if `out` appeared meanwhile: the move never replaces a file.
    linkSync(temp, out);
    return statSync(out).size;
  } catch (e) {
    if (e instanceof GyreError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new GyreError('CONFLICT', `${out} appeared while it was being written; nothing was replaced.`, { field: 'out', file: out });
    throw new GyreError('FORBIDDEN', `Cannot write ${out}: ${(e as Error).message}`, { file: out });
  } finally {
    rmSync(temp, { force: true });
  }
}
