/**
 * The fitted preprocessing as ONNX nodes: one graph input per raw column used, ending in one float tensor
 * `[N, F]` whose columns are `featureNames` in order — what the estimator part of the graph reads.
 *
 * Inputs: float32 `[N, 1]` for numbers and booleans (NaN = missing); double `[N, 1]` epoch milliseconds (UTC)
 * for datetimes, because float32 cannot hold them to the minute; string `[N, 1]` for categories, with the
 * empty string meaning missing. ±Infinity in a number, boolean or date input counts as missing.
 */
import { attr, COLUMN_CONSTANT, ML_DOMAIN, type GraphBuilder } from '../onnx/graph';
import { MISSING_LEVEL, type FittedPreprocessor, type FittedStep } from './fit';
import type { DatePart } from './plan';

const DAY_MS = 86_400_000;

export interface RawInput {
  column: string;
  elemType: 'float' | 'double' | 'string';
}

/** The graph inputs a fitted preprocessor reads, one per column it does not drop, in plan order. */
export function rawInputs(fitted: FittedPreprocessor): RawInput[] {
  return fitted.steps
    .filter((s) => s.action !== 'drop')
    .map((s) => ({ column: s.column, elemType: s.action === 'categorical' ? 'string' : s.action === 'datetime' ? 'double' : 'float' }));
}

/** Small arithmetic helpers over one graph; every constant becomes an initializer shaped as COLUMN_CONSTANT. */
function ops(g: GraphBuilder) {
  const f32 = (v: number) => g.floats('c', [v], COLUMN_CONSTANT);
  const f64 = (v: number) => g.initializer('c', { type: 'double', values: [v] }, COLUMN_CONSTANT);
  return {
    f32,
    f64,
    isNaN: (x: string) => g.op('IsNaN', [x]),
    where: (cond: string, a: string, b: string) => g.op('Where', [cond, a, b]),
    cast: (x: string, to: number) => g.op('Cast', [x], [attr.int('to', to)]),
    floor: (x: string) => g.op('Floor', [x]),
    add: (a: string, b: string) => g.op('Add', [a, b]),
    sub: (a: string, b: string) => g.op('Sub', [a, b]),
    mul: (a: string, b: string) => g.op('Mul', [a, b]),
    div: (a: string, b: string) => g.op('Div', [a, b]),
  };
}

const FLOAT = 1;
const BOOL_TO_FLOAT = FLOAT;

function numeric(g: GraphBuilder, x: string, step: Extract<FittedStep, { action: 'numeric' }>): string[] {
  const o = ops(g);
  const missing = o.isNaN(x);
  let v = x;
  // Clip's bounds must be scalars (ONNX); Clip does not broadcast, so they cost nothing per row.
  if (Number.isFinite(step.clipLow) || Number.isFinite(step.clipHigh)) v = g.op('Clip', [x, g.floats('c', [step.clipLow], []), g.floats('c', [step.clipHigh], [])]);
  // Missing → fill (or stays NaN); present → clipped: what transform.ts computes.
  v = o.where(missing, o.f32(step.fill ?? NaN), v);
  if (step.center !== 0) v = o.sub(v, o.f32(step.center));
  if (step.scale !== 1) v = o.div(v, o.f32(step.scale));
  return step.indicator ? [v, o.cast(missing, FLOAT)] : [v];
}

function boolean(g: GraphBuilder, x: string, step: Extract<FittedStep, { action: 'boolean' }>): string[] {
  const o = ops(g);
  const truthy = o.cast(g.op('Not', [g.op('Equal', [x, o.f32(0)])]), BOOL_TO_FLOAT);
  return [o.where(o.isNaN(x), o.f32(step.fill ?? NaN), truthy)];
}

/** Level → code with LabelEncoder; "" (missing) maps like transform.ts maps a missing value. */
function categorical(g: GraphBuilder, x: string, step: Extract<FittedStep, { action: 'categorical' }>): string[] {
  const other = step.levels.length;
  const codeOf = new Map(step.levels.map((l, k) => [l, k]));
  const missingCode = codeOf.get(MISSING_LEVEL) ?? (step.fill !== null ? (codeOf.get(step.fill) ?? other) : null);
  const keys = step.levels.filter((l) => l !== MISSING_LEVEL);
  const values = keys.map((l) => codeOf.get(l)!);
  // A missing value with no fill: NaN for an ordinal code, no active column for one-hot (code past the end).
  const ordinal = step.encode === 'ordinal';
  const missingValue = missingCode ?? (ordinal ? NaN : other + 1);
  keys.push('');
  values.push(missingValue);
  if (ordinal) {
    const code = g.op('LabelEncoder', [x], [attr.strings('keys_strings', keys), attr.floats('values_floats', values), attr.float('default_float', other)], 'code', ML_DOMAIN);
    return [code];
  }
  const code = g.op('LabelEncoder', [x], [attr.strings('keys_strings', keys), attr.ints('values_int64s', values), attr.int('default_int64', other)], 'code', ML_DOMAIN);
  const depth = other + 1;
  // OneHot of [N, 1] indices is [N, 1, depth]; an index equal to depth activates nothing.
  const hot = g.op('OneHot', [code, g.int64s('depth', [depth], []), g.floats('off_on', [0, 1])], [attr.int('axis', -1)]);
  return [g.op('Reshape', [hot, g.int64s('shape', [-1, depth])])];
}

/** Date parts of epoch milliseconds in double arithmetic: days since epoch → civil date (H. Hinnant's algorithm). */
function datetime(g: GraphBuilder, x: string, step: Extract<FittedStep, { action: 'datetime' }>): string[] {
  const o = ops(g);
  const c = o.f64;
  const floorDiv = (a: string, b: number) => o.floor(o.div(a, c(b)));
  const days = floorDiv(x, DAY_MS);
  let civil: { year: string; month: string } | null = null;
  const civilDate = () => {
    if (civil) return civil;
    const z = o.add(days, c(719_468));
    const era = floorDiv(z, 146_097);
    const doe = o.sub(z, o.mul(era, c(146_097)));
    const yoe = floorDiv(o.sub(o.add(o.sub(doe, floorDiv(doe, 1460)), floorDiv(doe, 36_524)), floorDiv(doe, 146_096)), 365);
    const doy = o.sub(doe, o.sub(o.add(o.mul(yoe, c(365)), floorDiv(yoe, 4)), floorDiv(yoe, 100)));
    const mp = floorDiv(o.add(o.mul(doy, c(5)), c(2)), 153);
    const early = g.op('Less', [mp, c(10)]);
    const month = o.where(early, o.add(mp, c(3)), o.sub(mp, c(9)));
    const yearBase = o.add(yoe, o.mul(era, c(400)));
    const year = o.add(yearBase, o.cast(g.op('LessOrEqual', [month, c(2)]), 11));
    civil = { year, month };
    return civil;
  };
  const part = (p: DatePart): string => {
    switch (p) {
      case 'days':
        return days;
      case 'dayofweek': {
        const shifted = o.add(days, c(3));
        return o.sub(shifted, o.mul(floorDiv(shifted, 7), c(7)));
      }
      case 'hour':
        return floorDiv(o.sub(x, o.mul(days, c(DAY_MS))), 3_600_000);
      case 'year':
        return civilDate().year;
      case 'month':
        return civilDate().month;
      default: {
        const unknown: never = p;
        throw new Error(`Unknown date part ${String(unknown)}`);
      }
    }
  };
  const missing = step.fills ? o.isNaN(x) : null;
  return step.parts.map((p, i) => {
    const value = o.cast(part(p), FLOAT);
    return missing ? o.where(missing, o.f32(step.fills![i]!), value) : value;
  });
}

/** Adds inputs named after the raw columns and the preprocessing nodes; returns the `[N, F]` features value. */
export function addPreprocessing(g: GraphBuilder, fitted: FittedPreprocessor): string {
  const pieces: string[] = [];
  for (const step of fitted.steps) {
    if (step.action === 'drop') continue;
    const input = rawInputs({ steps: [step], featureNames: [] })[0]!;
    const raw = g.input(step.column, input.elemType, ['N', 1]);
    // ±Infinity is a missing value, as it is when Gyre imports a file (and in transform.ts): the file treats a
    // value it can never have been trained on the same way wherever it runs.
    const x = input.elemType === 'string' ? raw : g.op('Where', [g.op('IsInf', [raw]), g.initializer('c', { type: input.elemType, values: [NaN] }, COLUMN_CONSTANT), raw], [], `${step.column}_finite`);
    if (step.action === 'numeric') pieces.push(...numeric(g, x, step));
    else if (step.action === 'boolean') pieces.push(...boolean(g, x, step));
    else if (step.action === 'categorical') pieces.push(...categorical(g, x, step));
    else pieces.push(...datetime(g, x, step));
  }
  if (pieces.length === 0) throw new Error('Every feature was dropped: there is nothing to predict from.');
  return pieces.length === 1 ? g.op('Identity', pieces, [], 'features') : g.op('Concat', pieces, [attr.int('axis', 1)], 'features');
}
