/** One dataset: its versions with lineage, and the chosen version (newest by default) in the data grid. */
import { useState } from 'react';
import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import type { DatasetVersion, Project } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { stageHref } from '../../app/paths';
import { ErrorState, LoadingState } from '../../components/QueryState';
import { DataGrid } from './grid/DataGrid';
import { lineage, shape } from './describe';
import { ExportVersionModal } from './ExportVersion';
import { VersionsTable } from './VersionsTable';

export function DatasetView({ project, datasetId }: { project: Project; datasetId: string }) {
  const detail = useGyreQuery('datasets.get', { projectId: project.id, dataset: datasetId });
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [exporting, setExporting] = useState<DatasetVersion | null>(null);
  const back = (
    <Anchor href={stageHref(project.id, 'data')} size="sm">
      ← All datasets
    </Anchor>
  );

  if (detail.isPending) return <LoadingState label="Loading the dataset…" />;
  if (detail.isError) {
    return (
      <Stack gap="sm">
        {back}
        <ErrorState title="This dataset could not be opened" error={detail.error} onRetry={() => void detail.refetch()} />
      </Stack>
    );
  }
  const dataset = detail.data;
  const version = dataset.versions.find((v) => v.id === chosenId) ?? dataset.versions[0];

  return (
    <Stack gap="md">
      {back}
      <Group justify="space-between" align="baseline">
        <Title order={2} size="h3">
          {dataset.name}
        </Title>
        {version && (
          <Text size="sm" c="dimmed">
            v{version.version} · {shape(version)} · {lineage(version)}
          </Text>
        )}
      </Group>
      <VersionsTable versions={dataset.versions} selectedId={version?.id ?? ''} onSelect={(v) => setChosenId(v.id)} onExport={setExporting} />
      {version ? (
        <DataGrid key={version.id} version={version} />
      ) : (
        <Text size="sm" c="dimmed">
          This dataset has no versions yet.
        </Text>
      )}
      {exporting && <ExportVersionModal projectId={project.id} datasetName={dataset.name} version={exporting} onClose={() => setExporting(null)} />}
    </Stack>
  );
}
