/** Where values are missing: the share per column, and which columns tend to be missing in the same rows. */
import { useMemo } from 'react';
import { Badge, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { Profile } from '@contract';
import { EChart } from '../../components/charts/EChart';
import { formatPct } from '../../components/charts/numbers';
import { barOption } from '../../components/charts/options';
import { Section } from '../../components/Section';

function MissingByColumn({ profile }: { profile: Profile }) {
  const missing = useMemo(() => profile.columns.filter((c) => c.missing > 0).sort((a, b) => b.missingPct - a.missingPct), [profile]);
  const option = useMemo(
    () =>
      barOption({
        categories: missing.map((c) => c.name),
        values: missing.map((c) => c.missingPct),
        categoryName: 'Column',
        valueName: 'Missing (% of rows)',
        horizontal: true,
        formatValue: formatPct,
        details: (i) => [`${(missing[i]?.missing ?? 0).toLocaleString()} rows missing`],
        color: '#e8590c',
      }),
    [missing],
  );
  const complete = profile.columns.length - missing.length;
  if (missing.length === 0) return <Text size="sm">No column has missing values.</Text>;
  return (
    <Stack gap={4}>
      <EChart option={option} label="Missing values per column, as a percentage of rows" height={Math.max(140, 60 + missing.length * 28)} />
      {complete > 0 && (
        <Text size="xs" c="dimmed">
          The other {complete} column{complete === 1 ? ' has' : 's have'} no missing values.
        </Text>
      )}
    </Stack>
  );
}

function MissingPatterns({ profile }: { profile: Profile }) {
  const { patterns } = profile.missingness;
  const rows = Math.max(1, profile.overview.rows);
  return (
    <Table verticalSpacing={4} aria-label="Missing-value patterns">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Missing together</Table.Th>
          <Table.Th ta="right">Rows</Table.Th>
          <Table.Th ta="right">Share</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {patterns.map((p) => (
          <Table.Tr key={p.columns.join('\u0000') || 'complete'}>
            <Table.Td>
              {p.columns.length === 0 ? (
                <Text size="sm" c="dimmed">
                  nothing (complete rows)
                </Text>
              ) : (
                <Group gap={4}>
                  {p.columns.map((c) => (
                    <Badge key={c} size="sm" variant="light" color="orange" style={{ textTransform: 'none' }}>
                      {c}
                    </Badge>
                  ))}
                </Group>
              )}
            </Table.Td>
            <Table.Td ta="right" ff="monospace" fz="sm">
              {p.rows.toLocaleString()}
            </Table.Td>
            <Table.Td ta="right" ff="monospace" fz="sm">
              {formatPct((100 * p.rows) / rows)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function MissingnessSection({ profile }: { profile: Profile }) {
  return (
    <Section title="Missing values" description="The share of rows missing each column, and the most common combinations of missing columns in a row.">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <MissingByColumn profile={profile} />
        {profile.missingness.patterns.length > 0 && <MissingPatterns profile={profile} />}
      </SimpleGrid>
    </Section>
  );
}
