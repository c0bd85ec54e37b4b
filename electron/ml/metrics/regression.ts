/**
 * Regression metrics with scikit-learn's semantics (checked against sklearn 1.2 to 1e-9): targets and
 * predictions in, one number out.
 */
import { GyreError } from '../../contract/errors';

/** Targets or predicted values, one per row. */
export type Targets = Float64Array | Float32Array | Int32Array;

/** sklearn refuses empty, misaligned or non-finite inputs (NaN, ±∞). */
function checkTargets(yTrue: Targets, yPred: Targets): void {
  if (yTrue.length === 0) throw new GyreError('VALIDATION', 'y_true is empty; a metric needs at least one row.', { field: 'y_true' });
  if (yTrue.length !== yPred.length) throw new GyreError('VALIDATION', `y_true has ${yTrue.length} rows but y_pred has ${yPred.length}.`, { field: 'y_pred' });
  for (const [field, values] of [['y_true', yTrue], ['y_pred', yPred]] as const) {
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]!)) throw new GyreError('VALIDATION', `${field} must be finite; row ${i} holds ${values[i]}.`, { field, row: i });
    }
  }
}

/** Mean absolute error. */
export function meanAbsoluteError(yTrue: Targets, yPred: Targets): number {
  checkTargets(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yPred[i]! - yTrue[i]!);
  return sum / yTrue.length;
}

function sumOfSquaredErrors(yTrue: Targets, yPred: Targets): number {
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += (yTrue[i]! - yPred[i]!) ** 2;
  return sum;
}

/** Root mean squared error, in the target's units. */
export function rootMeanSquaredError(yTrue: Targets, yPred: Targets): number {
  checkTargets(yTrue, yPred);
  return Math.sqrt(sumOfSquaredErrors(yTrue, yPred) / yTrue.length);
}

/** Σ (y − ȳ)², and exactly 0 for a constant target (a float mean of equal values can miss them by an ulp). */
function totalSumOfSquares(yTrue: Targets): number {
  let mean = 0;
  let constant = true;
  for (let i = 0; i < yTrue.length; i++) {
    mean += yTrue[i]!;
    if (yTrue[i] !== yTrue[0]) constant = false;
  }
  if (constant) return 0;
  mean /= yTrue.length;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += (yTrue[i]! - mean) ** 2;
  return sum;
}

/**
 * Coefficient of determination, as sklearn `r2_score` (force_finite=True): 1 − SSE/SST; 1 for perfect
 * predictions, and 0 when the target is constant but the predictions miss it (SST = 0). Null for a single
 * row, where sklearn answers nan with a warning.
 */
export function r2Score(yTrue: Targets, yPred: Targets): number | null {
  checkTargets(yTrue, yPred);
  if (yTrue.length < 2) return null;
  const sse = sumOfSquaredErrors(yTrue, yPred);
  const sst = totalSumOfSquares(yTrue);
  if (sse === 0) return 1;
  if (sst === 0) return 0;
  return 1 - sse / sst;
}

/**
 * Mean absolute percentage error as a fraction (0.1 = 10%), as sklearn `mean_absolute_percentage_error`:
 * each error is divided by max(|y|, ε) with ε the float64 machine epsilon, so a zero target with a nonzero
 * prediction makes the mean astronomically large rather than infinite.
 */
export function meanAbsolutePercentageError(yTrue: Targets, yPred: Targets): number {
  checkTargets(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yPred[i]! - yTrue[i]!) / Math.max(Math.abs(yTrue[i]!), Number.EPSILON);
  return sum / yTrue.length;
}
