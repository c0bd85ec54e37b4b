/** Recipe steps on values in place: fill missing values, outliers, text cleaning, date parsing, binning. */
import type { ColumnSchema } from '../../contract/datasets';
import type { RecipeStep } from '../../contract/recipes';
import { sqlIdent, sqlString } from '../duck';
import { firstUnreadable, rowWords } from './steps-columns';
import { column, invalid, isNumeric, isTemporal, isText, passThrough, present, selectList, sqlNumber, type StepCompiler, type StepContext } from './step';

type Step<K extends RecipeStep['op']> = Extract<RecipeStep, { op: K }>;

async function one<T>(ctx: StepContext, sql: string): Promise<T> {
  return (await ctx.duck.rows<T>(sql))[0]!;
}

function needNumbers(c: ColumnSchema, what: string): void {
  if (!isNumeric(c)) throw invalid(`${what} needs numbers, but "${c.name}" holds ${c.semanticType} values.`, { column: c.name });
}

/** The value to fill a column's gaps with, as SQL, and as the report shows it. */
async function fillValue(step: Step<'impute'>, c: ColumnSchema, ctx: StepContext): Promise<{ sql: string; shown: unknown } | null> {
  const id = sqlIdent(c.name);
  if (step.strategy === 'mean' || step.strategy === 'median') {
    needNumbers(c, `Filling with the ${step.strategy}`);
    const { v } = await one<{ v: number | null }>(ctx, `SELECT ${step.strategy === 'mean' ? 'avg' : 'median'}(${id})::DOUBLE AS v FROM ${ctx.table}`);
    return v === null ? null : { sql: sqlNumber(v), shown: v };
  }
  if (step.strategy === 'mode') {
    // The most frequent value; ties go to the smallest, so the result does not depend on row order.
    const rows = await ctx.duck.rows<{ v: unknown }>(`SELECT CAST(${id} AS VARCHAR) AS v FROM ${ctx.table} WHERE ${id} IS NOT NULL GROUP BY ${id} ORDER BY count(*) DESC, ${id} LIMIT 1`);
    return rows[0] ? { sql: `CAST(${sqlString(String(rows[0].v))} AS ${c.storageType})`, shown: rows[0].v } : null;
  }
  if (step.value === undefined) throw invalid('Say which value fills the missing values.', { field: 'value' });
  const literal = `TRY_CAST(${sqlString(String(step.value))} AS ${c.storageType})`;
  const { ok } = await one<{ ok: boolean }>(ctx, `SELECT (${literal}) IS NOT NULL AS ok`);
  if (!ok) throw invalid(`${JSON.stringify(step.value)} cannot fill "${c.name}", which holds ${c.semanticType} values.`, { field: 'value', column: c.name });
  return { sql: literal, shown: step.value };
}

export const impute: StepCompiler<Step<'impute'>> = async (step, ctx) => {
  const { found, partial } = present(ctx, step.columns);
  const replace = new Map<string, string>();
  const inPlace: { column: string; expr: string }[] = [];
  const fitted: Record<string, unknown> = {};
  for (const name of found) {
    const c = column(ctx, name);
    const fill = await fillValue(step, c, ctx);
    fitted[name] = fill?.shown ?? null;
    if (!fill) continue; // nothing to learn from: every value is missing
    const expr = `coalesce(${sqlIdent(name)}, ${fill.sql})`;
    replace.set(name, expr);
    inPlace.push({ column: name, expr });
  }
  const items = passThrough(ctx, replace);
  const columns: ColumnSchema[] = [];
  const out: typeof items = [];
  ctx.columns.forEach((c, i) => {
    out.push(items[i]!);
    columns.push(step.strategy === 'mean' || step.strategy === 'median' ? (found.includes(c.name) && c.semanticType === 'integer' ? { ...c, semanticType: 'float' } : c) : c);
    if (step.indicator && found.includes(c.name)) {
      const name = `${c.name}_was_missing`;
      out.push({ expr: `(${sqlIdent(c.name)} IS NULL)`, as: name });
      columns.push({ name, semanticType: 'boolean', storageType: 'BOOLEAN' });
    }
  });
  return { sql: `SELECT ${selectList(out)} FROM ${ctx.table}`, columns, inPlace, fitted, ...(partial ? { partial } : {}) };
};

/** The bounds outside which a value is an outlier, learned from the column. */
async function outlierBounds(step: Step<'outliers'>, c: ColumnSchema, ctx: StepContext): Promise<{ lower: number; upper: number } | null> {
  const id = sqlIdent(c.name);
  if (step.method === 'iqr') {
    const k = step.threshold ?? 1.5;
    const { q1, q3 } = await one<{ q1: number | null; q3: number | null }>(ctx, `SELECT quantile_cont(${id}, 0.25)::DOUBLE AS q1, quantile_cont(${id}, 0.75)::DOUBLE AS q3 FROM ${ctx.table}`);
    return q1 === null || q3 === null ? null : { lower: q1 - k * (q3 - q1), upper: q3 + k * (q3 - q1) };
  }
  if (step.method === 'zscore') {
    const k = step.threshold ?? 3;
    const { m, s } = await one<{ m: number | null; s: number | null }>(ctx, `SELECT avg(${id})::DOUBLE AS m, stddev_samp(${id})::DOUBLE AS s FROM ${ctx.table}`);
    return m === null || s === null ? null : { lower: m - k * s, upper: m + k * s };
  }
  const lo = step.lower ?? 0.01;
  const hi = step.upper ?? 0.99;
  if (lo >= hi) throw invalid(`The lower quantile (${lo}) must be below the upper one (${hi}).`, { field: 'lower' });
  const { l, u } = await one<{ l: number | null; u: number | null }>(ctx, `SELECT quantile_cont(${id}, ${lo})::DOUBLE AS l, quantile_cont(${id}, ${hi})::DOUBLE AS u FROM ${ctx.table}`);
  return l === null || u === null ? null : { lower: l, upper: u };
}

export const outliers: StepCompiler<Step<'outliers'>> = async (step, ctx) => {
  const c = column(ctx, step.column);
  needNumbers(c, 'Outlier handling');
  const bounds = await outlierBounds(step, c, ctx);
  if (!bounds) return { sql: `SELECT * FROM ${ctx.table}`, columns: ctx.columns, fitted: { lower: null, upper: null, outside: 0 } };
  const id = sqlIdent(c.name);
  const [lo, hi] = [sqlNumber(bounds.lower), sqlNumber(bounds.upper)];
  const { outside } = await one<{ outside: number }>(ctx, `SELECT count(*)::BIGINT AS outside FROM ${ctx.table} WHERE ${id} < ${lo} OR ${id} > ${hi}`);
  const fitted = { ...bounds, outside: Number(outside) };
  if (step.action === 'drop') {
    return { sql: `SELECT * FROM ${ctx.table} WHERE ${id} IS NULL OR (${id} >= ${lo} AND ${id} <= ${hi})`, filters: true, columns: ctx.columns, touched: [c.name], fitted };
  }
  const expr = `CASE WHEN ${id} < ${lo} THEN ${lo} WHEN ${id} > ${hi} THEN ${hi} ELSE ${id} END`;
  const columns = ctx.columns.map((x) => (x.name === c.name && x.semanticType === 'integer' && !(Number.isInteger(bounds.lower) && Number.isInteger(bounds.upper)) ? { ...x, semanticType: 'float' as const } : x));
  return { sql: `SELECT ${selectList(passThrough(ctx, new Map([[c.name, expr]])))} FROM ${ctx.table}`, columns, inPlace: [{ column: c.name, expr }], fitted };
};

export const textClean: StepCompiler<Step<'text_clean'>> = async (step, ctx) => {
  const { found, partial } = present(ctx, step.columns);
  const replace = new Map<string, string>();
  for (const name of found) {
    const c = column(ctx, name);
    if (!isText(c)) throw invalid(`Clean text works on text; "${name}" holds ${c.semanticType} values.`, { column: name });
    let e = sqlIdent(name);
    if (step.trim) e = `trim(${e})`;
    if (step.collapseSpaces) e = `regexp_replace(${e}, '\\s+', ' ', 'g')`;
    if (step.case === 'lower') e = `lower(${e})`;
    if (step.case === 'upper') e = `upper(${e})`;
    if (step.case === 'title') e = `array_to_string(list_transform(string_split(lower(${e}), ' '), w -> upper(w[1]) || w[2:]), ' ')`;
    replace.set(name, `nullif(${e}, '')`);
  }
  const inPlace = [...replace].map(([column, expr]) => ({ column, expr }));
  return { sql: `SELECT ${selectList(passThrough(ctx, replace))} FROM ${ctx.table}`, columns: ctx.columns, inPlace, ...(partial ? { partial } : {}) };
};

export const parseDates: StepCompiler<Step<'parse_dates'>> = async (step, ctx) => {
  const c = column(ctx, step.column);
  if (isTemporal(c)) return { sql: `SELECT * FROM ${ctx.table}`, columns: ctx.columns, fitted: { alreadyDates: true } };
  if (!isText(c)) throw invalid(`Parse dates reads text; "${c.name}" holds ${c.semanticType} values.`, { column: c.name });
  const id = sqlIdent(c.name);
  const expr = step.format ? `TRY_STRPTIME(trim(${id}), ${sqlString(step.format)})` : `TRY_CAST(trim(${id}) AS TIMESTAMP)`;
  const bad = await firstUnreadable(ctx, c.name, expr);
  const how = step.format ? `with the format "${step.format}"` : 'as an ISO date (YYYY-MM-DD, optionally with a time)';
  if (bad && step.invalid === 'fail') {
    throw invalid(`${bad.count.toLocaleString('en')} value${bad.count === 1 ? '' : 's'} of "${c.name}" cannot be read ${how}, e.g. "${bad.value}" in ${rowWords(bad.row)}. Give the format (such as %d/%m/%Y), or choose "make them missing".`, {
      column: c.name,
      row: bad.row,
      value: bad.value,
    });
  }
  const columns = ctx.columns.map((x) => (x.name === c.name ? { ...x, semanticType: 'datetime' as const } : x));
  return { sql: `SELECT ${selectList(passThrough(ctx, new Map([[c.name, expr]])))} FROM ${ctx.table}`, columns, fitted: { madeMissing: bad?.count ?? 0 } };
};

const shortNumber = (x: number) => String(Number(x.toPrecision(4)));

export const bin: StepCompiler<Step<'bin'>> = async (step, ctx) => {
  const c = column(ctx, step.column);
  needNumbers(c, 'Binning');
  const id = sqlIdent(c.name);
  let edges: number[];
  if (step.strategy === 'equal_width') {
    const { lo, hi } = await one<{ lo: number | null; hi: number | null }>(ctx, `SELECT min(${id})::DOUBLE AS lo, max(${id})::DOUBLE AS hi FROM ${ctx.table}`);
    edges = lo === null || hi === null ? [] : lo === hi ? [lo, hi] : Array.from({ length: step.bins + 1 }, (_, i) => (i === step.bins ? hi : lo + ((hi - lo) * i) / step.bins));
  } else {
    const qs = Array.from({ length: step.bins + 1 }, (_, i) => i / step.bins);
    const { e } = await one<{ e: number[] | null }>(ctx, `SELECT quantile_cont(${id}::DOUBLE, [${qs.join(', ')}]) AS e FROM ${ctx.table}`);
    edges = [...new Set(e ?? [])].sort((a, b) => a - b);
  }
  const into = step.into ?? `${c.name}_bin`;
  const label = (i: number) => `[${shortNumber(edges[i]!)}, ${shortNumber(edges[i + 1]!)}${i === edges.length - 2 ? ']' : ')'}`;
  const cases = edges.slice(1, -1).map((e, i) => `WHEN ${id} < ${sqlNumber(e)} THEN ${sqlString(label(i))}`);
  const expr = edges.length < 2 ? 'CAST(NULL AS VARCHAR)' : `CASE WHEN ${id} IS NULL THEN NULL ${cases.join(' ')} ELSE ${sqlString(label(edges.length - 2))} END`;
  const exists = ctx.columns.some((x) => x.name === into);
  const items = exists ? passThrough(ctx, new Map([[into, expr]])) : [...passThrough(ctx), { expr, as: into }];
  const columns: ColumnSchema[] = exists ? ctx.columns.map((x) => (x.name === into ? { name: into, semanticType: 'categorical', storageType: 'VARCHAR' } : x)) : [...ctx.columns, { name: into, semanticType: 'categorical', storageType: 'VARCHAR' }];
  return { sql: `SELECT ${selectList(items)} FROM ${ctx.table}`, columns, touched: [c.name], fitted: { edges } };
};
