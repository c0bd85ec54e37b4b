/** The Data stage: import files as immutable dataset versions, see every dataset, and open one in the data grid. */
import { useState } from 'react';
import { Button, Group, Stack } from '@mantine/core';
import type { Project, StageStatus } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { RunningJobs } from '../../components/jobs/RunningJobs';
import { StageHeader } from '../../components/StageHeader';
import { CombineModal } from './CombineModal';
import { DatasetList } from './DatasetList';
import { DatasetView } from './DatasetView';
import { DropZone } from './DropZone';
import { EmptyData } from './EmptyData';
import { useDataImport } from './import/DataImportProvider';

interface Props {
  project: Project;
  statuses: StageStatus[] | undefined;
  /** The dataset open in the grid, from the address; undefined shows the list. */
  datasetId: string | undefined;
}

export function DataStage({ project, statuses, datasetId }: Props) {
  const { chooseFile } = useDataImport();
  const datasets = useGyreQuery('datasets.list', { projectId: project.id });
  const status = statuses?.find((s) => s.stage === 'data');
  const [combining, setCombining] = useState(false);
  const canCombine = (datasets.data?.length ?? 0) >= 2;
  const actions = (
    <Group gap="xs">
      {canCombine && !datasetId && (
        <Button variant="default" onClick={() => setCombining(true)}>
          Combine…
        </Button>
      )}
      <Button onClick={chooseFile}>Import data</Button>
    </Group>
  );

  return (
    <Stack gap="lg" maw={datasetId ? undefined : 1100}>
      <StageHeader stage="data" status={status?.available === false ? undefined : status} actions={actions} />
      <RunningJobs projectId={project.id} kind="dataset.import" label="Imports in progress" />
      {datasetId ? (
        <DatasetView key={datasetId} project={project} datasetId={datasetId} />
      ) : (
        <>
          {datasets.isPending && <LoadingState label="Loading datasets…" />}
          {datasets.isError && <ErrorState title="Datasets could not be loaded" error={datasets.error} onRetry={() => void datasets.refetch()} />}
          {datasets.data?.length === 0 && <EmptyData />}
          {datasets.data && datasets.data.length > 0 && (
            <>
              <DatasetList projectId={project.id} datasets={datasets.data} />
              <DropZone compact />
              <CombineModal projectId={project.id} datasets={datasets.data} opened={combining} onClose={() => setCombining(false)} />
            </>
          )}
        </>
      )}
    </Stack>
  );
}
