/** Per-column statistics over the whole version, as pandas/numpy define them (sample std, linear quantiles). */
import type { ColumnSchema } from '../../contract/datasets';
import type { ColumnProfile, Histogram } from '../../contract/profiles';
import { sqlIdent, type Duck } from '../duck';

export const HISTOGRAM_BINS = 20;
const TOP_VALUES = 10;

const isNumeric = (c: ColumnSchema) => /INT|DOUBLE|FLOAT|REAL|DECIMAL/.test(c.storageType);
const isDatetime = (c: ColumnSchema) => /^(DATE|TIMESTAMP.*)$/.test(c.storageType);
const wantsTopValues = (c: ColumnSchema) => ['categorical', 'boolean', 'text', 'identifier'].includes(c.semanticType);

async function histogram(duck: Duck, table: string, expr: string, min: number, max: number): Promise<Histogram> {
  if (!(max > min)) return { edges: [min, max], counts: [0] };
  const width = (max - min) / HISTOGRAM_BINS;
  const rows = await duck.rows<{ b: number; n: number }>(
    `SELECT least(floor((${expr} - ${min}) / ${width}), ${HISTOGRAM_BINS - 1})::INTEGER AS b, count(*)::INTEGER AS n
     FROM ${table} WHERE ${expr} IS NOT NULL GROUP BY 1`, // ordinals: a column may be named like an alias
  );
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const r of rows) counts[r.b] = r.n;
  return { edges: Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => min + i * width), counts };
}

async function numericStats(duck: Duck, table: string, c: ColumnSchema): Promise<Pick<ColumnProfile, 'numeric' | 'histogram'>> {
  const x = `CAST(${sqlIdent(c.name)} AS DOUBLE)`;
  const [s] = await duck.rows<Record<string, number | null>>(
    `SELECT min(${x}) AS min, max(${x}) AS max, avg(${x}) AS mean, stddev_samp(${x}) AS std, skewness(${x}) AS skew,
       quantile_cont(${x}, 0.05) AS p05, quantile_cont(${x}, 0.25) AS p25, quantile_cont(${x}, 0.5) AS p50,
       quantile_cont(${x}, 0.75) AS p75, quantile_cont(${x}, 0.95) AS p95,
       count(*) FILTER (WHERE ${x} = 0)::INTEGER AS zeros, count(*) FILTER (WHERE ${x} < 0)::INTEGER AS negative
     FROM ${table}`,
  );
  if (!s || s.min === null) return {};
  const n = (k: string) => Number(s[k] ?? 0);
  return {
    numeric: {
      min: n('min'),
      max: n('max'),
      mean: n('mean'),
      std: n('std'),
      skewness: n('skew'),
      quantiles: { p05: n('p05'), p25: n('p25'), p50: n('p50'), p75: n('p75'), p95: n('p95') },
      zeros: n('zeros'),
      negative: n('negative'),
    },
    histogram: await histogram(duck, table, x, n('min'), n('max')),
  };
}

async function datetimeStats(duck: Duck, table: string, c: ColumnSchema): Promise<Pick<ColumnProfile, 'datetime' | 'histogram'>> {
  const ms = `epoch_ms(CAST(${sqlIdent(c.name)} AS TIMESTAMP))`;
  const [s] = await duck.rows<{ lo: number | null; hi: number | null }>(`SELECT min(${ms}) AS lo, max(${ms}) AS hi FROM ${table}`);
  if (!s || s.lo === null || s.hi === null) return {};
  const lo = Number(s.lo);
  const hi = Number(s.hi);
  return { datetime: { min: new Date(lo).toISOString(), max: new Date(hi).toISOString() }, histogram: await histogram(duck, table, ms, lo, hi) };
}

export async function profileColumn(duck: Duck, table: string, rows: number, c: ColumnSchema): Promise<ColumnProfile> {
  const id = sqlIdent(c.name);
  const [base] = await duck.rows<{ missing: number; distinct: number }>(
    `SELECT (count(*) - count(${id}))::BIGINT AS missing, count(DISTINCT ${id})::BIGINT AS distinct FROM ${table}`,
  );
  const missing = Number(base?.missing ?? 0);
  const profile: ColumnProfile = {
    name: c.name,
    semanticType: c.semanticType,
    storageType: c.storageType,
    missing,
    missingPct: rows ? (missing / rows) * 100 : 0,
    distinct: Number(base?.distinct ?? 0),
  };
  if (isNumeric(c) && c.semanticType !== 'identifier') Object.assign(profile, await numericStats(duck, table, c));
  if (isDatetime(c)) Object.assign(profile, await datetimeStats(duck, table, c));
  if (c.storageType === 'VARCHAR') {
    const [t] = await duck.rows<{ lo: number; mean: number; hi: number }>(`SELECT min(length(${id})) AS lo, avg(length(${id})) AS mean, max(length(${id})) AS hi FROM ${table}`);
    if (t && t.lo !== null) profile.text = { minLength: Number(t.lo), meanLength: Number(t.mean), maxLength: Number(t.hi) };
  }
  if (wantsTopValues(c)) {
    const top = await duck.rows<{ value: string; n: number }>(
      `SELECT CAST(${id} AS VARCHAR) AS value, count(*)::BIGINT AS n FROM ${table} WHERE ${id} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${TOP_VALUES}`,
    );
    profile.topValues = top.map((r) => ({ value: r.value, count: Number(r.n) }));
  }
  return profile;
}
