/** Human names for charter paths and values, for the diff table: `successCriteria.1.target` → "Success criterion 2 · target". */
import { METRIC_INFO, ROLE_LABELS, TASK_LABELS, type Metric, type Role, type Task } from '@contract';
import { criterionSentence, formatNumber } from './sentences';

const TOP: Record<string, string> = {
  problem: 'Problem statement',
  objective: 'Business objective',
  stakeholders: 'Stakeholders',
  task: 'Task',
  target: 'Target',
  predictionUnit: 'Unit of prediction',
  usage: 'Predictions used',
  successCriteria: 'Success criteria',
  constraints: 'Constraints',
  'constraints.interpretabilityRequired': 'Interpretability required',
  'constraints.sensitiveAttributes': 'Sensitive attributes',
  'constraints.privacyNotes': 'Privacy / compliance notes',
  'constraints.risks': 'Risks',
  'constraints.retrainingTrigger': 'Retraining trigger',
};

/** Row lists: the path prefix, the word for one row, and names for the row's fields. */
const ROWS: { prefix: string; row: string; fields: Record<string, string> }[] = [
  { prefix: 'stakeholders', row: 'Stakeholder', fields: { name: 'name', role: 'role' } },
  {
    prefix: 'successCriteria',
    row: 'Success criterion',
    fields: { metric: 'metric', direction: 'direction', acceptable: 'minimum acceptable', target: 'target' },
  },
  { prefix: 'constraints.sensitiveAttributes', row: 'Sensitive attribute', fields: { name: 'name', maxDisparity: 'largest allowed disparity' } },
  { prefix: 'constraints.risks', row: 'Risk', fields: { risk: 'risk', mitigation: 'mitigation' } },
];

export function fieldLabel(path: string): string {
  if (TOP[path]) return TOP[path];
  for (const { prefix, row, fields } of ROWS) {
    if (!path.startsWith(`${prefix}.`)) continue;
    const [index, field] = path.slice(prefix.length + 1).split('.');
    const n = Number(index) + 1;
    if (field === undefined) return `${row} ${n}`;
    return `${row} ${n} · ${fields[field] ?? field}`;
  }
  return path;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as the user reads it, given the path it sits at. */
export function formatFieldValue(path: string, value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return '(none)';
  const last = path.split('.').pop() ?? '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') {
    if (value === '') return '(empty)';
    if (last === 'task' && value in TASK_LABELS) return TASK_LABELS[value as Task];
    if (last === 'role' && value in ROLE_LABELS) return ROLE_LABELS[value as Role];
    if (last === 'metric' && value in METRIC_INFO) return METRIC_INFO[value as Metric].label;
    if (last === 'direction') return value === 'higher' ? 'Higher is better' : 'Lower is better';
    if (last === 'usage') return value === 'online' ? 'Online' : 'Batch';
    return value;
  }
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map((v, i) => formatFieldValue(`${path}.${i}`, v)).join('; ');
  if (isRecord(value)) return formatRow(path, value);
  return JSON.stringify(value);
}

/** A whole added or removed row, e.g. a new success criterion, as one line. */
function formatRow(path: string, row: Record<string, unknown>): string {
  if (path.startsWith('successCriteria.') && typeof row.metric === 'string' && row.metric in METRIC_INFO) {
    return criterionSentence({
      metric: row.metric as Metric,
      direction: row.direction === 'lower' ? 'lower' : 'higher',
      acceptable: typeof row.acceptable === 'number' ? row.acceptable : undefined,
      target: typeof row.target === 'number' ? row.target : undefined,
    });
  }
  if (path.startsWith('stakeholders.')) return `${String(row.name)} (${formatFieldValue('role', row.role)})`;
  if (path.startsWith('constraints.sensitiveAttributes.')) return `${String(row.name)}: disparity ≤ ${formatFieldValue('x', row.maxDisparity)}`;
  if (path.startsWith('constraints.risks.')) return row.mitigation ? `${String(row.risk)} — mitigation: ${String(row.mitigation)}` : String(row.risk);
  return Object.entries(row)
    .map(([k, v]) => `${k}: ${formatFieldValue(k, v)}`)
    .join(', ');
}
