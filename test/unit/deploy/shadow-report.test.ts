/** The shadow report on hand-written prediction logs: what serve.mjs writes with --candidate, in both modes. */
import { describe, expect, it } from 'vitest';
import { psi, shadowReport } from '../../../electron/deploy/shadow-report';

const ts = '2025-01-01T00:00:00.000Z';

function shadowLine(requestId: string, production: number, candidate: number | null, inputs: Record<string, unknown> = { x: 1 }) {
  const shadow = candidate === null ? { model: 'spend-linear@1', error: { code: 'MISSING_FIELD', message: 'missing field "x" (a number).' } } : { model: 'spend-linear@1', outputs: { prediction: candidate } };
  return JSON.stringify({ ts, model: 'spend@2', requestId, latencyMs: 1, inputs, outputs: { prediction: production }, arm: 'production', shadow });
}

function abLine(requestId: string, arm: 'production' | 'candidate', label: string, pTrue: number) {
  return JSON.stringify({ ts, model: arm === 'production' ? 'churn@3' : 'churn-linear@3', requestId, latencyMs: 1, inputs: {}, outputs: { label, probabilities: { false: 1 - pTrue, true: pTrue } }, arm });
}

describe('shadowReport', () => {
  it('compares regression predictions within 1% of the larger by default, or an absolute tolerance, and counts candidate errors', async () => {
    const lines = [shadowLine('a', 100, 100.5), shadowLine('b', 100, 103), shadowLine('c', 10, null), '', '{"half a li', JSON.stringify({ ts, model: 'spend@2', requestId: 'old', inputs: {}, outputs: { prediction: 1 } }), shadowLine('d', 50, 50)];
    const report = await shadowReport(lines, { outcomes: new Map([['a', 101], ['b', 99], ['d/0', 50]]) });
    expect(report).toMatchObject({ mode: 'shadow', task: 'regression', production: 'spend@2', candidate: 'spend-linear@1', rows: 4, arms: { production: 4, candidate: 0 }, skippedLines: 2 });
    expect(report.shadow).toMatchObject({ compared: 3, agreed: 2, agreementRate: 2 / 3, candidateErrors: 1, errorCodes: { MISSING_FIELD: 1 }, meanAbsoluteDifference: 3.5 / 3, medianAbsoluteDifference: 0.5 });
    expect(report.shadow!.agreementRule).toBe('|candidate − production| ≤ 1% of the larger of the two');
    expect(report.shadow!.disagreements).toEqual([{ requestId: 'b', ts, inputs: { x: 1 }, production: { prediction: 100 }, candidate: { prediction: 103 } }]);
    expect(report.distributions.production).toMatchObject({ kind: 'values', rows: 4, mean: 65 });
    expect(report.distributions.candidate).toMatchObject({ kind: 'values', rows: 3, quantiles: expect.arrayContaining([100.5]) });
    expect(report.metrics!.production).toEqual({ rows: 3, accuracy: null, rocAuc: null, mae: 2 / 3, rmse: Math.sqrt(2 / 3) });
    expect(report.metrics!.candidate).toMatchObject({ rows: 3, mae: (0.5 + 4 + 0) / 3 });

    const loose = await shadowReport(lines, { tolerance: 5 });
    expect(loose.shadow).toMatchObject({ agreed: 3, agreementRule: '|candidate − production| ≤ 5' });
    expect(loose.outcomes).toBeNull();
  });

  it('reports A/B arms: counts, predicted-label shares, their distance, and each arm’s accuracy and ROC AUC', async () => {
    const lines = [abLine('1', 'production', 'true', 0.9), abLine('2', 'production', 'false', 0.2), abLine('3', 'candidate', 'true', 0.6), abLine('4', 'candidate', 'true', 0.7), abLine('5', 'production', 'false', 0.4)];
    const outcomes = new Map<string, string | boolean>([['1', true], ['2', 'false'], ['3', 'true'], ['4', 'false'], ['5', 'true'], ['9', 'true']]);
    const report = await shadowReport((async function* () { yield* lines; })(), { outcomes });
    expect(report).toMatchObject({ mode: 'ab', task: 'classification', rows: 5, arms: { production: 3, candidate: 2 }, shadow: null, outcomes: { matched: 5, unknownLabels: 0 } });
    expect(report.distributions.production).toEqual({ kind: 'labels', rows: 3, counts: { false: 2, true: 1 }, shares: { false: 2 / 3, true: 1 / 3 }, meanProbability: { false: expect.closeTo(0.5, 12), true: expect.closeTo(0.5, 12) } });
    expect(report.distance.labelTotalVariation).toBeCloseTo(2 / 3, 12);
    expect(report.metrics!.production).toEqual({ rows: 3, accuracy: 2 / 3, rocAuc: 1, mae: null, rmse: null });
    expect(report.metrics!.candidate).toEqual({ rows: 2, accuracy: 0.5, rocAuc: 0, mae: null, rmse: null });
  });

  it('refuses a log with no rows scored with a candidate', async () => {
    await expect(shadowReport([JSON.stringify({ ts, model: 'churn@3', requestId: 'x', latencyMs: 1, inputs: {}, outputs: { prediction: 1 } })])).rejects.toThrow('no rows scored with a candidate');
  });
});

describe('psi', () => {
  it('is 0 for the same values, grows as they shift, and is null with nothing to compare', () => {
    const reference = Array.from({ length: 1000 }, (_, i) => i / 1000);
    expect(psi(reference, reference)).toBe(0);
    const shifted = psi(reference, reference.map((v) => v + 0.05))!;
    const far = psi(reference, reference.map((v) => v + 0.3))!;
    expect(shifted).toBeGreaterThan(0);
    expect(far).toBeGreaterThan(shifted);
    expect(far).toBeGreaterThan(0.25);
    expect(psi([], reference)).toBeNull();
  });
});
