/**
 * The top of the report: which model was scored on which rows, and the charter's success gate — each criterion
 * measured with its interval and judged, the latency and size, and whether the model passes.
 */
import { Alert, Badge, Group, Table, Text } from '@mantine/core';
import { METRIC_INFO, MODEL_NAMES, type EvaluationDetail, type GateCriterion } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { formatDateTime } from '../../components/format';
import { formatBytes, formatMs, TASK_WORDS } from '../train/runText';
import { gateBanner, intervalText, limitText, VERDICT_COLORS, VERDICT_LABELS, VERDICT_WORDS } from './evaluationText';
import { ReportSection } from './ReportSection';

/** The run's model by name once the run is read; its id until then (or when it was deleted). */
function ModelName({ runId }: { runId: string }) {
  const run = useGyreQuery('runs.get', { id: runId }, { retry: false });
  return <>{run.data ? `${MODEL_NAMES[run.data.model]} · ${runId}` : `Run ${runId}`}</>;
}

function CriterionRow({ c }: { c: GateCriterion }) {
  const unit = METRIC_INFO[c.metric]?.unit ?? '';
  return (
    <Table.Tr>
      <Table.Td>{c.label}</Table.Td>
      <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{intervalText(c, unit)}</Table.Td>
      <Table.Td>{limitText(c, c.acceptable, unit)}</Table.Td>
      <Table.Td>{limitText(c, c.target, unit)}</Table.Td>
      <Table.Td>
        <Badge variant="light" color={VERDICT_COLORS[c.verdict]} style={{ textTransform: 'none' }} title={`${c.label}: ${VERDICT_WORDS[c.verdict]}`}>
          {VERDICT_LABELS[c.verdict]}
        </Badge>
      </Table.Td>
    </Table.Tr>
  );
}

/** Measured by this evaluation whether or not the charter sets a limit on them. */
function CostRow({ label, value }: { label: string; value: string }) {
  return (
    <Table.Tr>
      <Table.Td>{label}</Table.Td>
      <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{value}</Table.Td>
      <Table.Td c="dimmed" colSpan={3}>
        measured, not judged here
      </Table.Td>
    </Table.Tr>
  );
}

export function GateSection({ evaluation }: { evaluation: EvaluationDetail }) {
  const { report } = evaluation;
  const { gate } = report;
  const banner = gateBanner(gate);
  return (
    <ReportSection
      title="Success gate"
      description="The charter's success criteria measured on these rows, each with its 95% bootstrap interval. An interval that straddles a limit means the rows cannot tell whether the model clears it: more rows would."
    >
      <Group gap="xs" wrap="wrap">
        <Text fw={600}>
          <ModelName runId={evaluation.runId} />
        </Text>
        <Text size="sm" c="dimmed">
          {TASK_WORDS[report.task]} of “{report.target}”{report.positiveLabel ? ` (positive class “${report.positiveLabel}”)` : ''} · {report.rowsLabel} · {report.resamples.toLocaleString('en')} bootstrap resamples · {formatDateTime(evaluation.createdAt)}
        </Text>
      </Group>
      <Alert color={banner.color} variant="light" title={banner.title} role="status" aria-label={`Gate: ${banner.title}`}>
        {banner.text}
      </Alert>
      <Table.ScrollContainer minWidth={640}>
        <Table data-testid="evaluation-gate" aria-label="Success criteria" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Criterion</Table.Th>
              <Table.Th>Measured (95% interval)</Table.Th>
              <Table.Th>Acceptable</Table.Th>
              <Table.Th>Target</Table.Th>
              <Table.Th>Verdict</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {gate.criteria.map((c) => (
              <CriterionRow key={c.metric} c={c} />
            ))}
            <CostRow label="Latency, one row (p50 / p95)" value={`${formatMs(gate.latency.p50Ms)} / ${formatMs(gate.latency.p95Ms)}`} />
            <CostRow label="Model size (ONNX file)" value={formatBytes(gate.sizeBytes)} />
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </ReportSection>
  );
}
