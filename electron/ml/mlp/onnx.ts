/**
 * Exports an MlpModel as plain ai.onnx ops (MatMul, Add, Relu per layer) whose outputs equal `predictMlp` in
 * onnxruntime, with the output contract of `onnx/head.ts`. As for linear models, the arithmetic runs in double and
 * only the outputs are cast to float.
 */
import { attr, type GraphBuilder } from '../onnx/graph';
import { addScoreHead } from '../onnx/head';
import type { EstimatorOutputs } from '../onnx/trees';
import { validateMlp, type MlpModel } from './model';

const DOUBLE = 11;

/** Adds the network reading float features `[N, F]` from `featuresName`, and declares its outputs. */
export function addMlp(graph: GraphBuilder, model: MlpModel, featuresName: string, options: { classLabels?: readonly (number | string)[] } = {}): EstimatorOutputs {
  validateMlp(model);
  let values = graph.op('Cast', [featuresName], [attr.int('to', DOUBLE)], 'mlp_features');
  model.layers.forEach((layer, l) => {
    const weights = graph.initializer(`mlp_w${l}`, { type: 'double', values: layer.weights }, [layer.inputs, layer.outputs]);
    const bias = graph.initializer(`mlp_b${l}`, { type: 'double', values: layer.bias }, [1, layer.outputs]);
    const scores = graph.op('Add', [graph.op('MatMul', [values, weights], [], `mlp_product${l}`), bias], [], `mlp_scores${l}`);
    values = l < model.layers.length - 1 ? graph.op('Relu', [scores], [], `mlp_hidden${l}`) : scores;
  });
  return addScoreHead(graph, values, model.task, model.classes, options.classLabels, 'MLP');
}
