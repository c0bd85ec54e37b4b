/**
 * Search spaces: each model kind's default ranges, a user's space laid over them (checked against what the model
 * takes), and seeded sampling of one configuration. Pure.
 */
import { GyreError } from '../../contract/errors';
import { MODEL_NAMES, TrainParams, type ModelKind } from '../../contract/runs';
import { DEFAULT_SPACES, TUNABLE_PARAMS, type Dimension, type SearchSpace, type TunableParam } from '../../contract/studies';

export { DEFAULT_SPACES };
import type { Random } from '../random';

/** The hyperparameters each model reads from TrainParams, in the order they are sampled. */
const PARAMS_OF: Record<ModelKind, readonly TunableParam[]> = {
  baseline: [],
  linear: ['l2', 'epochs'],
  tree: ['depth', 'minLeaf'],
  rf: ['trees', 'depth', 'minLeaf'],
  gbdt: ['trees', 'depth', 'learningRate', 'minLeaf'],
  mlp: ['hidden', 'alpha', 'mlpLearningRate', 'batchSize', 'epochs'],
  imported: [],
};

/** Parameters that take whole numbers, and the one that takes a list of layer sizes. */
const INTEGER: ReadonlySet<TunableParam> = new Set(['trees', 'depth', 'minLeaf', 'epochs', 'batchSize']);

function refuse(param: string, sentence: string): never {
  throw new GyreError('VALIDATION', `Search space, "${param}": ${sentence}`, { field: `space.${param}` });
}

/** One value must be one TrainParams takes; the schema holds the limits, the sentence says which value broke them. */
function checkValue(param: TunableParam, value: unknown): void {
  const parsed = TrainParams.shape[param].safeParse(value);
  if (!parsed.success) refuse(param, `${JSON.stringify(value)} is not a value it takes (${parsed.error.issues[0]!.message.replace(/\.$/, '')}).`);
}

function checkDimension(param: TunableParam, d: Dimension): void {
  if (d.type === 'choice') {
    for (const v of d.values) {
      if (param === 'hidden' ? !Array.isArray(v) : Array.isArray(v)) refuse(param, param === 'hidden' ? `each choice is a list of layer sizes, like [64] or [128, 64]; ${JSON.stringify(v)} is not.` : `each choice is a number; ${JSON.stringify(v)} is a list.`);
      checkValue(param, v);
    }
    return;
  }
  if (param === 'hidden') refuse(param, 'layer sizes are searched as a choice, like {"type": "choice", "values": [[64], [128, 64]]}.');
  if (d.type === 'float' && INTEGER.has(param)) refuse(param, `it takes whole numbers, so its range is {"type": "int", …}, not "float".`);
  if (d.low > d.high) refuse(param, `the low end (${d.low}) is above the high end (${d.high}).`);
  if (d.log && d.low <= 0) refuse(param, `a log-scale range must start above 0; it starts at ${d.low}.`);
  if (d.type === 'int' && !(Number.isInteger(d.low) && Number.isInteger(d.high))) refuse(param, `an "int" range has whole-number ends; got ${d.low} to ${d.high}.`);
  checkValue(param, d.low);
  checkValue(param, d.high);
}

/**
 * The space a study searches: the model's defaults with the user's dimensions laid over them, parameter by
 * parameter. Refuses, in a sentence, a parameter the model does not use and a range outside what it takes.
 */
export function resolveSpace(model: ModelKind, override: SearchSpace = {}): SearchSpace {
  const own = PARAMS_OF[model];
  if (own.length === 0) throw new GyreError('VALIDATION', `${MODEL_NAMES[model]} has no hyperparameters to tune.`, { field: 'model' });
  for (const param of Object.keys(override)) {
    if (!(TUNABLE_PARAMS as readonly string[]).includes(param)) refuse(param, `no model has this setting; tunable settings are ${TUNABLE_PARAMS.join(', ')}.`);
    if (!own.includes(param as TunableParam)) refuse(param, `${MODEL_NAMES[model]} does not use it; its space takes ${own.join(', ')}.`);
  }
  const space: SearchSpace = {};
  for (const param of own) {
    const d = override[param] ?? DEFAULT_SPACES[model][param];
    if (!d) continue;
    checkDimension(param, d);
    space[param] = d;
  }
  return space;
}

/** Six significant digits: a sampled learning rate reads 0.0423517, not 0.04235171234567. */
const tidy = (x: number) => Number(x.toPrecision(6));

function sampleDimension(d: Dimension, random: Random): number | number[] {
  switch (d.type) {
    case 'choice':
      return d.values[random.int(d.values.length)]!;
    case 'int': {
      if (!d.log) return d.low + random.int(d.high - d.low + 1);
      // Uniform in log over [low, high + 1) then floored: each integer gets its log-width share.
      const x = Math.floor(Math.exp(Math.log(d.low) + random.next() * (Math.log(d.high + 1) - Math.log(d.low))));
      return Math.min(d.high, Math.max(d.low, x));
    }
    case 'float':
      return tidy(d.log ? Math.exp(Math.log(d.low) + random.next() * (Math.log(d.high) - Math.log(d.low))) : d.low + random.next() * (d.high - d.low));
    default: {
      const unknown: never = d;
      throw new GyreError('VALIDATION', `Unknown dimension ${JSON.stringify(unknown)}.`, { field: 'space' });
    }
  }
}

/** One configuration: every parameter of the space drawn in a fixed order, so a seed gives the same sequence. */
export function sampleConfig(space: SearchSpace, random: Random): TrainParams {
  const config: Record<string, unknown> = {};
  for (const param of TUNABLE_PARAMS) {
    const d = space[param];
    if (d) config[param] = sampleDimension(d, random);
  }
  return config as TrainParams;
}
