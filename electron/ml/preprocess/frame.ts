/** A raw table as the modeling core reads it: one typed column per dataset column, missing values explicit. */
import type { SemanticType } from '../../contract/datasets';

export type NumberType = Extract<SemanticType, 'integer' | 'float' | 'boolean' | 'datetime'>;
export type StringType = Extract<SemanticType, 'categorical' | 'text' | 'identifier'>;

export type RawColumn =
  /** NaN = missing; booleans are 0/1; datetimes are epoch milliseconds (UTC). */
  | { name: string; kind: 'number'; semanticType: NumberType; values: Float64Array }
  | { name: string; kind: 'string'; semanticType: StringType; values: (string | null)[] };

export interface Frame {
  rows: number;
  columns: RawColumn[];
}

export function columnOf(frame: Frame, name: string): RawColumn {
  const column = frame.columns.find((c) => c.name === name);
  if (!column) throw new Error(`The table has no column "${name}".`);
  return column;
}
