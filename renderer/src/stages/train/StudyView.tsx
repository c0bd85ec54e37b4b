/**
 * One tuning study: how it went (the metric of every trial with the best so far), which hyperparameters mattered,
 * each hyperparameter against the metric, and every trial in a table with the best one marked.
 */
import { Badge, Button, Group, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { METRIC_INFO, type Study, type Trial } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { EChart } from '../../components/charts/EChart';
import type { ChartOption } from '../../components/charts/echarts';
import { xyOption } from '../../components/charts/lineOption';
import { barOption } from '../../components/charts/options';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { formatMetric, formatSeconds, SHORT_MODEL_NAMES } from './runText';
import { bestSoFar, importance, numericParam } from './studyData';

const STRATEGY = { halving: 'successive halving', random: 'random search' } as const;

function progressOption(trials: Trial[], study: Study, metric: string): ChartOption {
  const best = bestSoFar(trials, study.direction);
  const rungs = [...new Set(trials.map((t) => t.rung))].sort((a, b) => a - b);
  const base = xyOption({ series: [], xName: 'Trial', yName: metric });
  return {
    ...base,
    legend: { top: 0 },
    tooltip: { trigger: 'item' },
    series: [
      ...rungs.map((rung) => ({
        type: 'scatter' as const,
        name: rungs.length > 1 ? `rung ${rung + 1} (${Math.round((trials.find((t) => t.rung === rung)?.budget ?? 1) * 100)}% of rows)` : 'trial',
        symbolSize: 7,
        data: trials.filter((t) => t.rung === rung && t.value !== null).map((t) => [t.number, t.value!]),
      })),
      { type: 'line' as const, name: 'best so far', step: 'end' as const, showSymbol: false, data: trials.map((t, i) => [t.number, best[i]]) },
    ],
  };
}

export function StudyView({ studyId, onClose, onOpenRun }: { studyId: string; onClose(): void; onOpenRun(id: string): void }) {
  const detail = useGyreQuery('studies.get', { id: studyId });
  const study = detail.data?.study;
  return (
    <Modal opened onClose={onClose} fullScreen title={study ? `Study: tuning ${SHORT_MODEL_NAMES[study.model]} by ${STRATEGY[study.strategy]}` : 'Study'}>
      {detail.isPending && <LoadingState label="Loading the study…" />}
      {detail.isError && <ErrorState title="The study could not be loaded" error={detail.error} onRetry={() => void detail.refetch()} />}
      {detail.data && <StudyBody {...detail.data} onOpenRun={onOpenRun} />}
    </Modal>
  );
}

function StudyBody({ study, trials, best, onOpenRun }: { study: Study; trials: Trial[]; best: Trial | null; onOpenRun(id: string): void }) {
  const metric = METRIC_INFO[study.metric].label;
  const params = Object.keys(study.space);
  const ranked = importance(trials, params);
  const numeric = params.filter((p) => trials.some((t) => numericParam(t.params[p]) !== null));
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" maw={900}>
          {study.trialsRun} trials on “{study.target}”, {metric} on a validation slice of the training rows ({study.direction} is better)
          {study.budget.seconds ? `, time budget ${formatSeconds(study.budget.seconds)}` : ''} · seed {study.seed} · {study.status}
          {best ? ` · best: trial ${best.number}, ${metric} ${formatMetric(best.value)}` : ''}
        </Text>
        {study.runId && (
          <Button variant="light" onClick={() => onOpenRun(study.runId!)}>
            Open the best configuration’s run
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Stack gap={4}>
          <Title order={3} size="h5">
            {metric} of each trial
          </Title>
          <EChart label={`${metric} of each trial, with the best so far`} height={280} option={progressOption(trials, study, metric)} />
        </Stack>
        <Stack gap={4}>
          <Title order={3} size="h5">
            Which settings mattered
          </Title>
          <EChart
            label="Hyperparameter importance"
            height={280}
            option={barOption({ categories: ranked.map((r) => r.param), values: ranked.map((r) => r.value), categoryName: 'Hyperparameter', valueName: `|rank correlation| with ${metric}`, horizontal: true, formatValue: (v) => v.toFixed(2) })}
          />
        </Stack>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2, xl: 4 }}>
        {numeric.map((param) => (
          <EChart
            key={param}
            label={`${metric} against ${param}`}
            height={220}
            option={xyOption({ series: [{ name: param, x: trials.filter((t) => t.value !== null).map((t) => numericParam(t.params[param])!), y: trials.filter((t) => t.value !== null).map((t) => t.value!) }], xName: param, yName: metric, scatter: true })}
          />
        ))}
      </SimpleGrid>
      <TrialsTable trials={trials} params={params} best={best} />
    </Stack>
  );
}

function TrialsTable({ trials, params, best }: { trials: Trial[]; params: string[]; best: Trial | null }) {
  const text = (v: unknown) => (v === undefined ? '—' : typeof v === 'number' ? String(Number(v.toPrecision(4))) : JSON.stringify(v));
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table aria-label="Trials" striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Trial</Table.Th>
            <Table.Th>Rows</Table.Th>
            {params.map((p) => (
              <Table.Th key={p}>{p}</Table.Th>
            ))}
            <Table.Th ta="right">Metric</Table.Th>
            <Table.Th ta="right">Time</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {trials.map((t) => (
            <Table.Tr key={t.number} fw={t.number === best?.number ? 700 : undefined} data-best={t.number === best?.number || undefined}>
              <Table.Td>
                {t.number}
                {t.number === best?.number && (
                  <Badge ml={6} size="xs" color="teal">
                    best
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{t.rows.toLocaleString('en')}</Table.Td>
              {params.map((p) => (
                <Table.Td key={p}>{text(t.params[p])}</Table.Td>
              ))}
              <Table.Td ta="right">{formatMetric(t.value)}</Table.Td>
              <Table.Td ta="right">{formatSeconds(t.seconds)}</Table.Td>
              <Table.Td>{t.status === 'failed' ? `failed: ${t.error ?? ''}` : t.status === 'pruned' ? 'not promoted' : 'completed'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
