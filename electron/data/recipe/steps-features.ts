/** Recipe steps that make features: derive from an expression, group aggregates joined back, encodings, joins. */
import type { ColumnSchema } from '../../contract/datasets';
import type { RecipeStep } from '../../contract/recipes';
import { sqlIdent, sqlString } from '../duck';
import { expressionFor } from './steps-rows';
import { column, invalid, isNumeric, passThrough, quoteList, ROW, selectList, semanticOf, type StepCompiler, type StepContext } from './step';

type Step<K extends RecipeStep['op']> = Extract<RecipeStep, { op: K }>;

/** Adds a column at the end, or replaces the one of that name where it stands. */
function withColumn(ctx: StepContext, name: string, expr: string, schema: ColumnSchema): { items: { expr: string; as: string }[]; columns: ColumnSchema[] } {
  const exists = ctx.columns.some((c) => c.name === name);
  return exists
    ? { items: passThrough(ctx, new Map([[name, expr]])), columns: ctx.columns.map((c) => (c.name === name ? schema : c)) }
    : { items: [...passThrough(ctx), { expr, as: name }], columns: [...ctx.columns, schema] };
}

const STORAGE_OF = { number: 'DOUBLE', text: 'VARCHAR', boolean: 'BOOLEAN', datetime: 'TIMESTAMP', null: 'VARCHAR' } as const;

export const derive: StepCompiler<Step<'derive'>> = async (step, ctx) => {
  const e = expressionFor(step.expression, ctx);
  const storage = STORAGE_OF[e.type];
  const { items, columns } = withColumn(ctx, step.name, e.sql, { name: step.name, semanticType: semanticOf(storage), storageType: storage });
  const replaced = ctx.columns.some((c) => c.name === step.name);
  return { sql: `SELECT ${selectList(items)} FROM ${ctx.table}`, columns, touched: e.columns, ...(replaced ? { inPlace: [{ column: step.name, expr: e.sql }] } : {}) };
};

const AGGREGATES: Record<Step<'group_aggregate'>['aggregate'], (id: string) => string> = {
  count: () => 'count(*)',
  sum: (id) => `sum(${id})`,
  mean: (id) => `avg(${id})`,
  median: (id) => `median(${id})`,
  min: (id) => `min(${id})`,
  max: (id) => `max(${id})`,
  std: (id) => `stddev_samp(${id})`,
  distinct: (id) => `count(DISTINCT ${id})`,
};

export const groupAggregate: StepCompiler<Step<'group_aggregate'>> = async (step, ctx) => {
  const groups = step.groupBy.map((g) => column(ctx, g));
  const c = column(ctx, step.column);
  if (['sum', 'mean', 'median', 'std'].includes(step.aggregate) && !isNumeric(c)) throw invalid(`The ${step.aggregate} needs numbers, but "${c.name}" holds ${c.semanticType} values.`, { column: c.name });
  const into = step.into ?? `${c.name}_${step.aggregate}_by_${groups.map((g) => g.name).join('_')}`;
  const keys = groups.map((g) => sqlIdent(g.name));
  const agg = `SELECT ${keys.join(', ')}, ${AGGREGATES[step.aggregate](sqlIdent(c.name))} AS __value FROM ${ctx.table} GROUP BY ${keys.join(', ')}`;
  const on = keys.map((k) => `t.${k} IS NOT DISTINCT FROM g.${k}`).join(' AND ');
  const exists = ctx.columns.some((x) => x.name === into);
  const items = [`t.${ROW}`, ...ctx.columns.filter((x) => x.name !== into || !exists).map((x) => `t.${sqlIdent(x.name)}`)];
  const storage = ['count', 'distinct'].includes(step.aggregate) ? 'BIGINT' : ['min', 'max'].includes(step.aggregate) ? c.storageType : 'DOUBLE';
  const schema: ColumnSchema = { name: into, semanticType: semanticOf(storage, c.semanticType), storageType: storage };
  const columns = exists ? [...ctx.columns.filter((x) => x.name !== into), schema] : [...ctx.columns, schema];
  return {
    sql: `SELECT ${items.join(', ')}, g.__value AS ${sqlIdent(into)} FROM ${ctx.table} t LEFT JOIN (${agg}) g ON ${on}`,
    reorders: true,
    columns,
    touched: [c.name],
  };
};

export const encode: StepCompiler<Step<'encode'>> = async (step, ctx) => {
  const c = column(ctx, step.column);
  const id = sqlIdent(c.name);
  const text = `CAST(${id} AS VARCHAR)`;
  if (step.method === 'ordinal') {
    const values = (await ctx.duck.rows<{ v: string }>(`SELECT DISTINCT ${text} AS v FROM ${ctx.table} WHERE ${id} IS NOT NULL ORDER BY v`)).map((r) => r.v);
    const expr = values.length ? `CASE ${text} ${values.map((v, i) => `WHEN ${sqlString(v)} THEN ${i}`).join(' ')} END` : 'CAST(NULL AS INTEGER)';
    const name = step.keepOriginal ? `${c.name}_code` : c.name;
    const { items, columns } = withColumn(ctx, name, expr, { name, semanticType: 'integer', storageType: 'INTEGER' });
    return { sql: `SELECT ${selectList(items)} FROM ${ctx.table}`, columns, fitted: { categories: values } };
  }
  const counted = await ctx.duck.rows<{ v: string; n: number }>(`SELECT ${text} AS v, count(*)::BIGINT AS n FROM ${ctx.table} WHERE ${id} IS NOT NULL GROUP BY v ORDER BY n DESC, v`);
  // The most frequent categories are kept; their columns read in the categories' order.
  const kept = counted.slice(0, step.maxCategories).map((r) => r.v).sort();
  const other = counted.length > kept.length;
  // One 0/1 column per kept category where the original stood; a missing value is 0 in every one of them.
  const onehot = kept.map((v) => ({ expr: `CAST(${text} = ${sqlString(v)} AS INTEGER)`, as: `${c.name}=${v}` }));
  if (other) onehot.push({ expr: `CAST(${id} IS NOT NULL AND ${text} NOT IN (${kept.map(sqlString).join(', ')}) AS INTEGER)`, as: `${c.name}=other` });
  const clash = onehot.map((o) => o.as).filter((n) => ctx.columns.some((x) => x.name === n));
  if (clash.length) throw invalid(`One-hot columns would replace existing ones: ${quoteList(clash)}.`, { column: c.name });
  const items: { expr: string; as: string }[] = [];
  const columns: ColumnSchema[] = [];
  for (const x of ctx.columns) {
    if (x.name !== c.name || step.keepOriginal) {
      items.push({ expr: sqlIdent(x.name), as: x.name });
      columns.push(x);
    }
    if (x.name === c.name) {
      items.push(...onehot.map((o) => ({ expr: `coalesce(${o.expr}, 0)`, as: o.as })));
      columns.push(...onehot.map((o): ColumnSchema => ({ name: o.as, semanticType: 'integer', storageType: 'INTEGER' })));
    }
  }
  return { sql: `SELECT ${selectList(items)} FROM ${ctx.table}`, columns, fitted: { categories: kept, other: other ? counted.length - kept.length : 0 } };
};

export const join: StepCompiler<Step<'join'>> = async (step, ctx) => {
  const right = ctx.resolveVersion(step.versionId);
  for (const k of step.keys) {
    column(ctx, k);
    if (!right.columns.some((c) => c.name === k)) throw invalid(`${right.label} has no key column "${k}".`, { column: k });
  }
  const keys = step.keys.map(sqlIdent);
  const from = `read_parquet(${sqlString(right.path)})`;
  const dup = await ctx.duck.rows<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM (SELECT ${keys.join(', ')} FROM ${from} GROUP BY ${keys.join(', ')} HAVING count(*) > 1)`);
  if (Number(dup[0]?.n ?? 0) > 0) {
    throw invalid(`${right.label} has ${Number(dup[0]!.n).toLocaleString('en')} key values (${step.keys.join(', ')}) that occur more than once; joining would repeat rows. Choose keys that identify its rows.`, { field: 'keys' });
  }
  const names = new Set(ctx.columns.map((c) => c.name));
  const added = right.columns.filter((c) => !step.keys.includes(c.name)).map((c) => ({ ...c, alias: names.has(c.name) ? `${c.name}_2` : c.name }));
  const items = [`l.${ROW}`, ...ctx.columns.map((c) => `l.${sqlIdent(c.name)}`), ...added.map((c) => `r.${sqlIdent(c.name)} AS ${sqlIdent(c.alias)}`)];
  const on = keys.map((k) => `l.${k} = r.${k}`).join(' AND ');
  return {
    sql: `SELECT ${items.join(', ')} FROM ${ctx.table} l ${step.how === 'inner' ? 'INNER' : 'LEFT'} JOIN ${from} r ON ${on}`,
    filters: step.how === 'inner',
    reorders: true,
    columns: [...ctx.columns, ...added.map(({ alias, ...c }) => ({ ...c, name: alias }))],
    reads: [step.versionId],
    fitted: { with: right.label },
  };
};
