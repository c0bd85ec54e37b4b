/** Each recipe step on small real tables in DuckDB: what it keeps, what it changes, what it learned, how it refuses. */
import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../../../electron/contract/datasets';
import { RecipeStep, type RecipeStepInput } from '../../../electron/contract/recipes';
import { normalizeRows, withDuck, type Duck } from '../../../electron/data/duck';
import { runSteps, visible, type RunResult } from '../../../electron/data/recipe/engine';

const PEOPLE = `SELECT * FROM (VALUES
  (1, 'Ana',   34,   52000.0, ' Lisbon ', '2024-01-31', true),
  (2, 'Bruno', NULL, 61000.0, 'porto',    '2024-02-29', false),
  (3, 'Carla', 29,   NULL,    'LISBON',   'not a date', true),
  (4, 'Duarte', 41,  58000.0, 'Porto',    '2024-03-15', NULL),
  (5, 'Eva',   34,   52000.0, ' Lisbon ', '2024-01-31', true),
  (6, 'Filipe', 95,  250000.0, 'Faro',    '2024-04-01', false)
) AS t(id, name, age, income, city, joined, active)`;

const PEOPLE_COLUMNS: ColumnSchema[] = [
  { name: 'id', semanticType: 'identifier', storageType: 'INTEGER' },
  { name: 'name', semanticType: 'text', storageType: 'VARCHAR' },
  { name: 'age', semanticType: 'integer', storageType: 'INTEGER' },
  { name: 'income', semanticType: 'float', storageType: 'DECIMAL(7,1)' },
  { name: 'city', semanticType: 'categorical', storageType: 'VARCHAR' },
  { name: 'joined', semanticType: 'text', storageType: 'VARCHAR' },
  { name: 'active', semanticType: 'boolean', storageType: 'BOOLEAN' },
];

interface Ran extends RunResult {
  values(sql?: string): Promise<unknown[][]>;
  column(name: string): Promise<unknown[]>;
}

/** Runs steps on the people table (or another SELECT) and reads the result back. */
async function run(steps: RecipeStepInput[], options: { strict?: boolean; source?: string; other?: string } = {}): Promise<Ran> {
  const parsed = steps.map((s) => RecipeStep.parse(s));
  return withDuck(async (duck: Duck) => {
    await duck.run(`CREATE TABLE raw AS ${options.source ?? PEOPLE}`);
    await duck.run('CREATE TABLE t0 AS SELECT rowid AS __gyre_row, * FROM raw');
    const described = await duck.rows<{ column_name: string; column_type: string }>('DESCRIBE raw');
    const columns = described.map((d) => PEOPLE_COLUMNS.find((c) => c.name === d.column_name && !options.source) ?? { name: d.column_name, semanticType: 'categorical' as const, storageType: d.column_type });
    const rows = Number((await duck.rows<{ n: number }>('SELECT count(*)::BIGINT AS n FROM t0'))[0]!.n);
    if (options.other) await duck.run(`COPY (${options.other}) TO '/tmp/gyre-recipe-other.parquet' (FORMAT parquet)`);
    const result = await runSteps(duck, { name: 't0', columns, rows }, parsed, {
      strict: options.strict ?? false,
      resolveVersion: (id) => {
        if (id !== 'other') throw new Error(`unknown version ${id}`);
        return { label: 'regions v1', path: '/tmp/gyre-recipe-other.parquet', columns: [{ name: 'city', semanticType: 'categorical', storageType: 'VARCHAR' }, { name: 'region', semanticType: 'categorical', storageType: 'VARCHAR' }] };
      },
    });
    const all = normalizeRows((await duck.arrays(visible(result.table.name, result.ordered))).rows, result.table.columns);
    const names = result.table.columns.map((c) => c.name);
    return { ...result, values: async () => all, column: async (name: string) => all.map((r) => r[names.indexOf(name)]) };
  });
}

describe('recipe steps on columns', () => {
  it('drops, renames and reorders columns, reporting the absent ones in replay', async () => {
    const r = await run([
      { op: 'drop_columns', columns: ['name', 'nickname'] },
      { op: 'rename_columns', renames: [{ from: 'income', to: 'salary' }] },
      { op: 'reorder_columns', columns: ['salary', 'age'] },
    ]);
    expect(r.table.columns.map((c) => c.name)).toEqual(['salary', 'age', 'id', 'city', 'joined', 'active']);
    expect(r.reports[0]).toMatchObject({ status: 'partial', removed: ['name'], reason: '"nickname" is not in this version and was left out.' });
    expect(r.reports[1]).toMatchObject({ status: 'applied', added: ['salary'], removed: ['income'] });
  });

  it('refuses, in strict mode, a step naming a column the version lacks, and names the step', async () => {
    await expect(run([{ op: 'drop_columns', columns: ['nickname'] }], { strict: true })).rejects.toMatchObject({ code: 'VALIDATION', message: 'Step 1 (Drop columns): "nickname" is not in this version.' });
  });

  it('refuses renaming onto an existing name and dropping every column', async () => {
    await expect(run([{ op: 'rename_columns', renames: [{ from: 'name', to: 'City' }] }])).rejects.toMatchObject({ message: 'Step 1 (Rename columns): Two columns would be named "city"; choose another name.' });
    await expect(run([{ op: 'drop_columns', columns: PEOPLE_COLUMNS.map((c) => c.name) }])).rejects.toMatchObject({ message: 'Step 1 (Drop columns): This would drop every column; keep at least one.' });
  });

  it('changes a type, naming the first value it cannot read and its row', async () => {
    await expect(run([{ op: 'parse_dates', column: 'joined' }])).rejects.toMatchObject({
      message: expect.stringContaining('1 value of "joined" cannot be read as an ISO date (YYYY-MM-DD, optionally with a time), e.g. "not a date" in row 3.'),
      details: { row: 3, column: 'joined' },
    });
    const r = await run([{ op: 'parse_dates', column: 'joined', invalid: 'missing' }]);
    expect(r.table.columns.find((c) => c.name === 'joined')).toMatchObject({ semanticType: 'datetime', storageType: 'TIMESTAMP' });
    expect((await r.column('joined'))[2]).toBeNull();
    expect(r.reports[0]!.fitted).toEqual({ madeMissing: 1 });
  });

  it('casts text to integers and booleans, and refuses fractions as integers', async () => {
    const source = `SELECT * FROM (VALUES ('1', 'yes', '2.0'), ('2', 'No', '2.5'), (NULL, 'maybe', '3')) AS t(a, b, c)`;
    const r = await run([{ op: 'cast', column: 'a', to: 'integer' }, { op: 'cast', column: 'b', to: 'boolean', invalid: 'missing' }], { source });
    expect(await r.values()).toEqual([[1, true, '2.0'], [2, false, '2.5'], [null, null, '3']]);
    await expect(run([{ op: 'cast', column: 'c', to: 'integer' }], { source })).rejects.toMatchObject({ message: expect.stringContaining('"2.5" in row 2') });
  });
});

describe('recipe steps on rows', () => {
  it('filters with an expression (a missing result counts as false); later errors still name the row of the input version', async () => {
    const r = await run([{ op: 'filter_rows', expression: 'age >= 34' }, { op: 'parse_dates', column: 'joined' }]);
    expect(await r.column('id')).toEqual([1, 4, 5, 6]);
    expect(r.reports[0]).toMatchObject({ rowsBefore: 6, rowsAfter: 4 });
    const bad = run([{ op: 'filter_rows', expression: 'id != 1' }, { op: 'parse_dates', column: 'joined' }]);
    await expect(bad).rejects.toMatchObject({ message: expect.stringContaining('"not a date" in row 3') });
  });

  it('refuses a filter that is not true/false, and an expression with an error, before touching the rows', async () => {
    await expect(run([{ op: 'filter_rows', expression: 'age + 1' }])).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^Step 1 \(Filter rows\): A filter keeps the rows where its expression is true, but "age \+ 1" gives a number/) });
    await expect(run([{ op: 'filter_rows', expression: 'age >' }])).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^Step 1 \(Filter rows\): /) });
  });

  it('skips, in replay, a filter on a column the version lacks', async () => {
    const r = await run([{ op: 'filter_rows', expression: 'score > 3' }]);
    expect(r.reports[0]).toMatchObject({ status: 'skipped', rowsAfter: 6, reason: 'the expression uses "score", which is not in this version.' });
  });

  it('drops rows with missing values in chosen columns or any column', async () => {
    expect(await (await run([{ op: 'drop_missing', columns: ['age'] }])).column('id')).toEqual([1, 3, 4, 5, 6]);
    expect(await (await run([{ op: 'drop_missing' }])).column('id')).toEqual([1, 5, 6]);
  });

  it('removes duplicates keeping the first, by all columns or by some', async () => {
    expect((await run([{ op: 'remove_duplicates' }])).reports[0]!.rowsAfter).toBe(6);
    const r = await run([{ op: 'remove_duplicates', columns: ['age', 'income'] }]);
    expect(await r.column('id')).toEqual([1, 2, 3, 4, 6]);
  });

  it('samples reproducibly with a seed, keeping row order; stratified keeps each class’s share', async () => {
    const source = 'SELECT i AS id, CASE WHEN i % 4 = 0 THEN \'rare\' ELSE \'common\' END AS kind FROM range(1000) r(i)';
    const a = await run([{ op: 'sample', method: 'random', rows: 100, seed: 3 }], { source });
    const b = await run([{ op: 'sample', method: 'random', rows: 100, seed: 3 }], { source });
    const ids = (await a.column('id')) as number[];
    expect(ids).toHaveLength(100);
    expect(ids).toEqual(await b.column('id'));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    const s = await run([{ op: 'sample', method: 'stratified', fraction: 0.1, column: 'kind' }], { source });
    const kinds = (await s.column('kind')) as string[];
    expect(kinds.filter((k) => k === 'rare')).toHaveLength(25);
    expect(kinds.filter((k) => k === 'common')).toHaveLength(75);
  });
});

describe('recipe steps on values', () => {
  it('fills missing numbers with the median and marks them; the report counts the cells changed', async () => {
    const r = await run([{ op: 'impute', columns: ['age', 'income'], strategy: 'median', indicator: true }]);
    expect(await r.column('age')).toEqual([34, 34, 29, 41, 34, 95]);
    expect(await r.column('age_was_missing')).toEqual([false, true, false, false, false, false]);
    expect(r.reports[0]!.fitted).toEqual({ age: 34, income: 58000 });
    expect(r.reports[0]!.changed).toEqual([{ column: 'age', cells: 1 }, { column: 'income', cells: 1 }]);
    expect(r.table.columns.map((c) => c.name)).toEqual(['id', 'name', 'age', 'age_was_missing', 'income', 'income_was_missing', 'city', 'joined', 'active']);
  });

  it('fills with the mode (ties to the smallest) or a constant checked against the column type', async () => {
    const r = await run([{ op: 'impute', columns: ['active'], strategy: 'mode' }]);
    expect((await r.column('active'))[3]).toBe(true);
    await expect(run([{ op: 'impute', columns: ['age'], strategy: 'constant', value: 'old' }])).rejects.toMatchObject({ message: 'Step 1 (Fill missing values): "old" cannot fill "age", which holds integer values.' });
    await expect(run([{ op: 'impute', columns: ['city'], strategy: 'mean' }])).rejects.toMatchObject({ message: 'Step 1 (Fill missing values): Filling with the mean needs numbers, but "city" holds categorical values.' });
  });

  it('clips or drops outliers by IQR, z-score or quantiles, reporting the bounds', async () => {
    const clip = await run([{ op: 'outliers', column: 'age', method: 'iqr', action: 'clip' }]);
    // ages 29, 34, 34, 41, 95 → q1 34, q3 41, IQR 7 → bounds 23.5 and 51.5
    expect(clip.reports[0]!.fitted).toEqual({ lower: 23.5, upper: 51.5, outside: 1 });
    expect(await clip.column('age')).toEqual([34, null, 29, 41, 34, 51.5]);
    const drop = await run([{ op: 'outliers', column: 'income', method: 'zscore', threshold: 1.5, action: 'drop' }]);
    expect(await drop.column('id')).toEqual([1, 2, 3, 4, 5]);
  });

  it('cleans text: trims, collapses spaces, changes case, empties become missing', async () => {
    const r = await run([{ op: 'text_clean', columns: ['city'], case: 'title' }]);
    expect(await r.column('city')).toEqual(['Lisbon', 'Porto', 'Lisbon', 'Porto', 'Lisbon', 'Faro']);
    expect(r.reports[0]!.changed).toEqual([{ column: 'city', cells: 4 }]);
  });

  it('bins numbers into equal-width or quantile bins with readable labels', async () => {
    const r = await run([{ op: 'bin', column: 'age', bins: 2, strategy: 'equal_width' }]);
    expect(await r.column('age_bin')).toEqual(['[29, 62)', null, '[29, 62)', '[29, 62)', '[29, 62)', '[62, 95]']);
    expect(r.reports[0]!.fitted).toEqual({ edges: [29, 62, 95] });
  });
});

describe('recipe steps that make features', () => {
  it('derives a column from an expression, replacing one of the same name in place', async () => {
    const r = await run([{ op: 'derive', name: 'monthly', expression: 'round(income / 12, 1)' }, { op: 'derive', name: 'age', expression: 'age + 1' }]);
    expect(await r.column('monthly')).toEqual([4333.3, 5083.3, null, 4833.3, 4333.3, 20833.3]);
    expect(r.table.columns.map((c) => c.name).indexOf('age')).toBe(2);
    expect(r.reports[1]!.changed).toEqual([{ column: 'age', cells: 5 }]);
  });

  it('joins an aggregate per group back onto every row', async () => {
    const r = await run([{ op: 'text_clean', columns: ['city'], case: 'title' }, { op: 'group_aggregate', groupBy: ['city'], column: 'income', aggregate: 'mean' }]);
    expect(await r.column('income_mean_by_city')).toEqual([52000, 59500, 52000, 59500, 52000, 250000]);
    expect(await r.column('id')).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('one-hot encodes the most frequent categories with the rest as other; ordinal numbers sorted categories', async () => {
    const r = await run([{ op: 'text_clean', columns: ['city'], case: 'lower' }, { op: 'encode', column: 'city', method: 'one_hot', maxCategories: 2 }]);
    expect(r.table.columns.map((c) => c.name)).toEqual(['id', 'name', 'age', 'income', 'city=lisbon', 'city=porto', 'city=other', 'joined', 'active']);
    expect(await r.column('city=other')).toEqual([0, 0, 0, 0, 0, 1]);
    const o = await run([{ op: 'encode', column: 'active', method: 'ordinal', keepOriginal: true }]);
    expect(await o.column('active_code')).toEqual([1, 0, 1, null, 1, 0]);
  });

  it('joins another dataset version on keys, refusing keys that repeat on its side', async () => {
    const regions = "SELECT * FROM (VALUES ('Lisbon', 'South'), ('Porto', 'North'), ('Faro', 'South')) AS t(city, region)";
    const r = await run([{ op: 'text_clean', columns: ['city'], case: 'title' }, { op: 'join', versionId: 'other', keys: ['city'] }], { other: regions });
    expect(await r.column('region')).toEqual(['South', 'North', 'South', 'North', 'South', 'South']);
    expect(r.reads).toEqual(['other']);
    const twice = "SELECT * FROM (VALUES ('Lisbon', 'South'), ('Lisbon', 'Centre')) AS t(city, region)";
    await expect(run([{ op: 'join', versionId: 'other', keys: ['city'] }], { other: twice })).rejects.toMatchObject({ message: expect.stringContaining('regions v1 has 1 key values (city) that occur more than once') });
  });
});
