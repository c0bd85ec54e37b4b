/**
 * What the model relies on: permutation importance (how much the metric drops when a column is shuffled) and
 * partial dependence (how the average prediction moves with one column), with single rows as ICE lines.
 */
import { useMemo, useState } from 'react';
import { Box, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import type { Explanations } from '@contract';
import { EChart } from '../../components/charts/EChart';
import { formatValue, metricLabel } from './evaluationText';
import { dependenceOption, importanceOption, rankImportance } from './explanationCharts';
import { Part, ReportSection } from './ReportSection';

function Importance({ explanations }: { explanations: Explanations }) {
  const metric = metricLabel(explanations.metric);
  const option = useMemo(() => importanceOption({ importance: explanations.importance, metric }), [explanations.importance, metric]);
  if (explanations.importance.length === 0) return <Text size="sm">No column could be shuffled.</Text>;
  return (
    <Stack gap={4}>
      <Box data-testid="importance-chart">
        <EChart option={option} label={`Permutation importance of ${explanations.importance.length} columns: how much ${metric} worsens when each is shuffled`} height={Math.max(180, 70 + explanations.importance.length * 26)} />
      </Box>
      <Text size="xs" c="dimmed">
        {metric} is {formatValue(explanations.baseline)} with the columns intact; each bar is how much it worsens, on average over {explanations.repeats} shuffles of {explanations.rows.toLocaleString('en')} rows, the whisker one standard deviation. A bar near zero (or below) means the model does not need that column, or another column carries the same information.
      </Text>
    </Stack>
  );
}

function Dependence({ explanations }: { explanations: Explanations }) {
  // The columns in order of importance, so the Select opens on the one that matters most.
  const ordered = useMemo(() => {
    const rank = new Map(rankImportance(explanations.importance).map((r, i) => [r.column, i]));
    return [...explanations.dependence].sort((a, b) => (rank.get(a.column) ?? Infinity) - (rank.get(b.column) ?? Infinity));
  }, [explanations.importance, explanations.dependence]);
  const [column, setColumn] = useState<string | null>(ordered[0]?.column ?? null);
  const entry = ordered.find((d) => d.column === column);
  const option = useMemo(() => (entry ? dependenceOption({ entry, output: explanations.output }) : null), [entry, explanations.output]);
  if (ordered.length === 0) return <Text size="sm">No partial dependence was computed.</Text>;
  return (
    <Stack gap="xs">
      <Select label="Column" data={ordered.map((d) => d.column)} value={column} onChange={setColumn} allowDeselect={false} maw={320} />
      {entry && option && (
        <>
          <EChart option={option} label={`Partial dependence of ${explanations.output} on ${entry.column}, with ${Math.min(entry.ice.length, 50)} single rows`} height={300} />
          <Text size="xs" c="dimmed">
            The thick {entry.kind === 'string' ? 'bars' : 'line'}: the average {explanations.output} when every row’s {entry.column} is set to each value. Thin lines: single rows. Lines that cross or fan out mean {entry.column} acts together with other columns.
          </Text>
        </>
      )}
    </Stack>
  );
}

export function ExplanationsSection({ explanations }: { explanations: Explanations }) {
  return (
    <ReportSection
      title="Explanations"
      description="Which columns the model leans on and how its predictions move with them. Check that they make sense to someone who knows the domain: a surprising top column is often leakage or a proxy."
    >
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Part title={`Permutation importance (${metricLabel(explanations.metric)})`}>
          <Importance explanations={explanations} />
        </Part>
        <Part title="Partial dependence">
          <Dependence explanations={explanations} />
        </Part>
      </SimpleGrid>
    </ReportSection>
  );
}
