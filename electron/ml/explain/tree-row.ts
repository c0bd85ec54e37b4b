/**
 * One prediction of an exported tree model explained by exact TreeSHAP, per raw column: the file computes the
 * preprocessed features (its features tensor fetched as an extra output), the trees read back from the file are
 * explained on them against the background rows, and each feature's value is added to the column it came from
 * (the file's `feature_sources` metadata). Null where that cannot be done, so the caller falls back to a
 * model-agnostic method.
 */
import { GyreError } from '../../contract/errors';
import { onnxInputs } from '../onnx-inputs';
import { decodeModel, encodeModel, modelMetadata, type ModelProto } from '../onnx/graph';
import { readTreeEnsemble, type TreeEnsembleRead } from '../onnx/read-trees';
import { createSession, scoreColumns } from '../onnx/runtime';
import type { Frame } from '../preprocess/frame';
import type { RawInput } from '../preprocess/onnx';
import type { Features, TreeEnsemble } from '../types';
import { TreeExplainer } from './treeshap';

export interface TreeRowExplanation {
  /** One per model input column, in input order; Σ contribution = prediction − baseValue. */
  contributions: { column: string; contribution: number }[];
  /** Mean raw score over the background rows. */
  baseValue: number;
  /** The row's raw score, as the file's trees compute it. */
  prediction: number;
  /** What the numbers are: log-odds (or another pre-transform score), averaged probabilities, or the predicted value. */
  output: 'margin' | 'probability' | 'value';
}

export interface TreeRowOptions {
  /** The class explained, for models with one output per class; a one-output binary model explains its positive class. Default 1 for binary, 0 otherwise. */
  classIndex?: number;
}

const FLOAT = 1;

/**
 * Exact TreeSHAP of row 0 of `instance` against `background` (frames of raw columns, as `inputs` names them). Null
 * when the file has no tree operator Gyre can read, no `feature_sources`, or a features tensor not computed from
 * the raw columns.
 */
export async function treeRowExplanation(onnx: Uint8Array, instance: Frame, background: Frame, inputs: RawInput[], options: TreeRowOptions = {}): Promise<TreeRowExplanation | null> {
  const model = decodeModel(onnx);
  const read = readTrees(onnx);
  if (!read || read.featuresIsGraphInput || !producedInGraph(model, read.features)) return null;
  const { ensemble } = read;
  const F = ensemble.featureNames.length;
  const sources = featureSources(modelMetadata(model), F, inputs);
  if (!sources) return null;
  if (instance.rows < 1) throw new GyreError('VALIDATION', 'There is no row to explain.', { field: 'row' });
  const k = outputIndex(ensemble, options.classIndex);

  const withFeatures = encodeModel(withOutput(model, read.features, F));
  const [x, z] = await computeFeatures(withFeatures, read.features, ensemble.featureNames, inputs, [instance, background]);
  const explained = new TreeExplainer(ensemble, z!).explainRow(x!, 0);

  const byColumn = new Map(inputs.map((i) => [i.column, 0]));
  for (let f = 0; f < F; f++) byColumn.set(sources[f]!, byColumn.get(sources[f]!)! + explained.contributions[f * ensemble.outputs + k]!);
  return {
    contributions: [...byColumn].map(([column, contribution]) => ({ column, contribution })),
    baseValue: explained.expectedValue[k]!,
    prediction: explained.rawScore[k]!,
    output: ensemble.task === 'regression' ? 'value' : ensemble.postTransform === 'none' ? 'probability' : 'margin',
  };
}

/** The file's trees; null when it has none (or none a TreeEnsemble expresses). */
function readTrees(onnx: Uint8Array): TreeEnsembleRead | null {
  try {
    return readTreeEnsemble(onnx);
  } catch (error) {
    if (error instanceof GyreError) return null; // not a tree model Gyre can read: the model-agnostic method applies
    throw error;
  }
}

/** Whether a node of the graph computes `name` (so the raw inputs reach it). */
function producedInGraph(model: ModelProto, name: string): boolean {
  return (model.graph?.node ?? []).some((n) => (n.output ?? []).includes(name));
}

/** `feature_sources` when it names one model input per feature; null for older files or ones that disagree. */
function featureSources(metadata: Record<string, string>, count: number, inputs: RawInput[]): string[] | null {
  if (!metadata.feature_sources) return null;
  let sources: unknown;
  try {
    sources = JSON.parse(metadata.feature_sources);
  } catch {
    return null; // unreadable metadata: explain the model without it
  }
  const columns = new Set(inputs.map((i) => i.column));
  const valid = Array.isArray(sources) && sources.length === count && sources.every((s) => typeof s === 'string' && columns.has(s));
  return valid ? (sources as string[]) : null;
}

/** Which raw score to explain: the only one, or the class's. */
function outputIndex(ensemble: TreeEnsemble, classIndex: number | undefined): number {
  if (ensemble.outputs === 1) return 0;
  const k = classIndex ?? (ensemble.task === 'binary' ? 1 : 0);
  if (!Number.isInteger(k) || k < 0 || k >= ensemble.outputs) throw new GyreError('VALIDATION', `Class ${k} is not one of the model’s ${ensemble.outputs} classes.`, { field: 'classIndex' });
  return k;
}

/** The model (changed in place) with the float tensor `name` [N, width] as one more graph output. */
function withOutput(model: ModelProto, name: string, width: number): ModelProto {
  const graph = model.graph!;
  const outputs = graph.output ?? [];
  if (!outputs.some((o) => o.name === name)) graph.output = [...outputs, { name, type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: width }] } } } }];
  return model;
}

/** The features tensor of each frame, as Features (column-major). */
async function computeFeatures(onnx: Uint8Array, output: string, names: string[], inputs: RawInput[], frames: Frame[]): Promise<Features[]> {
  const { session } = await createSession(onnx, { provider: 'cpu' });
  try {
    const out: Features[] = [];
    for (const frame of frames) {
      const rows = Uint32Array.from({ length: frame.rows }, (_, i) => i);
      const scored = await scoreColumns(session, onnxInputs(inputs, frame, rows), frame.rows, { outputs: [output] });
      const { data, dims } = scored[output]!;
      if (!(data instanceof Float32Array) || dims.length !== 2 || dims[1] !== names.length) {
        throw new GyreError('VALIDATION', `The model's features tensor ${output} is not float32 [N, ${names.length}] as its trees read it.`, { field: output });
      }
      out.push(columnMajor(data, frame.rows, names));
    }
    return out;
  } finally {
    await session.release();
  }
}

function columnMajor(rowMajor: Float32Array, rows: number, names: string[]): Features {
  const width = names.length;
  const data = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) for (let f = 0; f < width; f++) data[f * rows + r] = rowMajor[r * width + f]!;
  return { rows, names, data };
}
