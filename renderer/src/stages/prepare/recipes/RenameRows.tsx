/** The renames of a "Rename columns" step: one row per column, old name → new name. */
import { ActionIcon, Button, Group, Select, Stack, Text } from '@mantine/core';
import type { ColumnSchema } from '@contract';
import { CommitInput } from './CommitInput';

interface Props {
  renames: { from: string; to: string }[];
  columns: ColumnSchema[];
  onChange(renames: { from: string; to: string }[]): void;
}

export function RenameRows({ renames, columns, onChange }: Props) {
  const names = columns.map((c) => c.name);
  const unused = names.filter((n) => !renames.some((r) => r.from === n));
  const replace = (i: number, r: { from: string; to: string }) => onChange(renames.map((x, j) => (j === i ? r : x)));
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        Renames
      </Text>
      {renames.map((r, i) => (
        <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
          <Select aria-label={`Column ${i + 1}`} data={[...new Set([r.from, ...unused])]} value={r.from} onChange={(v) => v && replace(i, { ...r, from: v })} searchable allowDeselect={false} style={{ flex: 1 }} />
          <Text pb={6}>→</Text>
          <div style={{ flex: 1 }}>
            <CommitInput label="" value={r.to} onCommit={(to) => replace(i, { ...r, to })} />
          </div>
          <ActionIcon variant="subtle" color="gray" aria-label={`Remove rename ${i + 1}`} disabled={renames.length === 1} onClick={() => onChange(renames.filter((_, j) => j !== i))} mb={4}>
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button variant="subtle" size="xs" w="fit-content" disabled={unused.length === 0} onClick={() => onChange([...renames, { from: unused[0]!, to: `${unused[0]!}_renamed` }])}>
        Add a rename
      </Button>
    </Stack>
  );
}
