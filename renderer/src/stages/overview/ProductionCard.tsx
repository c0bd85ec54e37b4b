/**
 * The model in production and how it is doing: when it was promoted, and its newest batch of production data —
 * the drift verdict and the charter's metrics on the batch's outcomes, each judged against the charter.
 */
import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from 'wouter';
import type { BatchSummary, ProjectOverview, SuccessCriterion } from '@contract';
import { stagePath } from '../../app/paths';
import { formatDateTime } from '../../components/format';
import { Section } from '../../components/Section';
import { batchCriteria, driftSentence, DRIFT_WORDS, formatValue, relativeTime, VERDICT_COLORS, VERDICT_SHORT, VERDICT_WORDS } from './overviewText';

interface Props {
  projectId: string;
  overview: ProjectOverview;
  criteria: readonly SuccessCriterion[];
  now: number;
}

export function ProductionCard({ projectId, overview, criteria, now }: Props) {
  const { production, latestBatch } = overview;
  if (!production) {
    return (
      <Section title="Production" description="The model version that answers for real, and how it is doing on the data it sees.">
        <Text size="sm">
          No model is in production yet. Evaluate a run, register it as a model version and promote it to production in the model registry on
          Evaluate (production asks for an evaluation that passes the charter’s success gate); Monitor then checks its batches of production data.
        </Text>
        <Button component={Link} href={stagePath(projectId, 'evaluate')} variant="light" w="fit-content">
          Go to Evaluate
        </Button>
      </Section>
    );
  }
  return (
    <Section title="Production" description="The model version that answers for real, and how it did on its newest batch of production data.">
      <Group gap="xs" align="baseline">
        <Text size="xl" fw={700} ff="monospace" data-testid="production-model">
          {production.model}
        </Text>
        <Text size="sm" c="dimmed" title={production.since ? formatDateTime(production.since) : undefined}>
          {production.since ? `in production since ${formatDateTime(production.since)} (${relativeTime(production.since, now)})` : 'in production'}
        </Text>
      </Group>
      {latestBatch ? <LatestBatch batch={latestBatch} criteria={criteria} now={now} /> : <NoBatches model={production.model} />}
      <Group gap="xs">
        <Button component={Link} href={stagePath(projectId, 'monitor')} variant="light" size="xs">
          {latestBatch ? 'Every batch on Monitor' : 'Check a batch on Monitor'}
        </Button>
        <Button component={Link} href={stagePath(projectId, 'evaluate')} variant="default" size="xs">
          Model registry on Evaluate
        </Button>
      </Group>
    </Section>
  );
}

function NoBatches({ model }: { model: string }) {
  return (
    <Text size="sm" c="dimmed">
      No batches yet. Check a batch of production inputs on Monitor (or run <Text span ff="monospace">gyre monitor {model} FILE</Text>) to see whether the
      data has drifted from the training rows; add the true outcomes when they arrive to measure the charter’s metrics.
    </Text>
  );
}

function LatestBatch({ batch, criteria, now }: { batch: BatchSummary; criteria: readonly SuccessCriterion[]; now: number }) {
  const drift = DRIFT_WORDS[batch.verdict];
  const rows = batchCriteria(criteria, batch.metrics);
  return (
    <Stack gap="sm" data-testid="latest-batch">
      <Text size="sm">
        Latest batch <b>{batch.name}</b> · {batch.rows.toLocaleString('en')} rows · observed{' '}
        <span title={formatDateTime(batch.observedAt)}>{relativeTime(batch.observedAt, now)}</span>
        {batch.alerts > 0 && ` · raised ${batch.alerts} alert${batch.alerts === 1 ? '' : 's'}`}
      </Text>
      <Group gap="xs">
        <Badge color={drift.color} variant="light" style={{ textTransform: 'none' }}>
          {drift.label}
        </Badge>
        <Text size="sm">{driftSentence(batch)}</Text>
      </Group>
      {batch.metrics === null ? (
        <Text size="sm" c="dimmed">
          No outcomes for this batch yet: when the true outcomes arrive, add them to the batch on Monitor to measure the charter’s metrics.
        </Text>
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          The charter has no success criteria a batch’s outcomes can measure.
        </Text>
      ) : (
        <Table aria-label="Charter metrics on the latest batch" verticalSpacing={4} withRowBorders={false}>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.metric}>
                <Table.Td>
                  <Text size="sm">{r.label}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600} ff="monospace">
                    {formatValue(r.value)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={VERDICT_COLORS[r.verdict]} style={{ textTransform: 'none' }} aria-label={`${r.label} ${formatValue(r.value)}: ${VERDICT_WORDS[r.verdict]}`}>
                    {`${r.verdict === 'fail' ? '✗' : r.verdict === 'unknown' ? '–' : '✓'} ${VERDICT_SHORT[r.verdict]}`}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {r.bar}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
