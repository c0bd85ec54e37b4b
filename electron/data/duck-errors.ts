/** Turns DuckDB's multi-line errors into one sentence that names the file, the line and the column. */
import { GyreError } from '../contract/errors';

export interface ParseProblem {
  line?: number;
  column?: string;
  reason: string;
}

export function describeDuckError(message: string): ParseProblem {
  const line = /(?:CSV Error on Line:\s*|in line\s+)(\d+)/i.exec(message)?.[1];
  const column = /(?:converting|convert) column "([^"]+)"/i.exec(message)?.[1] ?? /column "([^"]+)"/i.exec(message)?.[1];
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  // The most telling line: DuckDB puts the cause after "Original Line:" or on the first line.
  const cause =
    lines.find((l) => /Expected Number of Columns|unterminated quote|Could not convert|Invalid unicode|not utf-8|Invalid Input Error: No magic bytes|too small to be a Parquet|Malformed JSON|Invalid Input Error: JSON/i.test(l)) ??
    lines[0] ??
    message;
  return { line: line ? Number(line) : undefined, column, reason: cause.replace(/^(Invalid Input Error|Conversion Error|IO Error|Binder Error):\s*/i, '') };
}

/** DuckDB quotes the full path it read; the user knows the file by its name. */
export function withoutPath(text: string, path: string, fileName: string): string {
  return text.split(`"${path}"`).join(fileName).split(`'${path}'`).join(fileName).split(path).join(fileName);
}

export function parseError(fileName: string, problem: ParseProblem, hint = ''): GyreError {
  const where = [fileName, problem.line !== undefined ? `line ${problem.line}` : null, problem.column ? `column "${problem.column}"` : null]
    .filter(Boolean)
    .join(', ');
  return new GyreError('DATASET_PARSE', `${where}: ${problem.reason}${hint ? ` ${hint}` : ''}`, {
    file: fileName,
    ...(problem.line !== undefined ? { row: problem.line } : {}),
    ...(problem.column ? { column: problem.column } : {}),
  });
}
