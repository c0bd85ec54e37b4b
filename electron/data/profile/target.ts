/** How each feature relates to the chosen target column: class balance or distribution, and strength of relation. */
import type { ColumnSchema } from '../../contract/datasets';
import type { ColumnProfile, TargetAnalysis } from '../../contract/profiles';
import { sqlIdent, type Duck } from '../duck';
import { cramersV } from './correlations';

const MAX_CLASSES = 50;
const PLOTTED_FEATURES = 6;

export function targetKind(column: ColumnProfile): 'classification' | 'regression' {
  if (['categorical', 'boolean', 'text', 'identifier'].includes(column.semanticType)) return 'classification';
  return column.semanticType === 'integer' && column.distinct <= 20 ? 'classification' : 'regression';
}

/** Correlation ratio η: how much of a number's variance the categories explain (0..1). */
async function correlationRatio(duck: Duck, table: string, category: string, value: string): Promise<number | null> {
  const c = sqlIdent(category);
  const x = `CAST(${sqlIdent(value)} AS DOUBLE)`;
  const [r] = await duck.rows<{ eta: number | null }>(
    `WITH base AS (SELECT CAST(${c} AS VARCHAR) AS g, ${x} AS x FROM ${table} WHERE ${c} IS NOT NULL AND ${x} IS NOT NULL),
          groups AS (SELECT g, count(*) AS n, avg(x) AS m FROM base GROUP BY g),
          total AS (SELECT avg(x) AS gm, var_pop(x) * count(*) AS sst FROM base)
     SELECT CASE WHEN max(total.sst) > 0 THEN sqrt(sum(groups.n * (groups.m - total.gm) ^ 2) / max(total.sst)) END AS eta FROM groups, total`,
  );
  return r?.eta === null || r?.eta === undefined ? null : Number(r.eta);
}

async function relation(duck: Duck, table: string, target: ColumnProfile, kind: string, feature: ColumnSchema): Promise<{ measure: TargetAnalysis['relations'][number]['measure']; value: number | null }> {
  const numericFeature = ['integer', 'float', 'boolean'].includes(feature.semanticType);
  if (kind === 'classification') {
    if (numericFeature) return { measure: 'correlation_ratio', value: await correlationRatio(duck, table, target.name, feature.name) };
    return { measure: 'cramers_v', value: await cramersV(duck, table, target.name, feature.name) };
  }
  if (numericFeature) {
    const [r] = await duck.rows<{ c: number | null }>(`SELECT corr(CAST(${sqlIdent(feature.name)} AS DOUBLE), CAST(${sqlIdent(target.name)} AS DOUBLE)) AS c FROM ${table}`);
    return { measure: 'pearson', value: r?.c === null || r?.c === undefined ? null : Math.abs(Number(r.c)) };
  }
  return { measure: 'correlation_ratio', value: await correlationRatio(duck, table, feature.name, target.name) };
}

export async function analyseTarget(duck: Duck, table: string, target: ColumnProfile, features: ColumnSchema[], distinct: Map<string, number>): Promise<TargetAnalysis> {
  const kind = targetKind(target);
  const t = sqlIdent(target.name);
  const analysis: TargetAnalysis = { column: target.name, kind, relations: [] };
  if (kind === 'classification') {
    const classes = await duck.rows<{ value: string; n: number }>(`SELECT CAST(${t} AS VARCHAR) AS value, count(*)::BIGINT AS n FROM ${table} WHERE ${t} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${MAX_CLASSES}`);
    analysis.classes = classes.map((c) => ({ value: c.value, count: Number(c.n) }));
  } else if (target.histogram) analysis.histogram = target.histogram;
  for (const f of features) {
    if (f.name === target.name || f.semanticType === 'identifier' || f.semanticType === 'text' || f.semanticType === 'datetime') continue;
    if (f.semanticType === 'categorical' && (distinct.get(f.name) ?? 0) > MAX_CLASSES) continue;
    const r = await relation(duck, table, target, kind, f);
    if (r.value !== null) analysis.relations.push({ column: f.name, measure: r.measure, value: r.value });
  }
  analysis.relations.sort((a, b) => b.value - a.value);
  if (kind === 'classification') analysis.byClass = await boxesByClass(duck, table, target.name, analysis.relations, features);
  else analysis.scatter = await scatterPoints(duck, table, target.name, analysis.relations, features);
  return analysis;
}

const numericNames = (relations: TargetAnalysis['relations'], features: ColumnSchema[]) =>
  relations.map((r) => r.column).filter((n) => ['integer', 'float'].includes(features.find((f) => f.name === n)?.semanticType ?? '')).slice(0, PLOTTED_FEATURES);

async function boxesByClass(duck: Duck, table: string, target: string, relations: TargetAnalysis['relations'], features: ColumnSchema[]): Promise<NonNullable<TargetAnalysis['byClass']>> {
  const out: NonNullable<TargetAnalysis['byClass']> = [];
  for (const column of numericNames(relations, features)) {
    const x = `CAST(${sqlIdent(column)} AS DOUBLE)`;
    const rows = await duck.rows<{ value: string; lo: number; q1: number; med: number; q3: number; hi: number }>(
      `SELECT CAST(${sqlIdent(target)} AS VARCHAR) AS value, min(${x}) AS lo, quantile_cont(${x}, 0.25) AS q1, median(${x}) AS med, quantile_cont(${x}, 0.75) AS q3, max(${x}) AS hi
       FROM ${table} WHERE ${sqlIdent(target)} IS NOT NULL AND ${x} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 12`,
    );
    out.push({ column, classes: rows.map((r) => ({ value: r.value, min: Number(r.lo), q1: Number(r.q1), median: Number(r.med), q3: Number(r.q3), max: Number(r.hi) })) });
  }
  return out;
}

async function scatterPoints(duck: Duck, table: string, target: string, relations: TargetAnalysis['relations'], features: ColumnSchema[]): Promise<NonNullable<TargetAnalysis['scatter']>> {
  const out: NonNullable<TargetAnalysis['scatter']> = [];
  for (const column of numericNames(relations, features)) {
    const rows = await duck.rows<{ x: number; y: number }>(
      `SELECT CAST(${sqlIdent(column)} AS DOUBLE) AS x, CAST(${sqlIdent(target)} AS DOUBLE) AS y FROM ${table}
       WHERE ${sqlIdent(column)} IS NOT NULL AND ${sqlIdent(target)} IS NOT NULL USING SAMPLE reservoir(500 ROWS) REPEATABLE (7)`,
    );
    out.push({ column, points: rows.map((r) => [Number(r.x), Number(r.y)] as [number, number]) });
  }
  return out;
}
