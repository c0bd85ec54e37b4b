/** Which filters each semantic type offers in the grid, how a typed value becomes a RowFilter, and how one reads. */
import type { ColumnSchema, RowFilter, SemanticType } from '@contract';

export type FilterOp = RowFilter['op'];

interface OpInfo {
  value: FilterOp;
  label: string;
  /** How it reads in a sentence: "age < 30". */
  symbol: string;
}

const OPS: Record<FilterOp, OpInfo> = {
  eq: { value: 'eq', label: 'equals (=)', symbol: '=' },
  ne: { value: 'ne', label: 'is not (≠)', symbol: '≠' },
  lt: { value: 'lt', label: 'less than (<)', symbol: '<' },
  le: { value: 'le', label: 'at most (≤)', symbol: '≤' },
  gt: { value: 'gt', label: 'greater than (>)', symbol: '>' },
  ge: { value: 'ge', label: 'at least (≥)', symbol: '≥' },
  contains: { value: 'contains', label: 'contains', symbol: 'contains' },
  is_missing: { value: 'is_missing', label: 'is missing', symbol: 'is missing' },
  not_missing: { value: 'not_missing', label: 'is not missing', symbol: 'is not missing' },
};

const OPS_BY_TYPE: Record<SemanticType, FilterOp[]> = {
  integer: ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'is_missing', 'not_missing'],
  float: ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'is_missing', 'not_missing'],
  datetime: ['eq', 'lt', 'gt', 'is_missing', 'not_missing'],
  boolean: ['eq', 'is_missing', 'not_missing'],
  categorical: ['eq', 'ne', 'contains', 'is_missing', 'not_missing'],
  text: ['contains', 'eq', 'ne', 'is_missing', 'not_missing'],
  identifier: ['eq', 'contains', 'is_missing', 'not_missing'],
};

export function opsFor(type: SemanticType): OpInfo[] {
  return OPS_BY_TYPE[type].map((op) => OPS[op]);
}

export function needsValue(op: FilterOp): boolean {
  return op !== 'is_missing' && op !== 'not_missing';
}

/** The filter, or a sentence saying why the typed value does not fit the column. */
export function buildFilter(column: ColumnSchema, op: FilterOp, raw: string): RowFilter | string {
  if (!needsValue(op)) return { column: column.name, op };
  const text = raw.trim();
  if (text === '') return 'Type a value to compare with.';
  switch (column.semanticType) {
    case 'integer':
    case 'float': {
      const n = Number(text);
      return Number.isFinite(n) ? { column: column.name, op, value: n } : `“${text}” is not a number.`;
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return { column: column.name, op, value: text === 'true' };
      return 'Choose true or false.';
    default:
      return { column: column.name, op, value: text };
  }
}

export function describeFilter(filter: RowFilter): string {
  const op = OPS[filter.op];
  return needsValue(filter.op) ? `${filter.column} ${op.symbol} ${String(filter.value)}` : `${filter.column} ${op.symbol}`;
}
