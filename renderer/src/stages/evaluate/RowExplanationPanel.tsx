/**
 * Why the model predicted what it did for one row: each column's Shapley contribution (TreeSHAP for tree models, in
 * their raw score), from the average prediction (the base value) to this row's, as a waterfall, and each column's
 * value in a table. Computed on demand by the main process, so it is read only while the panel is open.
 */
import { useMemo } from 'react';
import { Badge, Drawer, Group, Stack, Table, Text } from '@mantine/core';
import type { RowExplanation, WorstRow } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { EChart } from '../../components/charts/EChart';
import { formatNumber } from '../../components/charts/numbers';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { explanationMethodText, formatValue, signedText } from './evaluationText';
import { contributionOption, waterfallSteps } from './explanationCharts';

const mono = { fontVariantNumeric: 'tabular-nums' as const };

function Contributions({ explanation, subject }: { explanation: RowExplanation; subject: string }) {
  const sorted = useMemo(() => [...explanation.contributions].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)), [explanation.contributions]);
  const sampled = explanation.method === 'sampled';
  return (
    <Table aria-label={`Contributions to ${subject}`} withTableBorder verticalSpacing={2} fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Column</Table.Th>
          <Table.Th>Value</Table.Th>
          <Table.Th ta="right">Contribution</Table.Th>
          {sampled && <Table.Th ta="right">± standard error</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sorted.map((c) => (
          <Table.Tr key={c.column}>
            <Table.Td>{c.column}</Table.Td>
            <Table.Td style={mono}>{c.value === null ? <Text span c="dimmed" size="sm">missing</Text> : typeof c.value === 'number' ? formatNumber(c.value) : c.value}</Table.Td>
            <Table.Td ta="right" style={mono} c={c.contribution > 0 ? 'orange.8' : c.contribution < 0 ? 'blue.7' : undefined}>
              {signedText(c.contribution)}
            </Table.Td>
            {sampled && (
              <Table.Td ta="right" style={mono} c="dimmed">
                {formatValue(c.standardError)}
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** `subject` names the row in labels: "row 12" by default, "the row tried" on Deploy's Try it form. */
export function Explained({ explanation, subject = `row ${explanation.row}` }: { explanation: RowExplanation; subject?: string }) {
  const steps = useMemo(() => waterfallSteps(explanation), [explanation]);
  const option = useMemo(
    () => contributionOption({ steps, baseValue: explanation.baseValue, prediction: explanation.prediction, output: explanation.output }),
    [steps, explanation.baseValue, explanation.prediction, explanation.output],
  );
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Text size="sm">
          {explanation.output}: base value {formatValue(explanation.baseValue)} → this row {formatValue(explanation.prediction)}
        </Text>
        <Badge variant="light" color={explanation.method === 'sampled' ? 'gray' : 'teal'} style={{ textTransform: 'none' }}>
          {explanationMethodText(explanation)}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        Orange pushes {explanation.output} up, blue pushes it down; the contributions add up to the difference between the base value (the average over reference rows) and this row’s prediction
        {explanation.method === 'sampled' ? ', up to sampling error' : ''}.
      </Text>
      <EChart option={option} label={`Waterfall of each column's contribution to ${subject}, from ${formatValue(explanation.baseValue)} to ${formatValue(explanation.prediction)}`} height={Math.max(220, 80 + steps.length * 30)} />
      <Contributions explanation={explanation} subject={subject} />
    </Stack>
  );
}

export function RowExplanationPanel({ id, row }: { id: string; row: number }) {
  const explanation = useGyreQuery('evaluations.explainRow', { id, row }, { staleTime: Infinity });
  if (explanation.isPending) return <LoadingState label={`Explaining row ${row}…`} />;
  if (explanation.isError) return <ErrorState title="This row could not be explained" error={explanation.error} onRetry={() => void explanation.refetch()} />;
  return <Explained explanation={explanation.data} />;
}

/** The panel in a drawer; `row` null is closed, and nothing is asked of the main process until a row is chosen. */
/** The row being explained: its number, and a title (a worst row says what it was and what was predicted). */
export interface ExplainedRow {
  row: number;
  title: string;
}

export function explainedWorstRow(w: WorstRow): ExplainedRow {
  return { row: w.row, title: `Row ${w.row}: actual ${String(w.actual)}, predicted ${String(w.predicted)}` };
}

export function RowExplanationDrawer({ id, row, onClose }: { id: string; row: ExplainedRow | null; onClose(): void }) {
  return (
    <Drawer opened={row !== null} onClose={onClose} position="right" size="xl" title={row?.title ?? ''}>
      {row && <RowExplanationPanel key={row.row} id={id} row={row.row} />}
    </Drawer>
  );
}
