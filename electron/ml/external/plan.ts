/**
 * The user's mapping of an imported model checked against the model and the dataset version: every input fed by
 * columns whose values it can take, the outputs that give Gyre's `probabilities` or `prediction`, and one dataset
 * class per model class. Each refusal is a sentence naming the input, column or output. Pure.
 */
import type { ColumnSchema } from '../../contract/datasets';
import { GyreError } from '../../contract/errors';
import type { ExternalValue, InputMapping, OutputMapping } from '../../contract/imports';
import type { ModelTask } from '../../contract/runs';
import { inputWidth } from './propose';
import { NUMERIC_ELEM_TYPES, type ExternalModel } from './read-model';

/** A dataset column as the wrapper takes it: Gyre's own input types (numbers float32, dates double epoch ms, categories string). */
export interface WrapperColumn {
  name: string;
  semanticType: ColumnSchema['semanticType'];
  elemType: 'float' | 'double' | 'string';
}

export interface ResolvedInput {
  input: ExternalValue;
  /** In the order the model takes them. */
  columns: WrapperColumn[];
}

export interface ImportPlan {
  task: ModelTask;
  target: string;
  inputs: ResolvedInput[];
  /** Every mapped column once, in the order first mapped: the wrapper's inputs. */
  columns: WrapperColumn[];
  outputs: OutputMapping;
  /** Per model class (the model's order), the dataset's class; null for regression. */
  classLabels: string[] | null;
  /** The same classes in Gyre's order (sorted, numbers as numbers): the run's class labels and probability columns. */
  runClassLabels: string[] | null;
}

export interface PlanRequest {
  target: string;
  task: ModelTask;
  mapping: InputMapping[];
  outputs: OutputMapping;
  classLabels: string[] | null;
}

/** Names of the wrapper's outputs: a column of the same name could not also be an input. */
const OUTPUT_NAMES = ['label', 'probabilities', 'prediction'];

function invalid(message: string, details: Record<string, unknown>): never {
  throw new GyreError('VALIDATION', message, details);
}

export function wrapperColumn(c: ColumnSchema): WrapperColumn {
  const elemType = c.semanticType === 'datetime' ? 'double' : ['integer', 'float', 'boolean'].includes(c.semanticType) ? 'float' : 'string';
  return { name: c.name, semanticType: c.semanticType, elemType };
}

/** Gyre's order of classes: as `encodeTarget` sorts them (numerically for a numeric target). */
export function sortClasses(labels: readonly string[], numeric: boolean): string[] {
  return [...labels].sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
}

function resolveInputs(model: ExternalModel, columns: ColumnSchema[], target: string, mapping: InputMapping[]): ResolvedInput[] {
  for (const m of mapping) {
    if (!model.inputs.some((i) => i.name === m.input)) invalid(`The model has no input "${m.input}" (it takes ${model.inputs.map((i) => `"${i.name}"`).join(', ')}).`, { field: 'mapping', input: m.input });
  }
  return model.inputs.map((input) => {
    const names = mapping.filter((m) => m.input === input.name).map((m) => m.column);
    if (names.length === 0) invalid(`The model's input "${input.name}" is not mapped to any column; say which column${input.shape?.length === 2 && input.shape[1] !== 1 ? 's' : ''} it takes.`, { field: 'mapping', input: input.name });
    const rank = input.shape?.length ?? 2;
    if (rank < 1 || rank > 2) invalid(`The model's input "${input.name}" has ${rank} dimensions; Gyre feeds inputs of shape [N] or [N, columns].`, { field: 'mapping', input: input.name });
    const width = inputWidth(input);
    if ((rank === 1 && names.length !== 1) || (width !== null && names.length !== width)) {
      invalid(`The model's input "${input.name}" takes ${rank === 1 ? 1 : width} column${(rank === 1 ? 1 : width) === 1 ? '' : 's'}; ${names.length} ${names.length === 1 ? 'is' : 'are'} mapped to it (${names.join(', ')}).`, { field: 'mapping', input: input.name });
    }
    const resolved = names.map((name) => {
      const column = columns.find((c) => c.name === name);
      if (!column) invalid(`This dataset version has no column "${name}" (mapped to the model's input "${input.name}").`, { field: 'mapping', column: name });
      if (name === target) invalid(`The target "${target}" cannot also feed the model's input "${input.name}".`, { field: 'mapping', column: name });
      if (OUTPUT_NAMES.includes(name)) invalid(`The column "${name}" has the name of an output of Gyre's model file (${OUTPUT_NAMES.join(', ')}); rename the column to use it.`, { field: 'mapping', column: name });
      const wrapped = wrapperColumn(column);
      const numericInput = NUMERIC_ELEM_TYPES.includes(input.elemType!);
      if (numericInput && wrapped.elemType === 'string') invalid(`The column "${name}" holds ${column.semanticType} text; it cannot feed the model's ${input.elemType} input "${input.name}".`, { field: 'mapping', column: name });
      if (!numericInput && wrapped.elemType !== 'string') invalid(`The column "${name}" holds ${column.semanticType} values; the model's input "${input.name}" takes strings (categories).`, { field: 'mapping', column: name });
      return wrapped;
    });
    return { input, columns: resolved };
  });
}

function output(model: ExternalModel, name: string | undefined, role: string): ExternalValue {
  if (!name) invalid(`Say which of the model's outputs (${model.outputs.map((o) => `"${o.name}"`).join(', ')}) gives the ${role}.`, { field: 'outputs' });
  const found = model.outputs.find((o) => o.name === name);
  if (!found) invalid(`The model has no output "${name}" (it has ${model.outputs.map((o) => `"${o.name}"`).join(', ')}).`, { field: 'outputs', output: name });
  if (found.elemType !== 'float' && found.elemType !== 'double') invalid(`The output "${name}" is ${found.type}; the ${role} must be a float or double tensor.`, { field: 'outputs', output: name });
  return found;
}

function resolveClasses(model: ExternalModel, request: PlanRequest, numericTarget: boolean): Pick<ImportPlan, 'classLabels' | 'runClassLabels'> {
  if (request.task === 'regression') {
    const prediction = output(model, request.outputs.prediction, 'prediction');
    const shape = prediction.shape;
    if (shape && (shape.length > 2 || (shape.length === 2 && typeof shape[1] === 'number' && shape[1] !== 1))) invalid(`The output "${prediction.name}" has shape [${shape.join(', ')}]; a regression prediction is one value per row ([N] or [N, 1]).`, { field: 'outputs', output: prediction.name });
    return { classLabels: null, runClassLabels: null };
  }
  const probabilities = output(model, request.outputs.probabilities, 'class probabilities');
  if (probabilities.shape && probabilities.shape.length !== 2) invalid(`The output "${probabilities.name}" has ${probabilities.shape.length} dimensions; class probabilities are [N, classes].`, { field: 'outputs', output: probabilities.name });
  const labels = request.classLabels;
  if (!labels) invalid('Say which of the target\'s classes each of the model\'s classes is (classLabels, in the model\'s class order).', { field: 'classLabels' });
  const k = probabilities.shape?.[1];
  if (typeof k === 'number' && labels.length !== k) invalid(`The output "${probabilities.name}" gives ${k} class probabilities; ${labels.length} class labels were given.`, { field: 'classLabels' });
  if (new Set(labels).size !== labels.length) invalid(`Each of the model's classes must be a different class of the target; got ${labels.join(', ')}.`, { field: 'classLabels' });
  if (request.task === 'binary' && labels.length !== 2) invalid(`Binary classification needs exactly 2 classes; the model has ${labels.length}. Import it as multiclass.`, { field: 'task' });
  if (request.task === 'multiclass' && labels.length < 3) invalid('This model has 2 classes; import it as binary.', { field: 'task' });
  return { classLabels: [...labels], runClassLabels: sortClasses(labels, numericTarget) };
}

export function resolvePlan(model: ExternalModel, columns: ColumnSchema[], request: PlanRequest): ImportPlan {
  const target = columns.find((c) => c.name === request.target);
  if (!target) invalid(`This dataset version has no column "${request.target}".`, { field: 'target' });
  const numericTarget = ['integer', 'float'].includes(target.semanticType);
  const inputs = resolveInputs(model, columns, request.target, request.mapping);
  const seen = new Map<string, WrapperColumn>();
  for (const i of inputs) for (const c of i.columns) if (!seen.has(c.name)) seen.set(c.name, c);
  return { task: request.task, target: request.target, inputs, columns: [...seen.values()], outputs: request.outputs, ...resolveClasses(model, request, numericTarget) };
}
