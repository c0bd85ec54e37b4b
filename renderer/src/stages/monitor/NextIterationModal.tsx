/**
 * "Start next iteration" from an alert: says what will happen, runs it as a job, then hands the result to the Train
 * stage (its wizard opens with the production model's configuration on the new dataset version) and goes there.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useLocation } from 'wouter';
import type { MonitorAlert, NextIteration, Project } from '@contract';
import { useGyreMutation } from '../../api/queries';
import { stagePath } from '../../app/paths';
import { JobItem } from '../../components/jobs/JobItem';
import { useStartedJob } from '../../components/jobs/useStartedJob';
import { errorMessage, notifySuccess } from '../../components/notify';
import { handOverTraining } from '../train/trainHandover';

export function NextIterationModal({ project, alert, onClose }: { project: Project; alert: MonitorAlert; onClose(): void }) {
  const [reason, setReason] = useState(alert.title);
  const start = useGyreMutation('monitor.nextIteration');
  const job = useStartedJob<NextIteration>(project.id);
  const [rejected, setRejected] = useState<string | null>(null);
  const [, navigate] = useLocation();
  const handed = useRef(false);
  const result = job.result;
  useEffect(() => {
    if (!result || handed.current) return;
    handed.current = true;
    handOverTraining(project.id, result);
    notifySuccess(`Charter v${result.charterVersion} written; ${result.dataset.name} v${result.dataset.version} has ${result.rowsAdded.toLocaleString('en')} labeled rows more. Train the next version.`);
    navigate(stagePath(project.id, 'train'));
  }, [result, project.id, navigate]);
  const submit = () => {
    setRejected(null);
    start.mutate({ projectId: project.id, alertId: alert.id, reason: reason.trim() || alert.title }, { onSuccess: job.started, onError: (e) => setRejected(errorMessage(e)) });
  };
  const error = job.failed ?? rejected;

  return (
    <Modal opened onClose={onClose} title="Start the next iteration" size="lg">
      <Stack gap="md">
        <Text size="sm">
          The alert “{alert.title}” says {alert.model} no longer does what the charter asks. Starting the next iteration:
        </Text>
        <List size="sm" spacing={6}>
          <List.Item>writes a new version of the charter, noting the reason below (see its history on the Plan stage);</List.Item>
          <List.Item>
            appends the rows of {alert.model}’s batches whose outcomes arrived to the data it was trained on, as a new version of that dataset (the
            batches without outcomes cannot teach the model anything);
          </List.Item>
          <List.Item>replays the recipe that prepared the training data on the new version, where the batches carry the columns it needs;</List.Item>
          <List.Item>then opens the Train wizard on the new version with {alert.model}’s configuration (model, split, seed, parameters) filled in.</List.Item>
        </List>
        <Text size="sm" c="dimmed">
          Nothing is trained or promoted yet: you start the training, then compare the new version with {alert.model} on the batch (Compare with a new
          version…) before promoting it on Evaluate.
        </Text>
        <TextInput label="Reason, for the charter’s history" value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={1000} disabled={job.locked} />
        {error && (
          <Alert color="red" variant="light" title="The next iteration could not start" data-testid="iteration-error">
            <Text size="sm">{error}</Text>
          </Alert>
        )}
        {job.job && !job.failed && <JobItem job={job.job} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={start.isPending || (job.locked && !result)}>
            Start next iteration
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
