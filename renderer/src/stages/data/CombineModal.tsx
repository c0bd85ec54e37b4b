/** Combine datasets into a new version: append rows of datasets with the same columns, or join two on key columns. */
import { useState } from 'react';
import { Alert, Button, Group, Modal, MultiSelect, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import type { Dataset } from '@contract';
import { useGyreMutation } from '../../api/queries';
import { errorMessage, notifySuccess } from '../../components/notify';

interface Props {
  projectId: string;
  datasets: Dataset[];
  opened: boolean;
  onClose(): void;
}

type Operation = 'append' | 'join';

function versionLabel(d: Dataset): string {
  return `${d.name} v${d.latest?.version} · ${d.latest?.rowCount.toLocaleString('en')} rows × ${d.latest?.columnCount} columns`;
}

export function CombineModal({ projectId, datasets, opened, onClose }: Props) {
  const usable = datasets.filter((d) => d.latest);
  const options = usable.map((d) => ({ value: d.latest!.id, label: versionLabel(d) }));
  const [operation, setOperation] = useState<Operation>('append');
  const [appendIds, setAppendIds] = useState<string[]>([]);
  const [left, setLeft] = useState<string | null>(null);
  const [right, setRight] = useState<string | null>(null);
  const [keys, setKeys] = useState<string[]>([]);
  const [how, setHow] = useState<'inner' | 'left'>('inner');
  const [name, setName] = useState('combined');
  const combine = useGyreMutation('datasets.combine');

  const columnsOf = (versionId: string | null) => usable.find((d) => d.latest!.id === versionId)?.latest!.columns.map((c) => c.name) ?? [];
  const rightColumns = new Set(columnsOf(right));
  const sharedColumns = columnsOf(left).filter((c) => rightColumns.has(c));

  const ready = name.trim() !== '' && (operation === 'append' ? appendIds.length >= 2 : Boolean(left && right && left !== right && keys.length > 0));

  const submit = () => {
    const input =
      operation === 'append'
        ? { projectId, operation, versionIds: appendIds, name: name.trim() }
        : { projectId, operation, versionIds: [left!, right!] as [string, string], keys, how, name: name.trim() };
    combine.mutate(input, {
      onSuccess: () => {
        notifySuccess(`Combining into “${name.trim()}”… progress is in Jobs.`);
        onClose();
      },
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Combine datasets" size="lg">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          The result is a new dataset version; its lineage names the versions it was made from. Nothing is changed in place.
        </Text>
        <SegmentedControl
          aria-label="Operation"
          value={operation}
          onChange={(v) => setOperation(v as Operation)}
          data={[
            { value: 'append', label: 'Append rows' },
            { value: 'join', label: 'Join on keys' },
          ]}
        />
        {operation === 'append' ? (
          <MultiSelect label="Datasets to append" description="Their columns must have the same names (any order)." data={options} value={appendIds} onChange={setAppendIds} searchable />
        ) : (
          <>
            <Group grow align="flex-start">
              <Select label="Left dataset" description="Every output row starts from one of its rows." data={options} value={left} onChange={setLeft} />
              <Select label="Right dataset" description="Its key values must identify its rows." data={options.filter((o) => o.value !== left)} value={right} onChange={setRight} />
            </Group>
            <MultiSelect label="Key columns" description={left && right && sharedColumns.length === 0 ? 'These datasets share no column names.' : 'Columns present in both.'} data={sharedColumns} value={keys} onChange={setKeys} disabled={!left || !right} searchable />
            <Select
              label="Keep"
              data={[
                { value: 'inner', label: 'Only rows that match (inner join)' },
                { value: 'left', label: 'Every left row, matched or not (left join)' },
              ]}
              value={how}
              onChange={(v) => setHow((v as 'inner' | 'left') ?? 'inner')}
              allowDeselect={false}
            />
          </>
        )}
        <TextInput label="New dataset name" description="A dataset that exists gets a new version." value={name} onChange={(e) => setName(e.currentTarget.value)} />
        {combine.isError && (
          <Alert color="red" title="Cannot combine these">
            {errorMessage(combine.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button onClick={submit} disabled={!ready} loading={combine.isPending}>
            Combine
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
