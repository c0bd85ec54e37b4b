/** A study's trial data from a frame: preprocessing fitted once on the tuning rows, applied to them and to the validation rows. */
import { GyreError } from '../../contract/errors';
import type { ModelKind } from '../../contract/runs';
import { familyOf } from '../estimators';
import { fitPreprocessor } from '../preprocess/fit';
import type { Frame } from '../preprocess/frame';
import { defaultPlan } from '../preprocess/plan';
import { transform } from '../preprocess/transform';
import type { EncodedTarget } from '../target';
import type { StudyMetric } from './metric';
import { shareOrder, type TrialData } from './objective';

/**
 * Every trial shares these features. Fitting the preprocessing once on all tuning rows (not per share) lets a rung's
 * rows be a plain subset; it sees no validation or test row, so nothing leaks into the scores.
 */
export function studyData(frame: Frame, target: string, encoded: EncodedTarget, tuneRows: Uint32Array, validRows: Uint32Array, model: ModelKind, metric: StudyMetric, seed: number): TrialData {
  const preprocessor = fitPreprocessor(frame, defaultPlan(frame, target, tuneRows, familyOf(model)), tuneRows);
  if (preprocessor.featureNames.length === 0) throw new GyreError('VALIDATION', 'Every feature was dropped, so there is nothing to tune on.', { field: 'target' });
  const targetOf = (rows: Uint32Array) => Float64Array.from(rows, (r) => encoded.values[r]!);
  const train = { features: transform(preprocessor, frame, tuneRows), target: targetOf(tuneRows) };
  const valid = { features: transform(preprocessor, frame, validRows), target: targetOf(validRows) };
  return { model, task: encoded.task, classes: encoded.classLabels?.length ?? 1, metric, train, valid, order: shareOrder(train.target, encoded.task, seed) };
}
