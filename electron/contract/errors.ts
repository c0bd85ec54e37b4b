/** Errors that cross a process boundary: a stable code, a human sentence, and where it happened. */

export const ERROR_CODES = [
  'VALIDATION',
  'DATASET_PARSE',
  'JOB_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'WORKSPACE_TOO_NEW',
  'WORKSPACE_CORRUPT',
  'CANCELLED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where an error happened: a field path for input, a file/row/column for data. */
export interface ErrorDetails {
  field?: string;
  file?: string;
  row?: number;
  column?: string;
  issues?: { field: string; message: string }[];
  [key: string]: unknown;
}

/** The serialized form of every failure, identical over IPC, HTTP and in the CLI's --json output. */
export interface GyreErrorShape {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export class GyreError extends Error implements GyreErrorShape {
  override readonly name = 'GyreError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }

  toJSON(): GyreErrorShape {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export function isGyreErrorShape(value: unknown): value is GyreErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && (ERROR_CODES as readonly string[]).includes(v.code) && typeof v.message === 'string';
}
