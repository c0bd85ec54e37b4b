/** The dataset, version and target column a profile is for. */
import { Group, Select } from '@mantine/core';
import type { Dataset } from '@contract';
import { useGyreQuery } from '../../api/queries';
import type { ExploreSelection } from './useExploreSelection';

/** Select options are strings; "No target" needs one that no column can be mistaken for. */
const NO_TARGET = '\u0000none';

interface Props {
  projectId: string;
  datasets: Dataset[];
  selection: ExploreSelection;
}

export function ProfilePickers({ projectId, datasets, selection }: Props) {
  const { dataset, versions, version, target } = selection;
  const charter = useGyreQuery('charters.get', { projectId });
  const charterTarget = charter.data?.content.target.trim();
  const columns = version?.columns ?? [];

  return (
    <Group align="flex-start" gap="md">
      <Select
        label="Dataset"
        data={datasets.map((d) => ({ value: d.id, label: d.name }))}
        value={dataset?.id ?? null}
        onChange={(id) => id && selection.chooseDataset(id)}
        allowDeselect={false}
        searchable={datasets.length > 8}
        w={240}
      />
      <Select
        label="Version"
        data={versions.map((v, i) => ({
          value: v.id,
          label: `v${v.version}${i === 0 ? ' (latest)' : ''} · ${v.rowCount.toLocaleString()} rows`,
        }))}
        value={version?.id ?? null}
        onChange={(id) => id && selection.chooseVersion(id)}
        allowDeselect={false}
        disabled={versions.length === 0}
        w={240}
      />
      <Select
        label="Target column"
        description={charterTarget ? `The charter’s target: “${charterTarget}”` : 'The column a model will predict'}
        data={[
          { value: NO_TARGET, label: 'No target' },
          ...columns.map((c) => ({ value: c.name, label: c.name })),
        ]}
        value={target || NO_TARGET}
        onChange={(value) => selection.chooseTarget(value && value !== NO_TARGET ? value : '')}
        allowDeselect={false}
        searchable={columns.length > 12}
        disabled={!version}
        w={280}
      />
    </Group>
  );
}
