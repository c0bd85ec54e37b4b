/** What the selected step does to the preview sample: rows and columns affected, what it learned, distributions, rows. */
import { Alert, Badge, Group, ScrollArea, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { describeReport, type RecipePreview } from '@contract';
import { EChart } from '../../../components/charts/EChart';
import { changeOption } from './changeChart';

function Learned({ fitted }: { fitted: Record<string, unknown> }) {
  const show = (v: unknown): string => (Array.isArray(v) ? `${v.slice(0, 12).map(show).join(', ')}${v.length > 12 ? ` … (${v.length})` : ''}` : typeof v === 'number' ? String(Number(v.toPrecision(6))) : JSON.stringify(v));
  return (
    <Text size="sm">
      <b>Learned from these rows:</b>{' '}
      {Object.entries(fitted)
        .map(([k, v]) => `${k} ${show(v)}`)
        .join('; ')}
    </Text>
  );
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function StepPreview({ preview, index }: { preview: RecipePreview; index: number }) {
  const report = preview.steps.find((s) => s.index === index);
  const highlighted = new Set([...(report?.added ?? []), ...(report?.changed.map((c) => c.column) ?? [])]);
  const scope = preview.sampled ? `a seeded sample of ${preview.sampleRows.toLocaleString()} of ${preview.totalRows.toLocaleString()} rows` : `all ${preview.totalRows.toLocaleString()} rows`;
  return (
    <Stack gap="sm">
      <Text size="xs" c="dimmed">
        Preview of steps 1–{index + 1} on {scope}. Applying runs them on every row.
      </Text>
      {preview.error && (
        <Alert color="red" variant="light" title={preview.error.index === index ? 'This step cannot run' : `Step ${preview.error.index + 1} cannot run`}>
          {preview.error.message}
        </Alert>
      )}
      {report && (
        <>
          <Group gap="xs">
            <Badge variant="light" color={report.status === 'applied' ? 'teal' : report.status === 'partial' ? 'yellow' : 'gray'}>
              {report.status}
            </Badge>
            <Text size="sm">
              Rows {report.rowsBefore.toLocaleString()} → {report.rowsAfter.toLocaleString()} · {describeReport(report)}
            </Text>
          </Group>
          {report.added.length > 0 && <Text size="sm">Adds {report.added.map((c) => `“${c}”`).join(', ')}.</Text>}
          {report.removed.length > 0 && <Text size="sm">Removes {report.removed.map((c) => `“${c}”`).join(', ')}.</Text>}
          {report.fitted && Object.keys(report.fitted).length > 0 && <Learned fitted={report.fitted} />}
        </>
      )}
      {preview.changes.length > 0 && (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {preview.changes.map((c) => (
            <EChart key={c.column} height={220} label={`${c.column} before and after step ${index + 1}`} option={changeOption(c, preview.columns.find((x) => x.name === c.column) ?? preview.inputColumns.find((x) => x.name === c.column))} />
          ))}
        </SimpleGrid>
      )}
      <ScrollArea h={280} type="auto">
        <Table striped withTableBorder fz="xs" stickyHeader aria-label="Rows after this step">
          <Table.Thead>
            <Table.Tr>
              {preview.columns.map((c) => (
                <Table.Th key={c.name} style={{ whiteSpace: 'nowrap', background: highlighted.has(c.name) ? 'var(--mantine-color-blue-light)' : undefined }}>
                  {c.name}
                  <Text span size="xs" c="dimmed" ml={4}>
                    {c.semanticType}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((row, i) => (
              <Table.Tr key={i}>
                {row.map((v, j) => (
                  <Table.Td key={j} style={{ whiteSpace: 'nowrap' }} c={v === null ? 'dimmed' : undefined}>
                    {v === null ? 'missing' : cell(v)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Stack>
  );
}
