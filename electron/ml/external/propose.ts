/**
 * What Gyre proposes for an imported model before the user confirms it: which output is which, the task, which
 * dataset column feeds each input (by name, exact then case-insensitive; a single [N, F] input takes the numeric
 * columns in the dataset's order when F matches) and the dataset's class for each of the model's classes. Pure.
 */
import type { ColumnSchema } from '../../contract/datasets';
import type { ExternalValue, ImportProposal, InputMapping, OutputMapping } from '../../contract/imports';
import type { ModelTask } from '../../contract/runs';
import type { ExternalModel } from './read-model';

const NUMERIC_COLUMNS = ['integer', 'float', 'boolean'];
const FLOATS = ['float', 'double'];

/** Whether an input takes several columns side by side: a rank-2 tensor whose second dimension is not 1. */
export function isMatrixInput(input: ExternalValue): boolean {
  return input.shape !== null && input.shape.length === 2 && input.shape[1] !== 1;
}

/** The fixed width of a matrix input, or null when the file leaves it open. */
export function inputWidth(input: ExternalValue): number | null {
  const last = input.shape?.[1];
  return typeof last === 'number' ? last : null;
}

function isProbabilities(o: ExternalValue): boolean {
  return FLOATS.includes(o.elemType ?? '') && o.shape !== null && o.shape.length === 2 && o.shape[1] !== 1;
}

function isLabel(o: ExternalValue): boolean {
  return (o.elemType === 'int64' || o.elemType === 'string') && (o.shape === null || o.shape.length === 1 || (o.shape.length === 2 && o.shape[1] === 1));
}

function isValue(o: ExternalValue): boolean {
  return FLOATS.includes(o.elemType ?? '') && (o.shape === null || o.shape.length === 1 || (o.shape.length === 2 && o.shape[1] === 1));
}

/** Outputs by their shape and type; among several candidates, one whose name says "prob" first. */
export function proposeOutputs(model: ExternalModel): OutputMapping {
  const byName = (list: ExternalValue[], word: RegExp) => list.find((o) => word.test(o.name)) ?? list[0];
  const probabilities = byName(model.outputs.filter(isProbabilities), /prob/i);
  const label = byName(model.outputs.filter(isLabel), /label/i);
  const prediction = probabilities ? undefined : byName(model.outputs.filter(isValue), /pred|variable|output/i);
  return { ...(probabilities ? { probabilities: probabilities.name } : {}), ...(label ? { label: label.name } : {}), ...(prediction ? { prediction: prediction.name } : {}) };
}

/** Classification when a probability output exists: binary for two classes, multiclass for more. */
export function proposeTask(model: ExternalModel, outputs: OutputMapping, datasetClasses: number | null): ModelTask | null {
  if (outputs.probabilities) {
    const width = model.outputs.find((o) => o.name === outputs.probabilities)!.shape![1];
    const k = typeof width === 'number' ? width : (model.classLabels?.length ?? datasetClasses);
    return k === null ? null : k === 2 ? 'binary' : 'multiclass';
  }
  return outputs.prediction ? 'regression' : null;
}

/** A column's match for a name: the same name, else the same name in any case. */
function columnNamed(columns: ColumnSchema[], name: string): ColumnSchema | undefined {
  return columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
}

/** The target when none was named: the last column that no input is named after and that a model can predict. */
export function guessTarget(model: ExternalModel, columns: ColumnSchema[]): string | null {
  const taken = new Set(model.inputs.map((i) => columnNamed(columns, i.name)?.name));
  const candidates = columns.filter((c) => !taken.has(c.name) && ['boolean', 'categorical', 'integer', 'float'].includes(c.semanticType));
  return candidates.at(-1)?.name ?? null;
}

export function proposeMapping(model: ExternalModel, columns: ColumnSchema[], target: string | null): Pick<ImportProposal, 'mapping' | 'unmapped'> {
  const usable = columns.filter((c) => c.name !== target);
  const mapping: InputMapping[] = [];
  const unmapped: ImportProposal['unmapped'] = [];
  for (const input of model.inputs) {
    const named = columnNamed(usable, input.name);
    if (!isMatrixInput(input)) {
      if (named) mapping.push({ input: input.name, column: named.name });
      else unmapped.push({ input: input.name, reason: `No column is named "${input.name}"; choose the column it takes.` });
      continue;
    }
    const width = inputWidth(input);
    const numeric = input.elemType !== 'string';
    const candidates = usable.filter((c) => (numeric ? NUMERIC_COLUMNS.includes(c.semanticType) : c.semanticType === 'categorical'));
    const kind = numeric ? 'numeric' : 'categorical';
    if (width !== null && candidates.length === width) {
      for (const c of candidates) mapping.push({ input: input.name, column: c.name });
    } else {
      const have = `the dataset has ${candidates.length} ${kind} column${candidates.length === 1 ? '' : 's'} besides the target (${candidates.map((c) => `"${c.name}"`).join(', ')})`;
      unmapped.push({ input: input.name, reason: `"${input.name}" takes ${width ?? 'an unstated number of'} column${width === 1 ? '' : 's'} side by side and ${have}; choose them in the order the model was trained on.` });
    }
  }
  return { mapping, unmapped };
}

const BOOLEAN_WORDS: Record<string, string> = { '0': 'false', '1': 'true', false: 'false', true: 'true', no: 'false', yes: 'true' };

/** The dataset class a model's class names: the same text, in any case, or a yes/no spelled as 0/1 or True/False. */
function matchClass(modelLabel: string, datasetClasses: string[]): string | undefined {
  const lower = modelLabel.toLowerCase();
  return datasetClasses.find((d) => d === modelLabel) ?? datasetClasses.find((d) => d.toLowerCase() === lower) ?? datasetClasses.find((d) => BOOLEAN_WORDS[d] !== undefined && BOOLEAN_WORDS[d] === BOOLEAN_WORDS[lower]);
}

/**
 * The dataset's class for each of the model's classes, in the model's order. By name where the model's `classlabels`
 * name them; else the dataset's classes in sorted order, which is the order scikit-learn's `classes_` uses.
 */
export function proposeClassLabels(modelLabels: string[] | null, datasetClasses: string[], notes: string[]): string[] {
  if (modelLabels) {
    const matched = modelLabels.map((m) => matchClass(m, datasetClasses));
    if (matched.every((m) => m !== undefined) && new Set(matched).size === matched.length) return matched as string[];
    notes.push(`The model's classes (${modelLabels.join(', ')}) are not the target's values by name; they are proposed in sorted order (${datasetClasses.join(', ')}), as scikit-learn orders classes. Check them.`);
  }
  return [...datasetClasses];
}
