/** Choosing what to label: a dataset version and a column (partly filled, or a new one with its classes), or a session to continue. */
import { useState } from 'react';
import { Button, Card, Group, NumberInput, Select, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { LABEL_DEFAULTS, type LabelSession, type Project } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../../api/queries';
import { formatDateTime } from '../../../components/format';
import { notifyError } from '../../../components/notify';

/** Select values are strings; "a new column" needs one no column name can be. */
const NEW_COLUMN = '\u0000new';
const CLASS_TYPES = ['categorical', 'boolean', 'integer', 'text'];

export function StartSession({ project, sessions, onOpen }: { project: Project; sessions: LabelSession[]; onOpen(id: string): void }) {
  const datasets = useGyreQuery('datasets.list', { projectId: project.id });
  const charter = useGyreQuery('charters.get', { projectId: project.id });
  const [datasetId, setDatasetId] = useState<string | null>(null);
  const dataset = datasetId ?? datasets.data?.[0]?.id ?? '';
  const detail = useGyreQuery('datasets.get', { projectId: project.id, dataset }, { enabled: dataset !== '' });
  const [versionId, setVersionId] = useState<string | null>(null);
  const version = detail.data?.versions.find((v) => v.id === versionId) ?? detail.data?.versions[0] ?? null;
  const columns = (version?.columns ?? []).filter((c) => CLASS_TYPES.includes(c.semanticType));
  const charterTarget = charter.data?.content.target.trim();
  const [target, setTarget] = useState<string | null>(null);
  const chosen = target ?? columns.find((c) => c.name === charterTarget)?.name ?? columns[0]?.name ?? NEW_COLUMN;
  const [newName, setNewName] = useState('');
  const [classes, setClasses] = useState<string[]>([]);
  const [minLabels, setMinLabels] = useState<number>(LABEL_DEFAULTS.minLabels);
  const [rankEvery, setRankEvery] = useState<number>(LABEL_DEFAULTS.rankEvery);
  const open = useGyreMutation('labels.open');
  const column = chosen === NEW_COLUMN ? newName.trim() : chosen;
  const start = () => {
    if (!version || !column) return;
    open.mutate({ projectId: project.id, versionId: version.id, target: column, classes, minLabels, rankEvery }, { onSuccess: (s) => onOpen(s.id), onError: (e) => notifyError(e, 'Could not start labeling') });
  };

  return (
    <Stack gap="lg">
      {sessions.length > 0 && (
        <Card withBorder padding="lg" component="section" aria-label="Labeling sessions">
          <Stack gap="sm">
            <Title order={3}>Continue labeling</Title>
            <Table verticalSpacing={4} highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Column</Table.Th>
                  <Table.Th>Of</Table.Th>
                  <Table.Th>Classes</Table.Th>
                  <Table.Th>Started</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td fw={600}>{s.target}</Table.Td>
                    <Table.Td>
                      {s.datasetName} v{s.version} · {s.rowCount.toLocaleString('en')} rows
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{s.classes.join(', ')}</Text>
                    </Table.Td>
                    <Table.Td fz="xs">{formatDateTime(s.createdAt)}</Table.Td>
                    <Table.Td ta="right">
                      <Button size="compact-sm" variant="light" onClick={() => onOpen(s.id)} aria-label={`Continue labeling ${s.target} of ${s.datasetName} v${s.version}`}>
                        Continue
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        </Card>
      )}
      <Card withBorder padding="lg" component="section" aria-label="Label a column">
        <Stack gap="md">
          <Stack gap={4}>
            <Title order={3}>Label a column</Title>
            <Text size="sm" c="dimmed" maw={820}>
              One row at a time, with a key per class. Rows that already have a value count as labeled (from the data) and can be relabeled. Once there are
              enough labels, a quick model learns them in the background and offers the rows it is least sure of first.
            </Text>
          </Stack>
          {datasets.data?.length === 0 ? (
            <Text size="sm">Import a dataset on the Data stage first.</Text>
          ) : (
            <>
              <Group grow align="flex-start">
                <Select label="Dataset" data={(datasets.data ?? []).map((d) => ({ value: d.id, label: d.name }))} value={dataset || null} onChange={(v) => (setDatasetId(v), setVersionId(null), setTarget(null))} allowDeselect={false} />
                <Select label="Version" data={(detail.data?.versions ?? []).map((v) => ({ value: v.id, label: `v${v.version} · ${v.rowCount.toLocaleString('en')} rows` }))} value={version?.id ?? null} onChange={(v) => (setVersionId(v), setTarget(null))} allowDeselect={false} />
                <Select
                  label="Column to label"
                  description={charterTarget ? `The charter’s target: “${charterTarget}”` : 'Categories, yes/no or whole numbers'}
                  data={[...columns.map((c) => ({ value: c.name, label: `${c.name} (${c.semanticType})` })), { value: NEW_COLUMN, label: 'A new column…' }]}
                  value={chosen}
                  onChange={(v) => setTarget(v)}
                  allowDeselect={false}
                  searchable={columns.length > 12}
                />
              </Group>
              {chosen === NEW_COLUMN && <TextInput label="Name of the new column" value={newName} onChange={(e) => setNewName(e.currentTarget.value)} w={320} />}
              <TagsInput
                label={chosen === NEW_COLUMN ? 'Classes' : 'More classes (optional)'}
                description={chosen === NEW_COLUMN ? 'At least two; Enter after each. Keys 1–9 follow this order.' : 'The classes found in the column come first; add others here (Enter after each).'}
                value={classes}
                onChange={setClasses}
                maw={640}
              />
              <Group align="flex-end">
                <NumberInput label="The model starts after" description="labels, in at least two classes" value={minLabels} onChange={(v) => setMinLabels(typeof v === 'number' ? v : LABEL_DEFAULTS.minLabels)} min={2} max={10_000} allowDecimal={false} w={220} />
                <NumberInput label="…and ranks again every" description="new labels" value={rankEvery} onChange={(v) => setRankEvery(typeof v === 'number' ? v : LABEL_DEFAULTS.rankEvery)} min={1} max={10_000} allowDecimal={false} w={220} />
                <Button onClick={start} loading={open.isPending} disabled={!version || !column}>
                  Start labeling
                </Button>
              </Group>
            </>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
