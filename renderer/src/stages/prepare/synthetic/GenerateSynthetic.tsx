/**
 * The request: which dataset version to learn from, how many rows, the seed and the new dataset's name — with what
 * will happen to each column said before anything runs, and the job's progress once it does.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { MAX_SYNTHETIC_ROWS, type Project, type SyntheticSummary } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../../api/queries';
import { RunningJobs } from '../../../components/jobs/RunningJobs';
import { useStartedJob } from '../../../components/jobs/useStartedJob';
import { notifyError } from '../../../components/notify';
import { LoadingState } from '../../../components/QueryState';
import { Section } from '../../../components/Section';
import { useVersionPick } from '../../deploy/useVersionPick';
import { columnPlan } from './syntheticText';

interface Props {
  project: Project;
  onDone(versionId: string): void;
}

const DESCRIPTION =
  'Learn each column’s distribution and how the columns move together from a dataset version, then draw new rows that follow them — to share or test with, without handing out real records. No generated row equals a real one; identifiers get new values and free text is left out.';

/** Starts on the newest dataset that is not itself synthetic, and stays on the chosen one when new datasets appear. */
export function GenerateSynthetic({ project, onDone }: Props) {
  const datasets = useGyreQuery('datasets.list', { projectId: project.id });
  const synthetic = useGyreQuery('synthetic.list', { projectId: project.id });
  if (!datasets.data || !synthetic.data) {
    return (
      <Section title="Generate synthetic data" description={DESCRIPTION}>
        <LoadingState label="Loading datasets…" />
      </Section>
    );
  }
  const made = new Set(synthetic.data.map((s) => s.datasetId));
  const initial = datasets.data.find((d) => !made.has(d.id))?.id ?? datasets.data[0]?.id ?? null;
  return <GenerateForm project={project} onDone={onDone} initial={initial} />;
}

function GenerateForm({ project, onDone, initial }: Props & { initial: string | null }) {
  const pick = useVersionPick(project.id, initial);
  const [rows, setRows] = useState<number | null>(null);
  const [seed, setSeed] = useState<number>(42);
  const [name, setName] = useState('');
  const start = useGyreMutation('synthetic.generate');
  const job = useStartedJob<SyntheticSummary>(project.id);
  const doneVersion = job.result?.versionId;
  useEffect(() => {
    if (doneVersion) onDone(doneVersion);
  }, [doneVersion, onDone]);

  const version = pick.version;
  const count = rows ?? Math.min(version?.rowCount ?? 1000, MAX_SYNTHETIC_ROWS);
  const plan = version ? columnPlan(version.columns) : null;
  const defaultName = pick.datasetName ? `${pick.datasetName}-synthetic` : 'the dataset’s name + “-synthetic”';
  const running = job.job !== null && !job.result && !job.failed;
  const submit = () =>
    version &&
    start.mutate(
      { projectId: project.id, versionId: version.id, rows: count, seed, ...(name.trim() ? { name: name.trim() } : {}) },
      { onSuccess: job.started, onError: (e) => notifyError(e, 'Could not start generating') },
    );

  return (
    <Section title="Generate synthetic data" description={DESCRIPTION}>
      <Stack gap="sm" maw={760}>
        {pick.fields('Learn from dataset', running)}
        {plan && (
          <Text size="sm" c="dimmed" data-testid="synthetic-plan">
            {plan.modeled.length > 0 ? `Learns from ${plan.modeled.length} column${plan.modeled.length === 1 ? '' : 's'}: ${plan.modeled.join(', ')}.` : 'This version has no column to learn from (only identifiers and free text).'}
            {plan.identifiers.length > 0 && ` New identifiers in ${plan.identifiers.join(', ')}.`}
            {plan.dropped.length > 0 && ` Left out (free text): ${plan.dropped.join(', ')}.`}
          </Text>
        )}
        <Group grow align="flex-start">
          <NumberInput
            label="Rows to generate"
            description={version ? `The source has ${version.rowCount.toLocaleString('en')}` : undefined}
            value={count}
            onChange={(v) => setRows(typeof v === 'number' ? v : null)}
            min={1}
            max={MAX_SYNTHETIC_ROWS}
            step={1000}
            thousandSeparator=","
            allowDecimal={false}
            disabled={running}
          />
          <NumberInput label="Seed" description="The same seed gives the same rows" value={seed} onChange={(v) => setSeed(typeof v === 'number' ? v : 42)} min={0} allowDecimal={false} disabled={running} />
          <TextInput label="New dataset" description="Where the synthetic version goes" placeholder={defaultName} value={name} onChange={(e) => setName(e.currentTarget.value)} disabled={running} />
        </Group>
        {job.failed && (
          <Alert color="red" variant="light" title="The synthetic data was not generated" role="alert">
            {job.failed}
          </Alert>
        )}
        <Group>
          <Button onClick={submit} disabled={!version || plan?.modeled.length === 0} loading={start.isPending || running}>
            Generate
          </Button>
        </Group>
        <RunningJobs projectId={project.id} kind="dataset.synthesize" label="Synthetic data in progress" />
      </Stack>
    </Section>
  );
}
