/**
 * Bring your own model: an ONNX file trained elsewhere is read (in a worker), its inputs mapped to a dataset
 * version's columns and its classes to the target's — proposed by name, confirmed or changed here — then imported
 * as a run that is scored on the version and can be evaluated, compared and registered like Gyre's own.
 */
import { useState } from 'react';
import { Alert, Button, FileButton, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import type { ExternalValue, InputMapping, ModelInspection, ModelTask, Project } from '@contract';
import { transport } from '../../api/transport';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { notifyError, notifySuccess } from '../../components/notify';
import { ErrorState, LoadingState } from '../../components/QueryState';

interface Props {
  project: Project;
  onClose(): void;
}

export function ImportModelModal({ project, onClose }: Props) {
  const [file, setFile] = useState<{ name: string; ref: string | null; error: unknown } | null>(null);
  const datasets = useGyreQuery('datasets.list', { projectId: project.id });
  const charter = useGyreQuery('charters.get', { projectId: project.id });
  const [datasetId, setDatasetId] = useState<string | null>(null);
  const dataset = datasetId ?? datasets.data?.[0]?.id ?? null;
  const detail = useGyreQuery('datasets.get', { projectId: project.id, dataset: dataset ?? '' }, { enabled: dataset !== null });
  const [versionId, setVersionId] = useState<string | null>(null);
  const version = detail.data?.versions.find((v) => v.id === versionId) ?? detail.data?.versions[0] ?? null;
  const charterTarget = charter.data?.content.target.trim() || null;
  const [target, setTarget] = useState<string | null>(null);
  const chosenTarget = target ?? (version?.columns.some((c) => c.name === charterTarget) ? charterTarget : null);

  const choose = (f: File | null) => {
    if (!f) return;
    setFile({ name: f.name, ref: null, error: null });
    transport.fileRef(f).then(
      (ref) => setFile({ name: f.name, ref, error: null }),
      (error: unknown) => setFile({ name: f.name, ref: null, error }),
    );
  };
  const inspection = useGyreQuery(
    'models.inspect',
    { projectId: project.id, file: file?.ref ?? '', versionId: version?.id ?? '', ...(chosenTarget ? { target: chosenTarget } : {}) },
    { enabled: Boolean(file?.ref && version), retry: false },
  );

  return (
    <Modal opened onClose={onClose} title="Import an ONNX model" size="xl">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          A model trained elsewhere (scikit-learn through skl2onnx with zipmap=False, PyTorch, LightGBM…) becomes a run: scored on every row of a
          dataset version that has a target, then evaluated, compared and registered like Gyre’s own. The file is read in a separate process; a
          broken or hostile file fails with a message and changes nothing.
        </Text>
        <Group align="flex-end">
          <FileButton onChange={choose} accept=".onnx">
            {(props) => (
              <Button variant="light" {...props}>
                {file ? 'Choose another file…' : 'Choose an .onnx file…'}
              </Button>
            )}
          </FileButton>
          {file && <Text size="sm">{file.name}</Text>}
        </Group>
        {file?.error !== null && file?.error !== undefined && <ErrorState title="The file could not be read" error={file.error} />}
        <Group grow align="flex-start">
          <Select label="Dataset" data={(datasets.data ?? []).map((d) => ({ value: d.id, label: d.name }))} value={dataset} onChange={(v) => (setDatasetId(v), setVersionId(null))} allowDeselect={false} />
          <Select label="Version" data={(detail.data?.versions ?? []).map((v) => ({ value: v.id, label: `v${v.version} · ${v.rowCount.toLocaleString('en')} rows` }))} value={version?.id ?? null} onChange={setVersionId} allowDeselect={false} />
          <Select label="Target" description="The column the model predicts" data={(version?.columns ?? []).map((c) => c.name)} value={chosenTarget} onChange={setTarget} searchable clearable />
        </Group>
        {file?.ref && version && inspection.isPending && <LoadingState label="Reading the model…" />}
        {inspection.isError && <ErrorState title="The model could not be read" error={inspection.error} />}
        {inspection.data && version && (
          <Mapping key={`${file?.ref}:${version.id}:${chosenTarget}`} project={project} inspection={inspection.data} file={file!.ref!} versionId={version.id} columns={version.columns.map((c) => c.name)} onDone={onClose} />
        )}
      </Stack>
    </Modal>
  );
}

const shapeText = (v: ExternalValue) => (v.shape ? `[${v.shape.map((d) => d ?? '?').join(', ')}]` : '');

/** The columns an input takes: one for a per-column input, F (in order) for a 2-D [N, F] one. */
function width(input: ExternalValue): number | null {
  if (!input.shape || input.shape.length < 2) return 1;
  const f = input.shape[1];
  return typeof f === 'number' ? f : null;
}

function Mapping({ project, inspection, file, versionId, columns, onDone }: { project: Project; inspection: ModelInspection; file: string; versionId: string; columns: string[]; onDone(): void }) {
  const p = inspection.proposal;
  const [mapping, setMapping] = useState<InputMapping[]>(p.mapping);
  const [task, setTask] = useState<ModelTask | null>(p.task);
  const [target] = useState(p.target);
  const [probabilities, setProbabilities] = useState(p.outputs.probabilities ?? null);
  const [prediction, setPrediction] = useState(p.outputs.prediction ?? null);
  const [classLabels, setClassLabels] = useState<string[]>(p.classLabels ?? []);
  const [name, setName] = useState(inspection.fileName.replace(/\.onnx$/i, ''));
  const start = useGyreMutation('models.import');
  const columnsOf = (input: string) => mapping.filter((m) => m.input === input).map((m) => m.column);
  const setColumn = (input: string, k: number, column: string | null) => {
    const current = columnsOf(input);
    const next = [...current];
    if (column === null) next.splice(k, 1);
    else next[k] = column;
    setMapping([...mapping.filter((m) => m.input !== input), ...next.filter(Boolean).map((c) => ({ input, column: c }))]);
  };
  const outputs = inspection.outputs.map((o) => ({ value: o.name, label: `${o.name} ${o.type} ${shapeText(o)}` }));
  const submit = () =>
    start.mutate(
      {
        projectId: project.id,
        file,
        versionId,
        target: target ?? '',
        ...(task ? { task } : {}),
        mapping,
        ...(task !== 'regression' && classLabels.length ? { classLabels } : {}),
        outputs: task === 'regression' ? { ...(prediction ? { prediction } : {}) } : { ...(probabilities ? { probabilities } : {}) },
        name,
      },
      { onSuccess: () => (notifySuccess('Importing: the model is scored on the dataset version and appears on the Train leaderboard.'), onDone()), onError: (e) => notifyError(e, 'Could not import the model') },
    );
  return (
    <Stack gap="md">
      <Text size="sm">
        {inspection.producer || 'Unknown producer'} {inspection.producerVersion} · opsets {inspection.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ')} · {(inspection.sizeBytes / 1024).toFixed(0)} KB
      </Text>
      {p.notes.length > 0 && (
        <Alert color="blue" title="What Gyre assumed">
          {p.notes.join(' ')}
        </Alert>
      )}
      <Table aria-label="Model inputs" withTableBorder verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Model input</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Dataset column(s), in order</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {inspection.inputs.map((input) => {
            const n = width(input) ?? Math.max(columnsOf(input.name).length + 1, 1);
            const reason = p.unmapped.find((u) => u.input === input.name)?.reason;
            return (
              <Table.Tr key={input.name}>
                <Table.Td ff="monospace">{input.name}</Table.Td>
                <Table.Td>
                  {input.type} {shapeText(input)}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {Array.from({ length: n }, (_, k) => (
                      <Select key={k} aria-label={`Column ${k + 1} of ${input.name}`} data={columns} value={columnsOf(input.name)[k] ?? null} onChange={(v) => setColumn(input.name, k, v)} searchable clearable w={150} size="xs" />
                    ))}
                  </Group>
                  {reason && (
                    <Text size="xs" c="orange">
                      {reason}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Group grow align="flex-start">
        <Select label="Task" data={['binary', 'multiclass', 'regression']} value={task} onChange={(v) => setTask(v as ModelTask | null)} allowDeselect={false} />
        {task === 'regression' ? (
          <Select label="Prediction output" data={outputs} value={prediction} onChange={setPrediction} allowDeselect={false} />
        ) : (
          <Select label="Probabilities output" description="A float tensor [N, classes]" data={outputs} value={probabilities} onChange={setProbabilities} allowDeselect={false} />
        )}
      </Group>
      {task !== 'regression' && classLabels.length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Classes, in the model’s order{inspection.modelClassLabels ? ` (the file names them: ${inspection.modelClassLabels.join(', ')})` : ''}
          </Text>
          <Group gap="xs">
            {classLabels.map((label, k) => (
              <TextInput key={k} aria-label={`Class ${k} of the model`} label={`Class ${k}`} value={label} onChange={(e) => setClassLabels(classLabels.map((l, i) => (i === k ? e.currentTarget.value : l)))} w={140} size="xs" />
            ))}
          </Group>
        </Stack>
      )}
      <TextInput label="Name" description="How the imported model is listed" value={name} onChange={(e) => setName(e.currentTarget.value)} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button onClick={submit} loading={start.isPending} disabled={!target || !task || mapping.length === 0 || name.trim() === ''}>
          Import
        </Button>
      </Group>
    </Stack>
  );
}
