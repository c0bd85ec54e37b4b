/**
 * Alert rules: the charter's own follow its latest version (criteria, sensitive attributes), can be turned off but
 * not removed; custom rules are added, turned off and removed; each kind fires exactly when its condition holds.
 */
import { describe, expect, it } from 'vitest';
import type { AlertRule, AlertRuleInput, BatchPerformance, DriftReport, FeatureDrift, MonitorSettings } from '../../../electron/contract/monitor';
import { DEFAULT_DRIFT_SETTINGS } from '../../../electron/contract/monitor';
import { describeRule, evaluateRules } from '../../../electron/core/monitor-rules';
import { call } from '../../helpers/training';
import { tempHandlers, validCharter } from '../../helpers/workspace';

function feature(name: string, drifted: boolean, score = drifted ? 0.5 : 0.01): FeatureDrift {
  return { name, kind: 'numeric', reference: 100, batch: 100, psi: score, ks: null, chi2: null, js: null, wasserstein: null, wassersteinSd: null, method: 'psi', score, threshold: 0.2, drifted, chart: null, note: null };
}

function report(drifted: string[], all: string[], extra: Partial<DriftReport> = {}): DriftReport {
  const features = all.map((n) => feature(n, drifted.includes(n)));
  return {
    settings: DEFAULT_DRIFT_SETTINGS,
    referenceLabel: 'the 100 training rows of t v1',
    referenceRows: 100,
    batchRows: 100,
    features,
    prediction: { scoreOf: 'probability of "yes"', score: feature('probability of "yes"', false), classes: null },
    quality: { rows: 100, columns: all.map((name) => ({ name, missingReference: 0, missingBatch: name === 'b' ? 0.4 : 0, unseen: null, outOfRange: null, unreadable: name === 'c' ? 3 : 0 })), missingColumns: [], extraColumns: [] },
    counted: all.length,
    drifted: drifted.length,
    shareDrifted: drifted.length / all.length,
    verdict: drifted.length / all.length >= 0.3 ? 'drift' : drifted.length ? 'some_drift' : 'stable',
    ...extra,
  };
}

const performance = (accuracy: number, gap: number | null): BatchPerformance => ({
  rows: 100,
  unmatchedOutcomes: 0,
  metrics: { accuracy },
  byMetric: { accuracy },
  criteria: [],
  fairness: gap === null ? [] : [{ attribute: 'region', column: 'region', maxDisparity: 0.1, groups: [], demographicParityDifference: gap, demographicParityRatio: null, equalizedOddsDifference: null, equalizedOddsRatio: null, passed: gap <= 0.1 }],
});

const rule = (r: AlertRuleInput, enabled = true): AlertRule => ({ ...r, id: `r-${r.kind}`, origin: 'custom', severity: 'warning', enabled, description: describeRule(r, 'custom') });

describe('alert rules', () => {
  it('fires each kind exactly when its condition holds', () => {
    const rules = [
      rule({ kind: 'metric', metric: 'accuracy', threshold: 0.8 }),
      rule({ kind: 'metric', metric: 'log_loss', threshold: 0.5 }),
      rule({ kind: 'drift_share', threshold: 0.5 }),
      rule({ kind: 'feature_drift', feature: 'a' }),
      rule({ kind: 'fairness', attribute: 'region', threshold: 0.1 }),
      rule({ kind: 'missing_rate', threshold: 0.3 }),
      rule({ kind: 'schema' }),
      rule({ kind: 'prediction_drift' }),
    ];
    const fired = evaluateRules(rules, 'March', report(['a', 'b'], ['a', 'b', 'c', 'd']), performance(0.7, 0.25));
    expect(fired.map((f) => f.rule.kind)).toEqual(['metric', 'drift_share', 'feature_drift', 'fairness', 'missing_rate', 'schema']);
    expect(fired.map((f) => f.title)).toEqual([
      'Accuracy fell to 0.7 on batch “March” (limit 0.8)',
      '2 of 4 features drifted on batch “March” (50 %; limit 50 %)',
      '“a” drifted on batch “March” (PSI 0.5)',
      'Demographic parity difference for region rose to 0.25 on batch “March” (allowed 0.1)',
      '“b” is missing in 40 % of the rows on batch “March” (limit 30 %)',
      'Schema violations on batch “March”: 3 values of “c” cannot be read',
    ]);
    // Just inside every limit: nothing; a metric rule without outcomes stays quiet; a disabled rule never fires.
    expect(evaluateRules(rules, 'April', report(['a'], ['a', 'b', 'c', 'd'], { quality: { rows: 100, columns: [], missingColumns: [], extraColumns: [] } }), performance(0.8, 0.1)).map((f) => f.rule.kind)).toEqual(['feature_drift']);
    expect(evaluateRules([rule({ kind: 'metric', metric: 'accuracy', threshold: 0.8 })], 'May', report([], ['a']), null)).toEqual([]);
    expect(evaluateRules([rule({ kind: 'feature_drift', feature: 'a' }, false)], 'May', report(['a'], ['a']), null)).toEqual([]);
  });

  it('reads the charter’s rules from its latest version; custom rules are the project’s own', async () => {
    const t = tempHandlers();
    const project = await call<{ id: string }>(t.handlers, 'projects.create', { name: 'Rules' });
    const settings = () => call<MonitorSettings>(t.handlers, 'monitor.settings', { projectId: project.id });
    // Without a charter: drift, predictions and schema only.
    expect((await settings()).rules.map((r) => r.id)).toEqual(['charter:drift_share', 'charter:prediction_drift', 'charter:schema']);

    const charter = validCharter();
    await call(t.handlers, 'charters.save', { projectId: project.id, content: { ...charter, constraints: { ...charter.constraints, sensitiveAttributes: [{ name: 'age', maxDisparity: 0.1 }], retrainingTrigger: 'Monthly, or when recall drops.' } }, basedOnVersion: null, note: '' });
    const withCharter = await settings();
    const fromCharter = withCharter.rules.filter((r) => r.origin === 'charter');
    expect(fromCharter.map((r) => r.id)).toEqual(['charter:metric:accuracy', 'charter:metric:roc_auc', 'charter:fairness:age', 'charter:drift_share', 'charter:prediction_drift', 'charter:schema']);
    expect(withCharter.retrainingTrigger).toBe('Monthly, or when recall drops.');
    expect(fromCharter.find((r) => r.id === 'charter:fairness:age')).toMatchObject({ kind: 'fairness', threshold: 0.1, severity: 'critical', enabled: true, description: 'Demographic parity difference for age above 0.1 (the charter’s allowed disparity)' });

    // Turned off and on again; never removed.
    const off = await call<MonitorSettings>(t.handlers, 'monitor.updateRule', { projectId: project.id, ruleId: 'charter:drift_share', enabled: false });
    expect(off.rules.find((r) => r.id === 'charter:drift_share')!.enabled).toBe(false);
    await expect(call(t.handlers, 'monitor.updateRule', { projectId: project.id, ruleId: 'charter:drift_share', remove: true })).rejects.toThrow('A rule from the charter cannot be removed');

    // The drift share rule follows the project's drift setting.
    const saved = await call<MonitorSettings>(t.handlers, 'monitor.saveDrift', { projectId: project.id, drift: { ...DEFAULT_DRIFT_SETTINGS, driftShare: 0.5, numericMethod: 'ks' } });
    expect(saved.drift).toMatchObject({ driftShare: 0.5, numericMethod: 'ks' });
    expect(saved.rules.find((r) => r.id === 'charter:drift_share')).toMatchObject({ threshold: 0.5, enabled: false });

    const custom = await call<AlertRule>(t.handlers, 'monitor.addRule', { projectId: project.id, rule: { kind: 'feature_drift', feature: 'income' }, severity: 'critical' });
    expect(custom).toMatchObject({ origin: 'custom', severity: 'critical', enabled: true, description: 'The feature "income" drifted' });
    expect((await settings()).rules.at(-1)!.id).toBe(custom.id);
    await call(t.handlers, 'monitor.updateRule', { projectId: project.id, ruleId: custom.id, remove: true });
    expect((await settings()).rules.some((r) => r.id === custom.id)).toBe(false);
    await expect(call(t.handlers, 'monitor.addRule', { projectId: project.id, rule: { kind: 'drift_share', threshold: 1.5 } })).rejects.toThrow();
  });
});
