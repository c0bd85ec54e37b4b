/** The recipe step that fixes an alert, where one step does: "Fix in Prepare" hands it to the recipe editor. */
import type { Alert, ColumnProfile, RecipeStep } from '@contract';
import { stagePath } from '../../app/paths';

export function fixFor(alert: Alert, columns: ColumnProfile[]): { label: string; step: RecipeStep } | null {
  const note = `From the Explore alert: ${alert.message}`.slice(0, 500);
  const [first, second] = alert.columns;
  switch (alert.kind) {
    case 'constant':
    case 'identifier':
    case 'personal_data':
    case 'target_leakage':
    case 'high_cardinality':
      return first ? { label: `Drop “${first}”`, step: { op: 'drop_columns', columns: [first], note } } : null;
    case 'high_correlation':
      return second ? { label: `Drop “${second}”`, step: { op: 'drop_columns', columns: [second], note } } : null;
    case 'mostly_missing': {
      if (!first) return null;
      const numeric = columns.find((c) => c.name === first)?.numeric !== undefined;
      return { label: `Fill “${first}” (${numeric ? 'median' : 'most frequent'})`, step: { op: 'impute', columns: [first], strategy: numeric ? 'median' : 'mode', indicator: true, note } };
    }
    case 'skewed':
      return first ? { label: `Clip “${first}” to its 1st–99th percentiles`, step: { op: 'outliers', column: first, method: 'quantile', lower: 0.01, upper: 0.99, action: 'clip', note } } : null;
    case 'duplicate_rows':
      return { label: 'Remove duplicate rows', step: { op: 'remove_duplicates', columns: [], note } };
    case 'imbalanced_target':
      // Resampling belongs to the training split only: it is a Train wizard setting, not a recipe step.
      return null;
  }
}

/** Where the Prepare stage remembers its open tab. */
export const PREPARE_TAB_KEY = 'gyre.prepareTab';

const handoverKey = (projectId: string) => `gyre.handedRecipeStep.${projectId}`;

/** Leaves the step for the recipe editor, which takes it on its next start (see takeHandedStep). */
export function handOver(projectId: string, versionId: string, step: RecipeStep): void {
  sessionStorage.setItem(handoverKey(projectId), JSON.stringify({ step, versionId }));
  // The Prepare stage opens on its Recipes tab (stored as useLocalStorage stores values: JSON).
  localStorage.setItem(PREPARE_TAB_KEY, JSON.stringify('recipes'));
}

/** The step an alert handed over, once; null when none is waiting. */
export function takeHandedStep(projectId: string): { step: unknown; versionId: string | null } | null {
  const raw = sessionStorage.getItem(handoverKey(projectId));
  if (!raw) return null;
  sessionStorage.removeItem(handoverKey(projectId));
  try {
    return JSON.parse(raw) as { step: unknown; versionId: string | null };
  } catch {
    return null;
  }
}

export const prepareHref = (projectId: string) => stagePath(projectId, 'prepare');
