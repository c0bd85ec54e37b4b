/** The columns of the profile: a table to scan them, and the chosen column's detail beside it. */
import { useState } from 'react';
import { SimpleGrid } from '@mantine/core';
import type { Profile } from '@contract';
import { ColumnDetail } from './ColumnDetail';
import { ColumnsTable } from './ColumnsTable';
import { Section } from '../../components/Section';

/** The first column worth a look: identifiers have no distribution to show. */
function firstInteresting(profile: Profile): string {
  return (profile.columns.find((c) => c.semanticType !== 'identifier') ?? profile.columns[0])?.name ?? '';
}

export function ColumnsSection({ profile }: { profile: Profile }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const selected = profile.columns.find((c) => c.name === chosen) ?? profile.columns.find((c) => c.name === firstInteresting(profile));
  return (
    <Section title="Columns" description="Choose a column to see its statistics and distribution.">
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <ColumnsTable columns={profile.columns} rows={profile.overview.rows} selected={selected?.name ?? ''} onSelect={setChosen} />
        {selected && <ColumnDetail key={selected.name} column={selected} rows={profile.overview.rows} />}
      </SimpleGrid>
    </Section>
  );
}
