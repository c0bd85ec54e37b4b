/**
 * The bundle's input fields (model.json `inputs`): one per graph input of model.onnx, typed as a caller sends it,
 * with the range or categories observed in the training rows (read from the reference profile's summaries).
 */
import type { BundleField } from '../contract/bundles';
import type { ReferenceColumn } from './reference-profile';

/**
 * `imputes`: the model takes missing values in every input (Gyre's pipelines read NaN and "" as missing and fill
 * or route them); otherwise (an imported model) an input is nullable only where the training rows had gaps.
 */
export function bundleFields(columns: ReferenceColumn[], imputes: boolean): BundleField[] {
  return columns
    .filter((c) => c.role === 'input')
    .map((c): BundleField => {
      const nullable = imputes || c.missing > 0;
      if (c.kind === 'category') {
        const categories = c.categories.map((x) => x.value).sort();
        return { name: c.name, type: 'string', categories, nullable };
      }
      // A date is a number to the model (epoch milliseconds, so is its range) that travels as ISO-8601 text (`format`).
      const range = c.min !== null ? { minimum: c.min, maximum: c.max! } : {};
      return { name: c.name, type: 'number', ...(c.semanticType === 'datetime' ? { format: 'date-time' as const } : {}), ...range, nullable };
    });
}
