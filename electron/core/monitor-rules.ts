/**
 * Alert rules: the charter's own (every success criterion at its acceptable level, every sensitive attribute at its
 * allowed disparity, the share of drifted features, schema violations, drifting predictions) and the project's
 * custom ones; and the alerts a batch's report raises under them.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { METRIC_INFO, type Metric } from '../contract/charter-vocabulary';
import type { CharterContent } from '../contract/charters';
import { GyreError } from '../contract/errors';
import { DEFAULT_DRIFT_SETTINGS, DriftSettings, type AlertRule, type AlertRuleInput, type BatchPerformance, type DriftReport, type MonitorSettings, type RuleSeverity } from '../contract/monitor';

const fmt = (v: number) => Number(v.toPrecision(3)).toString();
const pct = (v: number) => `${Math.round(v * 1000) / 10} %`;

/** Metrics a batch's outcomes measure (latency and file size are not properties of a batch). */
export function batchMetric(metric: Metric): boolean {
  return metric !== 'p95_latency_ms' && metric !== 'model_size_mb';
}

export function describeRule(rule: AlertRuleInput, origin: AlertRule['origin']): string {
  const charter = origin === 'charter';
  switch (rule.kind) {
    case 'metric': {
      const info = METRIC_INFO[rule.metric];
      return `${info.label} ${info.direction === 'higher' ? 'below' : 'above'} ${fmt(rule.threshold)}${charter ? ' (the charter’s acceptable level)' : ''}`;
    }
    case 'drift_share':
      return `${pct(rule.threshold)} or more of the features drifted${charter ? ' (the project’s drift setting)' : ''}`;
    case 'feature_drift':
      return `The feature "${rule.feature}" drifted`;
    case 'prediction_drift':
      return 'The model’s predictions drifted';
    case 'fairness':
      return `Demographic parity difference for ${rule.attribute} above ${fmt(rule.threshold)}${charter ? ' (the charter’s allowed disparity)' : ''}`;
    case 'missing_rate':
      return `An input missing in more than ${pct(rule.threshold)} of the batch’s rows`;
    case 'schema':
      return 'A model input is missing from the batch, or has values that cannot be read as its type';
  }
}

/** The charter's rules, with stable ids so turning one off survives a new charter version. */
export function charterRules(charter: CharterContent | null, drift: DriftSettings): (AlertRuleInput & { id: string; severity: RuleSeverity })[] {
  const rules: (AlertRuleInput & { id: string; severity: RuleSeverity })[] = [];
  for (const c of charter?.successCriteria ?? []) {
    if (batchMetric(c.metric)) rules.push({ id: `charter:metric:${c.metric}`, kind: 'metric', metric: c.metric, threshold: c.acceptable, severity: 'critical' });
  }
  for (const a of charter?.constraints.sensitiveAttributes ?? []) {
    rules.push({ id: `charter:fairness:${a.name}`, kind: 'fairness', attribute: a.name, threshold: a.maxDisparity, severity: 'critical' });
  }
  rules.push({ id: 'charter:drift_share', kind: 'drift_share', threshold: drift.driftShare, severity: 'warning' });
  rules.push({ id: 'charter:prediction_drift', kind: 'prediction_drift', severity: 'warning' });
  rules.push({ id: 'charter:schema', kind: 'schema', severity: 'critical' });
  return rules;
}

interface DbRule {
  id: string;
  rule: string;
  severity: RuleSeverity;
  enabled: 0 | 1;
}

export class MonitorSettingsStore {
  constructor(private readonly db: Database) {}

  drift(projectId: string): DriftSettings {
    const row = this.db.prepare('SELECT drift FROM monitor_settings WHERE project_id = ?').get(projectId) as { drift: string } | undefined;
    return row ? DriftSettings.parse(JSON.parse(row.drift)) : DEFAULT_DRIFT_SETTINGS;
  }

  private disabled(projectId: string): Set<string> {
    const row = this.db.prepare('SELECT disabled_rules FROM monitor_settings WHERE project_id = ?').get(projectId) as { disabled_rules: string } | undefined;
    return new Set(row ? (JSON.parse(row.disabled_rules) as string[]) : []);
  }

  private write(projectId: string, drift: DriftSettings, disabled: Set<string>): void {
    this.db
      .prepare(
        `INSERT INTO monitor_settings (project_id, drift, disabled_rules, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (project_id) DO UPDATE SET drift = excluded.drift, disabled_rules = excluded.disabled_rules, updated_at = excluded.updated_at`,
      )
      .run(projectId, JSON.stringify(drift), JSON.stringify([...disabled].sort()), new Date().toISOString());
  }

  saveDrift(projectId: string, drift: DriftSettings): void {
    this.write(projectId, drift, this.disabled(projectId));
  }

  /** Every rule, the charter's first; `charter` is the latest charter's content (null: none yet). */
  settings(projectId: string, charter: CharterContent | null): MonitorSettings {
    const drift = this.drift(projectId);
    const disabled = this.disabled(projectId);
    const fromCharter: AlertRule[] = charterRules(charter, drift).map(({ id, severity, ...rule }) => ({ ...rule, id, origin: 'charter', severity, enabled: !disabled.has(id), description: describeRule(rule, 'charter') }));
    const custom = (this.db.prepare('SELECT id, rule, severity, enabled FROM monitor_rules WHERE project_id = ? ORDER BY created_at, rowid').all(projectId) as DbRule[]).map((r): AlertRule => {
      const rule = JSON.parse(r.rule) as AlertRuleInput;
      return { ...rule, id: r.id, origin: 'custom', severity: r.severity, enabled: r.enabled === 1, description: describeRule(rule, 'custom') };
    });
    return { drift, rules: [...fromCharter, ...custom], retrainingTrigger: charter?.constraints.retrainingTrigger ?? '' };
  }

  addRule(projectId: string, rule: AlertRuleInput, severity: RuleSeverity): AlertRule {
    const id = 'rul_' + randomBytes(6).toString('hex');
    this.db.prepare('INSERT INTO monitor_rules (id, project_id, rule, severity, enabled, created_at) VALUES (?, ?, ?, ?, 1, ?)').run(id, projectId, JSON.stringify(rule), severity, new Date().toISOString());
    return { ...rule, id, origin: 'custom', severity, enabled: true, description: describeRule(rule, 'custom') };
  }

  updateRule(projectId: string, ruleId: string, change: { enabled?: boolean; remove?: boolean }): void {
    if (ruleId.startsWith('charter:')) {
      if (change.remove) throw new GyreError('VALIDATION', 'A rule from the charter cannot be removed: turn it off, or change the charter.', { field: 'ruleId' });
      const disabled = this.disabled(projectId);
      if (change.enabled === false) disabled.add(ruleId);
      if (change.enabled === true) disabled.delete(ruleId);
      this.write(projectId, this.drift(projectId), disabled);
      return;
    }
    const exists = this.db.prepare('SELECT 1 FROM monitor_rules WHERE id = ? AND project_id = ?').get(ruleId, projectId);
    if (!exists) throw new GyreError('NOT_FOUND', `No alert rule "${ruleId}" in this project.`, { field: 'ruleId' });
    if (change.remove) this.db.prepare('DELETE FROM monitor_rules WHERE id = ?').run(ruleId);
    else if (change.enabled !== undefined) this.db.prepare('UPDATE monitor_rules SET enabled = ? WHERE id = ?').run(change.enabled ? 1 : 0, ruleId);
  }
}

/** An alert a rule raised on a batch, before it is stored. */
export interface FiredAlert {
  rule: AlertRule;
  title: string;
  value: number | null;
  threshold: number | null;
}

const worse = (metric: Metric, value: number, limit: number) => (METRIC_INFO[metric].direction === 'higher' ? value < limit : value > limit);

/** The enabled rules a batch breaks. Rules that need outcomes stay quiet on a batch without them. */
export function evaluateRules(rules: readonly AlertRule[], batchName: string, drift: DriftReport, performance: BatchPerformance | null): FiredAlert[] {
  const fired: FiredAlert[] = [];
  const on = `on batch “${batchName}”`;
  for (const rule of rules.filter((r) => r.enabled)) {
    switch (rule.kind) {
      case 'metric': {
        const value = performance?.metrics ? metricValue(performance, rule.metric) : null;
        if (value !== null && worse(rule.metric, value, rule.threshold)) {
          const info = METRIC_INFO[rule.metric];
          fired.push({ rule, title: `${info.label} ${info.direction === 'higher' ? 'fell' : 'rose'} to ${fmt(value)} ${on} (limit ${fmt(rule.threshold)})`, value, threshold: rule.threshold });
        }
        break;
      }
      case 'drift_share':
        if (drift.shareDrifted >= rule.threshold && drift.drifted > 0) {
          fired.push({ rule, title: `${drift.drifted} of ${drift.counted} features drifted ${on} (${pct(drift.shareDrifted)}; limit ${pct(rule.threshold)})`, value: drift.shareDrifted, threshold: rule.threshold });
        }
        break;
      case 'feature_drift': {
        const f = drift.features.find((x) => x.name === rule.feature);
        if (f?.drifted) fired.push({ rule, title: `“${f.name}” drifted ${on} (${f.method.toUpperCase()} ${fmt(f.score!)})`, value: f.score, threshold: f.threshold });
        break;
      }
      case 'prediction_drift': {
        const p = drift.prediction.classes?.drifted ? drift.prediction.classes : drift.prediction.score.drifted ? drift.prediction.score : null;
        if (p) fired.push({ rule, title: `The predictions drifted ${on} (${p.name}: ${p.method.toUpperCase()} ${fmt(p.score!)})`, value: p.score, threshold: p.threshold });
        break;
      }
      case 'fairness': {
        const section = performance?.fairness.find((s) => s.attribute === rule.attribute);
        const gap = section?.demographicParityDifference ?? null;
        if (gap !== null && gap > rule.threshold) fired.push({ rule, title: `Demographic parity difference for ${rule.attribute} rose to ${fmt(gap)} ${on} (allowed ${fmt(rule.threshold)})`, value: gap, threshold: rule.threshold });
        break;
      }
      case 'missing_rate': {
        const worst = [...drift.quality.columns].sort((a, b) => b.missingBatch - a.missingBatch)[0];
        if (worst && worst.missingBatch > rule.threshold) fired.push({ rule, title: `“${worst.name}” is missing in ${pct(worst.missingBatch)} of the rows ${on} (limit ${pct(rule.threshold)})`, value: worst.missingBatch, threshold: rule.threshold });
        break;
      }
      case 'schema': {
        const unreadable = drift.quality.columns.filter((c) => c.unreadable > 0);
        const problems = [
          ...drift.quality.missingColumns.map((c) => `“${c}” is missing`),
          ...unreadable.map((c) => `${c.unreadable.toLocaleString('en')} values of “${c.name}” cannot be read`),
        ];
        if (problems.length) fired.push({ rule, title: `Schema violations ${on}: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; ${problems.length - 3} more` : ''}`, value: problems.length, threshold: null });
        break;
      }
    }
  }
  return fired;
}

function metricValue(performance: BatchPerformance, metric: Metric): number | null {
  return performance.byMetric[metric] ?? null;
}
