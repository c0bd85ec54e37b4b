/** A thin, typed handle on DuckDB (@duckdb/node-api): in-memory, async, with SQL literal quoting. */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface Duck {
  connection: DuckDBConnection;
  /** Rows as plain JSON-safe objects (BIGINT → number where safe, dates → ISO strings). */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Rows as arrays, in column order. */
  arrays(sql: string): Promise<{ columns: string[]; rows: unknown[][] }>;
  /** Values column by column (one array per column): fewer objects than rows of arrays for long, narrow results. */
  columns(sql: string): Promise<unknown[][]>;
  run(sql: string): Promise<void>;
  close(): void;
}

export async function openDuck(threads = 2): Promise<Duck> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  return {
    connection,
    async rows<T>(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJson() as T[];
    },
    async arrays(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return { columns: reader.columnNames(), rows: reader.getRowsJson() as unknown[][] };
    },
    async columns(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getColumnsJson() as unknown[][];
    },
    async run(sql: string) {
      await connection.run(sql);
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs `fn` with a fresh DuckDB and always closes it. */
export async function withDuck<T>(fn: (duck: Duck) => Promise<T>): Promise<T> {
  const duck = await openDuck();
  try {
    return await fn(duck);
  } finally {
    duck.close();
  }
}

/** 'it''s' — a SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** "my ""col""" — a quoted SQL identifier. */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** JSON-safe values: DuckDB's JSON form gives BIGINT as a string; make it a number when exact. */
export function normalizeRows(rows: unknown[][], columns: { storageType: string }[]): unknown[][] {
  const integer = columns.map((c) => /INT/.test(c.storageType));
  return rows.map((row) =>
    row.map((v, i) => {
      if (integer[i] && typeof v === 'string') {
        const n = Number(v);
        return Number.isSafeInteger(n) ? n : v;
      }
      return v;
    }),
  );
}
