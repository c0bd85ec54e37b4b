/** A new step of each kind, filled in from the columns reaching it so that it previews at once. */
import type { ColumnSchema, RecipeStep } from '@contract';

const NUMERIC = new Set(['integer', 'float']);

/** A column as an expression names it: bare when it is a plain word, else in backquotes (a backquote doubled). */
const ref = (name: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``);

export const STEP_GROUPS: { label: string; ops: RecipeStep['op'][] }[] = [
  { label: 'Columns', ops: ['drop_columns', 'rename_columns', 'reorder_columns', 'cast'] },
  { label: 'Rows', ops: ['filter_rows', 'drop_missing', 'remove_duplicates', 'sample'] },
  { label: 'Values', ops: ['impute', 'outliers', 'text_clean', 'parse_dates', 'bin'] },
  { label: 'Features', ops: ['derive', 'group_aggregate', 'encode', 'join'] },
];

export function newStep(op: RecipeStep['op'], columns: ColumnSchema[]): RecipeStep {
  const first = columns[0]?.name ?? '';
  const numeric = columns.find((c) => NUMERIC.has(c.semanticType))?.name ?? first;
  const category = columns.find((c) => c.semanticType === 'categorical')?.name ?? first;
  const text = columns.find((c) => c.storageType === 'VARCHAR')?.name ?? first;
  switch (op) {
    case 'drop_columns':
      return { op, columns: [first] };
    case 'rename_columns':
      return { op, renames: [{ from: first, to: `${first}_renamed` }] };
    case 'reorder_columns':
      return { op, columns: [columns.at(-1)?.name ?? first] };
    case 'cast':
      return { op, column: first, to: 'categorical', invalid: 'fail' };
    case 'filter_rows':
      return { op, expression: `${ref(numeric)} >= 0` };
    case 'drop_missing':
      return { op, columns: [] };
    case 'impute':
      return { op, columns: [numeric], strategy: 'median', indicator: false };
    case 'remove_duplicates':
      return { op, columns: [] };
    case 'outliers':
      return { op, column: numeric, method: 'iqr', action: 'clip' };
    case 'text_clean':
      return { op, columns: [text], trim: true, collapseSpaces: true, case: 'none' };
    case 'parse_dates':
      return { op, column: text, invalid: 'fail' };
    case 'bin':
      return { op, column: numeric, bins: 5, strategy: 'quantile' };
    case 'derive':
      return { op, name: 'new_column', expression: numeric ? `${ref(numeric)} * 2` : '1' };
    case 'group_aggregate':
      return { op, groupBy: [category], column: numeric, aggregate: 'mean' };
    case 'encode':
      return { op, column: category, method: 'one_hot', maxCategories: 20, keepOriginal: false };
    case 'join':
      return { op, versionId: '', keys: [first], how: 'left' };
    case 'sample':
      return { op, method: 'random', fraction: 0.1, seed: 42 };
  }
}
