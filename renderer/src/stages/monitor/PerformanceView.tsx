/**
 * How the model did on the batch's rows whose outcome arrived: the charter's success criteria with their verdicts,
 * the task's other metrics, and per sensitive attribute the groups and their demographic parity difference.
 */
import { Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { METRIC_INFO, type BatchPerformance, type FairnessSection, type Metric } from '@contract';
import { formatValue, shareText, VERDICT_COLORS, VERDICT_LABELS } from '../evaluate/evaluationText';
import { metricValue, WHOLE } from './monitorText';

export function CriteriaTable({ performance: p, label = 'Charter metrics on the batch' }: { performance: BatchPerformance; label?: string }) {
  if (p.criteria.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        The charter has no success criterion a batch can measure.
      </Text>
    );
  }
  return (
    <Table aria-label={label} verticalSpacing={4} maw={760}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Charter metric</Table.Th>
          <Table.Th ta="right">On this batch</Table.Th>
          <Table.Th ta="right">Acceptable</Table.Th>
          <Table.Th ta="right">Target</Table.Th>
          <Table.Th>Verdict</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {p.criteria.map((c) => {
          const sign = c.direction === 'higher' ? '≥' : '≤';
          return (
            <Table.Tr key={c.metric}>
              <Table.Td fw={600}>{METRIC_INFO[c.metric].label}</Table.Td>
              <Table.Td ta="right" ff="monospace" fw={700}>
                {metricValue(c.metric, c.value)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {sign} {metricValue(c.metric, c.acceptable)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {sign} {metricValue(c.metric, c.target)}
              </Table.Td>
              <Table.Td>
                <Badge color={VERDICT_COLORS[c.verdict]} variant="light" style={{ ...WHOLE, textTransform: 'none' }}>
                  {c.verdict === 'fail' ? 'below acceptable' : VERDICT_LABELS[c.verdict]}
                </Badge>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function FairnessBlock({ section: s }: { section: FairnessSection }) {
  const gap = s.demographicParityDifference;
  const within = gap === null || s.maxDisparity === null ? null : gap <= s.maxDisparity;
  return (
    <Stack gap={6}>
      <Group gap="sm">
        <Title order={5}>{s.attribute}</Title>
        <Text size="sm">
          Demographic parity difference <b>{formatValue(gap)}</b>
          {s.maxDisparity !== null && ` (allowed: ${formatValue(s.maxDisparity)})`}
        </Text>
        {within !== null && (
          <Badge color={within ? 'teal' : 'red'} variant="light" style={{ textTransform: 'none' }}>
            {within ? 'within the limit' : 'over the limit'}
          </Badge>
        )}
      </Group>
      {s.note && (
        <Text size="sm" c="dimmed">
          {s.note}
        </Text>
      )}
      {s.groups.length > 0 && (
        <Table aria-label={`Groups of ${s.attribute} on the batch`} verticalSpacing={2} fz="sm" maw={640} withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Group</Table.Th>
              <Table.Th ta="right">Rows</Table.Th>
              <Table.Th ta="right" title="Share of the group predicted positive">
                Selection rate
              </Table.Th>
              <Table.Th ta="right">Accuracy</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.groups.map((g) => (
              <Table.Tr key={g.group}>
                <Table.Td>
                  {g.group}
                  {g.small && (
                    <Badge ml={6} size="xs" color="orange" variant="light" style={{ textTransform: 'none' }} title="Fewer than 30 rows: these rates are unreliable">
                      few rows
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right">{g.count.toLocaleString('en')}</Table.Td>
                <Table.Td ta="right">{shareText(g.selectionRate)}</Table.Td>
                <Table.Td ta="right">{g.mae !== undefined && g.mae !== null ? `MAE ${formatValue(g.mae)}` : shareText(g.accuracy)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

export function PerformanceView({ performance: p }: { performance: BatchPerformance }) {
  const judged = new Set(p.criteria.map((c) => c.metric));
  const others = (Object.entries(p.byMetric) as [Metric, number | null][]).filter(([m, v]) => !judged.has(m) && v !== null);
  return (
    <Stack gap="md">
      <Text size="sm">
        Measured on the {p.rows.toLocaleString('en')} rows of the batch whose outcome arrived
        {p.unmatchedOutcomes > 0 && `; ${p.unmatchedOutcomes.toLocaleString('en')} outcomes matched no row of the batch (check the id column)`}.
      </Text>
      <CriteriaTable performance={p} />
      {others.length > 0 && (
        <Text size="sm" c="dimmed">
          Other metrics: {others.map(([m, v]) => `${METRIC_INFO[m].label} ${metricValue(m, v)}`).join(' · ')}
        </Text>
      )}
      {p.fairness.length > 0 && (
        <Stack gap="sm">
          <Title order={4}>Fairness across the charter’s sensitive attributes</Title>
          {p.fairness.map((s) => (
            <FairnessBlock key={s.attribute} section={s} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
