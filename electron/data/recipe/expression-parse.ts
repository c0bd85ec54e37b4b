/**
 * The expression language of recipe steps (filter_rows, derive), part one: lexer, precedence-climbing parser and AST.
 * Nothing here knows SQL; see expression-sql.ts for type checking and emission, docs/recipes.md for the language.
 */
import { GyreError } from '../../contract/errors';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** Where a node sits in the text (0-based, end exclusive) and how deep it nests. */
interface Span {
  start: number;
  end: number;
  depth: number;
}

export type Expr = Span &
  (
    | { kind: 'number'; value: number; /** The exact value when written as whole digits that fit 64 bits. */ integer: bigint | null }
    | { kind: 'string'; value: string }
    | { kind: 'boolean'; value: boolean }
    | { kind: 'null' }
    | { kind: 'column'; name: string }
    | { kind: 'negate'; operand: Expr }
    | { kind: 'not'; operand: Expr }
    | { kind: 'arithmetic'; op: ArithmeticOp; left: Expr; right: Expr; opStart: number }
    | { kind: 'logical'; op: 'and' | 'or'; left: Expr; right: Expr; opStart: number }
    | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr; opStart: number }
    | { kind: 'in'; negated: boolean; operand: Expr; items: Expr[]; opStart: number }
    | { kind: 'between'; negated: boolean; operand: Expr; low: Expr; high: Expr; opStart: number }
    | { kind: 'is_missing'; negated: boolean; operand: Expr }
    | { kind: 'call'; /** Lower-cased. */ name: string; args: Expr[] }
  );

/** Deeper expressions are refused: the SQL they become must stay inside DuckDB's expression depth limit (1000). */
export const MAX_DEPTH = 120;
/** Parentheses and right operands recurse without deepening the tree; this bounds the parser's own stack. */
const MAX_NESTING = 4 * MAX_DEPTH;

/** Throws the VALIDATION error every problem in an expression becomes: a sentence, the place, and a hint. */
export function fail(what: string, position: number, hint?: string, column?: string): never {
  const message = `${what} (at character ${position}).${hint ? ` ${hint}` : ''}`;
  throw new GyreError('VALIDATION', message, column === undefined ? { position } : { position, column });
}

type TokenKind = 'number' | 'string' | 'word' | 'quoted' | 'op' | 'end';
interface Token {
  kind: TokenKind;
  /** The source text, or for strings and quoted names their value. */
  text: string;
  start: number;
  end: number;
}

const OPERATORS = ['==', '!=', '<>', '<=', '>=', '&&', '||', '=', '<', '>', '+', '-', '*', '/', '%', '!', '(', ')', ','];
/** A bare name: letters of any alphabet (with their accents), digits and _, not starting with a digit. */
const NAME = /[\p{L}_][\p{L}\p{M}\p{N}_]*/uy;
const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const NAME_PART = /[\p{L}\p{M}\p{N}_.]/u;

/** The match of a sticky regex at `i`, or null. */
function matchAt(re: RegExp, text: string, i: number): string | null {
  re.lastIndex = i;
  return re.exec(text)?.[0] ?? null;
}

function lex(text: string): Token[] {
  // DuckDB reads SQL as a C string: a NUL would end it early.
  if (text.includes('\0')) fail('The expression contains a NUL character', text.indexOf('\0'));
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const number = matchAt(NUMBER, text, i);
    const name = number === null ? matchAt(NAME, text, i) : null;
    if (number !== null) {
      const end = i + number.length;
      if (NAME_PART.test(text.charAt(end))) {
        fail(`"${text.slice(i, end + 1)}" is not a number`, i, 'Put an operator between a number and a name, e.g. 2 * x.');
      }
      tokens.push({ kind: 'number', text: number, start: i, end });
      i = end;
    } else if (c === "'" || c === '"' || c === '`') {
      const { value, end } = readQuoted(text, i);
      tokens.push({ kind: c === '`' ? 'quoted' : 'string', text: value, start: i, end });
      i = end;
    } else if (name !== null) {
      tokens.push({ kind: 'word', text: name, start: i, end: i + name.length });
      i += name.length;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (!op || text.startsWith('**', i)) unexpectedCharacter(text, i);
      tokens.push({ kind: 'op', text: op, start: i, end: i + op.length });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

/** A '…', "…" or `…` run; the quote character is escaped by doubling it (backslashes are ordinary characters). */
function readQuoted(text: string, start: number): { value: string; end: number } {
  const quote = text.charAt(start);
  let value = '';
  let i = start + 1;
  for (;;) {
    const next = text.indexOf(quote, i);
    if (next < 0) {
      const what = quote === '`' ? 'column name' : 'text';
      const example = quote === '`' ? '`a``b` is the column a`b' : `${quote}it${quote}${quote}s${quote} is the text it${quote}s`;
      fail(`The ${what} that starts here has no closing ${quote}`, start, `To put a ${quote} inside, double it: ${example}.`);
    }
    value += text.slice(i, next);
    if (text.charAt(next + 1) !== quote) return { value, end: next + 1 };
    value += quote;
    i = next + 2;
  }
}

function unexpectedCharacter(text: string, i: number): never {
  const c = String.fromCodePoint(text.codePointAt(i)!);
  const hints: Record<string, string> = {
    '&': 'Write "and" or "&&".',
    '|': 'Write "or" or "||".',
    '^': 'Write pow(x, y) for a power.',
    '*': 'Write pow(x, y) for a power.',
    ';': 'An expression is a single formula; it cannot hold statements.',
  };
  fail(`Unexpected character "${c}"`, i, hints[c]);
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'between', 'is', 'true', 'false', 'null', 'missing']);
const COMPARE: Record<string, CompareOp> = { '==': '==', '=': '==', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const ARITHMETIC: Record<string, { op: ArithmeticOp; power: number }> = {
  '+': { op: '+', power: 50 },
  '-': { op: '-', power: 50 },
  '*': { op: '*', power: 60 },
  '/': { op: '/', power: 60 },
  '%': { op: '%', power: 60 },
};
// Binding powers, loosest first: or 10 · and 20 · not 30 · comparisons 40 · + - 50 · * / % 60 · unary minus 70.
const COMPARISON_POWER = 40;

/** Parses `text` into an AST, or throws a VALIDATION error with the position of the first problem. */
export function parseExpression(text: string): Expr {
  return new Parser(text).parseAll();
}

type WithoutSpan<T> = T extends unknown ? Omit<T, keyof Span> : never;
type NodeBody = WithoutSpan<Expr>;

class Parser {
  private readonly tokens: Token[];
  private readonly last: Token;
  private i = 0;
  /** The token `next` returned last. */
  private previous: Token;
  private nesting = 0;

  constructor(private readonly text: string) {
    this.tokens = lex(text);
    this.last = this.tokens[this.tokens.length - 1] ?? { kind: 'end', text: '', start: text.length, end: text.length };
    this.previous = this.last;
  }

  parseAll(): Expr {
    if (this.peek().kind === 'end') fail('Write an expression', 0);
    const expr = this.expression(0);
    const t = this.peek();
    if (t.kind === 'end') return expr;
    if (this.isOp(t, ')')) fail('This ")" has no matching "("', t.start);
    fail(`Unexpected ${describeToken(t)} after a complete expression`, t.start, 'Is an operator such as "and" or "+" missing?');
  }

  private peek(ahead = 0): Token {
    return this.tokens[this.i + ahead] ?? this.last;
  }

  private next(): Token {
    this.previous = this.peek();
    this.i = Math.min(this.i + 1, this.tokens.length - 1);
    return this.previous;
  }

  private isOp(t: Token, op: string): boolean {
    return t.kind === 'op' && t.text === op;
  }

  private isWord(t: Token, word: string): boolean {
    return t.kind === 'word' && t.text.toLowerCase() === word;
  }

  private node(body: NodeBody, start: number, end: number, children: Expr[]): Expr {
    const depth = 1 + children.reduce((deepest, c) => Math.max(deepest, c.depth), 0);
    if (depth > MAX_DEPTH) fail('This expression nests too deeply', start, 'Split it into several derive steps.');
    return { ...body, start, end, depth } as Expr;
  }

  private expression(minPower: number): Expr {
    if (++this.nesting > MAX_NESTING) fail('This expression nests too deeply', this.peek().start, 'Split it into several derive steps.');
    let left = this.prefix();
    let compared = false;
    for (;;) {
      const t = this.peek();
      const arithmetic = t.kind === 'op' ? ARITHMETIC[t.text] : undefined;
      const logical = this.isWord(t, 'or') || this.isOp(t, '||') ? 'or' : this.isWord(t, 'and') || this.isOp(t, '&&') ? 'and' : null;
      if (arithmetic && arithmetic.power > minPower) {
        this.next();
        const right = this.expression(arithmetic.power);
        left = this.node({ kind: 'arithmetic', op: arithmetic.op, left, right, opStart: t.start }, left.start, right.end, [left, right]);
      } else if (logical && (logical === 'or' ? 10 : 20) > minPower) {
        this.next();
        const right = this.expression(logical === 'or' ? 10 : 20);
        left = this.node({ kind: 'logical', op: logical, left, right, opStart: t.start }, left.start, right.end, [left, right]);
      } else if (COMPARISON_POWER > minPower && this.startsComparison()) {
        if (compared) fail('Comparisons cannot be chained', t.start, 'Write a < b and b < c.');
        left = this.comparison(left);
        compared = true;
      } else {
        break;
      }
    }
    this.nesting--;
    return left;
  }

  private startsComparison(): boolean {
    const t = this.peek();
    if (t.kind === 'op') return t.text in COMPARE;
    if (this.isWord(t, 'not')) return this.isWord(this.peek(1), 'in') || this.isWord(this.peek(1), 'between');
    return this.isWord(t, 'in') || this.isWord(t, 'between') || this.isWord(t, 'is');
  }

  private comparison(left: Expr): Expr {
    const t = this.next();
    const op = t.kind === 'op' ? COMPARE[t.text] : undefined;
    if (op) {
      const right = this.expression(COMPARISON_POWER);
      return this.node({ kind: 'compare', op, left, right, opStart: t.start }, left.start, right.end, [left, right]);
    }
    if (this.isWord(t, 'is')) return this.isMissing(left);
    const negated = this.isWord(t, 'not');
    const word = negated ? this.next() : t;
    if (this.isWord(word, 'in')) {
      const open = this.next();
      if (!this.isOp(open, '(')) fail('"in" needs a list in parentheses', open.start, "Write e.g. country in ('FR', 'DE').");
      const items = this.list(open, 'list');
      return this.node({ kind: 'in', negated, operand: left, items, opStart: t.start }, left.start, this.previous.end, [left, ...items]);
    }
    const low = this.expression(COMPARISON_POWER);
    const and = this.next();
    if (!this.isWord(and, 'and')) fail(`"between" needs "and" here, but found ${describeToken(and)}`, and.start, 'Write e.g. age between 18 and 65.');
    const high = this.expression(COMPARISON_POWER);
    return this.node({ kind: 'between', negated, operand: left, low, high, opStart: t.start }, left.start, high.end, [left, low, high]);
  }

  private isMissing(left: Expr): Expr {
    const negated = this.isWord(this.peek(), 'not');
    if (negated) this.next();
    const t = this.next();
    if (!this.isWord(t, 'missing') && !this.isWord(t, 'null')) {
      fail(`"is" must be followed by missing or not missing, but found ${describeToken(t)}`, t.start, 'Compare values with ==.');
    }
    return this.node({ kind: 'is_missing', negated, operand: left }, left.start, t.end, [left]);
  }

  private prefix(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return this.number(t);
      case 'string':
        return this.node({ kind: 'string', value: t.text }, t.start, t.end, []);
      case 'quoted':
        if (t.text === '') fail('A column name cannot be empty', t.start);
        return this.node({ kind: 'column', name: t.text }, t.start, t.end, []);
      case 'word':
        return this.word(t);
      case 'op':
        return this.operatorPrefix(t);
      case 'end':
        return fail('The expression ends where a value was expected', t.start);
      default:
        throw new Error(`Unknown token ${JSON.stringify(t)}`);
    }
  }

  private number(t: Token): Expr {
    const value = Number(t.text);
    if (!Number.isFinite(value)) fail(`The number ${t.text} is too large`, t.start);
    const whole = /^[0-9]+$/.test(t.text) ? BigInt(t.text) : null;
    const integer = whole !== null && whole <= 2n ** 63n - 1n ? whole : null;
    return this.node({ kind: 'number', value, integer }, t.start, t.end, []);
  }

  private word(t: Token): Expr {
    const lower = t.text.toLowerCase();
    if (this.isOp(this.peek(), '(') && !KEYWORDS.has(lower)) {
      const args = this.list(this.next(), lower);
      return this.node({ kind: 'call', name: lower, args }, t.start, this.previous.end, args);
    }
    if (lower === 'true' || lower === 'false') return this.node({ kind: 'boolean', value: lower === 'true' }, t.start, t.end, []);
    if (lower === 'null' || lower === 'missing') return this.node({ kind: 'null' }, t.start, t.end, []);
    if (lower === 'not') {
      const operand = this.expression(30);
      return this.node({ kind: 'not', operand }, t.start, operand.end, [operand]);
    }
    if (KEYWORDS.has(lower)) fail(`Unexpected "${t.text}" where a value was expected`, t.start, `A column named ${t.text} is written \`${t.text}\`.`);
    return this.node({ kind: 'column', name: t.text }, t.start, t.end, []);
  }

  private operatorPrefix(t: Token): Expr {
    if (t.text === '(') {
      const inner = this.expression(0);
      const close = this.next();
      if (!this.isOp(close, ')')) {
        if (close.kind === 'end') fail('This "(" is never closed', t.start);
        fail(`Expected ")" but found ${describeToken(close)}`, close.start);
      }
      return { ...inner, start: t.start, end: close.end };
    }
    if (t.text === '-' || t.text === '+') {
      const operand = this.expression(70);
      if (t.text === '+') return operand;
      return this.node({ kind: 'negate', operand }, t.start, operand.end, [operand]);
    }
    if (t.text === '!') {
      const operand = this.expression(30);
      return this.node({ kind: 'not', operand }, t.start, operand.end, [operand]);
    }
    return fail(`Unexpected "${t.text}" where a value was expected`, t.start);
  }

  /** Comma-separated expressions up to the ")" matching `open`, for a function's arguments or an `in` list. */
  private list(open: Token, of: string): Expr[] {
    const items: Expr[] = [];
    if (this.isOp(this.peek(), ')') && of !== 'list') {
      this.next();
      return items;
    }
    for (;;) {
      items.push(this.expression(0));
      const t = this.next();
      if (this.isOp(t, ')')) return items;
      if (!this.isOp(t, ',')) {
        if (t.kind === 'end') fail('This "(" is never closed', open.start);
        const where = of === 'list' ? 'the list' : `the arguments of ${of}`;
        fail(`Expected "," or ")" in ${where}, but found ${describeToken(t)}`, t.start);
      }
    }
  }
}

/** A column name as the user would type it: bare when it can be, else in backquotes. */
export function asWritten(name: string): string {
  const bare = matchAt(NAME, name, 0) === name && !KEYWORDS.has(name.toLowerCase());
  return bare ? name : `\`${name.replace(/`/g, '``')}\``;
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?)?$/;

/** Reads 'YYYY-MM-DD[ HH:MM[:SS[.ffffff]]]' (or with a T) as a real calendar date; null if it is not one. */
export function readDate(value: string): { date: string; time: string | null } | null {
  const m = DATE_TEXT.exec(value.trim());
  if (!m) return null;
  const [, y = '', mo = '', d = '', h, mi, s = '00', fraction = ''] = m;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (year < 1 || days === undefined || day < 1 || day > days) return null;
  if (h === undefined || mi === undefined) return { date: `${y}-${mo}-${d}`, time: null };
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return { date: `${y}-${mo}-${d}`, time: `${h}:${mi}:${s}${fraction}` };
}

function describeToken(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end of the expression';
    case 'string':
      return `'${t.text.length > 20 ? `${t.text.slice(0, 20)}…` : t.text}'`;
    case 'quoted':
      return `\`${t.text}\``;
    default:
      return `"${t.text}"`;
  }
}
