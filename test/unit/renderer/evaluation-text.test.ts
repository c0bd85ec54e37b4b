/** How an evaluation report's numbers and verdicts read. */
import { describe, expect, it } from 'vitest';
import type { GateCriterion } from '../../../electron/contract/evaluations';
import {
  disparityVerdict,
  explanationMethodText,
  formatValue,
  gateBanner,
  intervalText,
  limitText,
  metricLabel,
  metricLines,
  onUnitScale,
  rangeText,
  shareText,
  signedText,
} from '../../../renderer/src/stages/evaluate/evaluationText';

const criterion = (label: string, verdict: GateCriterion['verdict']): GateCriterion => ({
  metric: 'roc_auc',
  label,
  direction: 'higher',
  acceptable: 0.8,
  target: 0.9,
  value: 0.85,
  low: 0.82,
  high: 0.88,
  verdict,
});

describe('evaluation text', () => {
  it('writes an estimate with its 95% interval as "0.842 (0.821–0.861)"', () => {
    expect(intervalText({ value: 0.842, low: 0.821, high: 0.861 })).toBe('0.842 (0.821–0.861)');
  });

  it('writes the value alone without an interval, and a dash for an undefined metric', () => {
    expect(intervalText({ value: 12.5, low: null, high: null }, 'ms')).toBe('12.5 ms');
    expect(intervalText({ value: 0.8, low: 0.7, high: 0.9 }, 'MB')).toBe('0.8 MB (0.700–0.900)');
    expect(intervalText({ value: null, low: null, high: null })).toBe('—');
  });

  it('spaces the dash of a range with a negative bound so it cannot read as a subtraction', () => {
    expect(rangeText(-0.12, 0.04)).toBe('−0.120 – 0.040');
    expect(rangeText(0.1, 0.2)).toBe('0.100–0.200');
  });

  it('formats large values with separators and tiny ones with significant digits', () => {
    expect(formatValue(12345.678)).toBe('12,345.7');
    expect(formatValue(0.00123)).toBe('0.0012');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(Number.NaN)).toBe('—');
    expect(formatValue(undefined)).toBe('—');
  });

  it('signs differences and writes shares as percentages', () => {
    expect(signedText(0.052)).toBe('+0.052');
    expect(signedText(-0.013)).toBe('−0.013');
    expect(signedText(0)).toBe('±0');
    expect(shareText(0.125)).toBe('12.5%');
    expect(shareText(null)).toBe('—');
  });

  it('counts rows in words beside the label of which rows they are', () => {
  });

  it('writes a limit in the criterion’s direction', () => {
    expect(limitText({ direction: 'higher' }, 0.8)).toBe('≥ 0.8');
    expect(limitText({ direction: 'lower' }, 200, 'ms')).toBe('≤ 200 ms');
  });

  it('says PASS with how many criteria meet the target', () => {
    const banner = gateBanner({ passed: true, criteria: [criterion('ROC AUC', 'target'), criterion('Recall', 'acceptable')] });
    expect(banner).toEqual({ color: 'teal', title: 'PASS', text: 'All 2 criteria are at least acceptable; 1 of 2 meet the target.' });
  });

  it('says DOES NOT PASS naming the criteria below acceptable and those not measured', () => {
    const banner = gateBanner({ passed: false, criteria: [criterion('ROC AUC', 'fail'), criterion('Recall', 'unknown'), criterion('F1', 'target')] });
    expect(banner.title).toBe('DOES NOT PASS');
    expect(banner.color).toBe('red');
    expect(banner.text).toBe('Below acceptable: ROC AUC. Not measured: Recall.');
  });

  it('says the charter has no success criteria when the gate has no verdict', () => {
    expect(gateBanner({ passed: null, criteria: [] }).title).toBe('No success criteria in the charter');
  });

  it('draws scores bounded by 0 and 1 together and keeps losses and errors apart', () => {
    expect(['rocAuc', 'f1Macro', 'brier'].every(onUnitScale)).toBe(true);
    expect(['logLoss', 'rmse', 'mae', 'r2', 'mape'].some(onUnitScale)).toBe(false);
  });

  it('labels metrics as the Train stage does, falling back to the key', () => {
    expect(metricLabel('rocAuc')).toBe('ROC AUC');
    expect(metricLabel('somethingNew')).toBe('somethingNew');
    expect(metricLines({ rocAuc: { value: 0.9, low: 0.88, high: 0.92 } })).toEqual([{ key: 'rocAuc', label: 'ROC AUC', value: 0.9, low: 0.88, high: 0.92 }]);
  });

  it('names how a row was explained, with the units of a tree model’s raw score', () => {
    expect(explanationMethodText({ method: 'tree', output: 'log-odds of churned = true' })).toBe('exact TreeSHAP on the model’s trees, in log-odds');
    expect(explanationMethodText({ method: 'tree', output: 'probability of churned = true' })).toBe('exact TreeSHAP on the model’s trees, in probability');
    expect(explanationMethodText({ method: 'tree', output: 'raw score (before softmax) of species = setosa' })).toBe('exact TreeSHAP on the model’s trees, in raw score (before softmax)');
    expect(explanationMethodText({ method: 'tree', output: 'predicted price' })).toBe('exact TreeSHAP on the model’s trees, in the predicted value');
    expect(explanationMethodText({ method: 'exact', output: 'probability of churned = true' })).toBe('exact Shapley values');
    expect(explanationMethodText({ method: 'sampled', output: 'predicted price' })).toBe('sampled Shapley values ± standard error');
  });

  it('judges a group difference against the charter’s limit only when both exist', () => {
    expect(disparityVerdict(0.05, 0.1)).toBe('within');
    expect(disparityVerdict(0.1, 0.1)).toBe('within');
    expect(disparityVerdict(0.15, 0.1)).toBe('exceeds');
    expect(disparityVerdict(null, 0.1)).toBeNull();
    expect(disparityVerdict(0.15, null)).toBeNull();
  });
});
