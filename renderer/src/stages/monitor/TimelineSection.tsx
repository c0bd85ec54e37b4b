/**
 * The watched version's batches over time: how much of each batch drifted, the charter's metrics on batches whose
 * outcomes arrived (with the acceptable level and the target), and the list of batches to open one from.
 */
import { Badge, Button, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { METRIC_INFO, type BatchSummary, type Metric, type SuccessCriterion } from '@contract';
import { EChart } from '../../components/charts/EChart';
import { formatDate } from '../../components/format';
import { Section } from '../../components/Section';
import { driftShareOption, fairnessTimelineOption, metricTimelineOption } from './timelineCharts';
import { metricValue, pct, VERDICT_BADGES, VERDICT_COLORS, WHOLE } from './monitorText';

/** The charter's criteria measured on some batch; without any, the first two metrics the batches have. */
function chartedMetrics(batches: readonly BatchSummary[], criteria: readonly SuccessCriterion[]): Metric[] {
  const has = (m: Metric) => batches.some((b) => (b.metrics?.[m] ?? null) !== null);
  const judged = criteria.map((c) => c.metric).filter(has);
  if (judged.length > 0) return judged;
  return [...new Set(batches.flatMap((b) => Object.keys(b.metrics ?? {}) as Metric[]))].filter(has).slice(0, 2);
}

interface Props {
  model: string;
  /** Newest observed first, as monitor.batches answers. */
  batches: BatchSummary[];
  selectedId: string | null;
  onSelect(id: string): void;
  driftShare: number;
  criteria: SuccessCriterion[];
  /** The charter's sensitive attributes and their allowed disparity. */
  sensitive: { name: string; maxDisparity: number }[];
  onAdd(): void;
}

export function TimelineSection({ model, batches, selectedId, onSelect, driftShare, criteria, sensitive, onAdd }: Props) {
  const ordered = [...batches].reverse();
  const measured = chartedMetrics(batches, criteria);
  const fair = sensitive.filter((a) => batches.some((b) => (b.fairness?.[a.name] ?? null) !== null));
  const add = <Button onClick={onAdd}>Add batch…</Button>;
  if (batches.length === 0) {
    return (
      <Section title="Batches over time" description={`No batch of ${model} has been checked yet.`} actions={add}>
        <Text size="sm" maw={760}>
          A batch is a set of rows the model saw in production: a file of inputs, or the prediction log a served bundle writes. Each is compared with the
          rows {model} was trained on; add the true outcomes when they arrive to see whether the charter’s metrics still hold.
        </Text>
      </Section>
    );
  }
  return (
    <Section
      title="Batches over time"
      description={`Every batch checked against ${model}’s training rows, in the order it was observed. Click a batch to open its report.`}
      actions={add}
    >
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          Share of features that drifted
        </Text>
        <EChart option={driftShareOption(ordered, driftShare)} label={`Share of drifted features per batch of ${model}`} height={220} />
      </Stack>
      {measured.length > 0 && (
        <SimpleGrid cols={{ base: 1, lg: measured.length > 1 ? 2 : 1 }}>
          {measured.map((m) => (
            <Stack gap="xs" key={m}>
              <Text size="sm" fw={600}>
                {METRIC_INFO[m].label} on the batches with outcomes
              </Text>
              <EChart option={metricTimelineOption(ordered, m, criteria.find((c) => c.metric === m))} label={`${METRIC_INFO[m].label} per batch, with the charter’s acceptable level and target`} height={220} />
            </Stack>
          ))}
        </SimpleGrid>
      )}
      {fair.length > 0 && (
        <SimpleGrid cols={{ base: 1, lg: fair.length > 1 ? 2 : 1 }}>
          {fair.map((a) => (
            <Stack gap="xs" key={a.name}>
              <Text size="sm" fw={600}>
                Fairness for {a.name}: demographic parity difference on the batches with outcomes
              </Text>
              <EChart option={fairnessTimelineOption(ordered, a.name, a.maxDisparity)} label={`Demographic parity difference for ${a.name} per batch, with the charter’s allowed disparity`} height={200} />
            </Stack>
          ))}
        </SimpleGrid>
      )}
      <Table aria-label="Batches" verticalSpacing={4} highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Batch</Table.Th>
            <Table.Th>Observed</Table.Th>
            <Table.Th ta="right">Rows</Table.Th>
            <Table.Th>Drift</Table.Th>
            <Table.Th ta="right">Features drifted</Table.Th>
            <Table.Th>Outcomes</Table.Th>
            <Table.Th ta="right">Alerts</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {batches.map((b) => {
            const selected = b.id === selectedId;
            return (
              <Table.Tr
                key={b.id}
                onClick={() => onSelect(b.id)}
                onKeyDown={(e) => e.key === 'Enter' && onSelect(b.id)}
                tabIndex={0}
                style={{ cursor: 'pointer' }}
                aria-selected={selected}
                bg={selected ? 'var(--mantine-primary-color-light)' : undefined}
                data-testid={`batch-row-${b.name}`}
              >
                <Table.Td fw={600}>{b.name}</Table.Td>
                <Table.Td>{formatDate(b.observedAt)}</Table.Td>
                <Table.Td ta="right">{b.rows.toLocaleString('en')}</Table.Td>
                <Table.Td>
                  <Badge color={VERDICT_COLORS[b.verdict]} variant="light" style={WHOLE}>
                    {VERDICT_BADGES[b.verdict]}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right" ff="monospace">
                  {b.drifted}/{b.features} ({pct(b.shareDrifted)})
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={b.metrics ? undefined : 'dimmed'}>
                    {b.metrics ? measured.map((m) => `${METRIC_INFO[m].label} ${metricValue(m, b.metrics?.[m])}`).join(' · ') : 'not yet'}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  {b.alerts > 0 ? (
                    <Badge color="red" variant="filled">
                      {b.alerts}
                    </Badge>
                  ) : (
                    <Text size="sm" c="dimmed">
                      0
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Section>
  );
}
