/** Every version of every dataset in the project, newest first within each dataset: what a recipe can run on or join. */
import { useQueries } from '@tanstack/react-query';
import { procedures, type ColumnSchema, type DatasetDetail } from '@contract';
import { call } from '../../../api/client';
import { useGyreQuery } from '../../../api/queries';

export interface VersionOption {
  value: string;
  label: string;
  datasetName: string;
  columns: ColumnSchema[];
}

export function useAllVersions(projectId: string) {
  const datasets = useGyreQuery('datasets.list', { projectId });
  const details = useQueries({
    queries: (datasets.data ?? []).map((d) => {
      const input = { projectId, dataset: d.id };
      return { queryKey: ['datasets.get', input], queryFn: () => call('datasets.get', input), meta: { reads: procedures['datasets.get'].entities } };
    }),
  });
  const loaded = details.map((d) => d.data as DatasetDetail | undefined).filter((d): d is DatasetDetail => d !== undefined);
  const options = loaded.flatMap((d) => d.versions.map((v): VersionOption => ({ value: v.id, label: `${d.name} v${v.version}`, datasetName: d.name, columns: v.columns })));
  // Grouped by dataset, as the pickers show them.
  const groups = loaded.map((d) => ({ group: d.name, items: options.filter((o) => o.datasetName === d.name).map(({ value, label }) => ({ value, label })) }));
  // Pending only until the first versions arrive: a dataset added later (a recipe's output) must not blank the page.
  return { options, groups, pending: datasets.isPending || (loaded.length === 0 && details.some((d) => d.isPending)) };
}
