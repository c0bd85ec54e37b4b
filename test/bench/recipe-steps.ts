/** The 10-step recipe the benchmark applies (test/bench/recipe.ts); test/bench/recipe-pandas.py does the same in pandas. */
import type { RecipeStepInput } from '../../electron/contract/recipes';

export const BENCH_RECIPE: RecipeStepInput[] = [
  { op: 'drop_columns', columns: ['date_3'] },
  { op: 'rename_columns', renames: [{ from: 'int_1', to: 'amount' }] },
  { op: 'filter_rows', expression: "float_1 > 0 and cat_1 != 'hotel'" },
  { op: 'impute', columns: ['float_2', 'float_3'], strategy: 'median' },
  { op: 'outliers', column: 'float_4', method: 'iqr', action: 'clip' },
  { op: 'text_clean', columns: ['cat_2'], case: 'upper' },
  { op: 'derive', name: 'derived', expression: 'amount * 2 + int_3' },
  { op: 'group_aggregate', groupBy: ['cat_3'], column: 'float_6', aggregate: 'mean' },
  { op: 'encode', column: 'cat_4', method: 'one_hot' },
  { op: 'remove_duplicates', columns: ['amount', 'int_2'] },
];
