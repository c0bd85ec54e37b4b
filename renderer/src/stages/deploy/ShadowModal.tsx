/**
 * Starts a shadow comparison: production and a candidate version, on a dataset version (both score every row) or on
 * a prediction log the bundle server wrote with a candidate, with outcomes from a dataset version if they arrived.
 */
import { useEffect, useState } from 'react';
import { Button, Checkbox, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import type { ModelVersion, Project, ShadowSource, ShadowSummary } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { useStartedJob } from '../../components/jobs/useStartedJob';
import { notifyError } from '../../components/notify';
import { ref } from '../evaluate/registry/registryText';
import { useVersionPick } from './useVersionPick';

export function ShadowModal({ project, versions, onClose, onDone }: { project: Project; versions: ModelVersion[]; onClose(): void; onDone(id: string): void }) {
  const byDefault = versions.find((v) => v.stage === 'production') ?? versions[0];
  const [productionId, setProductionId] = useState<string | null>(byDefault?.id ?? null);
  const production = versions.find((v) => v.id === productionId) ?? null;
  const others = versions.filter((v) => v.id !== productionId && production !== null && v.target === production.target);
  const [candidateId, setCandidateId] = useState<string | null>(null);
  const candidate = others.find((v) => v.id === candidateId) ?? others[0] ?? null;
  const [kind, setKind] = useState<ShadowSource['kind']>('dataset');
  const rows = useVersionPick(project.id, production?.dataset.id ?? null);
  const [logPath, setLogPath] = useState('');
  // Servers started here with a candidate wrote logs a comparison can read.
  const served = (useGyreQuery('serving.list', { projectId: project.id }).data ?? []).filter((s) => s.candidate !== null);
  const [withOutcomes, setWithOutcomes] = useState(false);
  const outcomes = useVersionPick(project.id, null);
  const columns = (outcomes.version?.columns ?? []).map((c) => c.name);
  const [idColumn, setIdColumn] = useState<string | null>(null);
  const [outcomeColumn, setOutcomeColumn] = useState<string | null>(null);

  const start = useGyreMutation('shadow.start');
  const job = useStartedJob<ShadowSummary>(project.id);
  const doneId = job.result?.id;
  useEffect(() => {
    if (doneId) onDone(doneId);
  }, [doneId, onDone]);

  const source: ShadowSource | null =
    kind === 'dataset'
      ? rows.version && { kind, versionId: rows.version.id }
      : logPath.trim() === ''
        ? null
        : { kind, path: logPath.trim(), ...(withOutcomes && outcomes.version && idColumn && outcomeColumn ? { outcomes: { versionId: outcomes.version.id, idColumn, outcomeColumn } } : {}) };
  const ready = production && candidate && source && (kind === 'dataset' || !withOutcomes || ('outcomes' in source && source.outcomes));
  const submit = () => ready && start.mutate({ projectId: project.id, production: production.id, candidate: candidate.id, source }, { onSuccess: job.started, onError: (e) => notifyError(e, 'Could not start the comparison') });
  const label = (v: ModelVersion) => `${ref(v)} · ${v.stage}`;

  return (
    <Modal opened onClose={onClose} title="Compare a candidate with production" size="lg">
      <Stack gap="md">
        <Text size="sm">
          Before a candidate replaces production, see how it would have answered. Both score the same rows and only production’s answers count;
          the report shows how often they agree, how their predictions are spread and, where the true outcomes are known, both models’ metrics.
        </Text>
        <Group grow>
          <Select label="Production" data={versions.map((v) => ({ value: v.id, label: label(v) }))} value={productionId} onChange={(v) => (setProductionId(v), setCandidateId(null))} allowDeselect={false} disabled={job.locked} />
          <Select label="Candidate" data={others.map((v) => ({ value: v.id, label: label(v) }))} value={candidate?.id ?? null} onChange={setCandidateId} allowDeselect={false} disabled={job.locked} placeholder={others.length ? undefined : 'No other version predicts the same target'} />
        </Group>
        <SegmentedControl
          value={kind}
          onChange={(v) => setKind(v as ShadowSource['kind'])}
          data={[
            { value: 'dataset', label: 'Score a dataset version with both' },
            { value: 'log', label: 'Read a server’s prediction log' },
          ]}
          disabled={job.locked}
        />
        {kind === 'dataset' ? (
          <>
            {rows.fields('Dataset', job.locked)}
            <Text size="xs" c="dimmed">
              Where the version has the target column ({production?.target ?? 'the target'}), its values are the outcomes.
            </Text>
          </>
        ) : (
          <>
            {served.length > 0 && (
              <Select
                label="A server started here with a candidate"
                placeholder="Pick one to read its log"
                data={served.map((s) => ({ value: s.logPath, label: `${s.ref} with ${s.candidate!.ref} (${s.candidate!.mode === 'ab' ? 'A/B' : 'shadow'}) · ${s.state}` }))}
                value={served.some((s) => s.logPath === logPath) ? logPath : null}
                onChange={(v) => v && setLogPath(v)}
                disabled={job.locked}
              />
            )}
            <TextInput
              label="Prediction log"
              description="The JSONL file the bundle server writes when run with a candidate (Serve locally → Candidate, or node serve.mjs --candidate DIR)."
              placeholder="/srv/churn/predictions.jsonl"
              value={logPath}
              onChange={(e) => setLogPath(e.currentTarget.value)}
              disabled={job.locked}
            />
            <Checkbox label="The true outcomes arrived: join them by request id" checked={withOutcomes} onChange={(e) => setWithOutcomes(e.currentTarget.checked)} disabled={job.locked} />
            {withOutcomes && (
              <>
                {outcomes.fields('Outcomes dataset', job.locked)}
                <Group grow>
                  <Select label="Request id column" data={columns} value={idColumn} onChange={setIdColumn} disabled={job.locked} searchable />
                  <Select label="Outcome column" data={columns} value={outcomeColumn} onChange={setOutcomeColumn} disabled={job.locked} searchable />
                </Group>
              </>
            )}
          </>
        )}
        {job.job && !job.result && (
          <Text size="sm" c={job.failed ? 'red' : 'dimmed'} data-testid="shadow-status">
            {job.failed ?? `${Math.round(job.job.progress * 100)}% ${job.job.message}`}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button onClick={submit} loading={start.isPending || (job.locked && !job.result)} disabled={!ready}>
            Compare
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
