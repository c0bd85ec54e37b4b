/** A candidate version beside production on one batch with outcomes: the charter's metrics side by side, and which is better. */
import { Alert, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { METRIC_INFO, type BatchComparison, type Metric, type Verdict } from '@contract';
import { VERDICT_COLORS, VERDICT_LABELS } from '../evaluate/evaluationText';
import { metricValue, stat, WHOLE } from './monitorText';

interface Row {
  metric: Metric;
  production: number | null;
  candidate: number | null;
  productionVerdict: Verdict | null;
  candidateVerdict: Verdict | null;
}

/** The charter's criteria; the task's metrics when the charter has none a batch measures. */
function rows(c: BatchComparison): Row[] {
  const p = c.production.performance;
  const k = c.candidate.performance;
  if (p.criteria.length > 0) {
    return p.criteria.map((pc) => {
      const kc = k.criteria.find((x) => x.metric === pc.metric);
      return { metric: pc.metric, production: pc.value, candidate: kc?.value ?? null, productionVerdict: pc.verdict, candidateVerdict: kc?.verdict ?? null };
    });
  }
  return (Object.keys(p.byMetric) as Metric[]).map((m) => ({ metric: m, production: p.byMetric[m] ?? null, candidate: k.byMetric[m] ?? null, productionVerdict: null, candidateVerdict: null }));
}

function better(r: Row, production: string, candidate: string): { text: string; color: string } {
  if (r.production === null || r.candidate === null) return { text: '—', color: 'dimmed' };
  const d = r.candidate - r.production;
  if (Math.abs(d) < 1e-9) return { text: 'the same', color: 'dimmed' };
  const candidateWins = METRIC_INFO[r.metric].direction === 'higher' ? d > 0 : d < 0;
  return { text: `${candidateWins ? candidate : production}, by ${stat(Math.abs(d))}`, color: candidateWins ? 'teal.8' : 'red.8' };
}

function Cell({ metric, value, verdict }: { metric: Metric; value: number | null; verdict: Verdict | null }) {
  return (
    <Group gap={6} justify="flex-end" wrap="nowrap">
      <Text size="sm" ff="monospace" fw={600}>
        {metricValue(metric, value)}
      </Text>
      {verdict && (
        <Badge size="sm" color={VERDICT_COLORS[verdict]} variant="light" style={{ ...WHOLE, textTransform: 'none' }}>
          {verdict === 'fail' ? 'below acceptable' : VERDICT_LABELS[verdict]}
        </Badge>
      )}
    </Group>
  );
}

export function ComparisonView({ comparison: c }: { comparison: BatchComparison }) {
  const production = c.production.model;
  const candidate = c.candidate.model;
  return (
    <Stack gap="sm" data-testid="batch-comparison">
      <Title order={4}>
        {candidate} beside {production}
      </Title>
      <Text size="sm">
        {candidate} and {production} (production) scored the same {c.rows.toLocaleString('en')} rows of batch {c.batchName} whose outcome is known.
      </Text>
      {c.notes.map((n) => (
        <Alert key={n} color="yellow" variant="light" p="xs">
          <Text size="sm">{n}</Text>
        </Alert>
      ))}
      <Table aria-label={`${candidate} and ${production} on batch ${c.batchName}`} verticalSpacing={4} maw={860}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Metric</Table.Th>
            <Table.Th ta="right">{production} (production)</Table.Th>
            <Table.Th ta="right">{candidate} (candidate)</Table.Th>
            <Table.Th>Better</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows(c).map((r) => {
            const b = better(r, production, candidate);
            return (
              <Table.Tr key={r.metric}>
                <Table.Td fw={600}>{METRIC_INFO[r.metric].label}</Table.Td>
                <Table.Td>
                  <Cell metric={r.metric} value={r.production} verdict={r.productionVerdict} />
                </Table.Td>
                <Table.Td>
                  <Cell metric={r.metric} value={r.candidate} verdict={r.candidateVerdict} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={b.color}>
                    {b.text}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
