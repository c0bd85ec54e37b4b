/** Infers each column's semantic type from statistics over a sample; pure, so every rule is unit-tested. */
import type { SemanticType } from '../contract/datasets';

export interface ColumnStats {
  name: string;
  /** DuckDB type as read (VARCHAR for CSV text before inference). */
  storageType: string;
  rows: number;
  nonNull: number;
  distinct: number;
  /** Mean length of the text form of non-null values. */
  avgLength: number;
  /** Non-null values that contain a space (names and sentences do; codes rarely). */
  withSpaces: number;
  /** For text columns: how many non-null values cast cleanly to each type. */
  castable?: { bigint: number; double: number; boolean: number; date: number; timestamp: number };
}

export interface Inferred {
  semanticType: SemanticType;
  /** The DuckDB type to store the column as. */
  storageType: string;
}

const ID_NAME = /(^id$|_id$|^id_|uuid|guid|(^|_)key$|^index$)/i;
const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;
const FLOAT_TYPES = /^(FLOAT|DOUBLE|REAL|DECIMAL.*)$/;

/** Few distinct values relative to the rows, and short: a category, not free text. */
function isCategorical(s: ColumnStats): boolean {
  if (s.nonNull === 0) return true;
  const few = s.distinct <= 50 && s.distinct <= s.nonNull * 0.5;
  return s.avgLength <= 60 && (few || s.distinct / s.nonNull <= 0.05);
}

/** Unique values named like an id, or unique short codes without spaces (order numbers, UUIDs). */
function looksLikeIdentifier(s: ColumnStats): boolean {
  const unique = s.nonNull > 0 && s.distinct >= s.nonNull * 0.98 && s.nonNull >= Math.min(20, s.rows);
  if (!unique) return false;
  if (ID_NAME.test(s.name)) return true;
  return (s.storageType === 'VARCHAR' || s.storageType === 'UUID') && s.nonNull >= 20 && s.avgLength <= 40 && s.withSpaces === 0;
}

export function inferColumn(s: ColumnStats): Inferred {
  let storage = s.storageType;
  const c = s.castable;
  if (storage === 'VARCHAR' && c && s.nonNull > 0) {
    const all = (n: number) => n === s.nonNull;
    if (all(c.bigint)) storage = 'BIGINT';
    else if (all(c.double)) storage = 'DOUBLE';
    else if (all(c.boolean)) storage = 'BOOLEAN';
    else if (all(c.date)) storage = 'DATE';
    else if (all(c.timestamp)) storage = 'TIMESTAMP';
  }
  if (INTEGER_TYPES.test(storage)) {
    // Unique integers are often amounts or counts: only a name like an id makes them an identifier.
    return { semanticType: looksLikeIdentifier(s) && ID_NAME.test(s.name) ? 'identifier' : 'integer', storageType: storage };
  }
  if (FLOAT_TYPES.test(storage)) return { semanticType: 'float', storageType: storage };
  if (storage === 'BOOLEAN') return { semanticType: 'boolean', storageType: storage };
  if (/^(DATE|TIMESTAMP.*|TIME)$/.test(storage)) return { semanticType: 'datetime', storageType: storage };
  if (storage !== 'VARCHAR' && storage !== 'UUID') return { semanticType: 'text', storageType: 'VARCHAR' };
  if (looksLikeIdentifier(s)) return { semanticType: 'identifier', storageType: 'VARCHAR' };
  return { semanticType: isCategorical(s) ? 'categorical' : 'text', storageType: 'VARCHAR' };
}

/** The storage a user's chosen type needs; `current` is kept when it already fits. */
export function storageFor(type: SemanticType, current: string): string {
  switch (type) {
    case 'integer':
      return INTEGER_TYPES.test(current) ? current : 'BIGINT';
    case 'float':
      return FLOAT_TYPES.test(current) ? current : 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'datetime':
      return /^(DATE|TIMESTAMP.*)$/.test(current) ? current : 'TIMESTAMP';
    case 'identifier':
      return INTEGER_TYPES.test(current) ? current : 'VARCHAR';
    case 'categorical':
    case 'text':
      return 'VARCHAR';
    default:
      throw new Error(`Unknown semantic type ${String(type)}`);
  }
}
