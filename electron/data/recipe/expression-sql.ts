/**
 * The expression language, part two: types each AST node against the table's columns and emits DuckDB SQL from the
 * AST alone — identifiers through sqlIdent, text through sqlString, numbers re-printed, functions from a whitelist.
 */
import type { ColumnSchema } from '../../contract/datasets';
import { sqlIdent, sqlString } from '../duck';
import { asWritten, fail, readDate, type Expr } from './expression-parse';

export type ExprType = 'number' | 'text' | 'boolean' | 'datetime' | 'null';

export interface CompiledExpression {
  sql: string;
  type: ExprType;
  /** columns referenced, deduplicated, in order of first use */
  columns: string[];
}

/**
 * A checked node. Its SQL has one DuckDB type per ExprType: numbers are BIGINT (`int`) or DOUBLE, text VARCHAR,
 * datetimes DATE or TIMESTAMP; 'null' is the bare missing value, typed by where it is used.
 */
export interface Typed {
  sql: string;
  type: ExprType;
  int: boolean;
  node: Expr;
  /** The column it reads, when it is a bare column reference (the name as in the table). */
  column?: string;
}

/** A whitelisted function: how many arguments it takes and the SQL it becomes (arguments are checked by `build`). */
export interface ExprFunction {
  arity: [min: number, max: number];
  build(args: Typed[], kit: Kit, name: string): Omit<Typed, 'node'>;
  /** How many times its SQL repeats each argument, where more than once (see MAX_COST); the last entry repeats. */
  copies?: number[];
}

/** What a function's `build` uses to check and convert its arguments. */
export interface Kit {
  /** `x` as `type`, or a VALIDATION error "`what` needs …, but … is …". */
  need(x: Typed, type: Exclude<ExprType, 'null'>, what: string): Typed;
  /** Values that must share one type; a mismatch is reported at `position` (default: the odd value out). */
  same<const T extends readonly Typed[]>(xs: T, what: string, position?: number): { -readonly [K in keyof T]: Typed };
  /** A number's SQL as DOUBLE. */
  double(x: Typed): string;
  /** A number's SQL as BIGINT (decimals rounded; out of range: missing). */
  whole(x: Typed): string;
  mismatch(message: string, x: Typed, hint?: string, position?: number): never;
}

/**
 * Some SQL repeats an operand: NULLIF(a, b) is planned as CASE WHEN a = b THEN NULL ELSE a END, BETWEEN tests its
 * operand twice, clip names x twice. Nested, they grow exponentially; a node's cost counts the plan it expands to, and
 * past this DuckDB takes a noticeable time to plan it (1,000 nested copies: ~0.1 s), so it is refused.
 */
const MAX_COST = 1000;
const NAN = "CAST('NaN' AS DOUBLE)";
export const TYPE_WORDS: Record<ExprType, string> = { number: 'a number', text: 'text', boolean: 'true/false', datetime: 'a date', null: 'missing' };
const PLURAL_WORDS: Record<ExprType, string> = { number: 'numbers', text: 'text', boolean: 'true/false values', datetime: 'dates', null: 'missing values' };
/** The SQL type a missing value takes where a value of each type is expected. */
const SQL_TYPE: Record<Exclude<ExprType, 'null'>, string> = { number: 'DOUBLE', text: 'VARCHAR', boolean: 'BOOLEAN', datetime: 'TIMESTAMP' };

/** The type an expression sees for a column: from semanticType, falling back to storageType (an 'identifier' stored as BIGINT is a number). */
export function columnType(c: ColumnSchema): ExprType {
  switch (c.semanticType) {
    case 'integer':
    case 'float':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'categorical':
    case 'text':
      return 'text';
    case 'datetime':
      return 'datetime';
    case 'identifier':
    default:
      return storageFamily(c.storageType);
  }
}

const STORAGE = {
  bigint: /^(BIGINT|INT8|LONG)$/,
  smallInt: /^(TINYINT|SMALLINT|INTEGER|INT|INT1|INT2|INT4|SHORT|SIGNED|UTINYINT|USMALLINT|UINTEGER)$/,
  double: /^(DOUBLE|FLOAT8)$/,
  otherNumber: /^(FLOAT|FLOAT4|REAL|DECIMAL|NUMERIC|HUGEINT|UHUGEINT|UBIGINT|INT128|UINT128)\b/,
  text: /^(VARCHAR|TEXT|STRING|CHAR|BPCHAR|NVARCHAR)\b/,
  boolean: /^(BOOLEAN|BOOL|LOGICAL)$/,
  dateOrTimestamp: /^(DATE|TIMESTAMP|DATETIME)$/,
  otherDatetime: /^TIMESTAMP/,
};

function storageFamily(storageType: string): ExprType {
  const s = storageType.trim().toUpperCase();
  if (STORAGE.bigint.test(s) || STORAGE.smallInt.test(s) || STORAGE.double.test(s) || STORAGE.otherNumber.test(s)) return 'number';
  if (STORAGE.boolean.test(s)) return 'boolean';
  if (STORAGE.dateOrTimestamp.test(s) || STORAGE.otherDatetime.test(s)) return 'datetime';
  return 'text';
}

/** A column read as `type`, normalized to the SQL type that ExprType stands for; values that do not convert become missing. */
function columnSql(c: ColumnSchema, type: ExprType): { sql: string; int: boolean } {
  const s = c.storageType.trim().toUpperCase();
  const id = sqlIdent(c.name);
  switch (type) {
    case 'number':
      if (STORAGE.bigint.test(s)) return { sql: id, int: true };
      if (STORAGE.smallInt.test(s)) return { sql: `CAST(${id} AS BIGINT)`, int: true };
      if (STORAGE.double.test(s)) return { sql: id, int: false };
      return { sql: STORAGE.otherNumber.test(s) ? `CAST(${id} AS DOUBLE)` : `TRY_CAST(${id} AS DOUBLE)`, int: false };
    case 'text':
      return { sql: STORAGE.text.test(s) ? id : `CAST(${id} AS VARCHAR)`, int: false };
    case 'boolean':
      return { sql: STORAGE.boolean.test(s) ? id : `TRY_CAST(${id} AS BOOLEAN)`, int: false };
    case 'datetime':
      if (STORAGE.dateOrTimestamp.test(s)) return { sql: id, int: false };
      return { sql: STORAGE.otherDatetime.test(s) ? `CAST(${id} AS TIMESTAMP)` : `TRY_CAST(${id} AS TIMESTAMP)`, int: false };
    default:
      throw new Error(`No SQL for a column of type ${type}`);
  }
}

/** Checks an AST against a table's columns and emits its SQL; `used` collects the columns referenced. */
export class Compiler implements Kit {
  readonly used: string[] = [];
  private readonly costs = new WeakMap<Expr, number>();

  constructor(
    private readonly text: string,
    private readonly columns: ColumnSchema[],
    private readonly functions: Readonly<Record<string, ExprFunction>>,
  ) {}

  emit(node: Expr): Typed {
    const out = this.emitNode(node);
    const cost = this.operands(node).reduce((sum, [operand, copies]) => sum + copies * (this.costs.get(operand) ?? 1), 1);
    if (cost > MAX_COST) fail('This expression is too complex to run', node.start, 'Split it into several derive steps.');
    this.costs.set(node, cost);
    return out;
  }

  /** A node's operands, each with the number of times its SQL repeats it. */
  private operands(node: Expr): [Expr, number][] {
    switch (node.kind) {
      case 'number':
      case 'string':
      case 'boolean':
      case 'null':
      case 'column':
        return [];
      case 'negate':
      case 'not':
      case 'is_missing':
        return [[node.operand, 1]];
      case 'arithmetic': {
        const [left, right] = node.op === '/' ? [1, 2] : node.op === '%' ? [2, 4] : [1, 1];
        return [
          [node.left, left],
          [node.right, right],
        ];
      }
      case 'logical':
      case 'compare':
        return [
          [node.left, 1],
          [node.right, 1],
        ];
      case 'in':
        return [[node.operand, 1], ...node.items.map((i): [Expr, number] => [i, 1])];
      case 'between':
        // DuckDB plans x BETWEEN lo AND hi as x >= lo AND x <= hi, and slowly: count the operand more than twice.
        return [
          [node.operand, 4],
          [node.low, 1],
          [node.high, 1],
        ];
      case 'call': {
        const copies = (Object.hasOwn(this.functions, node.name) ? this.functions[node.name]?.copies : undefined) ?? [];
        return node.args.map((a, i): [Expr, number] => [a, copies[Math.min(i, copies.length - 1)] ?? 1]);
      }
      default:
        throw new Error(`Unknown expression node ${JSON.stringify(node)}`);
    }
  }

  private emitNode(node: Expr): Typed {
    const typed = (sql: string, type: ExprType, int = false): Typed => ({ sql, type, int, node });
    switch (node.kind) {
      case 'number':
        return node.integer === null ? typed(node.value.toExponential(), 'number') : typed(`CAST(${node.integer} AS BIGINT)`, 'number', true);
      case 'string':
        return typed(sqlString(node.value), 'text');
      case 'boolean':
        return typed(node.value ? 'TRUE' : 'FALSE', 'boolean');
      case 'null':
        return typed('NULL', 'null');
      case 'column':
        return this.column(node);
      case 'negate':
        return this.negate(node);
      case 'not':
        return typed(`(NOT ${this.need(this.emit(node.operand), 'boolean', '"not"').sql})`, 'boolean');
      case 'arithmetic':
        return this.arithmetic(node);
      case 'logical': {
        const what = `"${node.op}"`;
        const [a, b] = [this.need(this.emit(node.left), 'boolean', what), this.need(this.emit(node.right), 'boolean', what)];
        return typed(`(${a.sql} ${node.op.toUpperCase()} ${b.sql})`, 'boolean');
      }
      case 'compare':
        return this.compare(node);
      case 'in': {
        const [a, ...items] = this.comparable([node.operand, ...node.items], node.negated ? '"not in"' : '"in"', node.opStart, false);
        return typed(`(${a.sql} ${node.negated ? 'NOT IN' : 'IN'} (${items.map((i) => i.sql).join(', ')}))`, 'boolean');
      }
      case 'between': {
        const [a, lo, hi] = this.comparable([node.operand, node.low, node.high], '"between"', node.opStart, true);
        return typed(`(${a.sql} ${node.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${lo.sql} AND ${hi.sql})`, 'boolean');
      }
      case 'is_missing':
        return typed(`(${this.emit(node.operand).sql} ${node.negated ? 'IS NOT NULL' : 'IS NULL'})`, 'boolean');
      case 'call':
        return this.call(node);
      default:
        throw new Error(`Unknown expression node ${JSON.stringify(node)}`);
    }
  }

  private column(node: Extract<Expr, { kind: 'column' }>): Typed {
    const c = this.resolve(node.name, node.start);
    if (!this.used.includes(c.name)) this.used.push(c.name);
    const type = columnType(c);
    return { ...columnSql(c, type), type, node, column: c.name };
  }

  /** Exact name first; else the one column equal ignoring case; else an error naming the closest column. */
  private resolve(name: string, position: number): ColumnSchema {
    const exact = this.columns.find((c) => c.name === name);
    if (exact) return exact;
    const folded = this.columns.filter((c) => c.name.toLowerCase() === name.toLowerCase());
    if (folded[0] && folded.length === 1) return folded[0];
    if (folded.length > 1) {
      fail(`"${name}" matches several columns: ${folded.map((c) => `"${c.name}"`).join(', ')}`, position, 'Write the name with its exact case.');
    }
    const closest = closestName(name, this.columns.map((c) => c.name));
    fail(`There is no column "${name}"`, position, closest === null ? undefined : `Did you mean ${asWritten(closest)}?`, name);
  }

  private negate(node: Extract<Expr, { kind: 'negate' }>): Typed {
    const inner = node.operand;
    if (inner.kind === 'number') {
      const sql = inner.integer === null ? `(-${inner.value.toExponential()})` : `CAST(-${inner.integer} AS BIGINT)`;
      return { sql, type: 'number', int: inner.integer !== null, node };
    }
    const x = this.need(this.emit(inner), 'number', '"-"');
    return { sql: x.int ? `TRY((-${x.sql}))` : `(-${x.sql})`, type: 'number', int: x.int, node };
  }

  private arithmetic(node: Extract<Expr, { kind: 'arithmetic' }>): Typed {
    const what = `"${node.op}"`;
    const [a, b] = [this.need(this.emit(node.left), 'number', what), this.need(this.emit(node.right), 'number', what)];
    if (a.int && b.int && node.op !== '/') {
      // Whole numbers stay whole; an overflow becomes missing rather than an error (and BIGINT % 0 is NULL already).
      return { sql: `TRY((${a.sql} ${node.op} ${b.sql}))`, type: 'number', int: true, node };
    }
    const [x, y] = [this.double(a), this.double(b)];
    // Division by zero and x % 0 are missing, never an error, infinity or NaN.
    if (node.op === '/') return { sql: `(${x} / NULLIF(${y}, 0))`, type: 'number', int: false, node };
    if (node.op === '%') return { sql: `NULLIF((${x} % NULLIF(${y}, 0)), ${NAN})`, type: 'number', int: false, node };
    return { sql: `(${x} ${node.op} ${y})`, type: 'number', int: false, node };
  }

  private compare(node: Extract<Expr, { kind: 'compare' }>): Typed {
    const ordering = node.op !== '==' && node.op !== '!=';
    const [a, b] = this.comparable([node.left, node.right], `"${node.op}"`, node.opStart, ordering);
    const op = node.op === '==' ? '=' : node.op === '!=' ? '<>' : node.op;
    return { sql: `(${a.sql} ${op} ${b.sql})`, type: 'boolean', int: false, node };
  }

  /** Operands of a comparison, `in` or `between`: one type, no bare `missing` (it would make the answer missing). */
  private comparable<const T extends readonly [Expr, ...Expr[]]>(nodes: T, what: string, position: number, ordering: boolean): { -readonly [K in keyof T]: Typed } {
    const bare = nodes.find((n) => n.kind === 'null');
    if (bare) {
      const x = this.text.slice(nodes[0].start, nodes[0].end);
      fail(`Comparing with missing always gives missing`, bare.start, `To test for missing values write is_missing(${x}) or ${x} is missing.`);
    }
    const same = this.same(
      nodes.map((n) => this.emit(n)),
      what,
      position,
    );
    if (ordering && same.some((x) => x.type === 'boolean')) fail(`${what} cannot order true/false values`, position, 'Compare them with == or !=.');
    return same as { -readonly [K in keyof T]: Typed };
  }

  private call(node: Extract<Expr, { kind: 'call' }>): Typed {
    const fn = Object.hasOwn(this.functions, node.name) ? this.functions[node.name] : undefined;
    if (!fn) {
      const column = this.columns.find((c) => c.name.toLowerCase() === node.name);
      if (column) fail(`"${column.name}" is a column, not a function`, node.start, 'Is an operator missing before "("?');
      const closest = closestName(node.name, Object.keys(this.functions));
      fail(`There is no function "${node.name}"`, node.start, closest === null ? 'See the list of functions in the expression reference.' : `Did you mean ${closest}?`);
    }
    const [min, max] = fn.arity;
    if (node.args.length < min || node.args.length > max) fail(`${node.name} ${takes(min, max)}, got ${node.args.length}`, node.start);
    return { ...fn.build(node.args.map((a) => this.emit(a)), this, node.name), node };
  }

  /** `x` as `type`: missing becomes a typed NULL, a 'YYYY-MM-DD' text literal a date; anything else must already be `type`. */
  need(x: Typed, type: Exclude<ExprType, 'null'>, what: string): Typed {
    if (x.type === type) return x;
    if (x.type === 'null') return { ...x, type, sql: `CAST(${x.sql} AS ${SQL_TYPE[type]})` };
    if (type === 'datetime' && x.node.kind === 'string') return { ...x, type, sql: dateLiteral(x.node.value, x.node.start, 'any') };
    const hints: Partial<Record<string, string>> = {
      '"+"text': 'To join texts use concat(a, b).',
      '"+"datetime': 'To move a date use add_days(date, n).',
      '"-"datetime': 'For the days between two dates use days_between(a, b).',
    };
    // Operators ("+") take several values, functions one per argument: "+" needs numbers, sqrt needs a number.
    const wanted = what.startsWith('"') ? PLURAL_WORDS[type] : TYPE_WORDS[type];
    return this.mismatch(`${what} needs ${wanted}, but`, x, hints[what + x.type]);
  }

  double(x: Typed): string {
    if (!x.int) return x.sql;
    const literal = /^CAST\((-?[0-9]+) AS BIGINT\)$/.exec(x.sql);
    return `CAST(${literal ? literal[1] : x.sql} AS DOUBLE)`;
  }

  whole(x: Typed): string {
    return x.int ? x.sql : `TRY_CAST(${x.sql} AS BIGINT)`;
  }

  /** Values that must share a type (if, coalesce, min, comparisons): whole numbers mix with decimals, text literals with dates. */
  same<const T extends readonly Typed[]>(xs: T, what: string, position?: number): { -readonly [K in keyof T]: Typed } {
    return this.unify(xs, what, position) as { -readonly [K in keyof T]: Typed };
  }

  private unify(xs: readonly Typed[], what: string, position: number | undefined): Typed[] {
    const datetime = xs.some((x) => x.type === 'datetime');
    const first = datetime ? xs.find((x) => x.type === 'datetime') : xs.find((x) => x.type !== 'null');
    if (!first || first.type === 'null') return [...xs];
    const target = first.type;
    const convert = (x: Typed): Typed => {
      if (x.type === target || x.type === 'null' || (target === 'datetime' && x.node.kind === 'string')) return this.need(x, target, what);
      const message = `${what} needs values of one type, but ${this.describe(first.node)} is ${TYPE_WORDS[target]} and`;
      return this.mismatch(message, x, 'Convert one side with to_number(), to_text() or date().', position);
    };
    if (target !== 'number') return xs.map(convert);
    // One SQL type for all: BIGINT when every number is whole (a missing one included), DOUBLE otherwise.
    const whole = xs.every((x) => x.int || x.type === 'null');
    return xs.map((x) => {
      const c = convert(x);
      if (!whole) return { ...c, sql: this.double(c), int: false };
      return x.type === 'null' ? { ...c, sql: `CAST(${x.sql} AS BIGINT)`, int: true } : c;
    });
  }

  /** `${message} "city" is text (at character N).` */
  mismatch(message: string, x: Typed, hint?: string, position = x.node.start): never {
    return fail(`${message} ${this.describe(x.node)} is ${TYPE_WORDS[x.type]}`, position, hint, x.node.kind === 'column' ? x.column : undefined);
  }

  private describe(node: Expr): string {
    if (node.kind === 'column') return `"${node.name}"`;
    const source = this.text.slice(node.start, node.end);
    return source.length <= 40 ? source : `the value at character ${node.start}`;
  }
}

function takes(min: number, max: number): string {
  const s = (n: number) => (n === 1 ? '' : 's');
  if (min === max) return `takes ${min} argument${s(min)}`;
  if (max === Infinity) return `takes at least ${min} argument${s(min)}`;
  if (max === min + 1) return `takes ${min} or ${max} arguments`;
  return `takes ${min} to ${max} arguments`;
}

/** A checked DATE or TIMESTAMP literal from 'YYYY-MM-DD[ HH:MM[:SS[.ffffff]]]'; `as` forces one of the two. */
export function dateLiteral(value: string, position: number, as: 'date' | 'timestamp' | 'any'): string {
  const parsed = readDate(value);
  if (!parsed) {
    const shown = value.length > 30 ? `${value.slice(0, 30)}…` : value;
    fail(`'${shown}' is not a date`, position, "Write dates as 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'.");
  }
  const timestamp = as === 'timestamp' || (as === 'any' && parsed.time !== null);
  return timestamp ? `TIMESTAMP '${parsed.date} ${parsed.time ?? '00:00:00'}'` : `DATE '${parsed.date}'`;
}

/** The closest name by edit distance (ignoring case), if it is close enough to be a plausible typo. */
function closestName(name: string, names: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of names) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    // A third of the letters wrong at most, and never the whole name ("a" does not suggest "x").
    if (d < bestDistance && d <= Math.max(1, Math.floor(name.length / 3)) && d < Math.min(name.length, candidate.length)) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
