/**
 * Which dataset version Explore profiles, and against which target column. Defaults: the latest version of the most
 * recently updated dataset, and the charter's target where the version has that column (exploreTarget.ts). A target
 * chosen here, "No target" included, is remembered per dataset and wins: the charter names its target in words.
 */
import { useCallback, useState } from 'react';
import type { Dataset } from '@contract';
import { useGyreQuery } from '../../api/queries';
import { pickTarget } from './exploreTarget';

const targetKey = (datasetId: string) => `gyre.explore.target.${datasetId}`;

function mostRecent(datasets: Dataset[]): Dataset | undefined {
  const updated = (d: Dataset) => d.latest?.createdAt ?? d.createdAt;
  return [...datasets].sort((a, b) => updated(b).localeCompare(updated(a)))[0];
}

/** The target column chosen for a dataset: '' for "No target", null when none was ever chosen. */
function useTargetColumn(datasetId: string | undefined) {
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const target = datasetId ? (chosen[datasetId] ?? localStorage.getItem(targetKey(datasetId))) : null;
  const chooseTarget = useCallback(
    (column: string) => {
      if (!datasetId) return;
      localStorage.setItem(targetKey(datasetId), column);
      setChosen((c) => ({ ...c, [datasetId]: column }));
    },
    [datasetId],
  );
  return [target, chooseTarget] as const;
}

export function useExploreSelection(projectId: string, datasets: Dataset[], charterTarget: string | undefined) {
  const [datasetId, setDatasetId] = useState<string | null>(null);
  const [versionId, setVersionId] = useState<string | null>(null);
  const dataset = datasets.find((d) => d.id === datasetId) ?? mostRecent(datasets);
  const detail = useGyreQuery('datasets.get', { projectId, dataset: dataset?.id ?? '' }, { enabled: Boolean(dataset) });
  const versions = detail.data?.versions ?? [];
  const version = versions.find((v) => v.id === versionId) ?? versions[0] ?? null;
  const [stored, chooseTarget] = useTargetColumn(dataset?.id);
  const columns = (version?.columns ?? []).map((c) => c.name);
  // Unchosen, the default depends on which profiles the version has: look, then decide.
  const deciding = stored === null && !!version && !!charterTarget && columns.includes(charterTarget);
  const plain = useGyreQuery('profiles.get', { versionId: version?.id ?? '' }, { enabled: deciding });
  const withCharter = useGyreQuery('profiles.get', { versionId: version?.id ?? '', target: charterTarget ?? '' }, { enabled: deciding });
  // A target that this version lacks (renamed or dropped column) means no target here.
  const target = pickTarget(stored, charterTarget, columns, { plain: !!plain.data, charter: !!withCharter.data });
  const settled = !deciding || (!plain.isPending && !withCharter.isPending);

  const chooseDataset = useCallback((id: string) => {
    setDatasetId(id);
    setVersionId(null);
  }, []);

  return { dataset, detail, versions, version, target, settled, chooseDataset, chooseVersion: setVersionId, chooseTarget };
}

export type ExploreSelection = ReturnType<typeof useExploreSelection>;
