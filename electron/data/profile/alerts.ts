/** Turns a profile's numbers into alerts a data scientist acts on; every threshold is named here. */
import type { Alert, ColumnProfile, CorrelationMatrix, TargetAnalysis } from '../../contract/profiles';
import type { PiiKind } from './pii';

export const THRESHOLDS = {
  mostlyMissingPct: 50,
  highCardinality: 50,
  skewness: 2,
  highCorrelation: 0.95,
  leakage: 0.95,
  minorityClassShare: 0.1,
};

const pct = (x: number) => `${x.toFixed(1)}%`;

export interface AlertInputs {
  rows: number;
  columns: ColumnProfile[];
  duplicateRows: number;
  pearson: CorrelationMatrix;
  target: TargetAnalysis | null;
  personalData: Map<string, PiiKind>;
}

function columnAlerts(c: ColumnProfile, rows: number, isTarget: boolean): Alert[] {
  const alerts: Alert[] = [];
  if (c.distinct <= 1 && rows > 1) {
    const only = c.topValues?.[0]?.value ?? (c.numeric ? String(c.numeric.min) : 'missing');
    alerts.push({ kind: 'constant', severity: 'warning', columns: [c.name], message: `"${c.name}" has the same value (${only}) in every row.`, suggestion: 'Drop it: it carries no information for a model.' });
  }
  if (c.missingPct > THRESHOLDS.mostlyMissingPct) {
    alerts.push({ kind: 'mostly_missing', severity: 'warning', columns: [c.name], message: `"${c.name}" is missing in ${pct(c.missingPct)} of rows (${c.missing.toLocaleString('en')}).`, suggestion: 'Drop it, or impute it and add a "was missing" indicator.' });
  }
  if (c.semanticType === 'categorical' && c.distinct > THRESHOLDS.highCardinality) {
    alerts.push({ kind: 'high_cardinality', severity: 'warning', columns: [c.name], message: `"${c.name}" has ${c.distinct.toLocaleString('en')} distinct categories.`, suggestion: 'Group rare levels into "other", or treat it as text or an identifier.' });
  }
  // Skew means little for 0/1 columns (that is imbalance) and for the target (see the target alerts).
  if (c.numeric && c.semanticType !== 'boolean' && c.distinct > 2 && !isTarget && Math.abs(c.numeric.skewness) > THRESHOLDS.skewness) {
    alerts.push({ kind: 'skewed', severity: 'info', columns: [c.name], message: `"${c.name}" is heavily skewed (skewness ${c.numeric.skewness.toFixed(2)}).`, suggestion: c.numeric.min >= 0 ? 'A log transform or quantile clipping may help linear models.' : 'Consider clipping at quantiles.' });
  }
  if (c.semanticType === 'identifier' && !isTarget) {
    alerts.push({ kind: 'identifier', severity: 'info', columns: [c.name], message: `"${c.name}" is an identifier (a distinct value per row).`, suggestion: 'It is excluded from model features; use it to join or to group rows in a split.' });
  }
  return alerts;
}

export function buildAlerts(input: AlertInputs): Alert[] {
  const alerts: Alert[] = [];
  const target = input.target?.column;
  for (const c of input.columns) alerts.push(...columnAlerts(c, input.rows, c.name === target));
  if (input.duplicateRows > 0) {
    alerts.push({ kind: 'duplicate_rows', severity: 'warning', columns: [], message: `${input.duplicateRows.toLocaleString('en')} rows are exact duplicates of another row (${pct((input.duplicateRows / input.rows) * 100)}).`, suggestion: 'Remove duplicates before splitting, or the test set will contain training rows.' });
  }
  const { columns, values } = input.pearson;
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      const r = values[i]![j];
      if (r !== null && r !== undefined && Math.abs(r) >= THRESHOLDS.highCorrelation && columns[i] !== target && columns[j] !== target) {
        alerts.push({ kind: 'high_correlation', severity: 'warning', columns: [columns[i]!, columns[j]!], message: `"${columns[i]}" and "${columns[j]}" are almost the same signal (Pearson r = ${r.toFixed(3)}).`, suggestion: 'Keep one of them, especially for linear models and explanations.' });
      }
    }
  }
  if (input.target) alerts.push(...targetAlerts(input.target));
  for (const [column, kind] of input.personalData) {
    alerts.push({ kind: 'personal_data', severity: 'critical', columns: [column], message: `"${column}" looks like ${kind}.`, suggestion: 'Personal data: check the charter\'s privacy notes; drop or pseudonymise it before training, and keep it out of exported bundles.' });
  }
  const order = { critical: 0, warning: 1, info: 2 };
  return alerts.sort((a, b) => order[a.severity] - order[b.severity]);
}

function targetAlerts(t: TargetAnalysis): Alert[] {
  const alerts: Alert[] = [];
  if (t.classes && t.classes.length >= 2) {
    const total = t.classes.reduce((n, c) => n + c.count, 0);
    const minority = t.classes[t.classes.length - 1]!;
    if (minority.count / total < THRESHOLDS.minorityClassShare) {
      alerts.push({ kind: 'imbalanced_target', severity: 'warning', columns: [t.column], message: `The target "${t.column}" is imbalanced: class "${minority.value}" is ${pct((minority.count / total) * 100)} of rows.`, suggestion: 'Use a stratified split, class weights, and metrics such as balanced accuracy, PR AUC or F1.' });
    }
  }
  for (const r of t.relations) {
    if (r.value >= THRESHOLDS.leakage) {
      alerts.push({ kind: 'target_leakage', severity: 'critical', columns: [r.column, t.column], message: `"${r.column}" predicts the target "${t.column}" almost perfectly (${r.measure.replace('_', ' ')} ${r.value.toFixed(3)}).`, suggestion: 'Check whether it is known at prediction time; if it is recorded after the outcome, drop it.' });
    }
  }
  return alerts;
}
