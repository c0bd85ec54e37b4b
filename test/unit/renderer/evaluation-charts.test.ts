/** The evaluation report's chart builders: what they draw from a report's numbers. */
import { describe, expect, it } from 'vitest';
import { intervalOption, sliceOption } from '../../../renderer/src/stages/evaluate/evaluationCharts';
import { niceBounds, rankImportance, waterfallSteps } from '../../../renderer/src/stages/evaluate/explanationCharts';

const contribution = (column: string, c: number, value: string | number | null = 1) => ({ column, value, contribution: c, standardError: 0 });

describe('evaluation charts', () => {
  it('walks a waterfall from the base value, largest contribution first, the rest as one step', () => {
    const steps = waterfallSteps(
      { baseValue: 0.2, contributions: [contribution('a', 0.01), contribution('b', -0.1, 'x'), contribution('c', 0.05), contribution('d', 0.002, null), contribution('e', -0.003)] },
      2,
    );
    expect(steps.map((s) => s.label)).toEqual(['b = x', 'c = 1', 'other 3 columns']);
    expect(steps[0]).toMatchObject({ start: 0.2, contribution: -0.1 });
    expect(steps[0]!.end).toBeCloseTo(0.1, 12);
    expect(steps[1]!.end).toBeCloseTo(0.15, 12);
    expect(steps[2]!.end).toBeCloseTo(0.159, 12);
  });

  it('shows a single leftover column by name rather than as "other 1 columns"', () => {
    const steps = waterfallSteps({ baseValue: 0, contributions: [contribution('a', 1), contribution('b', 2)] }, 1);
    expect(steps.map((s) => s.label)).toEqual(['b = 1', 'a = 1']);
  });

  it('puts the waterfall axis ends on round numbers around every value', () => {
    expect(niceBounds([0.2, 0.04, 0.08])).toEqual([0, 0.25]);
    expect(niceBounds([250_000, 262_000])).toEqual([245_000, 265_000]);
    expect(niceBounds([-3, 4])).toEqual([-3.5, 4.5]);
  });

  it('ranks permutation importance largest first without reordering the report', () => {
    const importance = [{ column: 'a', mean: 0.01, std: 0 }, { column: 'b', mean: 0.2, std: 0 }, { column: 'c', mean: -0.01, std: 0 }];
    expect(rankImportance(importance).map((r) => r.column)).toEqual(['b', 'a', 'c']);
    expect(importance[0]!.column).toBe('a');
  });

  it('draws a whisker over each interval and only a dot where there is none', () => {
    const option = intervalOption({ items: [{ label: 'ROC AUC', value: 0.84, low: 0.82, high: 0.86 }, { label: 'F1', value: 0.5, low: null, high: null }], valueName: 'Value', min: 0, max: 1 });
    const [dots, caps] = option.series as { data: unknown[]; markLine?: { data: unknown[] } }[];
    expect(dots!.data).toEqual([[0.84, 0], [0.5, 1]]);
    expect(dots!.markLine!.data).toEqual([[{ coord: [0.82, 0] }, { coord: [0.86, 0] }]]);
    expect(caps!.data).toEqual([[0.82, 0], [0.86, 0]]);
  });

  it('colors slices worse than overall apart and marks the overall error', () => {
    const option = sliceOption({ column: 'plan', overall: 0.15, measure: 'share misclassified', slices: [{ column: 'plan', label: 'basic', rows: 10, error: 0.2, difference: 0.05 }, { column: 'plan', label: 'pro', rows: 10, error: 0.1, difference: -0.05 }] });
    const [bars] = option.series as { data: { itemStyle: { color: string } }[]; markLine: { data: unknown[] } }[];
    expect(bars!.data[0]!.itemStyle.color).not.toBe(bars!.data[1]!.itemStyle.color);
    expect(bars!.markLine.data).toEqual([{ yAxis: 0.15 }]);
  });
});
