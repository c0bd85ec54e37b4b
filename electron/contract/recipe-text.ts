/** Recipe steps in words, the same in the app, the CLI and reports: a label per kind and a one-line summary per step. */
import type { RecipeStep, StepReport } from './recipes';

export const RECIPE_OP_LABELS: Record<RecipeStep['op'], string> = {
  drop_columns: 'Drop columns',
  rename_columns: 'Rename columns',
  reorder_columns: 'Reorder columns',
  cast: 'Change type',
  filter_rows: 'Filter rows',
  drop_missing: 'Drop rows with missing values',
  impute: 'Fill missing values',
  remove_duplicates: 'Remove duplicate rows',
  outliers: 'Handle outliers',
  text_clean: 'Clean text',
  parse_dates: 'Parse dates',
  bin: 'Bin numbers',
  derive: 'Derive a column',
  group_aggregate: 'Group aggregate',
  encode: 'Encode categories',
  join: 'Join a dataset',
  sample: 'Sample rows',
};

const q = (name: string) => `"${name}"`;
const list = (names: string[], max = 4) => (names.length > max ? `${names.slice(0, max).map(q).join(', ')} and ${names.length - max} more` : names.map(q).join(', '));

/** One line saying what the step does, e.g. `Fill missing values in "age" with the median`. */
export function describeStep(step: RecipeStep): string {
  switch (step.op) {
    case 'drop_columns':
      return `Drop ${list(step.columns)}`;
    case 'rename_columns':
      return `Rename ${step.renames.slice(0, 3).map((r) => `${q(r.from)} → ${q(r.to)}`).join(', ')}${step.renames.length > 3 ? ` and ${step.renames.length - 3} more` : ''}`;
    case 'reorder_columns':
      return `Put ${list(step.columns)} first`;
    case 'cast':
      return `Read ${q(step.column)} as ${step.to}${step.invalid === 'missing' ? ' (unreadable values become missing)' : ''}`;
    case 'filter_rows':
      return `Keep rows where ${step.expression}`;
    case 'drop_missing':
      return step.columns.length ? `Drop rows missing ${list(step.columns)}` : 'Drop rows with any missing value';
    case 'impute':
      return `Fill missing ${list(step.columns)} with ${step.strategy === 'constant' ? JSON.stringify(step.value) : `the ${step.strategy}`}${step.indicator ? ' (and mark them)' : ''}`;
    case 'remove_duplicates':
      return step.columns.length ? `Remove rows repeating ${list(step.columns)}` : 'Remove duplicate rows';
    case 'outliers': {
      const how = step.method === 'iqr' ? `IQR × ${step.threshold ?? 1.5}` : step.method === 'zscore' ? `|z| > ${step.threshold ?? 3}` : `quantiles ${step.lower ?? 0.01}–${step.upper ?? 0.99}`;
      return `${step.action === 'clip' ? 'Clip' : 'Drop'} outliers of ${q(step.column)} (${how})`;
    }
    case 'text_clean':
      return `Clean ${list(step.columns)}${step.case !== 'none' ? ` (${step.case} case)` : ''}`;
    case 'parse_dates':
      return `Parse ${q(step.column)} as dates${step.format ? ` (${step.format})` : ''}`;
    case 'bin':
      return `Bin ${q(step.column)} into ${step.bins} ${step.strategy === 'quantile' ? 'quantile' : 'equal-width'} bins`;
    case 'derive':
      return `${q(step.name)} = ${step.expression}`;
    case 'group_aggregate':
      return `${step.aggregate} of ${q(step.column)} per ${list(step.groupBy)}`;
    case 'encode':
      return `${step.method === 'one_hot' ? 'One-hot' : 'Ordinal'} encode ${q(step.column)}`;
    case 'join':
      return `${step.how === 'inner' ? 'Inner' : 'Left'} join on ${list(step.keys)}`;
    case 'sample':
      return `${step.method === 'stratified' ? `Stratified sample by ${q(step.column ?? '?')}` : 'Random sample'}: ${step.rows !== undefined ? `${step.rows.toLocaleString('en')} rows` : `${Math.round((step.fraction ?? 0) * 100)}%`}`;
  }
}

/** What a step did, in a short phrase: `1,204 rows removed`, `+2 columns`, `312 cells changed`, or why it was skipped. */
export function describeReport(r: StepReport): string {
  if (r.status === 'skipped') return `skipped: ${r.reason ?? ''}`;
  const parts: string[] = [];
  const dropped = r.rowsBefore - r.rowsAfter;
  if (dropped > 0) parts.push(`${dropped.toLocaleString('en')} row${dropped === 1 ? '' : 's'} removed`);
  if (dropped < 0) parts.push(`${(-dropped).toLocaleString('en')} rows added`);
  if (r.added.length) parts.push(`+${r.added.length} column${r.added.length === 1 ? '' : 's'}`);
  if (r.removed.length) parts.push(`−${r.removed.length} column${r.removed.length === 1 ? '' : 's'}`);
  const cells = r.changed.reduce((s, c) => s + c.cells, 0);
  if (r.changed.length) parts.push(`${cells.toLocaleString('en')} cell${cells === 1 ? '' : 's'} changed`);
  const text = parts.length ? parts.join(', ') : 'no change';
  return r.status === 'partial' ? `${text} (partly: ${r.reason ?? ''})` : text;
}
