/**
 * Per-column statistics over the whole version, as pandas/numpy define them (sample std, linear quantiles).
 * All columns' aggregates come from one scan per chunk of columns; histograms and top values follow per column.
 */
import type { ColumnSchema } from '../../contract/datasets';
import type { ColumnProfile, Histogram } from '../../contract/profiles';
import { sqlIdent, sqlString, type Duck } from '../duck';

export const HISTOGRAM_BINS = 20;
const TOP_VALUES = 10;
const COLUMNS_PER_SCAN = 40;
/** Above this many distinct values (in a version too large for exact counts), top values come from a sketch. */
const MANY_VALUES = 1000;

const isNumeric = (c: ColumnSchema) => /INT|DOUBLE|FLOAT|REAL|DECIMAL/.test(c.storageType) && c.semanticType !== 'identifier';
const isDatetime = (c: ColumnSchema) => /^(DATE|TIMESTAMP.*)$/.test(c.storageType);
const wantsTopValues = (c: ColumnSchema) => ['categorical', 'boolean', 'text', 'identifier'].includes(c.semanticType);

async function histogram(duck: Duck, table: string, expr: string, min: number, max: number): Promise<Histogram> {
  if (!(max > min)) return { edges: [min, max], counts: [0] };
  const width = (max - min) / HISTOGRAM_BINS;
  const rows = await duck.rows<{ b: number; n: number }>(
    // Grouped by position: a column may be named like an alias.
    `SELECT least(floor((${expr} - ${min}) / ${width}), ${HISTOGRAM_BINS - 1})::INTEGER AS b, count(*)::INTEGER AS n
     FROM ${table} WHERE ${expr} IS NOT NULL GROUP BY 1`,
  );
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const r of rows) counts[r.b] = r.n;
  return { edges: Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => min + i * width), counts };
}

/** The aggregate expressions one column contributes to the shared scan, with their aliases prefixed `k`. */
/**
 * Exact distinct counts and quantiles up to this many rows; above, HyperLogLog (about 2% error) and t-digest
 * quantiles keep the single scan fast. The profile says which it used.
 */
export const EXACT_DISTINCT_ROWS = 100_000;

function aggregates(c: ColumnSchema, k: number, rows: number): string[] {
  const id = sqlIdent(c.name);
  const distinct = rows <= EXACT_DISTINCT_ROWS ? `count(DISTINCT ${id})` : `approx_count_distinct(${id})`;
  const parts = [`count(${id})::BIGINT AS c${k}_n`, `${distinct}::BIGINT AS c${k}_d`];
  if (isNumeric(c)) {
    const x = `CAST(${id} AS DOUBLE)`;
    parts.push(
      `min(${x}) AS c${k}_min`,
      `max(${x}) AS c${k}_max`,
      `avg(${x}) AS c${k}_mean`,
      `stddev_samp(${x}) AS c${k}_std`,
      `skewness(${x}) AS c${k}_skew`,
      `${rows <= EXACT_DISTINCT_ROWS ? 'quantile_cont' : 'approx_quantile'}(${x}, [0.05, 0.25, 0.5, 0.75, 0.95]) AS c${k}_q`,
      `count(*) FILTER (WHERE ${x} = 0)::BIGINT AS c${k}_zeros`,
      `count(*) FILTER (WHERE ${x} < 0)::BIGINT AS c${k}_neg`,
    );
  }
  if (isDatetime(c)) {
    const ms = `epoch_ms(CAST(${id} AS TIMESTAMP))`;
    parts.push(`min(${ms}) AS c${k}_tmin`, `max(${ms}) AS c${k}_tmax`);
  }
  if (c.storageType === 'VARCHAR') parts.push(`min(length(${id})) AS c${k}_lmin`, `avg(length(${id})) AS c${k}_lmean`, `max(length(${id})) AS c${k}_lmax`);
  return parts;
}

function fromRow(c: ColumnSchema, k: number, row: Record<string, unknown>, rows: number): ColumnProfile {
  const num = (key: string) => Number(row[`c${k}_${key}`] ?? 0);
  const missing = rows - num('n');
  const profile: ColumnProfile = { name: c.name, semanticType: c.semanticType, storageType: c.storageType, missing, missingPct: rows ? (missing / rows) * 100 : 0, distinct: num('d') };
  if (isNumeric(c) && row[`c${k}_min`] !== null) {
    const q = (row[`c${k}_q`] as number[]).map(Number);
    profile.numeric = {
      min: num('min'),
      max: num('max'),
      mean: num('mean'),
      std: num('std'),
      skewness: num('skew'),
      quantiles: { p05: q[0]!, p25: q[1]!, p50: q[2]!, p75: q[3]!, p95: q[4]! },
      zeros: num('zeros'),
      negative: num('neg'),
    };
  }
  if (isDatetime(c) && row[`c${k}_tmin`] !== null) profile.datetime = { min: new Date(num('tmin')).toISOString(), max: new Date(num('tmax')).toISOString() };
  if (c.storageType === 'VARCHAR' && row[`c${k}_lmin`] !== null) profile.text = { minLength: num('lmin'), meanLength: num('lmean'), maxLength: num('lmax') };
  return profile;
}

async function addDistribution(duck: Duck, table: string, rows: number, c: ColumnSchema, profile: ColumnProfile): Promise<void> {
  const id = sqlIdent(c.name);
  if (profile.numeric) profile.histogram = await histogram(duck, table, `CAST(${id} AS DOUBLE)`, profile.numeric.min, profile.numeric.max);
  if (profile.datetime) {
    profile.histogram = await histogram(duck, table, `epoch_ms(CAST(${id} AS TIMESTAMP))`, Date.parse(profile.datetime.min), Date.parse(profile.datetime.max));
  }
  if (wantsTopValues(c)) profile.topValues = await topValues(duck, table, id, rows > EXACT_DISTINCT_ROWS && profile.distinct > MANY_VALUES);
}

/**
 * The most frequent values with their exact counts. Grouping a large column of mostly distinct values (an id
 * over a million rows) builds a hash table of every value: ~70 MB and 170 ms. There, DuckDB's approx_top_k
 * (a space-saving sketch) names the candidates in one light pass and a second pass counts them exactly.
 */
async function topValues(duck: Duck, table: string, id: string, sketch: boolean): Promise<{ value: string; count: number }[]> {
  const text = `CAST(${id} AS VARCHAR)`;
  let where = `${id} IS NOT NULL`;
  if (sketch) {
    const [row] = await duck.rows<{ k: string[] | null }>(`SELECT approx_top_k(${text}, ${TOP_VALUES}) AS k FROM ${table}`);
    const candidates = (row?.k ?? []).filter((v) => v !== null);
    if (candidates.length === 0) return [];
    where = `${text} IN (${candidates.map(sqlString).join(', ')})`;
  }
  const top = await duck.rows<{ value: string; n: number }>(`SELECT ${text} AS value, count(*)::BIGINT AS n FROM ${table} WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${TOP_VALUES}`);
  return top.map((r) => ({ value: r.value, count: Number(r.n) }));
}

export async function profileColumns(duck: Duck, table: string, rows: number, columns: ColumnSchema[], report: (done: number) => void): Promise<ColumnProfile[]> {
  const profiles: ColumnProfile[] = [];
  for (let start = 0; start < columns.length; start += COLUMNS_PER_SCAN) {
    const chunk = columns.slice(start, start + COLUMNS_PER_SCAN);
    const [row] = await duck.rows<Record<string, unknown>>(`SELECT ${chunk.flatMap((c, k) => aggregates(c, k, rows)).join(', ')} FROM ${table}`);
    chunk.forEach((c, k) => profiles.push(fromRow(c, k, row ?? {}, rows)));
    report(start + chunk.length / 2);
  }
  for (const [i, c] of columns.entries()) {
    await addDistribution(duck, table, rows, c, profiles[i]!);
    report(i);
  }
  return profiles;
}
