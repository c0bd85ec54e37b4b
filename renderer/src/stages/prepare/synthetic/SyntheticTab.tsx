/** Synthetic data for privacy: generate rows from a dataset version, list the synthetic versions, read one's quality report. */
import { useCallback, useState } from 'react';
import { Badge, Button, Stack, Table, Text } from '@mantine/core';
import type { Project } from '@contract';
import { useGyreQuery } from '../../../api/queries';
import { formatDateTime } from '../../../components/format';
import { Section } from '../../../components/Section';
import { GenerateSynthetic } from './GenerateSynthetic';
import { SyntheticReportView } from './SyntheticReportView';
import { fixed, LEVEL_COLORS, LEVEL_LABELS } from './syntheticText';

export function SyntheticTab({ project }: { project: Project }) {
  const list = useGyreQuery('synthetic.list', { projectId: project.id });
  const [openId, setOpenId] = useState<string | null>(null);
  const shown = openId ?? list.data?.[0]?.versionId ?? null;
  const onDone = useCallback((versionId: string) => setOpenId(versionId), []);
  return (
    <Stack gap="lg">
      <GenerateSynthetic project={project} onDone={onDone} />
      {list.data && list.data.length > 0 && (
        <Section title="Synthetic versions" description="Each was generated from the version it names; its report says how close it is to the real rows and how private.">
          <Table aria-label="Synthetic versions" verticalSpacing={4} highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th>From</Table.Th>
                <Table.Th ta="right">Rows</Table.Th>
                <Table.Th ta="right">Seed</Table.Th>
                <Table.Th>Verdict</Table.Th>
                <Table.Th ta="right">Classifier AUC</Table.Th>
                <Table.Th ta="right">Largest distance</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((s) => (
                <Table.Tr key={s.id} aria-selected={s.versionId === shown} bg={s.versionId === shown ? 'var(--mantine-primary-color-light)' : undefined}>
                  <Table.Td fw={600}>
                    {s.datasetName} v{s.version}
                  </Table.Td>
                  <Table.Td>{s.sourceLabel}</Table.Td>
                  <Table.Td ta="right">{s.rows.toLocaleString('en')}</Table.Td>
                  <Table.Td ta="right">{s.seed}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={LEVEL_COLORS[s.level]}>
                      {LEVEL_LABELS[s.level]}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {fixed(s.auc, 2)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {fixed(s.worstDistance, 3)}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{formatDateTime(s.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button size="compact-xs" variant={s.versionId === shown ? 'light' : 'default'} onClick={() => setOpenId(s.versionId)} aria-label={`Show the report of ${s.datasetName} v${s.version}`}>
                      {s.versionId === shown ? 'Showing' : 'Show'}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>
      )}
      {shown && (
        <Section title="Quality report" description="How close the synthetic rows are to the real ones, column by column and together, and whether any real record shows through.">
          <SyntheticReportView projectId={project.id} versionId={shown} />
        </Section>
      )}
    </Stack>
  );
}
