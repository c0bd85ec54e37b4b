/**
 * Which dataset version Explore profiles, and against which target column. Defaults: the latest version of the most
 * recently updated dataset, no target. The target is remembered per dataset, since the charter names it only in words.
 */
import { useCallback, useState } from 'react';
import type { Dataset } from '@contract';
import { useGyreQuery } from '../../api/queries';

const targetKey = (datasetId: string) => `gyre.explore.target.${datasetId}`;

function mostRecent(datasets: Dataset[]): Dataset | undefined {
  const updated = (d: Dataset) => d.latest?.createdAt ?? d.createdAt;
  return [...datasets].sort((a, b) => updated(b).localeCompare(updated(a)))[0];
}

/** The remembered target column of a dataset; '' for none. */
function useTargetColumn(datasetId: string | undefined) {
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const target = datasetId ? (chosen[datasetId] ?? localStorage.getItem(targetKey(datasetId)) ?? '') : '';
  const chooseTarget = useCallback(
    (column: string) => {
      if (!datasetId) return;
      if (column) localStorage.setItem(targetKey(datasetId), column);
      else localStorage.removeItem(targetKey(datasetId));
      setChosen((c) => ({ ...c, [datasetId]: column }));
    },
    [datasetId],
  );
  return [target, chooseTarget] as const;
}

export function useExploreSelection(projectId: string, datasets: Dataset[]) {
  const [datasetId, setDatasetId] = useState<string | null>(null);
  const [versionId, setVersionId] = useState<string | null>(null);
  const dataset = datasets.find((d) => d.id === datasetId) ?? mostRecent(datasets);
  const detail = useGyreQuery('datasets.get', { projectId, dataset: dataset?.id ?? '' }, { enabled: Boolean(dataset) });
  const versions = detail.data?.versions ?? [];
  const version = versions.find((v) => v.id === versionId) ?? versions[0] ?? null;
  const [stored, chooseTarget] = useTargetColumn(dataset?.id);
  // A remembered target that this version lacks (renamed or dropped column) means no target here.
  const target = version?.columns.some((c) => c.name === stored) ? stored : '';

  const chooseDataset = useCallback((id: string) => {
    setDatasetId(id);
    setVersionId(null);
  }, []);

  return { dataset, detail, versions, version, target, chooseDataset, chooseVersion: setVersionId, chooseTarget };
}

export type ExploreSelection = ReturnType<typeof useExploreSelection>;
