/** The batch's data quality: inputs it lacks, values that could not be read, categories and ranges never seen in training. */
import { Alert, Code, Stack, Table, Text } from '@mantine/core';
import type { BatchColumnQuality, DataQuality } from '@contract';
import { stat } from './monitorText';

const share = (x: number) => `${(100 * x).toFixed(1)} %`;

function issues(c: BatchColumnQuality): number {
  return c.unreadable + (c.unseen?.rows ?? 0) + (c.outOfRange ? c.outOfRange.below + c.outOfRange.above : 0) + (c.missingBatch > c.missingReference + 0.05 ? 1 : 0);
}

const bad = (on: boolean) => (on ? { c: 'red.8', fw: 600 } : { c: 'dimmed' });

export function DataQualityView({ quality: q }: { quality: DataQuality }) {
  const columns = [...q.columns].sort((a, b) => Number(issues(b) > 0) - Number(issues(a) > 0) || a.name.localeCompare(b.name));
  const clean = q.missingColumns.length === 0 && columns.every((c) => issues(c) === 0);
  return (
    <Stack gap="sm">
      {q.missingColumns.length > 0 && (
        <Alert color="red" variant="light" title="Model inputs missing from the batch" data-testid="quality-missing-columns">
          <Text size="sm">
            {q.missingColumns.map((c) => `“${c}”`).join(', ')}: the model scored these rows with {q.missingColumns.length === 1 ? 'this input' : 'these inputs'} empty, which it never
            saw in training. Fix the export that makes the batch.
          </Text>
        </Alert>
      )}
      <Text size="sm" c={clean ? 'teal.8' : undefined}>
        {clean
          ? `No data quality issues in the ${q.rows.toLocaleString('en')} rows: every input is present and readable, categories and ranges are as in training, and missing values are as frequent as in training.`
          : `${q.rows.toLocaleString('en')} rows checked. Columns with an issue come first.`}
        {q.extraColumns.length > 0 && ` Columns the model does not read (kept with the batch): ${q.extraColumns.join(', ')}.`}
      </Text>
      <Table.ScrollContainer minWidth={760}>
        <Table aria-label="Data quality per input" verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Input</Table.Th>
              <Table.Th ta="right" title="Share of rows with no value">
                Missing: training → batch
              </Table.Th>
              <Table.Th ta="right" title="Values that could not be read as the column's type">
                Unreadable values
              </Table.Th>
              <Table.Th title="Categorical inputs: rows whose category never occurred in training">Unseen categories</Table.Th>
              <Table.Th title="Numeric inputs: values outside the range seen in training">Outside the training range</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {columns.map((c) => {
              const missingUp = c.missingBatch > c.missingReference + 0.05;
              const outside = c.outOfRange ? c.outOfRange.below + c.outOfRange.above : 0;
              return (
                <Table.Tr key={c.name}>
                  <Table.Td fw={600}>{c.name}</Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    <Text span size="sm" {...bad(missingUp)}>
                      {share(c.missingReference)} → {share(c.missingBatch)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    <Text span size="sm" {...bad(c.unreadable > 0)}>
                      {c.unreadable.toLocaleString('en')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {c.unseen === null ? (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    ) : c.unseen.rows === 0 ? (
                      <Text size="sm" c="dimmed">
                        none
                      </Text>
                    ) : (
                      <Text size="sm" {...bad(true)}>
                        {c.unseen.rows.toLocaleString('en')} rows, e.g.{' '}
                        {c.unseen.examples.map((e) => (
                          <Code key={e} mr={4}>
                            {e}
                          </Code>
                        ))}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {c.outOfRange === null ? (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    ) : (
                      <Text size="sm" {...bad(outside > 0)}>
                        {outside === 0 ? 'none' : `${c.outOfRange.below.toLocaleString('en')} below, ${c.outOfRange.above.toLocaleString('en')} above`} (training: {stat(c.outOfRange.min)} to {stat(c.outOfRange.max)})
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
