import { describe, expect, it } from 'vitest';
import { inferColumn, storageFor, type ColumnStats } from '../../../electron/data/infer';

const text = (over: Omit<Partial<ColumnStats>, 'castable'> & { castable?: Partial<NonNullable<ColumnStats['castable']>> }): ColumnStats => ({
  name: 'col',
  storageType: 'VARCHAR',
  rows: 1000,
  nonNull: 1000,
  distinct: 1000,
  avgLength: 8,
  withSpaces: 0,
  ...over,
  castable: { bigint: 0, double: 0, boolean: 0, date: 0, timestamp: 0, ...over.castable },
});

describe('type inference', () => {
  it.each([
    ['integers', text({ distinct: 80, castable: { bigint: 1000, double: 1000 } }), 'integer', 'BIGINT'],
    ['an id column of unique integers', text({ name: 'customer_id', castable: { bigint: 1000, double: 1000 } }), 'identifier', 'BIGINT'],
    ['unique integers not named like an id', text({ name: 'amount_cents', castable: { bigint: 1000, double: 1000 } }), 'integer', 'BIGINT'],
    ['decimals', text({ castable: { double: 1000 } }), 'float', 'DOUBLE'],
    ['yes/no words', text({ distinct: 2, castable: { boolean: 1000 } }), 'boolean', 'BOOLEAN'],
    ['ISO dates', text({ castable: { date: 1000, timestamp: 1000 } }), 'datetime', 'DATE'],
    ['timestamps', text({ castable: { timestamp: 1000 } }), 'datetime', 'TIMESTAMP'],
    ['a few repeated labels', text({ distinct: 8 }), 'categorical', 'VARCHAR'],
    ['unique short codes', text({ distinct: 1000, avgLength: 12 }), 'identifier', 'VARCHAR'],
    ['sentences', text({ distinct: 990, avgLength: 80, withSpaces: 1000 }), 'text', 'VARCHAR'],
    ['many distinct numbers with one word among them', text({ distinct: 500, avgLength: 5, withSpaces: 0, castable: { bigint: 999, double: 999 } }), 'text', 'VARCHAR'],
    ['a typed DOUBLE column (Parquet)', { ...text({}), storageType: 'DOUBLE', castable: undefined } as ColumnStats, 'float', 'DOUBLE'],
  ])('reads %s', (_what, stats, semantic, storage) => {
    expect(inferColumn(stats)).toEqual({ semanticType: semantic, storageType: storage });
  });

  it('stores a type the user chose in a fitting storage type', () => {
    expect(storageFor('float', 'BIGINT')).toBe('DOUBLE');
    expect(storageFor('integer', 'BIGINT')).toBe('BIGINT');
    expect(storageFor('categorical', 'BIGINT')).toBe('VARCHAR');
    expect(storageFor('identifier', 'BIGINT')).toBe('BIGINT');
    expect(storageFor('datetime', 'VARCHAR')).toBe('TIMESTAMP');
  });
});
