/** One row, every field readable: names beside values, long text wrapped, numbers grouped, missing values said. */
import { Badge, Group, Table, Text } from '@mantine/core';
import type { ColumnSchema, QueueRow } from '@contract';
import { fieldText } from './labelText';

/** `blind`: people's labels are left out (a second opinion must not see the first). */
export function RowCard({ row, columns, target, blind }: { row: QueueRow; columns: ColumnSchema[]; target: string; blind: boolean }) {
  return (
    <Table aria-label={`Row ${row.row + 1}`} verticalSpacing={6} withRowBorders layout="fixed">
      <Table.Tbody>
        {columns.map((c, i) => {
          const { text, missing } = fieldText(row.values[i], c);
          const isTarget = c.name === target;
          return (
            <Table.Tr key={c.name} bg={isTarget ? 'var(--mantine-primary-color-light)' : undefined}>
              <Table.Th w="26%" style={{ verticalAlign: 'top', overflowWrap: 'anywhere' }}>
                <Text size="sm" fw={600}>
                  {c.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {isTarget ? 'the column you label' : c.semanticType}
                </Text>
              </Table.Th>
              <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {isTarget ? (
                  <Group gap="xs">
                    {row.dataLabel !== null ? <Badge variant="light">from the data: {row.dataLabel}</Badge> : <Text size="sm" c="dimmed" fs="italic">no label in the data</Text>}
                    {blind && row.labels.length > 0 && (
                      <Text size="sm" c="dimmed">
                        labeled by {row.labels.length === 1 ? 'one person' : `${row.labels.length} people`} (hidden)
                      </Text>
                    )}
                    {!blind && row.labels.map((l) => (
                      <Badge key={l.labeler} variant="outline" color="grape">
                        {l.labeler}: {l.label}
                      </Badge>
                    ))}
                  </Group>
                ) : (
                  <Text size="sm" c={missing ? 'dimmed' : undefined} fs={missing ? 'italic' : undefined} ff={typeof row.values[i] === 'number' ? 'monospace' : undefined}>
                    {text}
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
