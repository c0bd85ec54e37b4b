/** How far labeling is: rows labeled, rows per class, each labeler's share, agreement between labelers, and the model's state. */
import { Group, Loader, Progress, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import type { LabelProgress, LabelSession } from '@contract';
import { formatDateTime } from '../../../components/format';
import { kappaWords } from './labelText';

/** One colour per class, in key order (repeats past ten). */
export const CLASS_COLORS = ['blue', 'orange', 'teal', 'grape', 'red', 'lime', 'cyan', 'pink', 'yellow', 'indigo'];

const share = (n: number, of: number) => (of === 0 ? '0%' : `${((100 * n) / of).toFixed(n === of || n === 0 ? 0 : 1)}%`);

export function ProgressPanel({ session, progress }: { session: LabelSession; progress: LabelProgress }) {
  const classTotal = Object.values(progress.perClass).reduce((s, n) => s + n, 0);
  return (
    <Stack gap="md" aria-label="Labeling progress" component="section">
      <Stack gap={4}>
        <Title order={4}>Progress</Title>
        <Text size="sm" data-testid="labeling-progress">
          <b>{progress.labeled.toLocaleString('en')}</b> of {progress.total.toLocaleString('en')} rows labeled ({share(progress.labeled, progress.total)}): {progress.fromData.toLocaleString('en')} from the data,{' '}
          {progress.byPeople.toLocaleString('en')} by people
        </Text>
        <Progress value={(100 * progress.labeled) / Math.max(1, progress.total)} aria-label="Rows labeled" />
      </Stack>

      <Stack gap={4}>
        <Text size="sm" fw={600}>
          Rows per class
        </Text>
        <Progress.Root size="lg" aria-label="Rows per class">
          {session.classes.map((c, i) => (
            <Tooltip key={c} label={`${c}: ${progress.perClass[c] ?? 0}`}>
              <Progress.Section value={(100 * (progress.perClass[c] ?? 0)) / Math.max(1, classTotal)} color={CLASS_COLORS[i % CLASS_COLORS.length]} />
            </Tooltip>
          ))}
        </Progress.Root>
        <Group gap="md" data-testid="labeling-classes">
          {session.classes.map((c, i) => (
            <Text key={c} size="xs">
              <Text span c={CLASS_COLORS[i % CLASS_COLORS.length]} fw={700}>
                ■
              </Text>{' '}
              {c} {(progress.perClass[c] ?? 0).toLocaleString('en')}
            </Text>
          ))}
        </Group>
      </Stack>

      <Stack gap={4}>
        <Text size="sm" fw={600}>
          Model
        </Text>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          {progress.rankingState === 'training' && <Loader size="xs" mt={3} />}
          <Text size="sm" c={progress.rankingState === 'failed' ? 'red' : 'dimmed'} data-testid="labeling-model">
            {progress.ranking
              ? `Ranked ${progress.ranking.scored.toLocaleString('en')} rows by uncertainty (margin between the two likeliest classes), logistic regression on ${progress.ranking.trainedOn.toLocaleString('en')} labels, ${formatDateTime(progress.ranking.createdAt)}. `
              : ''}
            {progress.rankingNote}
          </Text>
        </Group>
      </Stack>

      {progress.labelers.length > 0 && (
        <Table aria-label="Labels per labeler" verticalSpacing={2} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Labeler</Table.Th>
              <Table.Th ta="right">Labels</Table.Th>
              <Table.Th ta="right">Skipped</Table.Th>
              <Table.Th>Last</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {progress.labelers.map((l) => (
              <Table.Tr key={l.labeler}>
                <Table.Td>{l.labeler}</Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {l.labels.toLocaleString('en')}
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {l.skips.toLocaleString('en')}
                </Table.Td>
                <Table.Td fz="xs">{formatDateTime(l.lastAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      {progress.agreement.length > 0 && (
        <Stack gap={4}>
          <Table aria-label="Agreement between labelers" verticalSpacing={2} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Labelers</Table.Th>
                <Table.Th ta="right">Rows both labeled</Table.Th>
                <Table.Th ta="right">Same label</Table.Th>
                <Table.Th ta="right">Cohen’s κ</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {progress.agreement.map((a) => (
                <Table.Tr key={`${a.a}|${a.b}`}>
                  <Table.Td>
                    {a.a} · {a.b}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {a.rows.toLocaleString('en')}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {share(Math.round(a.observed * a.rows), a.rows)}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Tooltip label={kappaWords(a.kappa)}>
                      <Text span ff="monospace" size="sm">
                        {a.kappa === null ? '—' : a.kappa.toFixed(2)}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {progress.conflicts > 0 && (
            <Text size="xs" c="dimmed">
              {progress.conflicts.toLocaleString('en')} {progress.conflicts === 1 ? 'row has' : 'rows have'} different labels. {progress.rule}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}
