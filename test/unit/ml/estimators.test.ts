/** fitEstimator's shared settings: balanced class weights reach every model but the baseline; progress is told. */
import { describe, expect, it } from 'vitest';
import { fitEstimator } from '../../../electron/ml/estimators';
import { predictLinear } from '../../../electron/ml/linear/model';
import { predictMlp } from '../../../electron/ml/mlp/model';
import { seeded } from '../../../electron/ml/random';
import { predict } from '../../../electron/ml/trees/predict';
import type { TrainingSet } from '../../../electron/ml/types';

/** About one row in ten positive, and only weakly predictable: unweighted models rarely predict the positive class. */
function imbalanced(rows = 2000): TrainingSet {
  const random = seeded(21);
  const data = new Float32Array(rows * 2);
  const target = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    data[r] = random.next() * 2 - 1;
    data[rows + r] = random.next() * 2 - 1;
    target[r] = random.next() < 0.1 + 0.08 * data[r]! ? 1 : 0;
  }
  return { features: { rows, names: ['a', 'b'], data }, target };
}

function positiveShare(probabilities: Float64Array): number {
  let positive = 0;
  for (let r = 0; r < probabilities.length / 2; r++) if (probabilities[r * 2 + 1]! > 0.5) positive++;
  return positive / (probabilities.length / 2);
}

describe('fitEstimator', () => {
  for (const kind of ['linear', 'gbdt', 'mlp'] as const) {
    it(`weighs classes for ${kind}: balanced weights move predictions toward the rare class`, async () => {
      const train = imbalanced();
      const fit = async (classWeight?: 'balanced') => {
        const fitted = await fitEstimator(kind, train, { task: 'binary', classes: 2, params: { trees: 20, epochs: 30, hidden: [8], ...(classWeight ? { classWeight } : {}) }, seed: 1, provider: 'cpu' });
        const m = fitted.model;
        const p = m.kind === 'linear' ? predictLinear(m, train.features) : m.kind === 'mlp' ? predictMlp(m, train.features) : predict(m, train.features);
        return { share: positiveShare(p), params: fitted.params };
      };
      const plain = await fit();
      const balanced = await fit('balanced');
      expect(plain.share).toBeLessThan(0.05);
      expect(balanced.share).toBeGreaterThan(0.3);
      expect(balanced.params.classWeight).toBe('balanced');
      expect(plain.params.classWeight).toBeUndefined();
    });
  }

  it('keeps the baseline unweighted, refuses class weights for regression, and tells progress', async () => {
    const train = imbalanced(400);
    const baseline = await fitEstimator('baseline', train, { task: 'binary', classes: 2, params: { classWeight: 'balanced' }, seed: 1 });
    expect(baseline.model.kind === 'trees' && positiveShare(predict(baseline.model, train.features))).toBe(0);
    await expect(fitEstimator('gbdt', train, { task: 'regression', classes: 1, params: { classWeight: 'balanced' }, seed: 1 })).rejects.toThrow('Class weights apply to classification');
    const told: string[] = [];
    await fitEstimator('gbdt', train, { task: 'binary', classes: 2, params: { trees: 5 }, seed: 1, onProgress: (done, total, unit) => told.push(`${done}/${total} ${unit}`) });
    expect(told).toEqual(['1/5 rounds', '2/5 rounds', '3/5 rounds', '4/5 rounds', '5/5 rounds']);
  });
});
