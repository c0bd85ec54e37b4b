/**
 * The train wizard's column table: which columns are features, and — where the user wants it — how missing values
 * are filled, numbers scaled and categories encoded. "Model's default" keeps what suits each model (trees keep
 * missing values and need no scaling; linear models and the MLP get them filled and standardized).
 */
import { Badge, Checkbox, NumberInput, Select, Table, Text } from '@mantine/core';
import type { ColumnChoice, ColumnSchema } from '@contract';

const NEVER = new Set(['identifier', 'text']);
const DEFAULT = '';

interface Props {
  columns: ColumnSchema[];
  target: string;
  value: ColumnChoice[];
  onChange(value: ColumnChoice[]): void;
}

export function ColumnChoices({ columns, target, value, onChange }: Props) {
  const choiceOf = (column: string) => value.find((c) => c.column === column) ?? { column };
  const update = (column: string, change: Partial<ColumnChoice>) => {
    const next = { ...choiceOf(column), ...change };
    // Fields set back to the default disappear, so the request holds only real choices.
    for (const key of Object.keys(next) as (keyof ColumnChoice)[]) if (key !== 'column' && (next[key] === undefined || next[key] === false)) delete next[key];
    const rest = value.filter((c) => c.column !== column);
    onChange(Object.keys(next).length > 1 ? [...rest, next] : rest);
  };
  const pick = <T extends string>(v: string | null) => (v && v !== DEFAULT ? (v as T) : undefined);
  return (
    <Table aria-label="Feature columns" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Use</Table.Th>
          <Table.Th>Column</Table.Th>
          <Table.Th>Preparation</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {columns
          .filter((c) => c.name !== target)
          .map((c) => {
            const choice = choiceOf(c.name);
            const never = NEVER.has(c.semanticType);
            const used = !never && !choice.drop;
            return (
              <Table.Tr key={c.name}>
                <Table.Td>
                  <Checkbox aria-label={`Use ${c.name}`} checked={used} disabled={never} onChange={(e) => update(c.name, { drop: !e.currentTarget.checked })} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500} span>
                    {c.name}
                  </Text>{' '}
                  <Badge size="xs" variant="light" color="gray" style={{ textTransform: 'none' }}>
                    {c.semanticType}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {never && (
                    <Text size="xs" c="dimmed">
                      {c.semanticType === 'identifier' ? 'Identifiers say nothing general about a row: never a feature.' : 'Free text is not used as a feature yet.'}
                    </Text>
                  )}
                  {used && (c.semanticType === 'integer' || c.semanticType === 'float') && (
                    <div style={{ display: 'flex', gap: 8 }}>
                      <Select
                        aria-label={`Missing values of ${c.name}`}
                        size="xs"
                        w={200}
                        value={choice.impute ?? DEFAULT}
                        onChange={(v) => update(c.name, { impute: pick(v) })}
                        data={[
                          { value: DEFAULT, label: "Missing: model's default" },
                          { value: 'median', label: 'Missing: fill with median' },
                          { value: 'mean', label: 'Missing: fill with mean' },
                          { value: 'none', label: 'Missing: keep (trees route)' },
                        ]}
                        allowDeselect={false}
                      />
                      <Select
                        aria-label={`Scale of ${c.name}`}
                        size="xs"
                        w={190}
                        value={choice.scale ?? DEFAULT}
                        onChange={(v) => update(c.name, { scale: pick(v) })}
                        data={[
                          { value: DEFAULT, label: "Scale: model's default" },
                          { value: 'standard', label: 'Scale: standardize' },
                          { value: 'minmax', label: 'Scale: min–max' },
                          { value: 'none', label: 'Scale: none' },
                        ]}
                        allowDeselect={false}
                      />
                    </div>
                  )}
                  {used && c.semanticType === 'categorical' && (
                    <div style={{ display: 'flex', gap: 8 }}>
                      <Select
                        aria-label={`Encoding of ${c.name}`}
                        size="xs"
                        w={200}
                        value={choice.encode ?? DEFAULT}
                        onChange={(v) => update(c.name, { encode: pick(v) })}
                        data={[
                          { value: DEFAULT, label: "Encode: model's default" },
                          { value: 'onehot', label: 'Encode: one-hot' },
                          { value: 'ordinal', label: 'Encode: codes' },
                        ]}
                        allowDeselect={false}
                      />
                      <NumberInput aria-label={`Most levels of ${c.name}`} size="xs" w={150} placeholder="20 levels" value={choice.maxLevels ?? ''} onChange={(v) => update(c.name, { maxLevels: typeof v === 'number' ? v : undefined })} min={1} max={1000} allowDecimal={false} />
                    </div>
                  )}
                  {used && c.semanticType === 'datetime' && (
                    <Text size="xs" c="dimmed">
                      Year, month, day of week, hour (when times vary), days since 1970
                    </Text>
                  )}
                  {used && c.semanticType === 'boolean' && (
                    <Text size="xs" c="dimmed">
                      Yes/no as 1/0
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
      </Table.Tbody>
    </Table>
  );
}
