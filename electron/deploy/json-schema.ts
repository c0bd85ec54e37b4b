/**
 * schema.json: JSON Schema (draft 2020-12) of one input row and of one output. Observed categories and ranges are
 * documentation (`examples`, `description`), never hard `enum`/`minimum`: a new category or an out-of-range value
 * must still be scored (the model maps an unseen category to its "(other)" level), and monitoring reports it.
 */
import type { BundleField, BundleModel } from '../contract/bundles';
import type { ReferenceColumn } from './reference-profile';

const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export interface BundleSchema {
  /** Validates one row: an object with a property per input field. */
  input: Record<string, unknown>;
  /** Validates what one row is scored as. */
  output: Record<string, unknown>;
}

export function bundleSchema(model: BundleModel, columns: ReferenceColumn[]): BundleSchema {
  const ref = `${model.name}@${model.version}`;
  return {
    input: {
      $schema: DIALECT,
      title: `One input row of ${ref}`,
      description:
        'Every field must be present; null (or a missing value) is allowed where the type says so. Other properties are allowed and ignored (an id to echo back, for instance). Categories and ranges are those seen in training: other values are scored too.',
      type: 'object',
      properties: Object.fromEntries(model.inputs.map((f) => [f.name, fieldSchema(f, columns.find((c) => c.name === f.name))])),
      required: model.inputs.map((f) => f.name),
      additionalProperties: true,
    },
    output: { $schema: DIALECT, title: `What ${ref} returns for one row`, ...outputSchema(model) },
  };
}

function fieldSchema(f: BundleField, column: ReferenceColumn | undefined): Record<string, unknown> {
  if (f.format === 'date-time') {
    // model.json's type is what the model reads (epoch milliseconds); on the wire a date is ISO-8601 text.
    const seen = f.minimum !== undefined ? [new Date(f.minimum).toISOString(), new Date(f.maximum!).toISOString()] : [];
    return { type: f.nullable ? ['string', 'null'] : 'string', format: 'date-time', description: `A date and time (ISO 8601)${seen.length ? `; seen in training from ${seen[0]} to ${seen[1]}` : ''}.`, ...(seen.length ? { examples: seen } : {}) };
  }
  const type = f.nullable ? [f.type, 'null'] : f.type;
  if (f.type === 'string') {
    const categories = f.categories ?? [];
    return { type, description: `Text; ${categories.length} categor${categories.length === 1 ? 'y' : 'ies'} seen in training (others are scored as "(other)").`, examples: categories };
  }
  if (column?.semanticType === 'boolean') return { type: ['number', 'boolean', ...(f.nullable ? ['null'] : [])], description: 'true or false (or 1 or 0).', examples: [true, false] };
  const range = f.minimum !== undefined ? `; seen in training from ${f.minimum} to ${f.maximum}` : '';
  return { type, description: `A number${range}.`, ...(f.minimum !== undefined ? { examples: [f.minimum, f.maximum] } : {}) };
}

function outputSchema(model: BundleModel): Record<string, unknown> {
  if (model.task === 'regression') {
    return { type: 'object', properties: { prediction: { type: 'number', description: `The predicted ${model.target}.` } }, required: ['prediction'] };
  }
  const labels = model.classLabels ?? [];
  const threshold = model.task === 'binary' ? ` ("${labels[1]}" when its probability is at least ${model.threshold ?? 0.5})` : ' (the most probable)';
  return {
    type: 'object',
    properties: {
      label: { type: 'string', enum: labels, description: `The predicted ${model.target}${threshold}.` },
      probabilities: {
        type: 'object',
        description: 'The probability of each class; they sum to 1.',
        properties: Object.fromEntries(labels.map((l) => [l, { type: 'number', minimum: 0, maximum: 1 }])),
        required: labels,
        additionalProperties: false,
      },
    },
    required: ['label', 'probabilities'],
  };
}
