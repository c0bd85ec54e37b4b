/**
 * Shared shapes of the modeling core (`electron/ml/`): pure data, no I/O. A pipeline turns a raw table into
 * a feature matrix (preprocessing fitted on the training rows), then an estimator turns features into
 * predictions; both export to one ONNX graph.
 */

export type Task = 'binary' | 'multiclass' | 'regression';

/**
 * Features after preprocessing, column-major: the value of feature `f` in row `r` is `data[f * rows + r]`.
 * NaN marks a missing value (trees route it; linear models never see one, imputation comes first).
 */
export interface Features {
  rows: number;
  names: string[];
  data: Float32Array;
}

/** What an estimator learns from: features and, per row, the target encoded as a number. */
export interface TrainingSet {
  features: Features;
  /** Class index 0…k−1 for classification, the value for regression. */
  target: Float64Array;
  /** Optional per-row weights (class weights are folded in here); 1 when absent. */
  weights?: Float64Array;
  /**
   * Rows held out to stop early, ascending, when the caller chose them (resampling keeps them out of its reach);
   * an estimator that stops early then uses exactly these, and none when empty. Absent: it draws its own.
   */
  validation?: Uint32Array;
}

/**
 * One decision tree as flat arrays (the layout ai.onnx.ml TreeEnsemble* wants). Node `i` is a leaf when
 * `feature[i] === -1`; otherwise rows with `x[feature] < threshold` go to `left[i]` and the rest to
 * `right[i]`, and a missing value (NaN) goes left when `missingLeft[i]` is 1. Thresholds are float32 values
 * (Math.fround), compared against float32 features, so TypeScript and onnxruntime agree bit for bit.
 */
export interface Tree {
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  /** Leaf values, one per output (`outputs` of the ensemble) per node: `value[i * outputs + k]`; 0 at inner nodes. */
  value: Float64Array;
}

/**
 * A fitted tree ensemble, enough to predict and to export. Raw score of output `k` for a row =
 * `baseScore[k] + Σ trees (or the mean, for `aggregate: 'average'`) leaf value k`; then `postTransform`.
 * - regression: outputs 1, postTransform 'none'.
 * - binary: outputs 1 (the positive class's logit, postTransform 'logistic') or, for a random forest,
 *   outputs 2 of averaged class probabilities with postTransform 'none'.
 * - multiclass: outputs = classes (logits + 'softmax' for boosting; probabilities + 'none' for forests).
 */
export interface TreeEnsemble {
  kind: 'trees';
  task: Task;
  outputs: number;
  baseScore: number[];
  aggregate: 'sum' | 'average';
  postTransform: 'none' | 'logistic' | 'softmax';
  trees: Tree[];
  /** Feature names in the order the trees index them. */
  featureNames: string[];
}
