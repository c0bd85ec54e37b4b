/**
 * "Compare with a new version…": another registered version of the same problem scored on a batch whose outcomes
 * arrived, beside the version the batch was checked against, as a job; the comparison opens in the batch's report.
 */
import { useEffect, useState } from 'react';
import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import type { BatchComparison, BatchSummary, ModelVersion, Project } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { JobItem } from '../../components/jobs/JobItem';
import { useStartedJob } from '../../components/jobs/useStartedJob';
import { errorMessage } from '../../components/notify';
import { ref } from '../evaluate/registry/registryText';

interface Props {
  project: Project;
  batch: BatchSummary;
  onClose(): void;
  onDone(comparison: BatchComparison): void;
}

export function CompareModal({ project, batch, onClose, onDone }: Props) {
  // Read afresh: a version registered from a terminal since the page loaded is the one to compare.
  const models = useGyreQuery('registry.list', { projectId: project.id }, { refetchOnMount: 'always' });
  const all = (models.data ?? []).flatMap((m) => m.versions);
  const own = all.find((v) => v.id === batch.versionId);
  const others = all.filter((v) => v.id !== batch.versionId && v.stage !== 'archived' && (!own || (v.target === own.target && v.task === own.task)));
  const [candidateId, setCandidateId] = useState<string | null>(null);
  const candidate: ModelVersion | null = others.find((v) => v.id === candidateId) ?? others[0] ?? null;

  const start = useGyreMutation('monitor.compare');
  const job = useStartedJob<BatchComparison>(project.id);
  const [rejected, setRejected] = useState<string | null>(null);
  const result = job.result;
  useEffect(() => {
    if (result) onDone(result);
  }, [result, onDone]);
  const submit = () => {
    if (!candidate) return;
    setRejected(null);
    start.mutate({ projectId: project.id, batchId: batch.id, candidate: ref(candidate) }, { onSuccess: job.started, onError: (e) => setRejected(errorMessage(e)) });
  };
  const error = job.failed ?? rejected;

  return (
    <Modal opened onClose={onClose} title={`Compare a new version with ${batch.model} on batch ${batch.name}`} size="lg">
      <Stack gap="md">
        <Text size="sm">
          Both versions score the batch’s {batch.rows.toLocaleString('en')} stored rows, and each is judged on the rows whose true outcome arrived by the
          charter’s metrics. Use it to decide whether a retrained version should replace {batch.model}.
        </Text>
        <Select
          label="New version"
          description={own ? `Versions that predict ${own.target}, other than ${batch.model}` : undefined}
          placeholder={others.length ? 'Choose a version' : 'No other version predicts the same target: register one first'}
          data={others.map((v) => ({ value: v.id, label: `${ref(v)} · ${v.stage} · trained on ${v.dataset.name} v${v.dataset.version}` }))}
          value={candidate?.id ?? null}
          onChange={setCandidateId}
          allowDeselect={false}
          error={error ?? undefined}
          disabled={job.locked}
        />
        {job.job && !job.failed && <JobItem job={job.job} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button onClick={submit} disabled={!candidate} loading={start.isPending || (job.locked && !result)}>
            Compare
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
