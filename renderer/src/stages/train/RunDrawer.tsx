/**
 * One run in full: its test metrics and the charter's verdicts, learning curves, what it cost, where it ran, its
 * settings and features, and the user's notes and tags (saved to the workspace).
 */
import { useState } from 'react';
import { useLocation } from 'wouter';
import { stagePath } from '../../app/paths';
import { Alert, Badge, Button, Drawer, Group, SimpleGrid, Stack, Table, TagsInput, Text, Textarea, Title } from '@mantine/core';
import { criterionValue, MODEL_NAMES, verdict, METRIC_INFO, type Run, type SuccessCriterion } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { EChart } from '../../components/charts/EChart';
import { lineOption } from '../../components/charts/lineOption';
import { formatDateTime } from '../../components/format';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { notifyError, notifySuccess } from '../../components/notify';
import { RunClassBalance } from './ClassBalance';
import { TuneModal } from './TuneModal';
import { formatBytes, formatMetric, formatMs, formatSeconds, METRIC_LABELS, TASK_WORDS } from './runText';

interface Props {
  /** The run shown, by id; null when the drawer is closed. */
  runId: string | null;
  criteria: SuccessCriterion[];
  onClose(): void;
}

export function RunDrawer({ runId, criteria, onClose }: Props) {
  return (
    <Drawer opened={runId !== null} onClose={onClose} position="right" size="xl" title={runId ? <DrawerTitle id={runId} /> : ''}>
      {runId && <LoadedRun key={runId} id={runId} criteria={criteria} />}
    </Drawer>
  );
}

function DrawerTitle({ id }: { id: string }) {
  const run = useGyreQuery('runs.get', { id });
  return <>{run.data ? `${MODEL_NAMES[run.data.model]} · ${run.data.id}` : `Run ${id}`}</>;
}

function LoadedRun({ id, criteria }: { id: string; criteria: SuccessCriterion[] }) {
  const run = useGyreQuery('runs.get', { id });
  if (run.isPending) return <LoadingState label="Loading the run…" />;
  if (run.isError) return <ErrorState title="The run could not be loaded" error={run.error} onRetry={() => void run.refetch()} />;
  return <RunDetail run={run.data} criteria={criteria} />;
}

/** Re-trains the run from its recorded request; the new run appears on the leaderboard when the job ends. */
function Rerun({ run }: { run: Run }) {
  const reproduce = useGyreMutation('runs.reproduce');
  return (
    <Button
      size="xs"
      variant="light"
      style={{ flexShrink: 0 }}
      disabled={!run.details.request}
      title={run.details.request ? undefined : run.model === 'imported' ? 'An imported model was trained elsewhere' : 'Saved before Gyre recorded how runs were asked for'}
      loading={reproduce.isPending}
      onClick={() => reproduce.mutate({ id: run.id }, { onSuccess: () => notifySuccess('Re-training from the recorded settings: progress is shown on the page; the new run says whether it matches.'), onError: (e) => notifyError(e, 'Could not re-run') })}
    >
      Re-run
    </Button>
  );
}

/** Opens the tuning dialog for this run's model, data and split. */
function Tune({ run }: { run: Run }) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button size="xs" variant="light" onClick={() => setOpened(true)} data-tour="tune-button">
        Tune…
      </Button>
      {opened && <TuneModal run={run} opened onClose={() => setOpened(false)} />}
    </>
  );
}

/** Evaluates the run on its own test rows (intervals, gate, errors, fairness, explanations) and opens the Evaluate stage. */
function Evaluate({ run }: { run: Run }) {
  const start = useGyreMutation('evaluations.start');
  const [, navigate] = useLocation();
  return (
    <Button
      size="xs"
      variant="light"
      loading={start.isPending}
      onClick={() =>
        start.mutate(
          { runId: run.id },
          {
            onSuccess: () => {
              notifySuccess('Evaluating on its test rows: the report opens on the Evaluate stage when it is ready.');
              navigate(stagePath(run.projectId, 'evaluate'));
            },
            onError: (e) => notifyError(e, 'Could not start the evaluation'),
          },
        )
      }
    >
      Evaluate
    </Button>
  );
}

/** For a re-run: whether every test metric equals the original's. */
function Reproduction({ run }: { run: Run }) {
  if (!run.details.reproduces) return null;
  return <ReproducedFrom run={run} originalId={run.details.reproduces} />;
}

function ReproducedFrom({ run, originalId }: { run: Run; originalId: string }) {
  const loaded = useGyreQuery('runs.get', { id: originalId }, { retry: false });
  if (loaded.isPending) return null;
  const original = loaded.data ?? null;
  if (!original) return <Alert color="gray" title={`Re-run of ${run.details.reproduces}`}>The original run is no longer in this project.</Alert>;
  const keys = Object.keys(original.metrics);
  const differing = keys.filter((k) => run.metrics[k] !== original.metrics[k]);
  return differing.length === 0 ? (
    <Alert color="teal" title="Reproduced">
      Re-run of {original.id}: all {keys.length} test metrics are identical.
    </Alert>
  ) : (
    <Alert color="yellow" title="Not reproduced exactly">
      Re-run of {original.id}: {differing.map((k) => `${METRIC_LABELS[k] ?? k} ${formatMetric(run.metrics[k])} vs ${formatMetric(original.metrics[k])}`).join('; ')}.
    </Alert>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={6} component="section" aria-label={title}>
      <Title order={3} size="h5">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function KeyValues({ rows, label }: { rows: [string, React.ReactNode][]; label: string }) {
  return (
    <Table aria-label={label} withRowBorders={false} verticalSpacing={2}>
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Td c="dimmed" w="45%">
              {k}
            </Table.Td>
            <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function RunDetail({ run, criteria }: { run: Run; criteria: SuccessCriterion[] }) {
  const params = Object.entries(run.params).filter(([k]) => !['trainingNote', 'trainingProvider'].includes(k));
  const note = [run.details.providerNote, run.params.trainingNote as string | undefined].filter(Boolean).join('; ');
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Text size="sm" c="dimmed">
          {TASK_WORDS[run.task]} of “{run.target}” on {run.dataset.name} v{run.dataset.version} · {String(run.split.spec.kind)} split, {run.split.trainRows.toLocaleString('en')} training / {run.split.testRows.toLocaleString('en')} test rows · trained {formatDateTime(run.createdAt)}
        </Text>
        <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
          <Evaluate run={run} />
          {run.model !== 'baseline' && run.model !== 'imported' && <Tune run={run} />}
          <Rerun run={run} />
        </Group>
      </Group>
      <Reproduction run={run} />
      {criteria.length > 0 && (
        <Section title="Success criteria (test rows)">
          <Group gap="xs">
            {criteria.map((c) => {
              const v = criterionValue(run, c.metric);
              const judged = verdict(v, c);
              const color = { target: 'teal', acceptable: 'yellow', fail: 'red', unknown: 'gray' }[judged];
              return (
                <Badge key={c.metric} color={color} variant="light" size="lg" style={{ textTransform: 'none' }}>
                  {METRIC_INFO[c.metric].label} {formatMetric(v)} — {judged === 'unknown' ? 'not measured' : judged === 'fail' ? `below ${c.acceptable}` : judged === 'acceptable' ? `acceptable (target ${c.target})` : 'target met'}
                </Badge>
              );
            })}
          </Group>
        </Section>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Section title="Test metrics">
          <KeyValues label="Test metrics" rows={Object.entries(run.metrics).map(([k, v]) => [METRIC_LABELS[k] ?? k, formatMetric(v)])} />
        </Section>
        <Section title="Cost">
          <KeyValues
            label="Cost"
            rows={[
              ['Training time', formatSeconds(run.trainSeconds)],
              ['CPU time', run.cost ? formatSeconds(run.cost.cpuSeconds) : '—'],
              ['Peak memory (training process)', run.cost ? `${Math.round(run.cost.peakMemoryMb)} MB` : '—'],
              ['Scoring, batch', run.cost ? `${Math.round(run.cost.scoringRowsPerSecond).toLocaleString('en')} rows/s` : '—'],
              ['Latency, one row (p50 / p95)', run.cost ? `${formatMs(run.cost.latencyP50Ms)} / ${formatMs(run.cost.latencyP95Ms)}` : '—'],
              ['ONNX file', formatBytes(run.onnx.size)],
              ['Ran on', String(run.params.trainingProvider ?? run.details.provider)],
              ['Code version', run.codeVersion ?? '—'],
            ]}
          />
        </Section>
      </SimpleGrid>
      {note && (
        <Alert color="gray" variant="light" title="How training went">
          {note}
        </Alert>
      )}
      <LearningCurves run={run} />
      {run.details.resample && (
        <Section title="Class balance of the training rows">
          <RunClassBalance run={run} record={run.details.resample} />
        </Section>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Section title="Settings">
          <KeyValues label="Settings" rows={params.map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])} />
        </Section>
        <Section title={`Features (${run.details.featureNames.length})`}>
          <Text size="sm" style={{ wordBreak: 'break-word' }}>
            {run.details.featureNames.join(', ')}
          </Text>
          {run.details.dropped.length > 0 && (
            <Text size="sm" c="dimmed">
              Left out: {run.details.dropped.map((d) => `${d.column} (${d.reason})`).join('; ')}
            </Text>
          )}
        </Section>
      </SimpleGrid>
      <Annotations run={run} />
    </Stack>
  );
}

function LearningCurves({ run }: { run: Run }) {
  const curves = useGyreQuery('runs.curves', { id: run.id });
  if (!curves.data || !curves.data.unit) return null;
  const unit = curves.data.unit;
  const kept = typeof run.params.bestEpoch === 'number' ? run.params.bestEpoch : typeof run.params.treesKept === 'number' && run.params.earlyStoppingRounds ? run.params.treesKept : null;
  const lossName = run.task === 'regression' ? 'Mean squared error' : 'Log loss';
  return (
    <Section title="Learning curves">
      <EChart
        label={`Learning curves of ${run.id}: ${Object.keys(curves.data.series).join(' and ')} per ${unit}`}
        height={240}
        option={lineOption({ series: curves.data.series, xName: unit === 'round' ? 'Boosting round' : 'Epoch', yName: lossName, ...(kept ? { marker: { x: kept, label: `kept ${unit} ${kept}` } } : {}) })}
      />
    </Section>
  );
}

function Annotations({ run }: { run: Run }) {
  const annotate = useGyreMutation('runs.annotate');
  // The drawer's content is keyed by run: the draft starts from the saved notes of the run shown.
  const [notes, setNotes] = useState(run.notes);
  const save = (change: { notes?: string; tags?: string[] }) => annotate.mutate({ id: run.id, ...change }, { onError: (e) => notifyError(e, 'Not saved') });
  return (
    <Section title="Notes and tags">
      <TagsInput label="Tags" placeholder="Add a tag, then Enter" value={run.tags} onChange={(tags) => save({ tags })} clearable />
      <Textarea data-tour="run-notes" label="Notes" autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} placeholder="What you tried, what you learned" />
      <Group justify="flex-end">
        <Button size="xs" variant="light" disabled={notes === run.notes} loading={annotate.isPending} onClick={() => save({ notes })}>
          Save notes
        </Button>
      </Group>
    </Section>
  );
}
