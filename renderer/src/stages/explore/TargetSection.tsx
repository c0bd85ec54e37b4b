/** The target column: its balance (classes) or distribution (numbers), each feature's relation to it, and per-class boxes. */
import { useMemo } from 'react';
import { Badge, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { TargetAnalysis } from '@contract';
import { EChart } from '../../components/charts/EChart';
import { barOption, boxplotOption, histogramOption, scatterOption } from '../../components/charts/options';
import { relationsOption } from './relationsOption';
import { Section } from '../../components/Section';

function TargetDistribution({ target }: { target: TargetAnalysis }) {
  const option = useMemo(() => {
    if (target.histogram) return histogramOption({ edges: target.histogram.edges, counts: target.histogram.counts, valueName: target.column });
    const classes = target.classes ?? [];
    const total = Math.max(1, classes.reduce((a, c) => a + c.count, 0));
    return barOption({
      categories: classes.map((c) => c.value),
      values: classes.map((c) => c.count),
      categoryName: target.column,
      valueName: 'Rows',
      details: (i) => [`${((100 * (classes[i]?.count ?? 0)) / total).toFixed(1)}% of rows`],
    });
  }, [target]);
  const label = target.kind === 'classification' ? `Class balance of ${target.column}` : `Histogram of ${target.column}`;
  return <ChartBlock title={target.kind === 'classification' ? 'Class balance' : 'Distribution of the target'} option={option} label={label} />;
}

function ChartBlock({ title, option, label, height }: { title: string; option: Parameters<typeof EChart>[0]['option']; label: string; height?: number }) {
  return (
    <Stack gap={4}>
      <Title order={3} size="h6">
        {title}
      </Title>
      <EChart option={option} label={label} height={height} />
    </Stack>
  );
}

function FeatureCharts({ target }: { target: TargetAnalysis }) {
  const charts = useMemo(() => {
    if (target.byClass) {
      return target.byClass.map((f) => ({
        column: f.column,
        option: boxplotOption({ groups: f.classes.map((c) => ({ ...c, name: c.value })), groupName: target.column, valueName: f.column }),
        label: `Box plot of ${f.column} by ${target.column}`,
      }));
    }
    return (target.scatter ?? []).map((f) => ({
      column: f.column,
      option: scatterOption({ points: f.points, xName: f.column, yName: target.column }),
      label: `Scatter plot of ${target.column} against ${f.column}`,
    }));
  }, [target]);
  if (charts.length === 0) return null;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {target.byClass
          ? `The most related numeric features, per class: the box spans the middle half of rows, the line is the median, whiskers reach min and max.`
          : `The most related numeric features against the target, on up to 500 sampled rows.`}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="lg">
        {charts.map((c) => (
          <ChartBlock key={c.column} title={target.byClass ? `${c.column} by ${target.column}` : `${target.column} against ${c.column}`} option={c.option} label={c.label} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

export function TargetSection({ target }: { target: TargetAnalysis }) {
  const relations = useMemo(() => relationsOption(target.relations, target.column), [target]);
  return (
    <Section
      title="Target analysis"
      description={`How ${target.column} is distributed and which columns relate to it most. A very strong relation can mean leakage: a column known only after the outcome.`}
      actions={
        <Group gap="xs">
          <Badge variant="outline" style={{ textTransform: 'none' }}>
            target: {target.column}
          </Badge>
          <Badge variant="light" color={target.kind === 'classification' ? 'grape' : 'cyan'} style={{ textTransform: 'none' }}>
            {target.kind}
          </Badge>
        </Group>
      }
    >
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <TargetDistribution target={target} />
        {target.relations.length > 0 ? (
          <ChartBlock title="Relation to the target" option={relations} label={`Relation of each column to ${target.column}`} height={Math.max(200, 90 + target.relations.length * 30)} />
        ) : (
          <Text size="sm" c="dimmed">
            No other column could be related to {target.column}.
          </Text>
        )}
      </SimpleGrid>
      <FeatureCharts target={target} />
    </Section>
  );
}
