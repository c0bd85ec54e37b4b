/**
 * Where the model fails: the worst-predicted rows, the slices of the data with the highest error against the
 * overall error, and for a chosen column the error of each of its slices.
 */
import { useMemo, useState } from 'react';
import { Button, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { ErrorAnalysis, ErrorSlice, EvaluationReport, WorstRow } from '@contract';
import { EChart } from '../../components/charts/EChart';
import { sliceOption } from './evaluationCharts';
import { formatValue, signedText } from './evaluationText';
import { Part, ReportSection } from './ReportSection';
import { WorstRowsTable } from './WorstRowsTable';

const mono = { fontVariantNumeric: 'tabular-nums' as const };

function WeakestSlices({ errors }: { errors: ErrorAnalysis }) {
  if (errors.weakest.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No slice of at least {errors.minRows.toLocaleString('en')} rows does worse than the model overall.
      </Text>
    );
  }
  return (
    <Table aria-label="Weakest slices" withTableBorder verticalSpacing={4} fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Column</Table.Th>
          <Table.Th>Slice</Table.Th>
          <Table.Th ta="right">Rows</Table.Th>
          <Table.Th ta="right">Error</Table.Th>
          <Table.Th ta="right">vs overall</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {errors.weakest.map((s) => (
          <Table.Tr key={`${s.column}\u0000${s.label}`}>
            <Table.Td>{s.column}</Table.Td>
            <Table.Td>{s.label}</Table.Td>
            <Table.Td ta="right" style={mono}>
              {s.rows.toLocaleString('en')}
            </Table.Td>
            <Table.Td ta="right" style={mono}>
              {formatValue(s.error)}
            </Table.Td>
            <Table.Td ta="right" style={mono} c={s.difference > 0 ? 'red' : 'teal'}>
              {signedText(s.difference)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function SliceChart({ errors }: { errors: ErrorAnalysis }) {
  const [column, setColumn] = useState<string | null>(errors.weakest[0]?.column ?? errors.columns[0]?.column ?? null);
  const entry = errors.columns.find((c) => c.column === column);
  const option = useMemo(() => sliceOption({ column: entry?.column ?? '', slices: entry?.slices ?? [], overall: errors.overall, measure: errors.measure }), [entry, errors.overall, errors.measure]);
  const slices: ErrorSlice[] = entry?.slices ?? [];
  if (errors.columns.length === 0) return null;
  return (
    <Stack gap="xs">
      <Select
        label="Error by slice of"
        data={errors.columns.map((c) => c.column)}
        value={column}
        onChange={setColumn}
        allowDeselect={false}
        searchable
        maw={320}
      />
      {slices.length > 0 ? (
        <EChart option={option} label={`${errors.measure} of each slice of ${column ?? ''}, with the overall ${formatValue(errors.overall)} as a line`} height={280} />
      ) : (
        <Text size="sm" c="dimmed">
          This column has no slices.
        </Text>
      )}
    </Stack>
  );
}

interface Props {
  errors: ErrorAnalysis;
  task: EvaluationReport['task'];
  onExplain(row: WorstRow): void;
  /** Explains any row of the dataset version by its number. */
  onExplainRow(row: number): void;
}

export function ErrorAnalysisSection({ errors, task, onExplain, onExplainRow }: Props) {
  return (
    <ReportSection
      title="Error analysis"
      description={`Averages hide where a model fails. Overall ${errors.measure} is ${formatValue(errors.overall)}; the slices below do worse, and the worst rows often show a pattern: a rare category, a missing value, a data error in the label.`}
    >
      <Part title={`Worst-predicted rows (${errors.worst.length})`}>
        <WorstRowsTable rows={errors.worst} task={task} onExplain={onExplain} />
        <ExplainAnyRow onExplain={onExplainRow} />
      </Part>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Part title={`Weakest slices (at least ${errors.minRows.toLocaleString('en')} rows)`}>
          <WeakestSlices errors={errors} />
        </Part>
        <Part title="Error by column">
          <SliceChart errors={errors} />
        </Part>
      </SimpleGrid>
    </ReportSection>
  );
}

/** Any row, by its number in the dataset version (0-based, as the tables show it). */
function ExplainAnyRow({ onExplain }: { onExplain(row: number): void }) {
  const [row, setRow] = useState<number | ''>('');
  return (
    <Group gap="xs" align="flex-end" mt="xs">
      <NumberInput label="Explain another row" description="Its row number in the dataset version" value={row} onChange={(v) => setRow(typeof v === 'number' ? v : '')} min={0} allowDecimal={false} w={220} size="xs" />
      <Button size="xs" variant="light" disabled={row === ''} onClick={() => row !== '' && onExplain(row)}>
        Explain
      </Button>
    </Group>
  );
}
