/**
 * 2–4 runs side by side: test metrics with the best of each row marked, the task's curves overlaid (ROC, PR,
 * calibration or predicted-vs-actual, learning curves), confusion matrices, the settings that differ — and the
 * same as a standalone HTML report.
 */
import { Button, Group, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { procedures, type Project, type Run, type RunCurves, type RunEvaluation } from '@contract';
import { call } from '../../api/client';
import { EChart } from '../../components/charts/EChart';
import { xyOption } from '../../components/charts/lineOption';
import { LoadingState } from '../../components/QueryState';
import { chartSpecs, metricRows, paramRows, runLabel, type Compared } from './compareData';
import { compareReport } from './compareReport';
import { formatMetric } from './runText';

interface Props {
  project: Project;
  ids: string[];
  opened: boolean;
  onClose(): void;
}

/** Each run in full, with its charts and curves. */
function useCompared(ids: string[]): Compared[] | null {
  const results = useQueries({
    queries: ids.flatMap((id) => [
      { queryKey: ['runs.get', { id }], queryFn: () => call('runs.get', { id }), meta: { reads: procedures['runs.get'].entities } },
      { queryKey: ['runs.evaluation', { id }], queryFn: () => call('runs.evaluation', { id }), meta: { reads: procedures['runs.evaluation'].entities } },
      { queryKey: ['runs.curves', { id }], queryFn: () => call('runs.curves', { id }), meta: { reads: procedures['runs.curves'].entities } },
    ]),
  });
  if (results.some((r) => !r.data)) return null;
  return ids.map((_, i) => ({ run: results[3 * i]!.data as Run, evaluation: results[3 * i + 1]!.data as RunEvaluation, curves: results[3 * i + 2]!.data as RunCurves }));
}

function download(html: string, name: string): void {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function CompareView({ project, ids, opened, onClose }: Props) {
  const compared = useCompared(ids);
  const runs = compared?.map((c) => c.run) ?? [];
  const labels = runs.map((r) => runLabel(r, runs));
  return (
    <Modal opened={opened} onClose={onClose} fullScreen title={`Compare ${ids.length} runs`}>
      {!compared && <LoadingState label="Loading the runs’ curves…" />}
      {compared && (
        <Stack gap="lg">
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              Test-set metrics from each exported file. ★ marks the best value of each row.
            </Text>
            <Button variant="light" onClick={() => download(compareReport(compared, project.name), `gyre-comparison-${runs.map((r) => r.id.slice(4, 10)).join('-')}.html`)}>
              Export as HTML
            </Button>
          </Group>
          <Table aria-label="Compared metrics" striped withTableBorder maw={220 + 180 * runs.length}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Test metric</Table.Th>
                {labels.map((l, i) => (
                  <Table.Th key={runs[i]!.id} ta="right">
                    {l}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {metricRows(runs).map((m) => (
                <Table.Tr key={m.key}>
                  <Table.Td>{m.label}</Table.Td>
                  {m.values.map((v, i) => (
                    <Table.Td key={runs[i]!.id} ta="right" fw={i === m.best ? 700 : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {formatMetric(v)}
                      {i === m.best ? ' ★' : ''}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            {chartSpecs(compared).map((spec) => (
              <Stack key={spec.title} gap={4}>
                <Title order={3} size="h5">
                  {spec.title}
                </Title>
                <EChart label={`${spec.title} of ${labels.join(', ')}`} height={300} option={xyOption(spec)} />
              </Stack>
            ))}
          </SimpleGrid>
          <ConfusionMatrices compared={compared} labels={labels} />
          <Stack gap={4}>
            <Title order={3} size="h5">
              Settings
            </Title>
            <Text size="sm" c="dimmed">
              Rows that differ come first, highlighted.
            </Text>
            <Table aria-label="Compared settings" withTableBorder maw={220 + 180 * runs.length}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Setting</Table.Th>
                  {labels.map((l, i) => (
                    <Table.Th key={runs[i]!.id}>{l}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {paramRows(runs).map((p) => (
                  <Table.Tr key={p.name} bg={p.differs ? 'var(--mantine-color-yellow-light)' : undefined} data-differs={p.differs || undefined}>
                    <Table.Td>{p.name}</Table.Td>
                    {p.values.map((v, i) => (
                      <Table.Td key={runs[i]!.id}>{v}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        </Stack>
      )}
    </Modal>
  );
}

function ConfusionMatrices({ compared, labels }: { compared: Compared[]; labels: string[] }) {
  const withMatrix = compared.map((c, i) => ({ ...c, label: labels[i]! })).filter((c) => c.evaluation.confusion);
  if (withMatrix.length === 0) return null;
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        Confusion matrices (rows: true class, columns: predicted)
      </Title>
      <Group align="flex-start" gap="xl">
        {withMatrix.map((c) => {
          const classes = c.run.details.classLabels ?? c.evaluation.confusion!.map((_, k) => String(k));
          return (
            <Stack key={c.run.id} gap={2}>
              <Text size="sm" fw={600}>
                {c.label}
              </Text>
              <Table aria-label={`Confusion matrix of ${c.label}`} withTableBorder withColumnBorders>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th />
                    {classes.map((k) => (
                      <Table.Th key={k}>{k}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {c.evaluation.confusion!.map((row, r) => (
                    <Table.Tr key={classes[r]}>
                      <Table.Th>{classes[r]}</Table.Th>
                      {row.map((n, k) => (
                        <Table.Td key={k} ta="right" fw={r === k ? 700 : undefined}>
                          {n}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          );
        })}
      </Group>
    </Stack>
  );
}
