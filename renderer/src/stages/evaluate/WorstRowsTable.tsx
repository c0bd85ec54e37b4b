/** The rows the model got most wrong, with what it predicted, how badly, and every raw input value; each can be explained. */
import { useMemo } from 'react';
import { Button, Table, Text } from '@mantine/core';
import type { EvaluationReport, WorstRow } from '@contract';
import { formatNumber } from '../../components/charts/numbers';
import { formatValue } from './evaluationText';

const mono = { fontVariantNumeric: 'tabular-nums' as const, whiteSpace: 'nowrap' as const };

/** The input columns in the order the first row lists them, then any only later rows have. */
function valueColumns(rows: readonly WorstRow[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.values)) seen.add(k);
  return [...seen];
}

function cellText(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'number' ? formatNumber(v) : v;
}

interface Props {
  rows: WorstRow[];
  task: EvaluationReport['task'];
  onExplain(row: WorstRow): void;
}

export function WorstRowsTable({ rows, task, onExplain }: Props) {
  const columns = useMemo(() => valueColumns(rows), [rows]);
  if (rows.length === 0) return <Text size="sm">No rows were scored.</Text>;
  const classification = task !== 'regression';
  return (
    <Table.ScrollContainer minWidth={720 + columns.length * 110} maxHeight={420}>
      <Table data-testid="worst-rows" aria-label="Worst-predicted rows" stickyHeader withTableBorder verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th ta="right">Row</Table.Th>
            <Table.Th>Actual</Table.Th>
            <Table.Th>Predicted</Table.Th>
            {/* Regression's score is the prediction itself: shown once, as Predicted. */}
            {classification && (
              <Table.Th ta="right" title="The probability the model gave the true class">
                P(actual class)
              </Table.Th>
            )}
            <Table.Th ta="right" title={classification ? 'The log loss of this row' : 'The absolute error of this row'}>
              {classification ? 'Log loss' : 'Abs. error'}
            </Table.Th>
            {columns.map((c) => (
              <Table.Th key={c} c="dimmed" fw={500}>
                {c}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.row}>
              <Table.Td>
                <Button size="compact-xs" variant="light" onClick={() => onExplain(r)} aria-label={`Explain row ${r.row}`}>
                  Explain
                </Button>
              </Table.Td>
              <Table.Td ta="right" style={mono}>
                {r.row.toLocaleString('en')}
              </Table.Td>
              <Table.Td style={mono}>{cellText(r.actual)}</Table.Td>
              <Table.Td style={mono}>{cellText(r.predicted)}</Table.Td>
              {classification && (
                <Table.Td ta="right" style={mono}>
                  {formatValue(r.score)}
                </Table.Td>
              )}
              <Table.Td ta="right" style={mono} fw={600}>
                {formatValue(r.loss)}
              </Table.Td>
              {columns.map((c) => (
                <Table.Td key={c} style={mono}>
                  {cellText(r.values[c])}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
