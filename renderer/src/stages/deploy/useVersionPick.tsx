/** A dataset and one of its versions (the newest until another is chosen), as two selects: the deploy dialogs' input. */
import { useState } from 'react';
import { Group, Select } from '@mantine/core';
import { useGyreQuery } from '../../api/queries';

/** `initial`: the dataset chosen at first (else the project's first); `onDatasetChange` runs when another is picked. */
export function useVersionPick(projectId: string, initial: string | null, onDatasetChange?: () => void) {
  const datasets = useGyreQuery('datasets.list', { projectId });
  const [datasetId, setDatasetId] = useState<string | null>(initial);
  const dataset = datasetId ?? datasets.data?.[0]?.id ?? '';
  const detail = useGyreQuery('datasets.get', { projectId, dataset }, { enabled: dataset !== '' });
  const [versionId, setVersionId] = useState<string | null>(null);
  const version = detail.data?.versions.find((v) => v.id === versionId) ?? detail.data?.versions[0] ?? null;
  const fields = (label: string, disabled: boolean) => (
    <Group grow>
      <Select label={label} data={(datasets.data ?? []).map((d) => ({ value: d.id, label: d.name }))} value={dataset || null} onChange={(v) => (setDatasetId(v), setVersionId(null), onDatasetChange?.())} allowDeselect={false} disabled={disabled} />
      <Select label="Version" data={(detail.data?.versions ?? []).map((v) => ({ value: v.id, label: `v${v.version} · ${v.rowCount.toLocaleString('en')} rows` }))} value={version?.id ?? null} onChange={setVersionId} allowDeselect={false} disabled={disabled} />
    </Group>
  );
  return { version, datasetName: detail.data?.name ?? null, fields };
}
