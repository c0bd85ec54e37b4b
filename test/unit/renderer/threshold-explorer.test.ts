/** The threshold explorer's lookups over a report's threshold table. */
import { describe, expect, it } from 'vitest';
import type { ThresholdTable } from '../../../electron/contract/evaluations';
import { bestF1Index, formatThreshold, nearestIndex, pointAt, pointSummary, sliderMarks, startIndex } from '../../../renderer/src/stages/evaluate/thresholdExplorer';

/** 10 rows, 4 positive; thresholds at distinct scores as the main process thins them. */
const table: ThresholdTable = {
  threshold: [0.05, 0.2, 0.35, 0.48, 0.52, 0.7, 0.9],
  precision: [0.4, 0.5, 0.571, 0.667, 0.75, 1, 1],
  recall: [1, 1, 1, 1, 0.75, 0.5, 0.25],
  f1: [0.571, 0.667, 0.727, 0.8, 0.75, 0.667, 0.4],
  accuracy: [0.4, 0.6, 0.7, 0.8, 0.8, 0.8, 0.7],
  tp: [4, 4, 4, 4, 3, 2, 1],
  fp: [6, 4, 3, 2, 1, 0, 0],
  tn: [0, 2, 3, 4, 5, 6, 6],
  fn: [0, 0, 0, 0, 1, 2, 3],
  bestF1: 0.48,
};

describe('threshold explorer', () => {
  it('finds the nearest point in an ascending list, the lower one on a tie', () => {
    expect(nearestIndex(table.threshold, 0.36)).toBe(2);
    expect(nearestIndex(table.threshold, 0.5)).toBe(3);
    expect(nearestIndex([0.25, 0.75], 0.5)).toBe(0);
    expect(nearestIndex(table.threshold, -1)).toBe(0);
    expect(nearestIndex(table.threshold, 2)).toBe(6);
    expect(nearestIndex(table.threshold, 0.7)).toBe(5);
    expect(nearestIndex([], 0.5)).toBe(-1);
  });

  it('starts at the point nearest 0.5 and jumps to the best F1', () => {
    expect(startIndex(table)).toBe(3);
    expect(startIndex({ threshold: [0.1, 0.5, 0.9] })).toBe(1);
    expect(bestF1Index(table)).toBe(3);
    expect(bestF1Index({ ...table, bestF1: 0.9 })).toBe(6);
  });

  it('reads one row of the table, clamping the index into range', () => {
    expect(pointAt(table, 4)).toEqual({ threshold: 0.52, precision: 0.75, recall: 0.75, f1: 0.75, accuracy: 0.8, tp: 3, fp: 1, tn: 5, fn: 1 });
    expect(pointAt(table, 99).threshold).toBe(0.9);
    expect(pointAt(table, -3).threshold).toBe(0.05);
  });

  it('writes thresholds to three decimals, with significant digits when tiny', () => {
    expect(formatThreshold(0.5)).toBe('0.500');
    expect(formatThreshold(0.12345)).toBe('0.123');
    expect(formatThreshold(0.0012)).toBe('0.0012');
    expect(formatThreshold(0)).toBe('0.000');
  });

  it('marks the points nearest round thresholds once each, labelled with their real threshold', () => {
    expect(sliderMarks(table.threshold)).toEqual([
      { value: 0, label: '0.050' },
      { value: 2, label: '0.350' },
      { value: 3, label: '0.480' },
      { value: 5, label: '0.700' },
      { value: 6, label: '0.900' },
    ]);
    expect(sliderMarks([0.5], [0.1, 0.5, 0.9])).toEqual([{ value: 0, label: '0.500' }]);
  });

  it('says in a sentence what a threshold means for the rows', () => {
    expect(pointSummary(pointAt(table, 4), 'churned')).toBe('At 0.520, 4 of 10 rows are predicted “churned”: 3 of 4 “churned” rows are caught and 1 row is flagged wrongly.');
  });
});
