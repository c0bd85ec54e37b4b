/**
 * "Add batch…": a file of production inputs, or a bundle server's prediction log, checked against the watched
 * version's training rows as a job — with the true outcomes, when they arrived, joined by an id column.
 */
import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { GyreError, type AddBatchInput, type BatchSource, type BatchSummary, type Job, type ModelVersion, type Project } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { JobItem } from '../../components/jobs/JobItem';
import { useStartedJob } from '../../components/jobs/useStartedJob';
import { ref } from '../evaluate/registry/registryText';
import { IMPORT_ACCEPT } from '../data/describe';
import { FilePathField } from './FilePathField';
import { fileName } from './monitorText';

type FieldKey = 'source' | 'outcomes' | 'id' | 'outcome' | 'name' | 'observedAt';

/** Which field an error is about: the server names it in details.field (or, for input checks, in its issues). */
function fieldOf(field: string | undefined): FieldKey | null {
  if (!field) return null;
  if (field.startsWith('source') || field === 'file') return 'source';
  if (field === 'id' || field === 'idColumn' || field === 'outcomes.idColumn') return 'id';
  if (field === 'outcome' || field === 'outcomeColumn' || field === 'outcomes.outcomeColumn') return 'outcome';
  if (field.startsWith('outcomes')) return 'outcomes';
  if (field === 'name' || field === 'observedAt') return field;
  return null;
}

interface Failure {
  message: string;
  field?: string;
}

interface Props {
  project: Project;
  version: ModelVersion;
  onClose(): void;
  /** The page follows the job too, so it hears of the result when this dialog was closed meanwhile. */
  onStarted(job: Job): void;
}

export function AddBatchModal({ project, version, onClose, onStarted }: Props) {
  const [kind, setKind] = useState<BatchSource['kind']>('file');
  const [path, setPath] = useState('');
  const [withOutcomes, setWithOutcomes] = useState(false);
  const [outcomesPath, setOutcomesPath] = useState('');
  const [idColumn, setIdColumn] = useState('');
  const [outcomeColumn, setOutcomeColumn] = useState(version.target);
  const [name, setName] = useState('');
  const [observedOn, setObservedOn] = useState('');
  const logs = [...new Map((useGyreQuery('serving.list', { projectId: project.id }).data ?? []).map((s) => [s.logPath, s])).values()];

  const start = useGyreMutation('monitor.addBatch');
  const job = useStartedJob<BatchSummary>(project.id);
  const [rejected, setRejected] = useState<Failure | null>(null);
  // An error stays beside its field until the form is edited (a failed job's too: `quiet` is the one edited since).
  const [quiet, setQuiet] = useState<string | null>(null);
  const failure: Failure | null = job.failed && job.job?.id !== quiet ? { message: job.failed, field: job.job?.error?.details?.field } : rejected;
  const edited =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      setRejected(null);
      if (job.failed) setQuiet(job.job?.id ?? null);
      set(v);
    };
  const errorAt = fieldOf(failure?.field);
  const fieldError = (key: FieldKey) => (errorAt === key ? failure?.message : undefined);

  const submit = () => {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission();
    setRejected(null);
    const input: AddBatchInput = {
      projectId: project.id,
      model: ref(version),
      source: { kind, path: path.trim() },
      ...(withOutcomes ? { outcomes: { path: outcomesPath.trim(), idColumn: idColumn.trim(), ...(outcomeColumn.trim() ? { outcomeColumn: outcomeColumn.trim() } : {}) } } : {}),
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(observedOn ? { observedAt: new Date(`${observedOn}T12:00:00`).toISOString() } : {}),
    };
    start.mutate(input, {
      onSuccess: (j) => (job.started(j), onStarted(j)),
      onError: (e) => setRejected({ message: e.message, field: e instanceof GyreError ? (e.details?.field ?? e.details?.issues?.[0]?.field) : undefined }),
    });
  };
  const locked = job.locked;
  const ready = path.trim() !== '' && (!withOutcomes || (outcomesPath.trim() !== '' && idColumn.trim() !== ''));

  return (
    <Modal opened onClose={onClose} title={`Add a batch to check against ${ref(version)}`} size="lg">
      <Stack gap="md">
        <Text size="sm">
          The batch’s rows are compared with the rows {ref(version)} was trained on: how far each feature’s distribution moved (drift), how the
          model’s predictions moved, and the batch’s data quality. With the true outcomes, the charter’s metrics are measured on it too. The alert
          rules below run on the result.
        </Text>
        <SegmentedControl
          value={kind}
          onChange={(v) => edited(setKind)(v as BatchSource['kind'])}
          data={[
            { value: 'file', label: 'A file of inputs' },
            { value: 'log', label: 'A served bundle’s prediction log' },
          ]}
          disabled={locked}
        />
        {kind === 'log' && logs.length > 0 && (
          <Select
            label="Logs of the servers started in this session"
            placeholder="Pick one to fill in its path"
            data={logs.map((s) => ({ value: s.logPath, label: `${s.ref} · ${s.state} · ${fileName(s.logPath)}` }))}
            value={logs.some((s) => s.logPath === path) ? path : null}
            onChange={(v) => v && edited(setPath)(v)}
            disabled={locked}
          />
        )}
        <FilePathField
          label={kind === 'file' ? 'Batch file' : 'Prediction log'}
          description={
            kind === 'file'
              ? 'CSV, TSV, JSON, JSON Lines or Parquet with the model’s input columns (others, such as an id, are kept).'
              : 'The JSONL file a bundle’s serve.mjs appends every prediction to (Deploy → Serve locally shows where).'
          }
          placeholder={kind === 'file' ? '/data/production/2024-03.csv' : '/srv/churn/predictions.jsonl'}
          value={path}
          onChange={edited(setPath)}
          error={fieldError('source')}
          disabled={locked}
          accept={kind === 'file' ? IMPORT_ACCEPT : '.jsonl,.json,.log'}
        />
        <Checkbox
          label="The true outcomes arrived: measure the charter’s metrics on this batch"
          checked={withOutcomes}
          onChange={(e) => edited(setWithOutcomes)(e.currentTarget.checked)}
          disabled={locked}
        />
        {withOutcomes && (
          <Stack gap="sm" pl="md" style={{ borderLeft: '2px solid var(--mantine-color-default-border)' }}>
            <FilePathField label="Outcomes file" placeholder="/data/production/2024-03-outcomes.csv" value={outcomesPath} onChange={edited(setOutcomesPath)} error={fieldError('outcomes')} disabled={locked} accept={IMPORT_ACCEPT} />
            <SimpleGrid cols={2}>
              <TextInput
                label={kind === 'file' ? 'Id column (in both files)' : 'Request id column of the outcomes file'}
                description={kind === 'file' ? 'Joins each outcome to its row' : 'Matched with the log’s request ids'}
                placeholder="customer_id"
                value={idColumn}
                onChange={(e) => edited(setIdColumn)(e.currentTarget.value)}
                error={fieldError('id')}
                disabled={locked}
              />
              <TextInput
                label="Outcome column"
                description={`The true value of ${version.target}`}
                value={outcomeColumn}
                onChange={(e) => edited(setOutcomeColumn)(e.currentTarget.value)}
                error={fieldError('outcome')}
                disabled={locked}
              />
            </SimpleGrid>
          </Stack>
        )}
        <SimpleGrid cols={2}>
          <TextInput label="Name (optional)" description="On the time line; the file’s name when empty" placeholder={path ? fileName(path) : 'March 2024'} value={name} onChange={(e) => edited(setName)(e.currentTarget.value)} error={fieldError('name')} disabled={locked} />
          <TextInput
            type="date"
            label="Observed on (optional)"
            description={kind === 'log' ? 'The log’s last prediction when empty' : 'Today when empty'}
            value={observedOn}
            onChange={(e) => edited(setObservedOn)(e.currentTarget.value)}
            error={fieldError('observedAt')}
            disabled={locked}
          />
        </SimpleGrid>
        {failure && !errorAt && (
          <Alert color="red" variant="light" title="The batch could not be checked" data-testid="add-batch-error">
            <Text size="sm">{failure.message}</Text>
          </Alert>
        )}
        {job.job && !job.failed && <JobItem job={job.job} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {locked ? 'Close (the check goes on)' : 'Cancel'}
          </Button>
          <Button onClick={submit} loading={start.isPending || (locked && !job.result)} disabled={!ready}>
            Check the batch
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
