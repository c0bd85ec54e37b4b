/**
 * The Monitor stage: is the model still working? Batches of production inputs checked against the watched version's
 * training rows over time, one batch's report, the alerts the rules raised (and the next iteration they can start),
 * and the drift settings and rules themselves.
 */
import { useState } from 'react';
import { Stack } from '@mantine/core';
import type { Project, StageStatus } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { RunningJobs } from '../../components/jobs/RunningJobs';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { StageHeader } from '../../components/StageHeader';
import { ref } from '../evaluate/registry/registryText';
import { AddBatchModal } from './AddBatchModal';
import { AlertsPanel } from './AlertsPanel';
import { BatchReport } from './BatchReport';
import { SettingsSection } from './SettingsSection';
import { TimelineSection } from './TimelineSection';
import { useAddedBatches } from './useAddedBatches';
import { useMonitoredVersion, VersionPicker } from './VersionPicker';

interface Props {
  project: Project;
  statuses: StageStatus[] | undefined;
}

export function MonitorStage({ project, statuses }: Props) {
  const status = statuses?.find((s) => s.stage === 'monitor');
  const pick = useMonitoredVersion(project.id);
  const charter = useGyreQuery('charters.get', { projectId: project.id });
  const settings = useGyreQuery('monitor.settings', { projectId: project.id });
  const model = pick.chosen ? ref(pick.chosen) : null;
  const batches = useGyreQuery('monitor.batches', { projectId: project.id, model: model ?? '' }, { enabled: model !== null });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  // A batch this page added opens once its check is done (and its dialog, if still open, closes).
  const added = useAddedBatches(project.id);
  const [opened, setOpened] = useState<string | null>(null);
  if (added.newest && added.newest.id !== opened) {
    setOpened(added.newest.id);
    setSelectedId(added.newest.id);
    setAdding(false);
  }

  const list = batches.data ?? [];
  const shown = list.find((b) => b.id === selectedId)?.id ?? list[0]?.id ?? null;
  const report = useGyreQuery('monitor.batch', { projectId: project.id, id: shown ?? '' }, { enabled: shown !== null });
  const openBatch = (batchId: string, modelRef: string) => {
    const version = pick.versions.find((v) => ref(v) === modelRef);
    if (version) pick.choose(version.id);
    setSelectedId(batchId);
  };

  return (
    <Stack gap="lg">
      <StageHeader stage="monitor" status={status} />
      {pick.models.isPending && <LoadingState label="Loading model versions…" />}
      {pick.models.isError && <ErrorState title="The registry could not be loaded" error={pick.models.error} onRetry={() => void pick.models.refetch()} />}
      {pick.models.data && <VersionPicker projectId={project.id} versions={pick.versions} chosen={pick.chosen} hasProduction={pick.hasProduction} onChoose={(id) => (pick.choose(id), setSelectedId(null))} />}
      <RunningJobs projectId={project.id} kind="monitor.batch" label="Batch check in progress" />
      <RunningJobs projectId={project.id} kind="monitor.compare" label="Comparison in progress" />
      <RunningJobs projectId={project.id} kind="monitor.iterate" label="Next iteration in progress" />
      {model && batches.isError && <ErrorState title="The batches could not be loaded" error={batches.error} onRetry={() => void batches.refetch()} />}
      {model && batches.isPending && <LoadingState label="Loading batches…" />}
      {model && batches.data && (
        <TimelineSection
          model={model}
          batches={batches.data}
          selectedId={shown}
          onSelect={setSelectedId}
          driftShare={settings.data?.drift.driftShare ?? 0.3}
          criteria={charter.data?.content.successCriteria ?? []}
          sensitive={charter.data?.content.constraints.sensitiveAttributes ?? []}
          onAdd={() => setAdding(true)}
        />
      )}
      {shown && <BatchReport key={shown} project={project} batchId={shown} />}
      <AlertsPanel project={project} onOpenBatch={openBatch} />
      <SettingsSection projectId={project.id} charter={charter.data ?? null} features={report.data?.drift.features.map((f) => f.name) ?? []} />
      {adding && pick.chosen && <AddBatchModal project={project} version={pick.chosen} onClose={() => setAdding(false)} onStarted={added.started} />}
    </Stack>
  );
}
