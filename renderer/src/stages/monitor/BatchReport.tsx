/**
 * One batch's report: the drift verdict and what it was compared with, drift per feature, drift of the predictions,
 * data quality, and — when the outcomes arrived — the charter's metrics, fairness and a comparison with a new version.
 */
import { useCallback, useState } from 'react';
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { BatchComparison, BatchRecord, Project } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { formatDate, formatDateTime } from '../../components/format';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { Section } from '../../components/Section';
import { CompareModal } from './CompareModal';
import { ComparisonView } from './ComparisonView';
import { DataQualityView } from './DataQualityView';
import { FeatureDriftTable } from './FeatureDriftTable';
import { decisionSentence, fileName, VERDICT_BADGES, VERDICT_COLORS, verdictSentence } from './monitorText';
import { PerformanceView } from './PerformanceView';
import { PredictionDriftView } from './PredictionDriftView';

export function BatchReport({ project, batchId }: { project: Project; batchId: string }) {
  const query = useGyreQuery('monitor.batch', { projectId: project.id, id: batchId });
  if (query.isPending) return <LoadingState label="Loading the batch report…" />;
  if (query.isError) return <ErrorState title="The batch report could not be loaded" error={query.error} onRetry={() => void query.refetch()} />;
  return <Report project={project} record={query.data} />;
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={600} style={{ wordBreak: 'break-word' }}>
        {value}
      </Text>
    </Stack>
  );
}

function VerdictCard({ record: r }: { record: BatchRecord }) {
  const d = r.drift;
  const s = d.settings;
  return (
    <Card withBorder padding="lg" data-testid="batch-verdict" style={{ borderLeft: `4px solid var(--mantine-color-${VERDICT_COLORS[d.verdict]}-6)` }}>
      <Stack gap="sm">
        <Group gap="sm">
          <Badge size="lg" color={VERDICT_COLORS[d.verdict]} variant="filled">
            {VERDICT_BADGES[d.verdict]}
          </Badge>
          <Text fw={700} size="lg" data-testid="batch-verdict-text">
            {verdictSentence(d)}
          </Text>
        </Group>
        <Text size="sm" data-testid="batch-reference">
          Compared with {d.referenceLabel} ({r.model}). {decisionSentence(s)}
        </Text>
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          <Fact label="Rows" value={r.rows.toLocaleString('en')} />
          <Fact label="Observed" value={formatDate(r.observedAt)} />
          <Fact label={r.source.kind === 'log' ? 'Prediction log' : 'File'} value={fileName(r.source.path)} />
          <Fact label="Outcomes" value={r.performance ? `${r.performance.rows.toLocaleString('en')} rows with an outcome` : 'not yet'} />
          <Fact label="Alerts raised" value={String(r.alerts)} />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          Checked {formatDateTime(r.createdAt)}.
        </Text>
      </Stack>
    </Card>
  );
}

function Report({ project, record: r }: { project: Project; record: BatchRecord }) {
  const [comparing, setComparing] = useState(false);
  const [comparison, setComparison] = useState<BatchComparison | null>(null);
  const onDone = useCallback((c: BatchComparison) => (setComparison(c), setComparing(false)), []);
  return (
    <Stack gap="md" component="section" aria-label={`Report of batch ${r.name}`} data-testid="batch-report">
      <Title order={2} size="h3">
        Batch “{r.name}”
      </Title>
      <VerdictCard record={r} />
      <Section
        order={3}
        title="Drift per feature"
        description="Each feature’s distribution in the batch against the training rows, by five statistics; the highlighted one decides (change it under Drift settings). Click a feature to see both distributions."
      >
        <FeatureDriftTable features={r.drift.features} />
      </Section>
      <Section order={3} title="Prediction drift" description="Whether the model answers differently on this batch than on its training rows — often the first sign, before any outcome arrives.">
        <PredictionDriftView prediction={r.drift.prediction} />
      </Section>
      <Section order={3} title="Data quality" description="Problems in the batch itself: inputs missing, values that cannot be read, categories and ranges never seen in training.">
        <DataQualityView quality={r.drift.quality} />
      </Section>
      {r.performance ? (
        <Section
          order={3}
          title="Performance on the outcomes"
          description="The charter’s success criteria measured on the batch’s rows whose true outcome arrived."
          actions={
            <Button variant="light" onClick={() => setComparing(true)}>
              Compare with a new version…
            </Button>
          }
        >
          <PerformanceView performance={r.performance} />
          {comparison && <ComparisonView comparison={comparison} />}
        </Section>
      ) : (
        <Section order={3} title="Performance on the outcomes">
          <Text size="sm" c="dimmed" maw={760}>
            No outcomes were given for this batch, so its metrics are unknown. When the true values arrive, add the batch again with its outcomes file and
            id column.
          </Text>
        </Section>
      )}
      {comparing && <CompareModal project={project} batch={r} onClose={() => setComparing(false)} onDone={onDone} />}
    </Stack>
  );
}
