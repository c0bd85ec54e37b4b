/**
 * Reads a dataset version (its Parquet object) into the modeling core's Frame: numbers as Float64Array with
 * NaN for missing (booleans 0/1, datetimes epoch ms), text as strings shared per distinct value, chunk by
 * chunk so no row objects are ever built.
 */
import type { DuckDBDoubleVector } from '@duckdb/node-api';
import type { ColumnSchema } from '../contract/datasets';
import type { Frame, NumberType, RawColumn, StringType } from '../ml/preprocess/frame';
import { sqlIdent, sqlString, type Duck } from './duck';

const NUMBER_TYPES = new Set(['integer', 'float', 'boolean', 'datetime']);

function selectExpr(c: ColumnSchema): string {
  const id = sqlIdent(c.name);
  if (c.semanticType === 'datetime') return `epoch_ms(CAST(${id} AS TIMESTAMP))::DOUBLE`;
  if (NUMBER_TYPES.has(c.semanticType)) return `CAST(${id} AS DOUBLE)`;
  return `CAST(${id} AS VARCHAR)`;
}

/** Reads the named columns (all when omitted) of a Parquet file in file order. */
export async function readFrame(duck: Duck, parquetPath: string, schema: ColumnSchema[], names: string[] = schema.map((c) => c.name)): Promise<Frame> {
  const columns = names.map((n) => {
    const c = schema.find((s) => s.name === n);
    if (!c) throw new Error(`This dataset version has no column "${n}".`);
    return c;
  });
  const [{ n }] = (await duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM read_parquet(${sqlString(parquetPath)})`)) as [{ n: number }];
  const rows = Number(n);
  const numbers = columns.map((c) => (NUMBER_TYPES.has(c.semanticType) ? new Float64Array(rows) : null));
  const strings = columns.map((c) => (NUMBER_TYPES.has(c.semanticType) ? null : new Array<string | null>(rows)));
  // One string object per distinct value: a million rows of eight cities hold eight strings, not a million.
  const interned = columns.map(() => new Map<string, string>());
  const result = await duck.connection.stream(`SELECT ${columns.map(selectExpr).join(', ')} FROM read_parquet(${sqlString(parquetPath)})`);
  let offset = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    // rowCount is a native call: read it once per chunk, not once per value.
    const chunkRows = chunk.rowCount;
    columns.forEach((_, i) => {
      const target = numbers[i];
      if (target) {
        // Every number column is selected as DOUBLE, so its vector reads straight from a Float64Array.
        const vector = chunk.getColumnVector(i) as DuckDBDoubleVector;
        for (let r = 0; r < chunkRows; r++) target[offset + r] = vector.getItem(r) ?? NaN;
      } else {
        const out = strings[i]!;
        const pool = interned[i]!;
        chunk.visitColumnValues(i, (v, r) => {
          if (v === null) return void (out[offset + r] = null);
          const s = String(v);
          let shared = pool.get(s);
          if (shared === undefined) pool.set(s, (shared = s));
          out[offset + r] = shared;
        });
      }
    });
    offset += chunkRows;
  }
  return {
    rows,
    columns: columns.map((c, i): RawColumn => {
      const values = numbers[i];
      return values
        ? { name: c.name, kind: 'number', semanticType: c.semanticType as NumberType, values }
        : { name: c.name, kind: 'string', semanticType: c.semanticType as StringType, values: strings[i]! };
    }),
  };
}
