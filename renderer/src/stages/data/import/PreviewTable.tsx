/** The first rows as they will be stored, with each column's semantic type choosable in its header. */
import { Badge, ScrollArea, Select, Stack, Table, Text } from '@mantine/core';
import { SEMANTIC_TYPES, type ColumnSchema, type SemanticType } from '@contract';
import { CellValue, alignFor } from '../Cell';
import { TYPE_INFO } from '../describe';

const TYPE_OPTIONS = SEMANTIC_TYPES.map((t) => ({ value: t, label: TYPE_INFO[t].label }));

interface Props {
  columns: ColumnSchema[];
  rows: unknown[][];
  types: Record<string, SemanticType>;
  onTypeChange(column: string, type: SemanticType): void;
}

export function PreviewTable({ columns, rows, types, onTypeChange }: Props) {
  return (
    <ScrollArea.Autosize mah={420} type="auto" offsetScrollbars>
      <Table striped withTableBorder withColumnBorders stickyHeader verticalSpacing={4} fz="sm" aria-label="First rows of the file">
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => {
              const chosen = types[column.name] ?? column.semanticType;
              const changed = chosen !== column.semanticType;
              return (
                <Table.Th key={column.name} miw={150} style={{ verticalAlign: 'top' }}>
                  <Stack gap={4}>
                    <Text fw={600} size="sm" truncate title={column.name}>
                      {column.name}
                    </Text>
                    <Select
                      size="xs"
                      data={TYPE_OPTIONS}
                      value={chosen}
                      allowDeselect={false}
                      aria-label={`Type of ${column.name}`}
                      variant={changed ? 'filled' : 'default'}
                      onChange={(v) => v !== null && onTypeChange(column.name, v as SemanticType)}
                    />
                    <Text size="xs" c="dimmed" ff="monospace">
                      {changed ? `inferred ${TYPE_INFO[column.semanticType].label.toLowerCase()}` : column.storageType}
                    </Text>
                  </Stack>
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, r) => (
            <Table.Tr key={r}>
              {columns.map((column, c) => (
                <Table.Td key={column.name} ta={alignFor(types[column.name] ?? column.semanticType)} style={{ whiteSpace: 'nowrap' }}>
                  <CellValue value={row[c]} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rows.length === 0 && (
        <Badge variant="light" color="gray" mt="xs">
          The file has a header but no rows.
        </Badge>
      )}
    </ScrollArea.Autosize>
  );
}
