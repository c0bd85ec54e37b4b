/** What changed between two charter versions, field by field, in the words the form uses. */
import { Badge, Table, Text } from '@mantine/core';
import type { CharterChange } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { fieldLabel, formatFieldValue } from './fieldLabels';

const KIND: Record<CharterChange['kind'], { label: string; color: string }> = {
  added: { label: 'Added', color: 'teal' },
  removed: { label: 'Removed', color: 'red' },
  changed: { label: 'Changed', color: 'blue' },
};

export function DiffTable({ projectId, from, to }: { projectId: string; from: number; to: number }) {
  const diff = useGyreQuery('charters.diff', { projectId, from, to });
  if (diff.isPending) return <LoadingState label={`Comparing version ${from} with ${to}…`} />;
  if (diff.isError) return <ErrorState title="The versions could not be compared" error={diff.error} />;
  const { changes } = diff.data;
  if (changes.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Versions {from} and {to} are identical.
      </Text>
    );
  }

  return (
    <Table.ScrollContainer minWidth={600}>
      <Table verticalSpacing="xs" striped aria-label={`Changes from version ${from} to version ${to}`} data-testid="charter-diff">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Field</Table.Th>
            <Table.Th>Version {from}</Table.Th>
            <Table.Th aria-hidden w={24} />
            <Table.Th>Version {to}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {changes.map((c) => (
            <Table.Tr key={`${c.kind}:${c.path}`}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {fieldLabel(c.path)}
                </Text>
                <Badge size="xs" variant="light" color={KIND[c.kind].color}>
                  {KIND[c.kind].label}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Value text={c.kind === 'added' ? '—' : formatFieldValue(c.path, c.before)} faded={c.kind !== 'added'} />
              </Table.Td>
              <Table.Td aria-hidden>→</Table.Td>
              <Table.Td>
                <Value text={c.kind === 'removed' ? '—' : formatFieldValue(c.path, c.after)} faded={false} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Value({ text, faded }: { text: string; faded: boolean }) {
  return (
    <Text size="sm" c={faded ? 'dimmed' : undefined} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} lineClamp={6}>
      {text}
    </Text>
  );
}
