import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../../../electron/contract/datasets';
import { GyreError } from '../../../electron/contract/errors';
import { openDuck, type Duck } from '../../../electron/data/duck';
import { columnType, compileCondition, compileExpression, EXPRESSION_FUNCTIONS } from '../../../electron/data/recipe/expression';

// A small real table: numbers with missing values, text, booleans, dates and timestamps, awkward column names.
const WEIRD = 'it\'s "q" `b`';
const TABLE = `
  CREATE TABLE t (id BIGINT, age BIGINT, income DOUBLE, city VARCHAR, churned BOOLEAN, signup DATE, seen TIMESTAMP,
    "monthly charges" DOUBLE, score INTEGER, code BIGINT, label VARCHAR, "${WEIRD.replace(/"/g, '""')}" VARCHAR, "âge" BIGINT);
  INSERT INTO t VALUES
    (1, 30,   1000.5, 'Paris',       true,  '2024-01-01', '2024-01-01 10:30:00', 50.0, 3,    75001, '12.5', 'x',  1),
    (2, NULL, 0.0,    'Lyon',        false, '2024-02-29', NULL,                  NULL, 0,    69001, 'abc',  'y',  2),
    (3, 45,   NULL,   NULL,          NULL,  NULL,         '2023-12-31 23:59:59', 20.0, NULL, NULL,  NULL,   NULL, 3),
    (4, 7,    -3.5,   '  New York ', false, '2024-03-17', '2024-03-17 00:00:00', 0.0,  -7,   10001, ' 3 ',  'z',  4);`;

const col = (name: string, semanticType: ColumnSchema['semanticType'], storageType: string): ColumnSchema => ({ name, semanticType, storageType });
const COLUMNS: ColumnSchema[] = [
  col('id', 'identifier', 'BIGINT'),
  col('age', 'integer', 'BIGINT'),
  col('income', 'float', 'DOUBLE'),
  col('city', 'categorical', 'VARCHAR'),
  col('churned', 'boolean', 'BOOLEAN'),
  col('signup', 'datetime', 'DATE'),
  col('seen', 'datetime', 'TIMESTAMP'),
  col('monthly charges', 'float', 'DOUBLE'),
  col('score', 'integer', 'INTEGER'),
  // Postal codes stored as numbers but meant as categories: expressions see text.
  col('code', 'categorical', 'BIGINT'),
  // Numbers the importer left as text: expressions see numbers, unreadable ones missing.
  col('label', 'float', 'VARCHAR'),
  col(WEIRD, 'text', 'VARCHAR'),
  col('âge', 'integer', 'BIGINT'),
];

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck(1);
  await duck.run(TABLE);
});
afterAll(() => duck.close());

/** The expression's value on each row of t, in id order; whole numbers come back as numbers. */
async function values(text: string, columns = COLUMNS): Promise<unknown[]> {
  const { sql, type } = compileExpression(text, columns);
  const [column = []] = await duck.columns(`SELECT ${sql} AS v FROM t ORDER BY id`);
  // DuckDB's JSON form gives BIGINT as a string.
  return column.map((v) => (type === 'number' && typeof v === 'string' ? Number(v) : v));
}

function errorOf(text: string, columns = COLUMNS): GyreError {
  try {
    compileExpression(text, columns);
  } catch (e) {
    if (e instanceof GyreError) return e;
    throw e;
  }
  throw new Error(`"${text}" compiled`);
}

describe('expression values on a real DuckDB table', () => {
  it.each<[string, unknown[]]>([
    // Arithmetic: whole numbers stay whole, division never truncates, missing propagates.
    ['age + 1', [31, null, 46, 8]],
    ['age - 1 * 2', [28, null, 43, 5]],
    ['(age - 1) * 2', [58, null, 88, 12]],
    ['7 / 2', [3.5, 3.5, 3.5, 3.5]],
    ['age / 2', [15, null, 22.5, 3.5]],
    ['age * income', [30015, null, null, -24.5]],
    ['-age', [-30, null, -45, -7]],
    ['- -age', [30, null, 45, 7]],
    ['age % 4', [2, null, 1, 3]],
    ['-7 % 3', [-1, -1, -1, -1]],
    ['1e3 + .5', [1000.5, 1000.5, 1000.5, 1000.5]],
    ['2.5e-1 * 4', [1, 1, 1, 1]],
    // Division and remainder by zero are missing, not an error or infinity.
    ['income / score', [333.5, null, null, 0.5]],
    ['age / 0', [null, null, null, null]],
    ['age % 0', [null, null, null, null]],
    ['income % 0', [null, null, null, null]],
    ['income / nullif(score, 0)', [333.5, null, null, 0.5]],
    // An overflow is missing too.
    ['9223372036854775807 + age', [null, null, null, null]],
    ['`monthly charges` * 12', [600, null, 240, 0]],
    ['âge + 0', [1, 2, 3, 4]],
    [`\`${WEIRD.replace(/`/g, '``')}\``, ['x', 'y', null, 'z']],
    ['AGE + 1', [31, null, 46, 8]],
    ['id * 10', [10, 20, 30, 40]],
    ['label * 2', [25, null, null, 6]],
    // Comparisons and logic, with SQL's three-valued logic.
    ['age > 20', [true, null, true, false]],
    ['age >= 30 and churned', [true, false, null, false]],
    ['age > 40 OR churned', [true, null, true, false]],
    ['age > 40 || churned && true', [true, null, true, false]],
    ['not churned', [false, true, null, true]],
    ['!churned', [false, true, null, true]],
    ['not age > 20', [false, null, false, true]],
    ['age = 30', [true, null, false, false]],
    ['age <> 30', [false, null, true, true]],
    ['age != 30', [false, null, true, true]],
    ['income == age', [false, null, null, false]],
    ["city < 'M'", [false, true, null, true]],
    ["city in ('Paris', 'Lyon')", [true, true, null, false]],
    ["city not in ('Paris')", [false, true, null, true]],
    ['age in (7, 30.0)', [true, null, false, true]],
    ['age between 7 and 30', [true, null, false, true]],
    ['age not between 7 and 30', [false, null, true, false]],
    ['age between 1 + 6 and 30 and churned', [true, false, false, false]],
    ['age is missing', [false, true, false, false]],
    ['age is not null', [true, false, true, true]],
    ['is_missing(city)', [false, false, true, false]],
    ['churned == true', [true, false, null, false]],
    ["code == '75001'", [true, false, null, false]],
    // Text.
    ["'it''s'", ["it's", "it's", "it's", "it's"]],
    ["concat('(', length(')'), ',')", ['(1,', '(1,', '(1,', '(1,']],
    ['"say ""hi"""', ['say "hi"', 'say "hi"', 'say "hi"', 'say "hi"']],
    ["'back\\slash'", ['back\\slash', 'back\\slash', 'back\\slash', 'back\\slash']],
    ['lower(city)', ['paris', 'lyon', null, '  new york ']],
    ['UPPER(trim(city))', ['PARIS', 'LYON', null, 'NEW YORK']],
    ['length(city)', [5, 4, null, 11]],
    ["contains(city, 'o')", [false, true, null, true]],
    ["starts_with(city, 'P')", [true, false, null, false]],
    ["ends_with(city, 'n')", [false, true, null, false]],
    ["replace(city, 'a', 'A')", ['PAris', 'Lyon', null, '  New York ']],
    ['substr(city, 2, 3)', ['ari', 'yon', null, ' Ne']],
    ['substr(city, -2)', ['is', 'on', null, 'k ']],
    ['substr(city, 1, -1)', ['', '', null, '']],
    ["concat(city, '-', age)", ['Paris-30', 'Lyon-', '-45', '  New York -7']],
    ['to_text(age)', ['30', null, '45', '7']],
    ['to_text(churned)', ['true', 'false', null, 'false']],
    ['to_number(label)', [12.5, null, null, 3]],
    ["to_number('abc')", [null, null, null, null]],
    ['to_number(churned)', [1, 0, null, 0]],
    // Dates and times.
    ['year(signup)', [2024, 2024, null, 2024]],
    ['month(signup)', [1, 2, null, 3]],
    ['day(signup)', [1, 29, null, 17]],
    ['weekday(signup)', [1, 4, null, 7]],
    ['quarter(signup)', [1, 1, null, 1]],
    ['hour(seen)', [10, null, 23, 0]],
    ['minute(seen)', [30, null, 59, 0]],
    ["days_between('2024-01-01', signup)", [0, 59, null, 76]],
    ['days_between(signup, seen)', [0, null, null, 0]],
    ['add_days(signup, 30)', ['2024-01-31 00:00:00', '2024-03-30 00:00:00', null, '2024-04-16 00:00:00']],
    ["signup >= '2024-02-01'", [false, true, null, true]],
    ["seen < date('2024-01-01')", [false, null, true, false]],
    ["signup == date('2024-02-29')", [false, true, null, false]],
    ["seen between '2024-01-01' and '2024-01-01 12:00'", [true, null, false, false]],
    ["signup in ('2024-01-01', '2024-03-17')", [true, false, null, true]],
    ['date(seen)', ['2024-01-01', null, '2023-12-31', '2024-03-17']],
    ["datetime('2024-05-06 07:08')", Array(4).fill('2024-05-06 07:08:00')],
    ["date(concat('2024-0', score + 1, '-01'))", ['2024-04-01', '2024-01-01', null, null]],
    // Choosing values.
    ["if(age > 18, 'adult', 'minor')", ['adult', 'minor', 'adult', 'minor']],
    ['if(churned, income, missing)', [1000.5, null, null, null]],
    ['coalesce(age, 0)', [30, 0, 45, 7]],
    ['coalesce(income, age, -1)', [1000.5, 0, 45, -3.5]],
    ["coalesce(signup, '2000-01-01')", ['2024-01-01', '2024-02-29', '2000-01-01', '2024-03-17']],
    ['min(age, 10)', [10, 10, 10, 7]],
    ['max(age, score)', [30, 0, 45, 7]],
    ["max(city, 'M')", ['Paris', 'M', 'M', 'M']],
    ['clip(age, 10, 40)', [30, null, 40, 10]],
    ['clip(income, missing, 100)', [100, 0, null, -3.5]],
    ['nullif(score, 0)', [3, null, null, -7]],
    // Mathematics; values outside a function's domain are missing.
    ['abs(income)', [1000.5, 0, null, 3.5]],
    ['sign(income)', [1, 0, null, -1]],
    ['round(income)', [1001, 0, null, -4]],
    ['round(income / 7, 2)', [142.93, 0, null, -0.5]],
    ['floor(income)', [1000, 0, null, -4]],
    ['ceil(income)', [1001, 0, null, -3]],
    ['sqrt(income)', [Math.sqrt(1000.5), 0, null, null]],
    ['log(income)', [Math.log(1000.5), null, null, null]],
    ['log10(100) + log1p(0) + exp(0)', [3, 3, 3, 3]],
    ['pow(age, 2)', [900, null, 2025, 49]],
    ['pow(-8, 1 / 3)', [null, null, null, null]],
  ])('%s', async (text, expected) => {
    expect(await values(text)).toEqual(expected);
  });

  it('reports the type and the columns used, in order of first use, once each', () => {
    expect(compileExpression('if(churned, age, score) + age', COLUMNS)).toMatchObject({ type: 'number', columns: ['churned', 'age', 'score'] });
    expect(compileExpression("city == 'x'", COLUMNS).type).toBe('boolean');
    expect(compileExpression('lower(city)', COLUMNS).type).toBe('text');
    expect(compileExpression('add_days(signup, 1)', COLUMNS).type).toBe('datetime');
    expect(compileExpression('missing', COLUMNS)).toEqual({ sql: 'NULL', type: 'null', columns: [] });
    expect(compileExpression('Age', COLUMNS).columns).toEqual(['age']);
  });

  it('prefers the exact name to a case-insensitive match', () => {
    const columns = [col('x', 'integer', 'BIGINT'), col('X', 'text', 'VARCHAR')];
    expect(compileExpression('X', columns)).toMatchObject({ type: 'text', columns: ['X'] });
    expect(compileExpression('x', columns)).toMatchObject({ type: 'number', columns: ['x'] });
  });

  it('quotes every column name through sqlIdent, so any name is safe', () => {
    const name = 'a"b; DROP TABLE t; --';
    const { sql } = compileExpression(`\`${name}\` + 1`, [col(name, 'integer', 'BIGINT')]);
    expect(sql).toBe('TRY(("a""b; DROP TABLE t; --" + CAST(1 AS BIGINT)))');
  });
});

describe('column types', () => {
  it.each<[ColumnSchema, string]>([
    [col('a', 'integer', 'BIGINT'), 'number'],
    [col('a', 'float', 'DOUBLE'), 'number'],
    [col('a', 'boolean', 'BOOLEAN'), 'boolean'],
    [col('a', 'categorical', 'BIGINT'), 'text'],
    [col('a', 'text', 'VARCHAR'), 'text'],
    [col('a', 'datetime', 'TIMESTAMP'), 'datetime'],
    [col('a', 'identifier', 'BIGINT'), 'number'],
    [col('a', 'identifier', 'VARCHAR'), 'text'],
    [col('a', 'identifier', 'DECIMAL(18,2)'), 'number'],
  ])('%o is %s', (c, type) => {
    expect(columnType(c)).toBe(type);
  });
});

describe('expression errors say what and where', () => {
  it.each<[string, string, Record<string, unknown>]>([
    ['agee > 1', 'There is no column "agee" (at character 0). Did you mean age?', { position: 0, column: 'agee' }],
    ['monthly_charges', 'There is no column "monthly_charges" (at character 0). Did you mean `monthly charges`?', { position: 0, column: 'monthly_charges' }],
    ['zzzzzz + 1', 'There is no column "zzzzzz" (at character 0).', { position: 0, column: 'zzzzzz' }],
    ['income + city', '"+" needs numbers, but "city" is text (at character 9). To join texts use concat(a, b).', { position: 9, column: 'city' }],
    ['signup + 1', '"+" needs numbers, but "signup" is a date (at character 0). To move a date use add_days(date, n).', { position: 0, column: 'signup' }],
    ['age and churned', '"and" needs true/false values, but "age" is a number (at character 0).', { position: 0, column: 'age' }],
    ['not lower(city)', '"not" needs true/false values, but lower(city) is text (at character 4).', { position: 4 }],
    ['sqrt(city)', 'sqrt needs a number, but "city" is text (at character 5).', { position: 5, column: 'city' }],
    ['if(age, 1, 2)', 'if needs true/false, but "age" is a number (at character 3).', { position: 3, column: 'age' }],
    ["if(churned, 'a', 1)", "if needs values of one type, but 'a' is text and 1 is a number (at character 17). Convert one side with to_number(), to_text() or date().", { position: 17 }],
    ['signup > 5', '">" needs values of one type, but "signup" is a date and 5 is a number (at character 7). Convert one side with to_number(), to_text() or date().', { position: 7 }],
    ['code == 75001', '"==" needs values of one type, but "code" is text and 75001 is a number (at character 5). Convert one side with to_number(), to_text() or date().', { position: 5 }],
    ['churned < true', '"<" cannot order true/false values (at character 8). Compare them with == or !=.', { position: 8 }],
    ['age == null', 'Comparing with missing always gives missing (at character 7). To test for missing values write is_missing(age) or age is missing.', { position: 7 }],
    ["city in ('a', missing)", 'Comparing with missing always gives missing (at character 14). To test for missing values write is_missing(city) or city is missing.', { position: 14 }],
    ['round(age, 1, 2)', 'round takes 1 or 2 arguments, got 3 (at character 0).', { position: 0 }],
    ['abs()', 'abs takes 1 argument, got 0 (at character 0).', { position: 0 }],
    ['age + pow(2)', 'pow takes 2 arguments, got 1 (at character 6).', { position: 6 }],
    ['min(1)', 'min takes at least 2 arguments, got 1 (at character 0).', { position: 0 }],
    ["read_csv('/etc/passwd')", 'There is no function "read_csv" (at character 0). See the list of functions in the expression reference.', { position: 0 }],
    ['rond(age)', 'There is no function "rond" (at character 0). Did you mean round?', { position: 0 }],
    ['age(1)', '"age" is a column, not a function (at character 0). Is an operator missing before "("?', { position: 0 }],
    ["date('2024-13-01')", "'2024-13-01' is not a date (at character 5). Write dates as 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'.", { position: 5 }],
    ["signup > '2023-02-29'", "'2023-02-29' is not a date (at character 9). Write dates as 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'.", { position: 9 }],
    ['(age > 1', 'This "(" is never closed (at character 0).', { position: 0 }],
    ['age > 1)', 'This ")" has no matching "(" (at character 7).', { position: 7 }],
    ['round(age, 1', 'This "(" is never closed (at character 5).', { position: 5 }],
    ['round(age 1)', 'Expected "," or ")" in the arguments of round, but found "1" (at character 10).', { position: 10 }],
    ["city == 'Paris", "The text that starts here has no closing ' (at character 8). To put a ' inside, double it: 'it''s' is the text it's.", { position: 8 }],
    ['`monthly charges', 'The column name that starts here has no closing ` (at character 0). To put a ` inside, double it: `a``b` is the column a`b.', { position: 0 }],
    ['age > 1 age', 'Unexpected "age" after a complete expression (at character 8). Is an operator such as "and" or "+" missing?', { position: 8 }],
    ['age +', 'The expression ends where a value was expected (at character 5).', { position: 5 }],
    ['  ', 'Write an expression (at character 0).', { position: 0 }],
    ['1 < age < 5', 'Comparisons cannot be chained (at character 8). Write a < b and b < c.', { position: 8 }],
    ['age in 1, 2', '"in" needs a list in parentheses (at character 7). Write e.g. country in (\'FR\', \'DE\').', { position: 7 }],
    ['age in ()', 'Unexpected ")" where a value was expected (at character 8).', { position: 8 }],
    ['age between 1 or 2', '"between" needs "and" here, but found "or" (at character 14). Write e.g. age between 18 and 65.', { position: 14 }],
    ['age is 3', '"is" must be followed by missing or not missing, but found "3" (at character 7). Compare values with ==.', { position: 7 }],
    ['age; DROP TABLE t', 'Unexpected character ";" (at character 3). An expression is a single formula; it cannot hold statements.', { position: 3 }],
    ['age & 1', 'Unexpected character "&" (at character 4). Write "and" or "&&".', { position: 4 }],
    ['age ** 2', 'Unexpected character "*" (at character 4). Write pow(x, y) for a power.', { position: 4 }],
    ['2x', '"2x" is not a number (at character 0). Put an operator between a number and a name, e.g. 2 * x.', { position: 0 }],
    ['1e400', 'The number 1e400 is too large (at character 0).', { position: 0 }],
    ['and', 'Unexpected "and" where a value was expected (at character 0). A column named and is written `and`.', { position: 0 }],
    ['``', 'A column name cannot be empty (at character 0).', { position: 0 }],
    // A letter followed by a combining accent is still one bare name.
    ['a\u0301ge + 1', 'There is no column "a\u0301ge" (at character 0). Did you mean age?', { position: 0, column: 'a\u0301ge' }],
    ["'a\0'", 'The expression contains a NUL character (at character 2).', { position: 2 }],
  ])('%s', (text, message, details) => {
    const e = errorOf(text);
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe(message);
    expect(e.details).toEqual(details);
  });

  it('suggests a name only when it is a plausible typo', () => {
    expect(errorOf('lenght(city)').message).toContain('Did you mean length?');
    expect(errorOf('substring(city, 1)').message).toContain('Did you mean substr?');
    expect(errorOf('mean(age)').message).not.toContain('Did you mean');
    expect(errorOf('a + 1', [col('x', 'integer', 'BIGINT')]).message).toBe('There is no column "a" (at character 0).');
  });

  it('asks for the exact case when a name matches several columns ignoring case', () => {
    const e = errorOf('Age', [col('age', 'integer', 'BIGINT'), col('AGE', 'integer', 'BIGINT')]);
    expect(e.message).toBe('"Age" matches several columns: "age", "AGE" (at character 0). Write the name with its exact case.');
  });

  it('names the column of a type error as the table spells it', () => {
    expect(errorOf('CITY * 2').details).toEqual({ position: 0, column: 'city' });
  });

  it('refuses anything that could reach the database other than the whitelisted functions', () => {
    for (const text of ["read_csv('x')", "read_parquet('x')", 'pragma_version()', "getenv('HOME')", "current_setting('threads')", "query('SELECT 1')", 'sum(age)', 'count(age)']) {
      expect(errorOf(text).message).toMatch(/^There is no function "[a-z_]+" \(at character 0\)\./);
    }
  });

  it('refuses a filter that is not true/false', () => {
    expect(compileCondition('age > 3', COLUMNS).type).toBe('boolean');
    expect(() => compileCondition('age + 1', COLUMNS)).toThrow('A filter needs a true/false expression, but this one gives a number (at character 0). Compare it with something, e.g. age > 30.');
    expect(() => compileCondition('missing', COLUMNS)).toThrow('A filter needs a true/false expression, but this one is always missing (at character 0).');
  });

  it('refuses expressions nested deeper than DuckDB can take, and runs the deepest it accepts', async () => {
    expect(errorOf(`${'('.repeat(600)}1${')'.repeat(600)}`).message).toBe('This expression nests too deeply (at character 480). Split it into several derive steps.');
    expect(errorOf(Array(200).fill('age').join(' + ')).message).toMatch(/^This expression nests too deeply/);
    const deepest = [
      `${'sqrt('.repeat(118)}age${')'.repeat(118)}`,
      `${'if(churned, '.repeat(118)}age${', 1)'.repeat(118)}`,
      `${'coalesce(1, '.repeat(118)}age${')'.repeat(118)}`,
      Array(119).fill('age').join(' + '),
      `${'-'.repeat(119)}age`,
      `${'add_days('.repeat(118)}signup${', 1)'.repeat(118)}`,
    ];
    for (const text of deepest) await expect(values(text)).resolves.toHaveLength(4);
  });

  it('refuses an expression whose SQL DuckDB would expand too far (it copies the operand of NULLIF, BETWEEN, clip)', async () => {
    for (const text of [`${'clip('.repeat(40)}age${', 0, 1)'.repeat(40)}`, `${'1 / ('.repeat(20)}age${')'.repeat(20)}`, `${'if(('.repeat(10)}age${') between 1 and 2, 1, 2)'.repeat(10)}`]) {
      expect(errorOf(text).message).toMatch(/^This expression is too complex to run \(at character \d+\)\. Split it into several derive steps\.$/);
    }
    await expect(values(`${'1 / ('.repeat(7)}age${')'.repeat(7)}`)).resolves.toHaveLength(4);
  });
});

// ---- Properties: whatever the text, a VALIDATION error or SQL that DuckDB runs.

/** Asserts the contract for one text: either a VALIDATION error with a position inside it, or SQL that runs. */
async function compilesOrExplains(text: string, expectSuccess = false): Promise<void> {
  let compiled;
  try {
    compiled = compileExpression(text, COLUMNS);
  } catch (e) {
    if (!(e instanceof GyreError)) throw e;
    expect(e.code).toBe('VALIDATION');
    expect(e.details?.['position']).toBeGreaterThanOrEqual(0);
    expect(e.details?.['position']).toBeLessThanOrEqual(text.length);
    if (expectSuccess && !/too deeply|too complex/.test(e.message)) throw new Error(`${text}: ${e.message}`, { cause: e });
    return;
  }
  expect(outsideQuotes(compiled.sql)).not.toContain(';');
  const [types = []] = await duck.columns(`SELECT typeof(v) FROM (SELECT ${compiled.sql} AS v FROM t) LIMIT 1`);
  const expected = { number: /^(BIGINT|DOUBLE)$/, text: /^VARCHAR$/, boolean: /^BOOLEAN$/, datetime: /^(DATE|TIMESTAMP)$/, null: /./ }[compiled.type];
  expect(String(types[0]), text).toMatch(expected);
}

/** The SQL with string literals and quoted identifiers blanked out. */
function outsideQuotes(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, '_');
}

const TOKENS = [
  'age', 'income', 'city', 'churned', 'signup', 'seen', '`monthly charges`', 'score', 'code', 'label', 'nope', 'âge',
  '1', '0', '2.5', '1e3', '9223372036854775807', "'a'", "'2024-01-01'", '"x"', 'true', 'missing',
  '+', '-', '*', '/', '%', '==', '!=', '<', '>=', 'and', 'or', 'not', '!', 'in', 'between', 'is', '(', ')', ',', ';',
  ...EXPRESSION_FUNCTIONS.map((f) => `${f}(`),
];

const NUMBER_COLUMNS = ['age', 'income', '`monthly charges`', 'score', 'label', 'id', 'âge'];
const TEXT_COLUMNS = ['city', 'code', `\`${WEIRD.replace(/`/g, '``')}\``];

/** Source text for well-typed expressions, generated from the grammar with random spelling (case, spaces, parentheses). */
function typedExpressions() {
  const call = (f: string, ...args: string[]) => `${f}(${args.join(', ')})`;
  const textLiteral = fc.string({ maxLength: 8 }).map((s) => (s.includes('\0') ? 'x' : s)).map((s) => `'${s.replace(/'/g, "''")}'`);
  const date = fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => `'${d.toISOString().slice(0, 10)}'`);
  const tree = fc.letrec<{ num: string; txt: string; bool: string; dt: string; any: string }>((tie) => ({
    num: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...NUMBER_COLUMNS),
      fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1e300, noNaN: true })).map((n) => String(n)),
      fc.tuple(tie('num'), fc.constantFrom('+', '-', '*', '/', '%'), tie('num')).map(([a, op, b]) => `(${a} ${op} ${b})`),
      tie('num').map((a) => `-${a}`),
      fc.tuple(fc.constantFrom('abs', 'round', 'floor', 'ceil', 'sqrt', 'log', 'log10', 'log1p', 'exp', 'sign', 'to_number'), tie('num')).map(([f, a]) => call(f, a)),
      fc.tuple(fc.constantFrom('round', 'pow', 'min', 'max', 'coalesce', 'nullif'), tie('num'), tie('num')).map(([f, a, b]) => call(f, a, b)),
      fc.tuple(tie('num'), tie('num'), tie('num')).map(([a, b, c]) => call('clip', a, b, c)),
      fc.tuple(fc.constantFrom('length', 'to_number'), tie('txt')).map(([f, a]) => call(f, a)),
      fc.tuple(fc.constantFrom('year', 'quarter', 'month', 'day', 'weekday', 'hour', 'minute'), tie('dt')).map(([f, a]) => call(f, a)),
      fc.tuple(tie('dt'), tie('dt')).map(([a, b]) => call('days_between', a, b)),
      fc.tuple(tie('bool'), tie('num'), tie('num')).map(([c, a, b]) => call('if', c, a, b)),
      tie('num').map((a) => `coalesce(missing, ${a})`),
    ),
    txt: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...TEXT_COLUMNS),
      textLiteral,
      fc.tuple(fc.constantFrom('lower', 'upper', 'trim', 'to_text'), tie('txt')).map(([f, a]) => call(f, a)),
      fc.tuple(tie('txt'), tie('txt'), tie('txt')).map(([a, b, c]) => call('replace', a, b, c)),
      fc.tuple(tie('txt'), tie('num')).map(([a, b]) => call('substr', a, b)),
      fc.tuple(tie('txt'), tie('num'), tie('num')).map(([a, b, c]) => call('substr', a, b, c)),
      fc.array(tie('any'), { minLength: 1, maxLength: 3 }).map((xs) => call('concat', ...xs)),
      tie('any').map((a) => call('to_text', a)),
      fc.tuple(tie('bool'), tie('txt'), tie('txt')).map(([c, a, b]) => call('if', c, a, b)),
    ),
    bool: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('churned', 'true', 'false'),
      fc.tuple(tie('num'), fc.constantFrom('==', '=', '!=', '<>', '<', '<=', '>', '>='), tie('num')).map(([a, op, b]) => `${a} ${op} ${b}`),
      fc.tuple(tie('txt'), fc.constantFrom('==', '<'), tie('txt')).map(([a, op, b]) => `${a} ${op} ${b}`),
      fc.tuple(tie('dt'), fc.constantFrom('==', '>='), fc.oneof(tie('dt'), date)).map(([a, op, b]) => `${a} ${op} ${b}`),
      fc.tuple(tie('bool'), fc.constantFrom('and', 'or', '&&', '||', 'AND'), tie('bool')).map(([a, op, b]) => `(${a} ${op} ${b})`),
      tie('bool').map((a) => `not (${a})`),
      fc.tuple(tie('num'), fc.array(tie('num'), { minLength: 1, maxLength: 3 }), fc.boolean()).map(([a, xs, not]) => `${a} ${not ? 'not in' : 'in'} (${xs.join(', ')})`),
      fc.tuple(tie('num'), tie('num'), tie('num')).map(([a, lo, hi]) => `${a} between ${lo} and ${hi}`),
      fc.tuple(tie('any'), fc.boolean()).map(([a, not]) => `${a} is ${not ? 'not ' : ''}missing`),
      tie('any').map((a) => call('is_missing', a)),
      fc.tuple(fc.constantFrom('contains', 'starts_with', 'ends_with'), tie('txt'), tie('txt')).map(([f, a, b]) => call(f, a, b)),
    ),
    dt: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('signup', 'seen'),
      date.map((d) => call('date', d)),
      date.map((d) => call('datetime', d)),
      fc.tuple(tie('dt'), tie('num')).map(([d, n]) => call('add_days', d, n)),
      // to_text keeps a text literal from being checked as a date at compile time: this is the run-time path.
      fc.oneof(tie('txt'), tie('dt')).map((x) => call('date', call('to_text', x))),
      fc.tuple(tie('dt'), fc.oneof(tie('dt'), date)).map(([a, b]) => call('coalesce', a, b)),
    ),
    any: fc.oneof(tie('num'), tie('txt'), tie('bool'), tie('dt')).map((x) => `(${x})`),
  }));
  return tree.any;
}

describe('properties', () => {
  it('turns arbitrary text into a VALIDATION error or SQL that DuckDB runs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })), (text) => compilesOrExplains(text)),
      { numRuns: 300 },
    );
  });

  it('turns random token soup into a VALIDATION error or SQL that DuckDB runs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }), (tokens) => compilesOrExplains(tokens.join(' '))),
      { numRuns: 500 },
    );
  });

  it('compiles every well-typed expression from the grammar to SQL of the type it reports', async () => {
    await fc.assert(
      fc.asyncProperty(typedExpressions(), (text) => compilesOrExplains(text, true)),
      { numRuns: 400 },
    );
  });
});
