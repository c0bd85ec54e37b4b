/**
 * One synthetic version's quality report, read top-down: the verdict in words, each column real against synthetic,
 * whether the columns still relate as they did, whether a classifier can tell the rows apart, and the privacy checks.
 */
import { useMemo } from 'react';
import { Alert, Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Table, Text, Title, useComputedColorScheme } from '@mantine/core';
import type { AssociationComparison, ColumnQuality, SyntheticRecord, SyntheticReport } from '@contract';
import { useGyreQuery } from '../../../api/queries';
import { EChart } from '../../../components/charts/EChart';
import { formatNumber } from '../../../components/charts/numbers';
import { heatmapOption } from '../../../components/charts/options';
import { ErrorState, LoadingState } from '../../../components/QueryState';
import { datasetHref } from '../../data/paths';
import { columnChartOption, neighbourOption } from './syntheticCharts';
import { aucWords, distanceWords, fixed, LEVEL_COLORS, LEVEL_LABELS, measureName, pct } from './syntheticText';

export function SyntheticReportView({ projectId, versionId }: { projectId: string; versionId: string }) {
  const query = useGyreQuery('synthetic.report', { projectId, versionId });
  if (query.isPending) return <LoadingState label="Loading the quality report…" />;
  if (query.isError) return <ErrorState title="The quality report could not be loaded" error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Text c="dimmed">This version was not generated as synthetic data.</Text>;
  return <Report record={query.data} projectId={projectId} />;
}

function Figure({ label, value, note, color }: { label: string; value: string; note: string; color?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {note}
      </Text>
    </Stack>
  );
}

function Report({ record, projectId }: { record: SyntheticRecord; projectId: string }) {
  const r = record.report;
  const worst = [...r.quality].sort((a, b) => b.distance - a.distance)[0];
  const auc = aucWords(r.discriminator.auc);
  return (
    <Stack gap="lg" data-testid="synthetic-report" aria-label={`Quality report of ${record.datasetName} v${record.version}`}>
      <Alert color={LEVEL_COLORS[r.verdict.level]} variant="light" title={`${LEVEL_LABELS[r.verdict.level]}: ${r.verdict.headline}`} data-testid="synthetic-verdict">
        <List size="sm" spacing={4}>
          {r.verdict.findings.map((f) => (
            <List.Item key={f}>{f}</List.Item>
          ))}
        </List>
      </Alert>
      <Text size="sm" c="dimmed">
        {r.rowsGenerated.toLocaleString('en')} rows generated from {r.source.label} ({r.source.rows.toLocaleString('en')} real rows) with seed {r.seed}, kept as{' '}
        <Anchor href={datasetHref(projectId, record.datasetId)}>
          {record.datasetName} v{record.version}
        </Anchor>
        .{r.rowsGenerated < r.rowsRequested && ` ${(r.rowsRequested - r.rowsGenerated).toLocaleString('en')} of the ${r.rowsRequested.toLocaleString('en')} rows asked for were left out because they kept equalling real rows.`}
      </Text>
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Figure label="Rows" value={r.rowsGenerated.toLocaleString('en')} note={`from ${r.source.rows.toLocaleString('en')} real rows`} />
        <Figure label="Largest column distance" value={fixed(worst?.distance ?? null, 2)} note={worst ? `${worst.name} (${measureName(worst)})` : 'no column'} />
        <Figure label="Correlation difference" value={fixed(r.association?.meanAbsDifference, 3)} note="mean |synthetic − real| over pairs" />
        <Figure label="Classifier ROC AUC" value={fixed(r.discriminator.auc, 2)} note={auc.text} color={auc.color} />
        <Figure label="Copies of real rows" value="0" note={`${r.privacy.exactCopies.found.toLocaleString('en')} drawn again`} color="teal" />
      </SimpleGrid>
      <ColumnsSection report={r} />
      {r.association && <AssociationSection association={r.association} />}
      <DiscriminatorSection report={r} />
      <PrivacySection report={r} />
    </Stack>
  );
}

function ColumnsSection({ report }: { report: SyntheticReport }) {
  const byName = new Map(report.quality.map((q) => [q.name, q]));
  return (
    <Stack gap="sm">
      <Title order={4}>Each column, real against synthetic</Title>
      <Text size="sm" c="dimmed">
        For numbers, the Kolmogorov–Smirnov statistic: the largest gap between the two cumulative distributions. For categories and yes/no columns, the total variation
        distance: the share of rows that would have to change category. Both are 0 when identical and 1 when completely different; under 0.1 is close.
        {report.qualityRows.real < report.source.rows && ` Compared on a sample of ${report.qualityRows.real.toLocaleString('en')} rows per side.`}
      </Text>
      <Table aria-label="Column distances" verticalSpacing={4} highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Column</Table.Th>
            <Table.Th>How it was generated</Table.Th>
            <Table.Th>Measure</Table.Th>
            <Table.Th ta="right">Distance</Table.Th>
            <Table.Th ta="right">Missing, real → synthetic</Table.Th>
            <Table.Th ta="right">Mean, real → synthetic</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.columns.map((c) => {
            const q = byName.get(c.name);
            const words = q ? distanceWords(q) : null;
            return (
              <Table.Tr key={c.name}>
                <Table.Td fw={600}>{c.name}</Table.Td>
                <Table.Td>
                  <Text size="xs">{c.note}</Text>
                </Table.Td>
                <Table.Td>{q ? measureName(q) : c.treatment === 'dropped' ? 'left out' : 'new values'}</Table.Td>
                <Table.Td ta="right">
                  {q && words && (
                    <Text size="sm" c={words.color} style={{ whiteSpace: 'nowrap' }}>
                      <Text span ff="monospace" size="sm" fw={600}>
                        {q.distance.toFixed(3)}
                      </Text>{' '}
                      {words.text}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right" ff="monospace" fz="sm">
                  {q ? `${pct(q.missing.real)} → ${pct(q.missing.synthetic)}` : ''}
                </Table.Td>
                <Table.Td ta="right" ff="monospace" fz="sm">
                  {q?.summary?.real && q.summary.synthetic && q.semanticType !== 'datetime' ? `${formatNumber(q.summary.real.mean)} → ${formatNumber(q.summary.synthetic.mean)}` : ''}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
        {report.quality.map((q) => (
          <ColumnCard key={q.name} q={q} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function ColumnCard({ q }: { q: ColumnQuality }) {
  const option = useMemo(() => columnChartOption(q.chart, q.name), [q]);
  const words = distanceWords(q);
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text fw={600} size="sm" truncate>
          {q.name}
        </Text>
        <Badge size="sm" variant="light" color={words.color} style={{ textTransform: 'none' }}>
          {measureName(q)} {q.distance.toFixed(2)}
        </Badge>
      </Group>
      <EChart option={option} label={`Real and synthetic distribution of ${q.name}`} height={170} />
    </Card>
  );
}

const DIVERGING = { light: ['#2166ac', '#92c5de', '#f7f7f7', '#f4a582', '#b2182b'], dark: ['#4393c3', '#2b4c66', '#2e2e2e', '#6e3530', '#d6604d'] };

function AssociationSection({ association: a }: { association: AssociationComparison }) {
  const scheme = useComputedColorScheme('light');
  const [real, synthetic] = useMemo(
    () => [a.real, a.synthetic].map((values) => heatmapOption({ columns: a.columns, values, measure: 'Association', min: -1, max: 1, colors: DIVERGING[scheme] })),
    [a, scheme],
  );
  const height = Math.max(260, Math.min(560, 120 + a.columns.length * 26));
  return (
    <Stack gap="sm">
      <Title order={4}>How the columns relate, real against synthetic</Title>
      <Text size="sm" c="dimmed">
        Each cell is the association of two columns: Pearson’s r between two numbers (−1 … 1), the correlation ratio η between a category and a number, Cramér’s V between
        two categories (both 0 … 1). The two maps should look alike. Mean difference {a.meanAbsDifference.toFixed(3)}
        {a.largest && `; the largest is ${a.largest.a} with ${a.largest.b}: ${a.largest.real.toFixed(2)} real, ${a.largest.synthetic.toFixed(2)} synthetic`}. On small data
        these measures vary by chance (η and V lean above 0 with few rows).
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack gap={4}>
          <Text size="sm" fw={600} ta="center">
            Real rows
          </Text>
          <EChart option={real!} label="Associations between columns in the real rows" height={height} />
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={600} ta="center">
            Synthetic rows
          </Text>
          <EChart option={synthetic!} label="Associations between columns in the synthetic rows" height={height} />
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

function DiscriminatorSection({ report }: { report: SyntheticReport }) {
  const d = report.discriminator;
  const words = aucWords(d.auc);
  return (
    <Stack gap={4}>
      <Title order={4}>Can a classifier tell them apart?</Title>
      <Group gap="sm" align="baseline">
        <Text size="xl" fw={700} c={words.color}>
          ROC AUC {fixed(d.auc, 2)}
        </Text>
        <Text size="sm">{words.text}</Text>
      </Group>
      <Text size="sm" c="dimmed">
        {d.model[0]!.toUpperCase() + d.model.slice(1)}. 0.5 means it guesses no better than a coin; 1 means it tells every row apart. Differences it finds are usually
        relations a Gaussian copula does not keep: non-linear shapes, or rules that hold only within a group.
      </Text>
    </Stack>
  );
}

function PrivacySection({ report }: { report: SyntheticReport }) {
  const p = report.privacy;
  const nn = p.nearestNeighbour;
  const option = useMemo(() => (nn ? neighbourOption(nn) : null), [nn]);
  return (
    <Stack gap="sm" aria-label="Privacy checks" component="section">
      <Title order={4}>Privacy</Title>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure label="Exact copies of real rows" value="0" note={`every row checked against all ${report.source.rows.toLocaleString('en')} real rows on ${p.checkedColumns.length} columns`} color="teal" />
        <Figure label="Drawn again" value={p.exactCopies.resampled.toLocaleString('en')} note={`${p.exactCopies.found.toLocaleString('en')} first draws equalled a real row`} />
        <Figure label="Left out" value={p.exactCopies.dropped.toLocaleString('en')} note="kept landing on real rows" />
        {nn && <Figure label="Closer than real rows’ 5th percentile" value={pct(nn.closerThanRealP5)} note="≈5% is what new rows would show" color={nn.closerThanRealP5 > 0.1 ? 'orange' : undefined} />}
      </SimpleGrid>
      {nn && option && (
        <>
          <Text size="sm" c="dimmed">
            Distance to the closest real row (numbers in standard deviations; a different category counts as one): synthetic rows should sit about as far from the real
            rows as held-out real rows do — much closer would mean near-copies of real records. Measured on {nn.sample.synthetic.toLocaleString('en')} synthetic and{' '}
            {nn.sample.holdout.toLocaleString('en')} held-out real rows against {nn.sample.reference.toLocaleString('en')} real rows; the closest synthetic row is {nn.minimum.toFixed(3)} away.
          </Text>
          <EChart option={option} label="Distances to the closest real row, synthetic and held-out real" height={240} />
        </>
      )}
    </Stack>
  );
}
