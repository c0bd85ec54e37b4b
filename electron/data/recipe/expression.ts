/**
 * The expression language of recipe steps (filter_rows, derive): the public API and the whitelist of functions.
 * User text is parsed (expression-parse.ts), checked and turned into SQL from the AST only (expression-sql.ts).
 */
import type { ColumnSchema } from '../../contract/datasets';
import { sqlString } from '../duck';
import { fail, parseExpression } from './expression-parse';
import { Compiler, dateLiteral, TYPE_WORDS, type CompiledExpression, type ExprFunction, type Kit, type Typed } from './expression-sql';

export { columnType, type CompiledExpression, type ExprType } from './expression-sql';
export { parseExpression, type Expr } from './expression-parse';

/** Throws GyreError('VALIDATION', sentence, { position, column? }) — position is the 0-based character offset in `text`. */
export function compileExpression(text: string, columns: ColumnSchema[]): CompiledExpression {
  const compiler = new Compiler(text, columns, FUNCTIONS);
  const out = compiler.emit(parseExpression(text));
  return { sql: out.sql, type: out.type, columns: compiler.used };
}

/** A filter_rows condition: compileExpression, refusing anything but a true/false result. */
export function compileCondition(text: string, columns: ColumnSchema[]): CompiledExpression {
  const compiled = compileExpression(text, columns);
  if (compiled.type !== 'boolean') {
    const gives = compiled.type === 'null' ? 'is always missing' : `gives ${TYPE_WORDS[compiled.type]}`;
    fail(`A filter needs a true/false expression, but this one ${gives}`, 0, 'Compare it with something, e.g. age > 30.');
  }
  return compiled;
}

type Out = Omit<Typed, 'node'>;
const number = (sql: string, int = false): Out => ({ sql, type: 'number', int });
const text = (sql: string): Out => ({ sql, type: 'text', int: false });
const boolean = (sql: string): Out => ({ sql, type: 'boolean', int: false });
const datetime = (sql: string): Out => ({ sql, type: 'datetime', int: false });
/** `Args` is what the arity guarantees, e.g. [Typed, Typed?] for 1 or 2 arguments: the compiler checks the count before `build`. */
const fn = <Args extends (Typed | undefined)[]>(min: number, max: number, build: (args: Args, kit: Kit, name: string) => Out, copies?: number[]): ExprFunction => ({
  arity: [min, max],
  build: build as unknown as ExprFunction['build'],
  ...(copies ? { copies } : {}),
});
type One = [Typed];
type Two = [Typed, Typed];
type Three = [Typed, Typed, Typed];

/** A function of one number computed in DOUBLE; `TRY` makes a value outside its domain (sqrt(-1), log(0)) missing. */
const real = (sql: (x: string) => string) => fn<One>(1, 1, ([x], k, name) => number(sql(k.double(k.need(x, 'number', name)))));
/** A function that keeps whole numbers whole (floor(3) is 3) and works in DOUBLE otherwise. */
const wholeOrReal = (sql: (x: string) => string) =>
  fn<One>(1, 1, ([a], k, name) => {
    const x = k.need(a, 'number', name);
    return x.int ? number(x.sql, true) : number(sql(x.sql));
  });
const textFn = (sql: (x: string) => string) => fn<One>(1, 1, ([x], k, name) => text(sql(k.need(x, 'text', name).sql)));
const textTest = (f: string) => fn<Two>(2, 2, ([a, b], k, name) => boolean(`${f}(${k.need(a, 'text', name).sql}, ${k.need(b, 'text', name).sql})`));
const datePart = (f: string) => fn<One>(1, 1, ([x], k, name) => number(`${f}(${k.need(x, 'datetime', name).sql})`, true));

/** Any value as text; missing stays missing. */
function asText(x: Typed, k: Kit): string {
  return x.type === 'text' ? x.sql : x.type === 'null' ? k.need(x, 'text', '').sql : `CAST(${x.sql} AS VARCHAR)`;
}

/** least/greatest over values of one orderable type; they skip missing values. */
function extreme(f: 'least' | 'greatest'): ExprFunction {
  return fn<[Typed, ...Typed[]]>(2, Infinity, (args, k, name) => {
    const xs = k.same(args, name);
    const t = xs.find((x) => x.type !== 'null') ?? xs[0];
    if (t.type === 'boolean') k.mismatch(`${name} needs numbers, texts or dates, but`, t);
    return { sql: `${f}(${xs.map((x) => x.sql).join(', ')})`, type: t.type, int: xs.every((x) => x.int) };
  });
}

/** date(x) / datetime(x): a literal is checked now; text that does not read as a date becomes missing. */
function toDatetime(as: 'date' | 'timestamp'): ExprFunction {
  const type = as === 'date' ? 'DATE' : 'TIMESTAMP';
  return fn<One>(1, 1, ([x], k, name) => {
    if (x.node.kind === 'string') return datetime(dateLiteral(x.node.value, x.node.start, as));
    if (x.type === 'text') return datetime(`TRY_CAST(${x.sql} AS ${type})`);
    if (x.type === 'datetime' || x.type === 'null') return datetime(`CAST(${x.sql} AS ${type})`);
    return k.mismatch(`${name} needs text or a date, but`, x);
  });
}

/** The whitelist: nothing else can be called. Names are matched in lower case. */
const FUNCTIONS: Readonly<Record<string, ExprFunction>> = Object.freeze({
  abs: fn<One>(1, 1, ([a], k, name) => {
    const x = k.need(a, 'number', name);
    return x.int ? number(`TRY(abs(${x.sql}))`, true) : number(`abs(${x.sql})`);
  }),
  sign: fn<One>(1, 1, ([x], k, name) => number(`CAST(sign(${k.need(x, 'number', name).sql}) AS BIGINT)`, true)),
  round: fn<[Typed, Typed?]>(1, 2, ([a, digits], k, name) => {
    const x = k.need(a, 'number', name);
    if (!digits) return x.int ? number(x.sql, true) : number(`round(${x.sql})`);
    return number(`round(${k.double(x)}, TRY_CAST(${k.whole(k.need(digits, 'number', name))} AS INTEGER))`);
  }),
  floor: wholeOrReal((x) => `floor(${x})`),
  ceil: wholeOrReal((x) => `ceil(${x})`),
  sqrt: real((x) => `TRY(sqrt(${x}))`),
  log: real((x) => `TRY(ln(${x}))`),
  log10: real((x) => `TRY(log10(${x}))`),
  log1p: real((x) => `TRY(ln((1 + ${x})))`),
  exp: real((x) => `exp(${x})`),
  pow: fn<Two>(
    2,
    2,
    ([x, y], k, name) => number(`NULLIF(pow(${k.double(k.need(x, 'number', name))}, ${k.double(k.need(y, 'number', name))}), CAST('NaN' AS DOUBLE))`),
    [2, 2],
  ),
  min: extreme('least'),
  max: extreme('greatest'),
  clip: fn<Three>(3, 3, ([a, b, c], k, name) => {
    const [x, lo, hi] = k.same([k.need(a, 'number', name), k.need(b, 'number', name), k.need(c, 'number', name)], name);
    // least/greatest skip missing values: a missing bound is no bound, but a missing x must stay missing.
    return number(`(CASE WHEN ${x.sql} IS NULL THEN NULL ELSE least(greatest(${x.sql}, ${lo.sql}), ${hi.sql}) END)`, x.int && lo.int && hi.int);
  }, [2, 1]),
  lower: textFn((x) => `lower(${x})`),
  upper: textFn((x) => `upper(${x})`),
  trim: textFn((x) => `trim(${x}, ${sqlString(' \t\n\r')})`),
  length: fn<One>(1, 1, ([x], k, name) => number(`length(${k.need(x, 'text', name).sql})`, true)),
  contains: textTest('contains'),
  starts_with: textTest('starts_with'),
  ends_with: textTest('ends_with'),
  replace: fn<Three>(3, 3, (args, k, name) => text(`replace(${args.map((a) => k.need(a, 'text', name).sql).join(', ')})`)),
  substr: fn<[Typed, Typed, Typed?]>(2, 3, ([t, start, length], k, name) => {
    const from = `${k.need(t, 'text', name).sql}, ${k.whole(k.need(start, 'number', name))}`;
    if (!length) return text(`TRY(substring(${from}))`);
    // DuckDB would take the characters before `start` for a negative length: take none.
    return text(`TRY(substring(${from}, greatest(${k.whole(k.need(length, 'number', name))}, 0)))`);
  }),
  concat: fn<Typed[]>(1, Infinity, (args, k) => text(`concat(${args.map((a) => asText(a, k)).join(', ')})`)),
  to_text: fn<One>(1, 1, ([x], k) => text(asText(x, k))),
  to_number: fn<One>(1, 1, ([x], k, name) => {
    if (x.type === 'number') return number(x.sql, x.int);
    if (x.type === 'boolean') return number(`CAST(${x.sql} AS BIGINT)`, true);
    if (x.type === 'text' || x.type === 'null') return number(`NULLIF(TRY_CAST(${k.need(x, 'text', name).sql} AS DOUBLE), CAST('NaN' AS DOUBLE))`);
    return k.mismatch(`${name} needs text, a number or true/false, but`, x);
  }, [2]),
  date: toDatetime('date'),
  datetime: toDatetime('timestamp'),
  year: datePart('year'),
  quarter: datePart('quarter'),
  month: datePart('month'),
  day: datePart('day'),
  weekday: datePart('isodow'),
  hour: datePart('hour'),
  minute: datePart('minute'),
  days_between: fn<Two>(2, 2, ([a, b], k, name) => number(`date_diff('day', ${k.need(a, 'datetime', name).sql}, ${k.need(b, 'datetime', name).sql})`, true)),
  add_days: fn<Two>(2, 2, ([d, n], k, name) => {
    const days = `TRY_CAST(${k.whole(k.need(n, 'number', name))} AS INTEGER)`;
    return datetime(`TRY((${k.need(d, 'datetime', name).sql} + to_days(${days})))`);
  }),
  is_missing: fn<One>(1, 1, ([x]) => boolean(`(${x.sql} IS NULL)`)),
  coalesce: fn<[Typed, ...Typed[]]>(1, Infinity, (args, k, name) => {
    const xs = k.same(args, name);
    return { sql: `coalesce(${xs.map((x) => x.sql).join(', ')})`, type: resultType(xs), int: xs.every((x) => x.int) };
  }),
  if: fn<Three>(3, 3, ([cond, a, b], k, name) => {
    const [then, otherwise] = k.same([a, b], name);
    const sql = `(CASE WHEN ${k.need(cond, 'boolean', name).sql} THEN ${then.sql} ELSE ${otherwise.sql} END)`;
    return { sql, type: resultType([then, otherwise]), int: then.int && otherwise.int };
  }),
  nullif: fn<Two>(2, 2, (args, k, name) => {
    const [a, b] = k.same(args, name);
    return { sql: `NULLIF(${a.sql}, ${b.sql})`, type: resultType([a, b]), int: a.int };
  }, [2, 1]),
});

/** Names of the functions an expression may call, for editors and docs. */
export const EXPRESSION_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS).sort();

function resultType(xs: Typed[]): Typed['type'] {
  return xs.find((x) => x.type !== 'null')?.type ?? 'null';
}
