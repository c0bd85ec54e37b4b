/** A thin, typed handle on DuckDB (@duckdb/node-api): in-memory, async, offline, with SQL literal quoting. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * DuckDB can reach the internet by itself: it installs and autoloads extensions (httpfs, for http(s):// and s3:// paths)
 * from extensions.duckdb.org. Gyre's instances cannot: nothing is installed or loaded on demand, an explicit INSTALL
 * finds only a local folder that does not exist or a proxy on a closed loopback port, and the configuration is locked.
 */
export const OFFLINE_CONFIG = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
  custom_extension_repository: join(tmpdir(), 'gyre-offline-no-extensions'),
  autoinstall_extension_repository: join(tmpdir(), 'gyre-offline-no-extensions'),
  // Port 9 (discard) on this machine: `INSTALL x FROM core` ends at a refused loopback connection.
  http_proxy: '127.0.0.1:9',
} as const;

/** Set once the instance exists (DuckDB refuses to disable a file system no extension has registered yet at creation). */
const OFFLINE_STATEMENTS = ["SET disabled_filesystems = 'HTTPFileSystem,S3FileSystem'", 'SET lock_configuration = true'];

export async function openDuck(threads = 2): Promise<Duck> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads), ...OFFLINE_CONFIG });
  const connection = await instance.connect();
  for (const sql of OFFLINE_STATEMENTS) await connection.run(sql);
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

/** The settings that keep DuckDB offline, as a fresh instance reports them (Settings → Network shows them). */
export async function offlineSettings(): Promise<Record<string, string>> {
  const names = [...Object.keys(OFFLINE_CONFIG), 'lock_configuration'];
  const rows = await withDuck((duck) => duck.rows<{ name: string; value: string }>(`SELECT name, value FROM duckdb_settings() WHERE name IN (${names.map(sqlString).join(', ')})`));
  return Object.fromEntries(rows.map((r) => [r.name, r.value]));
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
