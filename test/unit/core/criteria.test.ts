/** A charter's success criteria judged on runs: which number each metric reads, and the three-way verdict. */
import { describe, expect, it } from 'vitest';
import type { SuccessCriterion } from '../../../electron/contract/charters';
import { criterionValue, passesCharter, verdict } from '../../../electron/contract/criteria';
import type { Run } from '../../../electron/contract/runs';

type Judged = Pick<Run, 'task' | 'metrics' | 'cost' | 'onnx'>;
const cost = { cpuSeconds: 1, peakMemoryMb: 200, scoringRowsPerSecond: 1e5, latencyP50Ms: 0.4, latencyP95Ms: 0.9 };
const binary: Judged = { task: 'binary', metrics: { rocAuc: 0.84, f1: 0.6, logLoss: 0.41, recall: null }, cost, onnx: { sha256: 'x', size: 2_500_000 } };
const multiclass: Judged = { task: 'multiclass', metrics: { rocAucOvr: 0.9, f1Macro: 0.7, f1: 0.1 }, cost: null, onnx: { sha256: 'y', size: 1000 } };
const higher = (metric: SuccessCriterion['metric'], acceptable: number, target: number): SuccessCriterion => ({ metric, direction: 'higher', acceptable, target });
const lower = (metric: SuccessCriterion['metric'], acceptable: number, target: number): SuccessCriterion => ({ metric, direction: 'lower', acceptable, target });

describe('success criteria on runs', () => {
  it('reads the task’s own metric, the latency and the file size', () => {
    expect(criterionValue(binary, 'roc_auc')).toBe(0.84);
    expect(criterionValue(multiclass, 'roc_auc')).toBe(0.9);
    expect(criterionValue(multiclass, 'f1')).toBe(0.7);
    expect(criterionValue(binary, 'p95_latency_ms')).toBe(0.9);
    expect(criterionValue(binary, 'model_size_mb')).toBe(2.5);
    expect(criterionValue(binary, 'recall')).toBeNull();
    expect(criterionValue(multiclass, 'p95_latency_ms')).toBeNull();
  });

  it('says target, acceptable, fail or unknown, either way round', () => {
    expect(verdict(0.84, higher('roc_auc', 0.8, 0.85))).toBe('acceptable');
    expect(verdict(0.86, higher('roc_auc', 0.8, 0.85))).toBe('target');
    expect(verdict(0.79, higher('roc_auc', 0.8, 0.85))).toBe('fail');
    expect(verdict(0.41, lower('log_loss', 0.5, 0.4))).toBe('acceptable');
    expect(verdict(0.4, lower('log_loss', 0.5, 0.4))).toBe('target');
    expect(verdict(0.6, lower('log_loss', 0.5, 0.4))).toBe('fail');
    expect(verdict(null, lower('log_loss', 0.5, 0.4))).toBe('unknown');
  });

  it('passes the charter only when every criterion is at least acceptable, and never with no criteria', () => {
    expect(passesCharter(binary, [higher('roc_auc', 0.8, 0.85), lower('p95_latency_ms', 5, 1)])).toBe(true);
    expect(passesCharter(binary, [higher('roc_auc', 0.8, 0.85), lower('model_size_mb', 1, 0.5)])).toBe(false);
    expect(passesCharter(binary, [higher('recall', 0.5, 0.7)])).toBe(false);
    expect(passesCharter(binary, [])).toBe(false);
  });
});
